"""Importing networks made elsewhere (torchvision, a module file, TorchScript) as editable projects."""
