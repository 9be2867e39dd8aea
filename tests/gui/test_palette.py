"""The layer palette, walked entry by entry in English and in Chinese: every entry sits in the group its
catalog entry names (channel shuffle with the blocks, beside squeeze-and-excitation), has an icon in its
group's colour drawn as its group's glyph or, where it has one, its own (never another group's), an English
name with no Chinese in it, and a finished translation that is either that very name (a torch class name
the course keeps, such as Conv2d) or Chinese (not the English name with a gloss)."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtGui import QColor, QImage

from cnnstudio.core.layer_catalog import CATALOG, GROUPS
from cnnstudio.ui import i18n
from cnnstudio.ui.design.icons import GROUP_COLOURS, OWN_GLYPHS
from cnnstudio.ui.design.palette import KIND_ROLE, LayerPalette
from cnnstudio.ui.document import ProjectDocument

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
TS = Path(__file__).resolve().parents[2] / "resources" / "translations" / "cnnstudio_zh_CN.ts"


def finished_translations() -> dict[str, str]:
    """source -> translation of every finished "core" entry of the .ts file (read as XML, not through Qt)."""
    found = {}
    for context in ElementTree.parse(TS).getroot().iter("context"):
        if context.findtext("name") != "core":
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") is None and translation.text:
                found[message.findtext("source")] = translation.text
    return found


def entries(palette: LayerPalette) -> list[tuple[str, str, object]]:
    """(group text, kind, item) for every layer entry, top to bottom."""
    rows = []
    for i in range(palette.topLevelItemCount()):
        group = palette.topLevelItem(i)
        assert group.data(0, KIND_ROLE) is None, "a group row is not a layer"
        for j in range(group.childCount()):
            rows.append((group.text(0), group.child(j).data(0, KIND_ROLE), group.child(j)))
    return rows


def icon_image(item) -> QImage:
    return item.icon(0).pixmap(20, 20).toImage().convertToFormat(QImage.Format.Format_ARGB32)


def strongest_colour(image: QImage) -> QColor:
    """The outline colour: the most saturated opaque pixel (the fill is a lighter tint of it)."""
    pixels = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    opaque = [p for p in pixels if p.alpha() == 255]
    return max(opaque, key=lambda p: (p.hsvSaturation(), -p.value()))


@pytest.fixture
def palette(qtbot):
    widget = LayerPalette(ProjectDocument())
    qtbot.addWidget(widget)
    return widget


def test_every_entry_has_its_group_and_an_icon_of_its_own_kind(palette) -> None:
    rows = entries(palette)
    assert [palette.topLevelItem(i).text(0) for i in range(palette.topLevelItemCount())] == list(GROUPS)
    assert sorted(kind for _, kind, _ in rows) == sorted(set(CATALOG) - {"custom"})
    for group, kind, _item in rows:
        assert CATALOG[kind].group == group, kind
    blocks = [kind for group, kind, _ in rows if group == "Blocks"]
    assert blocks.index("channelshuffle") == blocks.index("squeezeexcitation") + 1
    assert "channelshuffle" not in [kind for group, kind, _ in rows if group == "Convolution"]

    images = {kind: icon_image(item) for _, kind, item in rows}
    for group, kind, _item in rows:
        outline = strongest_colour(images[kind])
        wanted = QColor(GROUP_COLOURS[group])
        assert max(abs(a - b) for a, b in zip(outline.getRgb()[:3], wanted.getRgb()[:3])) <= 8, kind
    for group_a, kind_a, _ in rows:
        for group_b, kind_b, _ in rows:
            same = images[kind_a] == images[kind_b]
            if group_a != group_b or (kind_a != kind_b and (kind_a in OWN_GLYPHS or kind_b in OWN_GLYPHS)):
                assert not same, f"{kind_a} and {kind_b} share an icon"
            elif kind_a not in OWN_GLYPHS and kind_b not in OWN_GLYPHS:
                assert same, f"{kind_a} and {kind_b} are in one group but drawn differently"


def test_names_are_english_in_english_and_chinese_in_chinese(palette, qapp, qtbot) -> None:
    translations = finished_translations()
    english = {kind: item.text(0) for _, kind, item in entries(palette)}
    for kind, name in english.items():
        assert name == CATALOG[kind].title and not CJK.search(name), name
        assert name in translations, f"{name!r} has no finished translation"
    for group in GROUPS:
        assert CJK.search(translations[group]), group
    assert i18n.install_language(qapp, "zh_CN")
    try:
        in_chinese = LayerPalette(ProjectDocument())
        qtbot.addWidget(in_chinese)
        chinese = {kind: (group, item) for group, kind, item in entries(in_chinese)}
    finally:
        i18n.install_language(qapp, "en")
    for kind, (group, item) in chinese.items():
        name, title = item.text(0), CATALOG[kind].title
        assert name == translations[title], kind
        assert name == title or (CJK.search(name) and title not in name), f"{kind}: {name!r}"
        assert group == translations[CATALOG[kind].group]
        assert item.toolTip(0).startswith(f"{name}：{translations[CATALOG[kind].description]}\n"), kind
    assert chinese["channelshuffle"][1].text(0) == "通道混洗"
