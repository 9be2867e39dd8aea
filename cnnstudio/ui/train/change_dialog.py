"""The dialog of a paused run's changes (issue 15.8): a new learning rate, dropout rates, frozen layers.

It shows the run's values as they are now and returns a ``RunChange`` holding only what the user changed
(None when nothing did); the Train page sends it through the run's control path and resumes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core import specs as S
from cnnstudio.core.project import Project
from cnnstudio.core.shapes import infer
from cnnstudio.training.control import RunChange
from cnnstudio.ui.core_text import layer_text


@dataclass
class LiveSettings:
    """What a running run uses now (its start settings, then every change it took)."""

    lr: float
    dropout: dict[int, float] = field(default_factory=dict)  # top-level layer index -> rate
    frozen: frozenset[int] = frozenset()

    @classmethod
    def of(cls, project: Project, lr: float) -> LiveSettings:
        rates = {i: float(s.p) for i, s in enumerate(project.layers) if isinstance(s, S.Dropout)}
        return cls(lr=lr, dropout=rates)

    def take(self, record: dict) -> None:
        """Follow a SettingsChanged record."""
        if "lr" in record:
            self.lr = float(record["lr"])
        self.dropout.update({int(i): float(r) for i, r in record.get("dropout", {}).items()})
        if "frozen" in record:
            self.frozen = frozenset(int(i) for i in record["frozen"])


def learnable_layers(project: Project) -> list[int]:
    """Top-level layers with weights (the ones freezing means something for)."""
    return [i for i, r in enumerate(infer(project.input.shape, project.layers).layers) if r.params > 0]


class ChangeDialog(QDialog):
    def __init__(self, project: Project, live: LiveSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change settings of the paused run"))
        self.live = live
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "The run continues with these values from its next batch; the change is kept in its history."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.lr = QDoubleSpinBox()
        self.lr.setDecimals(6)
        self.lr.setRange(1e-6, 10.0)
        self.lr.setSingleStep(0.001)
        self.lr.setValue(live.lr)
        form.addRow(self.tr("Learning rate"), self.lr)
        self.rates: dict[int, QDoubleSpinBox] = {}
        for index, rate in sorted(live.dropout.items()):
            box = QDoubleSpinBox()
            box.setRange(0.0, 0.95)
            box.setSingleStep(0.05)
            box.setValue(rate)
            self.rates[index] = box
            form.addRow(self.tr("Layer {0}: {1}").format(index, layer_text(project.layers[index])), box)
        layout.addLayout(form)
        group = QGroupBox(self.tr("Frozen layers (their weights stop learning)"))
        frozen = QVBoxLayout(group)
        self.frozen: dict[int, QCheckBox] = {}
        for index in learnable_layers(project):
            box = QCheckBox(self.tr("Layer {0}: {1}").format(index, layer_text(project.layers[index])))
            box.setChecked(index in live.frozen)
            self.frozen[index] = box
            frozen.addWidget(box)
        layout.addWidget(group)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def change(self) -> RunChange | None:
        """What the user changed, or None when nothing."""
        lr = self.lr.value() if abs(self.lr.value() - self.live.lr) > 1e-12 else None
        dropout = tuple(
            (i, box.value())
            for i, box in self.rates.items()
            if abs(box.value() - self.live.dropout[i]) > 1e-9
        )
        wanted = frozenset(i for i, box in self.frozen.items() if box.isChecked())
        frozen = tuple(sorted(wanted)) if wanted != self.live.frozen else None
        if lr is None and not dropout and frozen is None:
            return None
        return RunChange(lr=lr, dropout=dropout, frozen=frozen)
