"""What ``cnnstudio import SOURCE`` and File > Import open: a torchvision model by name, or a class in a Python
file, as an ``nn.Module`` with a name and the input it expects.

Pretrained torchvision weights are used only when their file is already in torch's hub cache: the program
works offline, so a missing file is a clear message naming where to put it, never a download attempt.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from dataclasses import dataclass, field
from pathlib import Path

from torch import nn

from cnnstudio.core import specs as S


class SourceError(ValueError):
    """A source that cannot be opened; the message names it and what to do."""


@dataclass
class Source:
    """A module to import, with what is known about it beside its graph."""

    module: nn.Module
    name: str
    input_shape: tuple[int, int, int] = (3, 224, 224)
    weights_meaningful: bool = True  # False for a freshly initialised torchvision model
    class_names: list[str] = field(default_factory=list)
    mean: list[float] = field(default_factory=list)
    std: list[float] = field(default_factory=list)
    recorded_layers: tuple[S.LayerSpec, ...] = ()  # what a file says it was exported from (from_module)


def open_source(text: str, pretrained: bool = False) -> Source:
    """``torchvision:NAME``, ``path/model.py:Class`` or ``path/model.py:Class(arg, key=value)``."""
    if text.startswith("torchvision:"):
        return torchvision_source(text.removeprefix("torchvision:"), pretrained)
    if ".py:" in text:
        path, _, call = text.partition(".py:")
        return module_file_source(Path(path + ".py"), call)
    raise SourceError(
        f"{text}: not a source this program imports "
        "(torchvision:NAME, path/model.py:Class, a TorchScript .pt file or an .onnx file)"
    )


# Models whose torchvision constructor needs settings to give the network its pretrained weights expect.
_CONSTRUCTOR = {
    "googlenet": {"aux_logits": False, "init_weights": False},
    "inception_v3": {"aux_logits": False},
}


def torchvision_source(name: str, pretrained: bool) -> Source:
    import torch
    import torchvision.models as models

    if name not in models.list_models(module=models):
        raise SourceError(f"torchvision:{name}: no such classification model in torchvision {_version()}")
    kwargs = dict(_CONSTRUCTOR.get(name, {}))
    if not pretrained:
        return Source(models.get_model(name, weights=None, **kwargs), name, weights_meaningful=False)
    weights = models.get_model_weights(name).DEFAULT
    cached = Path(torch.hub.get_dir()) / "checkpoints" / Path(weights.url).name
    if not cached.is_file():
        raise SourceError(
            f"torchvision:{name}: its pretrained weights are not on this computer and nothing is downloaded; "
            f"put {Path(weights.url).name} (from {weights.url}) into {cached.parent}, or import without weights"
        )
    model = models.get_model(name, weights=weights, **({} if name != "googlenet" else {"aux_logits": False}))
    meta = weights.meta
    transforms = weights.transforms()
    return Source(
        model, name, class_names=list(meta.get("categories") or []),
        mean=list(getattr(transforms, "mean", [])), std=list(getattr(transforms, "std", [])),
    )  # fmt: skip


def module_file_source(path: Path, call: str) -> Source:
    """``Class`` or ``Class(1, width=2)`` from a Python file (its arguments: Python literals only)."""
    class_name, args, kwargs = _parse_call(call)
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    spec = importlib.util.spec_from_file_location(f"cnnstudio_imported_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # classes defined there must be found again by pickling and fx
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise SourceError(f"{path}: running it failed: {type(exc).__name__}: {exc}") from None
    cls = getattr(module, class_name, None)
    if not (isinstance(cls, type) and issubclass(cls, nn.Module)):
        raise SourceError(f"{path}: has no nn.Module class named {class_name}")
    try:
        instance = cls(*args, **kwargs)
    except Exception as exc:
        raise SourceError(f"{path}:{call}: the constructor failed: {type(exc).__name__}: {exc}") from None
    return Source(instance, class_name)


def _parse_call(call: str) -> tuple[str, list, dict]:
    try:
        tree = ast.parse(call if "(" in call else call + "()", mode="eval").body
        if not (isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name)):
            raise ValueError
        args = [ast.literal_eval(a) for a in tree.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in tree.keywords if k.arg is not None}
    except (SyntaxError, ValueError):
        raise SourceError(f"{call}: expected ClassName or ClassName(arguments as Python literals)") from None
    return tree.func.id, args, kwargs


def _version() -> str:
    import torchvision

    return torchvision.__version__.split("+")[0]
