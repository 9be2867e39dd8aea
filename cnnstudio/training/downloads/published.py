"""torchvision's published URLs, mirrors and MD5s of the downloadable sets, without importing torch.

The lists are torchvision's class attributes (``MNIST.mirrors``/``resources``, ``CIFAR10.url``/``tgz_md5``,
``SVHN.split_list``), used rather than copied so that a torchvision that moves a mirror moves ours. Where
torchvision is already imported (``cnnstudio train``, the training process) they are read from its classes.
In the window they are read from the same classes' source files with ``ast``: importing torchvision there
would import torch, which stalls the GUI thread for up to 0.65 s on a loaded 2-core machine even from a
background thread (its extension modules load with the GIL held). A test checks both ways agree.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import sys
from pathlib import Path
from typing import Any

# Class name -> (module file in torchvision/datasets, the attributes we read).
CLASSES = {
    "MNIST": ("mnist.py", ("mirrors", "resources")),
    "FashionMNIST": ("mnist.py", ("mirrors", "resources")),
    "KMNIST": ("mnist.py", ("mirrors", "resources")),
    "CIFAR10": ("cifar.py", ("url", "filename", "tgz_md5")),
    "CIFAR100": ("cifar.py", ("url", "filename", "tgz_md5")),
    "SVHN": ("svhn.py", ("split_list",)),
}


def published(class_name: str) -> dict[str, Any]:
    """The attributes :data:`CLASSES` names of one torchvision dataset class."""
    module = sys.modules.get("torchvision.datasets")
    if module is not None:
        cls = getattr(module, class_name)
        return {name: getattr(cls, name) for name in CLASSES[class_name][1]}
    return from_source(class_name)


def from_source(class_name: str) -> dict[str, Any]:
    """The same attributes, read as literals from torchvision's source (following its class bases)."""
    file, names = CLASSES[class_name]
    classes = _class_literals(_datasets_folder() / file)
    values: dict[str, Any] = {}
    pending = [class_name]
    while pending:  # the class first, then its bases: the first value found wins, as in Python
        name = pending.pop(0)
        bases, literals = classes.get(name, ((), {}))
        for key, value in literals.items():
            values.setdefault(key, value)
        pending.extend(bases)
    missing = [name for name in names if name not in values]
    if missing:
        raise LookupError(f"torchvision's {class_name} has no {', '.join(missing)} in {file}")
    return {name: values[name] for name in names}


def _datasets_folder() -> Path:
    spec = importlib.util.find_spec("torchvision")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise LookupError("torchvision is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "datasets"


def _class_literals(path: Path) -> dict[str, tuple[list[str], dict[str, Any]]]:
    """Each class of the module: its base names and the class attributes that are plain literals."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name: ([b.id for b in node.bases if isinstance(b, ast.Name)], _literals(node))
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }


def _literals(node: ast.ClassDef) -> dict[str, Any]:
    literals = {}
    for statement in node.body:
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        else:
            continue
        for target in targets:
            # Not a literal (a property, a call): not one of the lists wanted here.
            with contextlib.suppress(ValueError):
                if isinstance(target, ast.Name):
                    literals[target.id] = ast.literal_eval(value)
    return literals
