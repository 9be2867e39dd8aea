"""Memory and time before Start (issues 12.4, 15.2, 11.5) as a user sees them.

The Design page's activation column, inspector line and totals line give the same figures as
``cnnstudio summary --json`` (the core's, checked against torch in tests/training/test_budget_torch.py);
the Train page's budget line, its details and warnings, the dry run in the training process, and what blocks
Start, in the page, its tooltip and the status bar alike.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from cnnstudio.core import specs as S
from cnnstudio.core.budget import memory_budget, size_text
from cnnstudio.core.summary import summary_json


def _rows(rows, path=()):
    for row in rows:
        here = (*path, row.get("branch", 0), row["index"]) if path else (row["index"],)
        yield here, row
        yield from _rows(row.get("children", []), here)


def test_activation_column_inspector_and_totals_match_summary(window, qtbot) -> None:
    doc, design = window.document, window.design
    doc.insert_layer((3,), S.Residual(layers=(S.Conv2d(out_channels=16, kernel_size=3, padding=1), S.ReLU())))
    summary = summary_json(doc.project)
    tree = design.tree
    column = tree.COLUMNS.index("Activations")
    assert tree.headerItem().text(column) == "Activations"
    for path, row in _rows(summary["layers"]):
        text = tree.row(path).text(column)
        assert text == f"{row['activation_values']:,} · {size_text(row['activation_bytes'])}", path
    total = summary["total_activation_values"]
    assert f"activations {total:,} values ({size_text(4 * total)}) per image" in design.totals.text()
    assert f"{summary['total_params']:,} parameters ({size_text(4 * summary['total_params'])})" in (
        design.totals.text()
    )
    doc.select((0,))
    assert "Activations: 16,384 values · 65.5 KB per image (float32)" in design.inspector.shapes.text()


def test_budget_line_details_and_a_measured_time(studio, qtbot) -> None:
    page = studio.training
    panel = page.budget
    budget = memory_budget(studio.document.project, available=1)  # the parts do not depend on the memory
    assert panel.headline.text().startswith(f"Memory about {size_text(panel.current_budget().total)} of ")
    qtbot.mouseClick(panel.details_button, Qt.MouseButton.LeftButton)
    assert panel.details.isVisible()
    shown = {name.text(): size.text() for name, size, _ in panel.details.cells}
    assert shown["Parameters"] == size_text(budget.parameters)
    assert shown["Optimiser state"] == size_text(budget.optimizer_state)  # adam: two moments
    assert shown["Activations"] == size_text(budget.activations_per_batch)
    assert shown["Dataset"] == size_text(budget.dataset)
    # The dry run starts by itself in the warm training process, a moment after the page shows
    qtbot.waitUntil(lambda: panel.estimate is not None, timeout=60_000)
    estimate = panel.estimate
    assert estimate.seconds_per_batch > 0 and estimate.epochs == 2
    assert "Time about" in panel.headline.text() and "per epoch" in panel.headline.text()
    # more epochs change the arithmetic, not the measurement
    studio.document.set_training({**studio.document.project.training, "epochs": 4})
    assert panel.estimate.run_seconds > estimate.run_seconds and not panel.is_measuring()
    # a new batch size needs a new measurement; Cancel stops it and it does not restart by itself
    studio.document.set_training({**studio.document.project.training, "batch_size": 16})
    assert panel.estimate is None
    assert panel.start_measuring() and panel.measure_button.text() == "Cancel"
    qtbot.mouseClick(panel.measure_button, Qt.MouseButton.LeftButton)
    assert not panel.is_measuring() and panel.measure_button.text() == "Measure time"
    panel._measure_if_stale()
    assert not panel.is_measuring()


def test_a_run_too_big_for_memory_cannot_start_and_says_what_to_change(studio, monkeypatch) -> None:
    page = studio.training
    project = studio.document.project
    need = memory_budget(project)
    monkeypatch.setattr(
        "cnnstudio.ui.train.budget_panel.available_ram", lambda: need.weights + need.dataset + 10**5
    )
    studio.document.set_training({**project.training, "batch_size": 256})  # any edit recomputes
    assert not page.start_button.isEnabled() and not page.start()
    why = page.start_button.toolTip()
    assert why.startswith("Cannot start: the run needs about ") and "lower the batch size to" in why
    assert page.status.text() == why and studio.status.text() == why
    assert (
        page.budget.warning.isVisible() and "Will not fit: the run needs about" in page.budget.warning.text()
    )


@pytest.mark.slow
def test_a_run_of_hours_is_announced_and_stop_gives_control_back(studio, qtbot) -> None:
    """Issue 12's "Done when": a too-big run shows the budget warning, and Stop gives control back.

    The time comes from the real dry run; the run is long only in epochs, so each batch is short: how fast
    Stop answers after a long batch is the engine's own test (12.4, Stop within a second of the batch)."""
    page = studio.training
    panel = page.budget
    studio.document.set_training({**studio.document.project.training, "epochs": 1_000_000, "batch_size": 8})
    qtbot.waitUntil(lambda: panel.estimate is not None, timeout=60_000)
    assert panel.estimate.run_seconds > 3600
    assert panel.warning.isVisible() and "Note: the run would take about " in panel.warning.text()
    assert page.start_button.isEnabled()  # a long run is the teacher's choice: warned, not refused
    page.start()
    assert not panel.measure_button.isEnabled()  # no dry run beside a run
    qtbot.waitUntil(lambda: page.progress.value() > 0, timeout=60_000)
    with qtbot.waitSignal(page.controller.finished, timeout=30_000):
        qtbot.mouseClick(page.stop_button, Qt.MouseButton.LeftButton)
    page.drain()
    assert page.start_button.isEnabled() and not page.stop_button.isEnabled()
    assert "Stopped" in page.status.text()


@pytest.fixture
def chinese(qapp):
    from cnnstudio.ui import i18n

    assert i18n.install_language(qapp, "zh_CN")
    yield
    i18n.install_language(qapp, "en")


def test_what_blocks_start_and_the_budget_read_in_chinese(chinese, make_window, tmp_path) -> None:
    from cnnstudio.core.readiness import memory_problem, time_warning
    from cnnstudio.core.run_time import StepTiming, estimate_time
    from cnnstudio.core.templates import make_template
    from cnnstudio.ui.core_text import translate_core

    project = make_template("vgg16").replace(dataset={"name": "shapes", "num_classes": 4})
    studio = make_window(project)
    page = studio.training
    assert page.start_button.toolTip() == (
        "无法开始：最后一层输出 1000 个值，但数据集“形状”有 4 个类别：请把最后一个全连接层的神经元个数（out_features）设为 4"
    )
    assert studio.status.text() == page.start_button.toolTip()
    studio.document.set_dataset({"name": "folder", "root": str(tmp_path / "missing")})
    assert (
        page.start_button.toolTip()
        == f"无法开始：数据集文件夹 {tmp_path / 'missing'} 不存在：请选择其他文件夹。"
    )
    budget = memory_budget(project, available=10**9)
    assert translate_core(memory_problem(budget)).startswith("这次训练约需 ")
    assert "：请把批次大小降到" in translate_core(memory_problem(memory_budget(project, available=6 * 10**9)))
    slow = estimate_time(StepTiming(4.0, 2, "cpu (1 thread)"), 64, 30, budget.images)
    assert translate_core(time_warning(slow)).startswith("这次训练在 CPU（1 个线程） 上约需 ")
    studio.tabs.setCurrentWidget(page)
    assert page.budget.headline.text().startswith("内存约 ")


def test_the_measured_device_reads_chinese_in_the_details(chinese, qtbot) -> None:
    """The device of the dry run ("cpu (1 thread)") is translated in the details (the zh walk met it in
    English whenever the measurement finished during the walk)."""
    from visible_text import english_words

    from cnnstudio.core.project import default_project
    from cnnstudio.core.run_time import TimeEstimate
    from cnnstudio.ui.train.budget_details import BudgetDetails

    host = QWidget()
    qtbot.addWidget(host)
    details = BudgetDetails(host)
    estimate = TimeEstimate(0.001, 64, 100, 10, 800, 800, "cpu (1 thread)", 64)
    details.show_budget(memory_budget(default_project()), estimate)
    texts = [label.text() for label in details.findChildren(QLabel) if label.text()]
    assert any("CPU（1 个线程）" in text for text in texts)
    assert not [text for text in texts if english_words(text)]
