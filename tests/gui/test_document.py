"""The document: every edit is one undo step, bad values change nothing, files round-trip."""

from pathlib import Path

import pytest

from cnnstudio.core import specs as S
from cnnstudio.core.errors import ProjectFileError
from cnnstudio.core.project import default_project
from cnnstudio.ui.document import ProjectDocument


@pytest.fixture
def doc(qtbot) -> ProjectDocument:
    return ProjectDocument(default_project())


def test_field_edit_updates_downstream_shapes_and_undoes(doc: ProjectDocument, qtbot) -> None:
    before = doc.project.report.find((3,)).output_shape
    with qtbot.waitSignal(doc.changed):
        assert doc.set_field((0,), "stride", 2) is None
    assert doc.project.report.find((3,)).output_shape == (16, 8, 8) != before
    doc.undo_stack.undo()
    assert doc.project.report.find((3,)).output_shape == before


def test_dragging_a_spin_box_is_one_undo_step(doc: ProjectDocument) -> None:
    for k in (4, 5, 6, 7):
        doc.set_field((0,), "kernel_size", k)
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Change Conv2d kernel_size"


def test_invalid_value_is_refused_with_the_field_named(doc: ProjectDocument) -> None:
    old = doc.project
    assert doc.set_field((0,), "kernel_size", -2) == "kernel_size: must be a positive integer, got -2"
    assert doc.project is old and doc.undo_stack.count() == 0


def test_insert_selects_and_marks_modified(doc: ProjectDocument) -> None:
    doc.insert_layer((1,), S.ReLU())
    assert doc.selected_path == (1,) and doc.is_modified()
    assert doc.project.layers[1] == S.ReLU()


def test_save_open_round_trip_and_bad_file_keeps_current(doc: ProjectDocument, tmp_path: Path) -> None:
    target = tmp_path / "net.cnnproj.json"
    doc.insert_layer((0,), S.Dropout2d(p=0.1))
    doc.save(target)
    assert not doc.is_modified() and doc.runs_folder() == tmp_path / "net.runs"
    other = ProjectDocument()
    other.open(target)
    assert other.project.layers == doc.project.layers
    bad = tmp_path / "bad.cnnproj.json"
    bad.write_text("{ not json")
    with pytest.raises(ProjectFileError, match="not valid JSON"):
        other.open(bad)
    assert other.path == target


def test_runs_are_records_not_undo_steps(tmp_path) -> None:
    """A run added after an edit survives undoing that edit, and still marks the project unsaved."""
    doc = ProjectDocument(default_project())
    doc.set_name("lesson")
    doc.save(tmp_path / "p.cnnproj.json")
    doc.set_name("lesson 2")
    doc.add_run({"id": "r1", "name": "Run 1", "folder": str(tmp_path / "p.runs" / "r1")})
    doc.undo_stack.undo()  # the rename goes back...
    assert doc.project.name == "lesson"
    assert [r["id"] for r in doc.project.runs] == ["r1"]  # ...the run stays
    assert doc.is_modified()  # the run record is not saved yet, though the undo stack is clean
    doc.save()
    assert not doc.is_modified()


def test_runs_made_before_the_first_save_move_beside_the_file(tmp_path, monkeypatch) -> None:
    doc = ProjectDocument(default_project())
    unsaved = tmp_path / "cache" / "unsaved.runs"
    monkeypatch.setattr(
        ProjectDocument, "runs_folder", lambda self: self._path.with_name("p.runs") if self._path else unsaved
    )
    (unsaved / "r1").mkdir(parents=True)
    (unsaved / "r1" / "history.json").write_text("{}")
    doc.add_run({"id": "r1", "name": "Run 1", "folder": str(unsaved / "r1")})
    doc.save(tmp_path / "p.cnnproj.json")
    moved = tmp_path / "p.runs" / "r1"
    assert (moved / "history.json").is_file() and not (unsaved / "r1").exists()
    assert doc.project.runs[0]["folder"] == str(moved)
    from cnnstudio.core.project_file import load

    assert load(tmp_path / "p.cnnproj.json").runs[0]["folder"] == str(moved)


def test_the_undo_menu_names_layers_as_the_palette_does(doc: ProjectDocument) -> None:
    doc.insert_layer((0,), S.ReLU())
    assert doc.undo_stack.undoText() == "Add ReLU"
    doc.remove_layer((0,))
    assert doc.undo_stack.undoText() == "Delete ReLU"
