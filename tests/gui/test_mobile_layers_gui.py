"""The Design page with the layers of mobile and imported networks: upsampling by size, squeeze-and-excitation
and channel shuffle in the palette and the inspector, the channel split of a concat block, custom layers
greyed with a note."""

from __future__ import annotations

from cnnstudio.core import specs as S
from cnnstudio.ui.theme import Tone, colour


def test_upsample_switches_between_factor_and_size_in_the_inspector(window) -> None:
    page, doc = window.design, window.document
    doc.insert_layer((4,), S.Upsample(scale_factor=2.0))
    doc.select((4,))
    factor, size = page.inspector.editor("scale_factor"), page.inspector.editor("size")
    assert size.h.text() == "—" and factor.box.value() == 2.0
    size.h.setValue(20)  # typing a size switches the layer to "by size"
    assert doc.project.layers[4] == S.Upsample(scale_factor=None, size=20)
    assert factor.box.text() == "—"
    assert page.tree.row((4,)).text(1) == "16 x 20 x 20"
    size.square.setChecked(False)
    size.w.setValue(24)
    assert doc.project.layers[4].size == (20, 24)
    assert page.tree.row((4,)).text(1) == "16 x 20 x 24"
    factor.box.setValue(1.5)  # and a factor back to "by factor"
    assert doc.project.layers[4] == S.Upsample(scale_factor=1.5)
    assert size.h.text() == "—" and page.tree.row((4,)).text(1) == "16 x 24 x 24"
    doc.undo_stack.undo()
    assert doc.project.layers[4].size == (20, 24)


def test_squeeze_excitation_and_shuffle_come_from_the_palette_and_edit(window) -> None:
    page, doc = window.design, window.document
    for kind in ("squeezeexcitation", "channelshuffle"):
        data = page.palette_tree.mimeData([page.palette_tree.item_for(kind)])
        assert page.tree.drop(data, (4,))
    assert [layer.type for layer in doc.project.layers[4:6]] == ["channelshuffle", "squeezeexcitation"]
    doc.select((5,))
    page.inspector.editor("scale_activation").box.setCurrentIndex(1)
    assert doc.project.layers[5].scale_activation == "hardsigmoid"
    assert "params = 16*8 + 8 + 8*16 + 16 = 280" in page.inspector.formulas.text()
    doc.select((4,))
    page.inspector.editor("groups").box.setValue(3)  # 16 channels do not split into 3 groups
    assert page.tree.row((4,)).background(0).color() != page.tree.row((3,)).background(0).color()
    assert "divisible by 3" in page.inspector.problem.text()


def test_a_concat_block_splits_its_channels_from_the_inspector(window) -> None:
    page, doc = window.design, window.document
    doc.insert_layer((4,), S.Concat(branches=((), (S.Conv2d(out_channels=8, kernel_size=1),))))
    doc.select((4,))
    assert page.tree.row((4,)).text(1) == "24 x 16 x 16"
    page.inspector.editor("split").box.setChecked(True)
    assert doc.project.layers[4].split
    assert page.tree.row((4,)).text(1) == "16 x 16 x 16"  # 8 passed on + 8 from the conv on the other 8


def test_a_custom_layer_is_grey_with_a_note_in_the_table_and_the_diagram(window) -> None:
    page, doc = window.design, window.document
    custom = S.Custom(source="torch.cumsum(x, dim=1)", input_shape=(16, 16, 16), output_shape=(16, 16, 16))
    doc.insert_layer((4,), custom)
    row = page.tree.row((4,))
    assert row.foreground(1).color() == colour(Tone.MUTED) and "torch.cumsum(x, dim=1)" in row.text(0)
    notes = [row.child(i).text(0) for i in range(row.childCount())]
    assert any("cannot be edited" in note for note in notes)
    diagram = page.diagram
    rect = next(rect for rect, path in diagram.box_rects() if path == (4,))
    assert "Custom layer" in diagram._describe((4,), (16, 16, 16))
    assert rect.width() > 0
    doc.select((4,))
    assert "measured on import" in page.inspector.formulas.text()
    assert not page.inspector.form.rowCount()  # nothing to edit
