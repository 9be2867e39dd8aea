"""The registry of layer types and the reading of a project file's layers into validated specs.

``LAYER_TYPES`` is every spec class of `spec_windows.py`, `spec_layers.py` and `spec_blocks.py`, found by
its ``type``: a new layer type is a class in one of them (and its name in `specs.py`'s re-exports, for
``S.ClassName``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from cnnstudio.core import spec_blocks, spec_layers, spec_windows
from cnnstudio.core.errors import SpecError
from cnnstudio.core.spec_base import SHAPE_FIELDS, SIZE_FIELDS, LayerSpec
from cnnstudio.core.values import shown

# Blocks (residual, concat) inside blocks: real networks use one or two levels; 64 still trained and
# exported in every format, 100 did not (RecursionError in torch), so 32 leaves room for deeper call stacks.
MAX_NESTING = 32


def _spec_classes(*modules: ModuleType) -> dict[str, type[LayerSpec]]:
    """Every layer spec class the modules define, by its ``type`` (bases such as ``WindowPool`` have none)."""
    return {
        value.type: value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, LayerSpec) and value.type
    }


LAYER_TYPES: dict[str, type[LayerSpec]] = _spec_classes(spec_windows, spec_layers, spec_blocks)

POOLING_TYPES = frozenset({"maxpool2d", "avgpool2d", "lppool2d", "adaptiveavgpool2d", "adaptivemaxpool2d"})
ACTIVATION_TYPES = frozenset(
    {
        "relu",
        "sigmoid",
        "tanh",
        "gelu",
        "softmax",
        "leakyrelu",
        "elu",
        "relu6",
        "hardswish",
        "hardsigmoid",
        "silu",
    }
)


def spec_fields(cls: type[LayerSpec]) -> list[dataclasses.Field]:
    """The user-editable fields of a spec class, in declaration order."""
    return [f for f in dataclasses.fields(cls) if f.name != "extra"]


def layer_from_dict(data: Any, where: str = "layer", depth: int = 0) -> LayerSpec:
    """Build a validated spec from its project-file form; errors name the JSON path (``layers[3].stride``).

    ``depth`` counts the blocks around this layer: more than ``MAX_NESTING`` is refused here, since building,
    training and exporting such a network recurse once per level (330 levels ended in RecursionError).
    """
    if not isinstance(data, Mapping):
        raise SpecError(None, f"must be an object with a 'type', got {shown(data)}", where=where)
    kind = data.get("type")
    cls = LAYER_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        known = ", ".join(sorted(LAYER_TYPES))
        raise SpecError("type", f"unknown layer type {kind!r}; known types: {known}", where=where)
    known_fields = {f.name for f in spec_fields(cls)}
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in data.items():
        if key == "type":
            continue
        if key in known_fields:
            values[key] = value
        else:
            extra[key] = value
    for name in getattr(cls, "required", ()):
        if name not in values:
            raise SpecError(name, "is required", where=where)
    for name in list(values):
        values[name] = _field_from_json(name, values[name], where, depth)
    spec = cls(**values, extra=extra)
    try:
        spec.validate()
    except SpecError as exc:
        raise SpecError(exc.field, exc.reason, where=where) from None
    return spec


def _field_from_json(name: str, value: Any, where: str, depth: int) -> Any:
    if name in ("layers", "branches") and depth >= MAX_NESTING:
        raise SpecError(name, f"blocks may be nested at most {MAX_NESTING} deep", where=where)
    if name == "layers":
        if not isinstance(value, list):
            raise SpecError(name, f"must be a list of layers, got {shown(value)}", where=where)
        return tuple(layer_from_dict(item, f"{where}.layers[{i}]", depth + 1) for i, item in enumerate(value))
    if name == "branches":
        if not isinstance(value, list) or not all(isinstance(b, list) for b in value):
            raise SpecError(name, "must be a list of branches, each a list of layers", where=where)
        return tuple(
            tuple(
                layer_from_dict(item, f"{where}.branches[{b}][{i}]", depth + 1)
                for i, item in enumerate(branch)
            )
            for b, branch in enumerate(value)
        )
    if name in SHAPE_FIELDS and isinstance(value, list):
        return tuple(value)
    if name in SIZE_FIELDS and isinstance(value, list):
        if len(value) != 2:
            raise SpecError(name, f"must be an integer or an [h, w] pair, got {shown(value)}", where=where)
        return tuple(value)
    return value


def layers_from_json(items: Any, where: str = "layers") -> tuple[LayerSpec, ...]:
    if not isinstance(items, list):
        raise SpecError(None, f"must be a list of layers, got {shown(items)}", where=where)
    return tuple(layer_from_dict(item, f"{where}[{i}]") for i, item in enumerate(items))
