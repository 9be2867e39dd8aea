"""Downloads of the published dataset files (MNIST ... SVHN), importable without torch.

Why a package of its own, outside ``training.datasets``: importing anything under ``datasets`` imports
torch (its ``__init__`` loads the pipeline), and the window downloads from its own process, where torch is
not loaded and must not be just for this (see ``published.py``). ``fetch`` streams and checks one file,
``published`` reads torchvision's lists, ``sets`` downloads and unpacks a whole set.
"""
