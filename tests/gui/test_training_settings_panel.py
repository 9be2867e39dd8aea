"""The loss, gradient clipping and bias initialisation in the Train page's settings (issue 15.4, 15.5):
each edit reaches the project file's training section, undoes, and comes back from the file."""

from __future__ import annotations

from cnnstudio.core.losses import FORMULAS


def _training(studio) -> dict:
    return studio.document.project.training


def test_the_loss_choice_shows_its_formula_and_is_undoable(studio) -> None:
    panel = studio.training.settings_panel
    combo = panel.editors[("training", "loss")]
    note = panel._notes[("training", "loss")]
    assert combo.currentData() == "cross_entropy" and note.text() == FORMULAS["cross_entropy"]
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "cross-entropy (softmax)", "multi-class hinge (SVM)", "mean squared error (one-hot)",
    ]  # fmt: skip
    combo.setCurrentIndex(combo.findData("hinge"))
    assert _training(studio)["loss"] == "hinge" and note.text() == FORMULAS["hinge"]
    studio.document.undo_stack.undo()
    assert _training(studio).get("loss", "cross_entropy") == "cross_entropy"
    assert combo.currentData() == "cross_entropy" and note.text() == FORMULAS["cross_entropy"]


def test_gradient_clipping_is_a_setting(studio) -> None:
    box = studio.training.settings_panel.editors[("training", "clip_grad_norm")]
    assert box.value() == 0.0
    box.setValue(1.5)
    assert _training(studio)["clip_grad_norm"] == 1.5


def test_bias_init_default_zero_or_a_small_positive_value(studio) -> None:
    editor = studio.training.settings_panel.editors[("training", "bias_init")]
    combo, value = editor.bias_combo, editor.bias_value
    assert combo.currentData() == "default" and not value.isEnabled()
    combo.setCurrentIndex(combo.findData("zero"))
    assert _training(studio)["bias_init"] == "zero"
    combo.setCurrentIndex(combo.findData("constant"))
    assert _training(studio)["bias_init"] == 0.01 and value.isEnabled()
    value.setValue(0.05)
    assert _training(studio)["bias_init"] == 0.05
    studio.document.set_training({**_training(studio), "bias_init": 0.002})  # as a file holds it
    assert combo.currentData() == "constant" and value.value() == 0.002
    studio.document.set_training({**_training(studio), "bias_init": "zero"})
    assert combo.currentData() == "zero" and not value.isEnabled()
