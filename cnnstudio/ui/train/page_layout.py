"""The Train page's widgets and where they go, as Qt Designer's ``setupUi`` would place them: the settings
panel on the left; on the right the controls and the run's readout, the budget, the status line, the curves
beside the runs list, and the views of the shown run. The page (`training_page.py`) connects them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget

from cnnstudio.ui.train.budget_panel import BudgetPanel
from cnnstudio.ui.train.run_readout import RunReadout
from cnnstudio.ui.train.run_views import RunViews
from cnnstudio.ui.train.runs_panel import RunsPanel
from cnnstudio.ui.train.settings_panel import SettingsPanel
from cnnstudio.ui.widgets.metric_plots import MetricPlots

CONTEXT = "TrainingPage"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def lay_out_page(page) -> None:
    """Make the ``TrainingPage``'s widgets, give them to it as attributes and lay them out (``page`` is not
    annotated: importing the page here would make an import circle)."""
    page.settings_panel = SettingsPanel(page.doc)
    scroll = QScrollArea()
    scroll.setWidget(page.settings_panel)
    scroll.setWidgetResizable(True)
    scroll.setMinimumWidth(330)
    page.start_button = QPushButton(_t("Start"))
    page.start_button.setObjectName("start")
    page.pause_button = QPushButton(_t("Pause"))
    page.stop_button = QPushButton(_t("Stop"))
    page.change_button = QPushButton(_t("Change…"))
    page.change_button.setToolTip(_t("Change the learning rate, dropout or frozen layers of the paused run"))
    page.readout = RunReadout()
    page.progress, page.speed, page.status = page.readout.progress, page.readout.speed, page.readout.status
    page.budget = BudgetPanel(page.doc)
    controls = QHBoxLayout()
    for button in (page.start_button, page.pause_button, page.change_button, page.stop_button):
        controls.addWidget(button)
    controls.addWidget(page.progress, 1)
    controls.addWidget(page.speed)
    page.plots = MetricPlots(orientation=Qt.Orientation.Horizontal)
    page.runs = RunsPanel(page.doc, page.plots)
    page.runs.setMaximumWidth(220)
    curves = QSplitter(Qt.Orientation.Horizontal)
    curves.addWidget(page.plots)
    curves.addWidget(page.runs)
    curves.setStretchFactor(0, 1)
    page.views = RunViews(page.doc)
    # The views' parts, as the window and the tests reach them.
    page.probe, page.tabs = page.views.probe, page.views.tabs
    page.activations, page.pooling = page.views.activations, page.views.pooling
    page.results_view = page.views.results_view
    page.right = QSplitter(Qt.Orientation.Vertical)
    page.right.addWidget(curves)
    page.right.addWidget(page.views)
    page.right.setSizes([300, 500])
    right_side = QWidget()
    right_layout = QVBoxLayout(right_side)
    right_layout.setContentsMargins(0, 0, 0, 0)
    right_layout.addLayout(controls)
    right_layout.addWidget(page.budget)
    right_layout.addWidget(page.status)
    right_layout.addWidget(page.right, 1)
    page.splitter = QSplitter(Qt.Orientation.Horizontal)
    page.splitter.addWidget(scroll)
    page.splitter.addWidget(right_side)
    page.splitter.setStretchFactor(1, 1)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(page.splitter)
