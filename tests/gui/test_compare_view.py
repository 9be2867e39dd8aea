"""File > Compare with…: two networks side by side, aligned by core.network_diff, differences marked with a
sign and a colour; the 2012 AlexNet against torchvision's imported alexnet lists the rows `cnnstudio diff`
lists."""

from __future__ import annotations

import json

import pytest
from PySide6.QtGui import QColor

from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape, Project
from cnnstudio.ui.compare_view import COLOURS, CompareDialog

CONV = S.Conv2d(out_channels=8, kernel_size=3, padding=1)


def pair() -> tuple[Project, Project]:
    """B: the first conv's kernel 3 -> 5 (changed), the pool dropped (removed), a dropout added."""
    a = Project(name="A", input=InputShape(3, 16, 16), layers=(
        CONV, S.ReLU(), S.MaxPool2d(kernel_size=2), S.Flatten(), S.Linear(out_features=10)))  # fmt: skip
    b = Project(name="B", input=InputShape(3, 16, 16), layers=(
        CONV.replace(kernel_size=5, padding=2), S.ReLU(), S.Flatten(), S.Dropout(), S.Linear(out_features=10)))  # fmt: skip
    return a, b


def test_a_hand_made_pair_rows_marks_and_colours(qtbot) -> None:
    a, b = pair()
    dialog = CompareDialog(a)
    qtbot.addWidget(dialog)
    dialog.compare(a, b)
    table = dialog.table
    marks = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert marks == ["~", "", "−", "·", "+", "·"]
    assert table.item(0, 1).text() == "0  conv2d  ~ kernel_size=3, padding=1"
    assert table.item(0, 6).text() == "0  conv2d  ~ kernel_size=5, padding=2"
    assert table.item(0, 8).text() == "▲ 608"  # 8*(3*25)+8 against 8*27+8 = 224
    assert table.item(0, 3).text() == "224"
    assert table.item(2, 1).text().endswith("maxpool2d") and table.item(2, 6).text() == ""
    assert (table.item(3, 2).text(), table.item(3, 7).text()) == ("~ 512", "~ 2048")  # flatten, fed 8x16x16
    assert table.item(0, 0).background().color() == QColor(COLOURS["changed"])
    assert table.item(4, 6).background().color() == QColor(COLOURS["added"])
    assert table.item(2, 1).background().color() == QColor(COLOURS["removed"])
    assert table.item(0, 0).font().bold() and not table.item(1, 1).font().bold()
    assert dialog.summary.text() == "3 layers differ: 1 changed, 1 only in B, 1 only in A."
    assert (
        "Parameters: A 5,354   B 21,098   B − A +15,744"
    )  # 224 + 5,130 against 608 + 20,490 in dialog.totals.text()


def test_the_2012_alexnet_against_torchvision_lists_what_the_cli_lists(qtbot, tmp_path, capsys) -> None:
    import argparse

    import torchvision

    from cnnstudio.core import project_file
    from cnnstudio.core.templates import TEMPLATES
    from cnnstudio.diff_cli import cmd_diff
    from cnnstudio.training.importers.from_module import from_module

    ours = TEMPLATES["alexnet2012"].make()
    theirs = from_module(torchvision.models.alexnet(), (3, 224, 224), name="alexnet", check=False).project
    project_file.save(ours, tmp_path / "a.cnnproj.json")
    project_file.save(theirs, tmp_path / "b.cnnproj.json")
    cmd_diff(
        argparse.Namespace(a=str(tmp_path / "a.cnnproj.json"), b=str(tmp_path / "b.cnnproj.json"), json=True)
    )
    cli = json.loads(capsys.readouterr().out)
    dialog = CompareDialog(ours)
    qtbot.addWidget(dialog)
    dialog.compare(ours, theirs)
    shown = [(r, dialog.table.item(r, 0).text()) for r in range(dialog.table.rowCount())]
    cli_marks = {"same": "", "reshaped": "·", "changed": "~", "added": "+", "removed": "−"}
    assert [mark for _r, mark in shown] == [cli_marks[row["status"]] for row in cli["rows"]]
    differing = [row for row in cli["rows"] if row["status"] in ("changed", "added", "removed")]
    assert 0 < len(differing) == len([m for _r, m in shown if m in "~+−" and m])
    for (r, _mark), row in zip([s for s in shown if s[1] in ("~", "+", "−")], differing):
        side = row["a"] or row["b"]
        cell = dialog.table.item(r, 1 if row["a"] else 6).text()
        assert cell.startswith(f"{side['index']}  {side['type']}")


def _with_runs(project: Project, folder, curves: list[list[float]]) -> Project:
    """``project`` with one recorded run per curve (its validation loss per epoch), as the window records
    them: a folder with history.json and a record carrying the network's fingerprint."""
    from cnnstudio.core.run_records import network_fingerprint
    from cnnstudio.training.history import HISTORY_FILE, RunHistory

    records = []
    for k, losses in enumerate(curves):
        run = folder / f"{project.name}-{k}"
        run.mkdir(parents=True)
        history = RunHistory(settings={"seed": k})
        for epoch, loss in enumerate(losses, start=1):
            history.add_epoch(epoch, train_loss=loss, train_accuracy=0.5, val_loss=loss, val_accuracy=1 - loss / 4,
                              lr=0.01, seconds=1.0, images_per_second=100.0)  # fmt: skip
        history.save(run / HISTORY_FILE)
        records.append({"id": run.name, "name": f"seed {k}", "folder": str(run),
                        "network": network_fingerprint(project)})  # fmt: skip
    return project.replace(runs=tuple(records))


def test_runs_of_both_sides_overlaid_with_mean_and_spread(qtbot, tmp_path) -> None:
    a, b = pair()
    a = _with_runs(a, tmp_path, [[2.0, 1.0, 0.5], [1.0, 0.5]])  # two seeds, unequal lengths
    b = _with_runs(b, tmp_path, [[3.0, 2.0]])
    dialog = CompareDialog(a)
    qtbot.addWidget(dialog)
    dialog.compare_runs([("A", a, None), ("B", b, None)])
    overlay = dialog.runs
    assert [(g.label, len(g.runs)) for g in overlay.groups] == [("A", 2), ("B", 1)]
    first = overlay.slots[0]
    items = (first.mean, first.low, first.high, first.band)
    x, mean = first.mean.getData()
    assert list(x) == [1, 2, 3] and list(mean) == [1.5, 0.75, 0.5]
    # ± one sample std: epoch 1 (2, 1) -> sqrt(0.5); epoch 3 has one run -> no spread
    assert list(first.high.getData()[1]) == pytest.approx([1.5 + 0.5**0.5, 0.75 + 0.125**0.5, 0.5])
    overlay.spread.setCurrentIndex(overlay.spread.findData("minmax"))
    assert list(first.low.getData()[1]) == [1.0, 0.5, 0.5] and list(first.high.getData()[1]) == [
        2.0,
        1.0,
        0.5,
    ]
    assert (first.mean, first.low, first.high, first.band) == items  # the same items, fed new data
    overlay.metric.setCurrentIndex(overlay.metric.findData("val_accuracy"))
    assert list(first.mean.getData()[1]) == pytest.approx([1 - 1.5 / 4, 1 - 0.75 / 4, 1 - 0.5 / 4])
    assert list(overlay.slots[1].mean.getData()[1]) == pytest.approx([0.25, 0.5])
    assert sum(run.isVisible() for run in first.runs) == 2
    dialog.compare_runs([("A", a, None), ("B", a, None)])  # the same network on both sides: one group
    assert [(g.label, len(g.runs)) for g in overlay.groups] == [("A", 2)]
    assert not overlay.slots[1].mean.isVisible()


def test_file_compare_with_opens_the_view_on_the_current_project(make_window, qtbot) -> None:
    window = make_window(pages=False)
    window.compare_action.trigger()
    dialog = window.compare_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.side_a.currentText().endswith(window.document.project.name)
    assert dialog.table.rowCount() > 0 and dialog.summary.text()
    assert dialog.runs.note.text().startswith("Neither side has recorded runs")
    dialog.close()


def test_runs_of_two_networks_of_one_project_are_told_apart(qtbot, tmp_path) -> None:
    """The journey: Run 1, then an edit, then Run 2, then Compare with…: both groups were labelled "A: mean
    of 1 runs", and a class could not tell which curve was which network."""
    a, _b = pair()
    earlier = a.replace(layers=a.layers[:2] + a.layers[3:])  # the pool added after Run 1
    runs = (
        _with_runs(earlier, tmp_path / "1", [[2.0, 1.0]]).runs
        + _with_runs(a, tmp_path / "2", [[1.5, 0.5]]).runs
    )
    runs = tuple({**r, "name": f"Run {k}"} for k, r in enumerate(runs, start=1))
    a = a.replace(runs=runs)
    dialog = CompareDialog(a)
    qtbot.addWidget(dialog)
    dialog.compare_runs([("A", a, None)])
    legend = [label.text for _item, label in dialog.runs.legend.items]
    assert len(legend) == 2 and len(set(legend)) == 2
    assert "Run 1" in legend[0] and "earlier network" in legend[0]
    assert "Run 2" in legend[1] and "earlier" not in legend[1]
    assert not any("1 runs" in text for text in legend)


def test_layers_are_numbered_as_the_design_page_numbers_them(make_window, qtbot) -> None:
    """From 0, as the Design page, the maps ("layers[3]") and `cnnstudio diff --json` number them."""
    from cnnstudio.core.network_diff import diff_networks, diff_text

    window = make_window(pages=False)
    a = window.document.project
    b = a.replace(layers=(*a.layers[:1], S.Dropout(), *a.layers[1:]))
    window.compare_action.trigger()
    dialog = window.compare_dialog
    dialog.compare(a, b)
    design = {str(i): window.design.tree.row((i,)).text(0).split()[0] for i in range(len(a.layers))}
    assert design["0"] == "0"
    diff = diff_networks(a, b)
    for r, row in enumerate(diff.rows):
        for column, side in ((1, row.a), (6, row.b)):
            if side is not None:
                number = dialog.table.item(r, column).text().split()[0]
                assert number == str(side.index)
                if side is row.a:
                    assert number == design[number]
    text_rows = diff_text(diff).splitlines()[1:]  # `cnnstudio diff` without --json: the same numbers
    assert text_rows[0].split()[:2] == ["0", a.layers[0].type]
    assert text_rows[1].split("|")[1].split()[:2] == ["1", "dropout"]
    dialog.close()
