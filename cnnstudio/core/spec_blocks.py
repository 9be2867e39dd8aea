"""The block specs: layers that hold layers (a residual block, an Inception-style concatenation)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from cnnstudio.core.spec_base import LayerSpec
from cnnstudio.core.spec_checks import check_bool


@dataclass(frozen=True, kw_only=True)
class Residual(LayerSpec):
    """``y = layers(x) + shortcut(x)``; the shortcut is a 1x1 conv + BatchNorm when the shapes differ."""

    type: ClassVar[str] = "residual"
    layers: tuple[LayerSpec, ...] = ()

    def child_lists(self) -> tuple[tuple[LayerSpec, ...], ...]:
        return (self.layers,)

    def with_child_lists(self, lists: Sequence[Sequence[LayerSpec]]) -> LayerSpec:
        (only,) = lists
        return dataclasses.replace(self, layers=tuple(only))

    @property
    def is_block(self) -> bool:
        return True


@dataclass(frozen=True, kw_only=True)
class Concat(LayerSpec):
    """Inception-style block: every branch sees the same input; outputs are joined along channels."""

    type: ClassVar[str] = "concat"
    branches: tuple[tuple[LayerSpec, ...], ...] = ((), ())
    # ShuffleNet V2's channel split: branch b gets the b-th of len(branches) equal channel groups
    # (``torch.chunk(x, len(branches), dim=1)``) instead of the whole input.
    split: bool = False

    def child_lists(self) -> tuple[tuple[LayerSpec, ...], ...]:
        return self.branches

    def with_child_lists(self, lists: Sequence[Sequence[LayerSpec]]) -> LayerSpec:
        return dataclasses.replace(self, branches=tuple(tuple(b) for b in lists))

    def field_errors(self) -> list[tuple[str, str]]:
        if len(self.branches) < 1:
            return [("branches", "must hold at least one branch")]
        problems: list[tuple[str, str]] = []
        check_bool(problems, "split", self.split)
        return problems

    @property
    def is_block(self) -> bool:
        return True
