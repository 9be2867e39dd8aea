"""The catalog covers every layer type with a valid default and editable fields that exist on the spec."""

import dataclasses

import pytest

from cnnstudio.core import specs as S
from cnnstudio.core.layer_catalog import CATALOG, GROUPS, by_group, switch_pool_kind, tooltip
from cnnstudio.core.shapes import infer


def test_every_layer_type_is_in_the_palette_once() -> None:
    listed = [info.type for _, infos in by_group() for info in infos]
    assert sorted(listed) == sorted(set(S.LAYER_TYPES) - {"custom"})  # a custom layer comes from an import
    assert [g for g, infos in by_group() if infos] == list(GROUPS)


@pytest.mark.parametrize("kind", sorted(S.LAYER_TYPES))
def test_defaults_are_valid_on_a_typical_input_and_fields_exist(kind: str) -> None:
    info = CATALOG[kind]
    assert type(info.default) is S.LAYER_TYPES[kind]
    shape = (16, 32, 32) if kind not in ("linear",) else (64,)
    assert infer(shape, [info.default]).valid
    names = {f.name for f in dataclasses.fields(info.default)}
    assert all(f.name in names for f in info.fields)
    assert info.title in tooltip(kind) and info.formula in tooltip(kind)


def test_switch_pool_kind_keeps_the_window() -> None:
    pool = S.MaxPool2d(kernel_size=3, stride=2, padding=1, ceil_mode=True)
    avg = switch_pool_kind(pool, "avgpool2d")
    assert avg == S.AvgPool2d(kernel_size=3, stride=2, padding=1, ceil_mode=True)
    assert switch_pool_kind(avg, "lppool2d") == S.LPPool2d(kernel_size=3, stride=2, ceil_mode=True)
    with pytest.raises(ValueError):
        switch_pool_kind(S.ReLU(), "maxpool2d")
