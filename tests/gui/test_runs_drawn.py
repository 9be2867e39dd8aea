"""The plots draw the newest runs, one colour each; older runs stay listed and a tick draws one again; a run
taken off the plots leaves no plot item behind (the soak's memory growth, issue 13.2)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt

from cnnstudio.core.project import default_project
from cnnstudio.training.history import HISTORY_FILE, RunHistory
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.train.runs_panel import MAX_DRAWN, RunsPanel
from cnnstudio.ui.widgets.metric_plots import RUN_COLOURS, MetricPlots


@pytest.fixture
def panel(qtbot, tmp_path: Path) -> RunsPanel:
    document = ProjectDocument(default_project())
    plots = MetricPlots(orientation=Qt.Orientation.Horizontal)
    runs = RunsPanel(document, plots)
    qtbot.addWidget(plots)
    qtbot.addWidget(runs)
    return runs


def record(panel: RunsPanel, tmp_path: Path, n: int) -> str:
    """Run ``n`` as the Train page makes it: drawn and live while it trains, then recorded with its folder."""
    run_id, folder = f"run-{n:02d}", tmp_path / f"run-{n:02d}"
    folder.mkdir()
    losses, accuracies = [1.0, 0.5 + n / 100], [0.5, 0.7]
    history = RunHistory([1, 2], losses, accuracies, losses, accuracies, [0.01, 0.01])
    history.save(folder / HISTORY_FILE)
    panel.set_live_run(run_id, f"Run {n}")
    panel.doc.add_run({"id": run_id, "name": f"Run {n}", "folder": str(folder)})
    panel.set_live_run(None)
    return run_id


def rows(panel: RunsPanel) -> list[tuple[str, bool, bool]]:
    """(run id, ticked, has a colour swatch: a clear one keeps the names in line) of each row of the list."""
    items = [panel.list.item(i) for i in range(panel.list.count())]
    return [
        (i.data(Qt.ItemDataRole.UserRole), i.checkState() == Qt.CheckState.Checked, _coloured(i.icon()))
        for i in items
    ]


def _coloured(icon) -> bool:
    return icon.pixmap(12, 12).toImage().pixelColor(6, 6).alpha() > 0


def test_the_plots_draw_the_newest_runs_in_colours_of_their_own(panel: RunsPanel, tmp_path: Path) -> None:
    ids = [record(panel, tmp_path, n) for n in range(1, 12)]
    assert len(RUN_COLOURS) == MAX_DRAWN
    assert panel.plots.run_ids() == ids[-MAX_DRAWN:]
    colours = {panel.plots.run_colour(r).name() for r in panel.plots.run_ids()}
    assert len(colours) == MAX_DRAWN  # no two drawn runs share a colour
    older = len(ids) - MAX_DRAWN
    assert rows(panel) == [(r, False, False) for r in ids[:older]] + [(r, True, True) for r in ids[older:]]
    assert panel.plots.legend().texts()[-MAX_DRAWN:] == [f"Run {n}" for n in range(older + 1, 12)]


def test_a_tick_draws_an_older_run_again_from_its_folder(panel: RunsPanel, tmp_path: Path) -> None:
    ids = [record(panel, tmp_path, n) for n in range(1, MAX_DRAWN + 3)]
    panel.list.item(0).setCheckState(Qt.CheckState.Checked)  # Run 1, off the plots
    drawn = panel.plots.run_ids()
    assert ids[0] in drawn and len(drawn) == MAX_DRAWN
    assert ids[1] not in drawn and ids[2] not in drawn  # Run 2 stays off; the oldest drawn, Run 3, made room
    x, y = panel.plots.curve(ids[0], "train_loss").getData()
    assert list(x) == [1, 2] and list(y) == pytest.approx([1.0, 0.51])  # its history, read back
    assert [r[1:] for r in rows(panel)[:4]] == [(True, True), (False, False), (False, False), (True, True)]
    panel.list.item(0).setCheckState(Qt.CheckState.Unchecked)  # drawn now: hidden as any drawn run
    assert not panel.plots.is_run_visible(ids[0])


def test_a_run_off_the_plots_can_still_be_renamed(panel: RunsPanel, tmp_path: Path) -> None:
    ids = [record(panel, tmp_path, n) for n in range(1, MAX_DRAWN + 2)]
    panel.list.item(0).setText("first try")
    assert panel.doc.project.runs[0]["name"] == "first try" and ids[0] not in panel.plots.run_ids()


def test_a_run_taken_off_the_plots_leaves_no_plot_item(panel: RunsPanel, tmp_path: Path) -> None:
    """Before, every run of a session kept its six curves, best-epoch lines and legend entry: 100 short
    runs grew the window by a fifth."""
    first = record(panel, tmp_path, 1)
    items = [weakref.ref(c) for c in panel.plots._drawn[first].curves.values()]
    entry = weakref.ref(panel.plots.legend().entry(first))
    for n in range(2, MAX_DRAWN + 2):
        record(panel, tmp_path, n)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()
    assert first not in panel.plots.run_ids()
    assert all(ref() is None for ref in items)
    assert entry() is None or not _alive(entry())


def _alive(widget) -> bool:
    try:
        widget.objectName()
        return True
    except RuntimeError:  # its C++ object is deleted
        return False
