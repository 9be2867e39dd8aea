"""The update rule of an optimiser, written out with the numbers it runs with (course 000 and 004).

The rules and their arithmetic are the core's (:mod:`cnnstudio.core.update_rules`, checked against
``torch.optim``); this panel names the optimiser in the reader's language, says in a sentence what the rule
does, and prints the formula's lines. "Your project" shows the rule the trainer will run for the project's
own training settings, re-read whenever the document changes.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cnnstudio.core.errors import CoreError
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.core.update_rules import KINDS, OptimiserSetup, formula, setup_from_training
from cnnstudio.ui import presenter
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.teaching import cells as C
from cnnstudio.ui.theme import Tone, set_text_colour
from cnnstudio.ui.widgets.signal_blocking import signals_blocked

PROJECT = "project"  # the rule box's first entry: the project's own optimiser


def _tr(text: str) -> str:
    return QCoreApplication.translate("UpdateRules", text)


def kind_name(kind: str) -> str:
    """The optimiser's name as a class reads it (method names stay as their authors wrote them)."""
    return {
        "sgd": "SGD",
        "momentum": _tr("Momentum"),
        "nesterov": "Nesterov",
        "adagrad": "Adagrad",
        "rmsprop": "RMSprop",
        "adam": "Adam",
        "adamw": "AdamW",
    }[kind]


def kind_idea(kind: str) -> str:
    """What the rule does, in one or two sentences (the course's explanation)."""
    return {
        "sgd": _tr(
            "Plain gradient descent: every step goes against the gradient, scaled by the learning rate."
        ),
        "momentum": _tr(
            "The step carries a running sum of past gradients (the velocity v), so it keeps going over flat "
            "ground and across a saddle, but the sum also carries it past the minimum. Course 004 writes it "
            "as v ← α·v − ε·g, θ ← θ + v: the same walk, its v being −η times this v, with α = μ and ε = η."
        ),
        "nesterov": _tr(
            "Momentum that looks ahead: the gradient counts as if taken after the velocity's step, which "
            "brakes earlier before the minimum (course 004)."
        ),
        "adagrad": _tr(
            "Each weight gets its own step: the learning rate is divided by the root of the sum of that "
            "weight's squared gradients, so steep directions take small steps and flat ones larger steps."
        ),
        "rmsprop": _tr(
            "Like Adagrad, but the squared gradients are averaged with decay ρ instead of summed, so the "
            "steps do not shrink for ever."
        ),
        "adam": _tr(
            "Adaptive moment estimation: a running mean of the gradient (m, like momentum) divided by the "
            "root of a running mean of its square (v, like RMSprop), both corrected for starting at zero."
        ),
        "adamw": _tr(
            "Adam with decoupled weight decay: the weights shrink by η·λ on their own instead of λ·θ being "
            "added to the gradient, where Adam's division would weaken it."
        ),
    }[kind]


def rule_text(setup: OptimiserSetup) -> str:
    """The formula's lines, one per line."""
    return "\n".join(formula(setup))


class UpdateRulePanel(QWidget):
    """A choice of optimiser (the project's own first) and its rule: name, idea and formula lines."""

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = document
        self._race_setups: dict[str, OptimiserSetup] = {}
        self.choice = QComboBox()
        self.choice.addItem(self.tr("Your project's optimiser"), PROJECT)
        for kind in KINDS:
            self.choice.addItem(kind_name(kind), kind)
        self.choice.currentIndexChanged.connect(self.update_text)
        self.title = QLabel()
        presenter.keep_font(self.title, least=C.TEACHING_POINT_SIZE, bold=True)
        self.idea = QLabel()
        self.idea.setWordWrap(True)
        set_text_colour(self.idea, Tone.MUTED)
        self.rule = QLabel()
        presenter.keep_font(self.rule, least=C.TEACHING_POINT_SIZE - 1, fixed=True)  # read from the back row
        self.rule.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Update rule of")))
        top.addWidget(self.choice, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.rule)
        layout.addWidget(self.idea)
        document.changed.connect(self._on_document_changed)
        self.update_text()

    def set_race_setups(self, setups: dict[str, OptimiserSetup]) -> None:
        """The race's settings: the rule of a race optimiser shows the numbers it races with."""
        self._race_setups = dict(setups)
        self.update_text()

    def show_kind(self, kind: str) -> None:
        with signals_blocked(self.choice):
            self.choice.setCurrentIndex(max(0, self.choice.findData(kind)))
        self.update_text()

    def _on_document_changed(self, *_args) -> None:
        if self.choice.currentData() == PROJECT:
            self.update_text()

    def current_setup(self) -> OptimiserSetup | None:
        """The setup whose rule is shown (None when the project's settings cannot be read)."""
        kind = self.choice.currentData()
        if kind != PROJECT:
            return self._race_setups.get(kind)
        try:
            return setup_from_training(TrainingSettings.from_dict(self.doc.project.training))
        except (CoreError, ValueError):
            return None

    def update_text(self, *_args) -> None:
        setup = self.current_setup()
        kind = self.choice.currentData()
        if setup is None:
            self.title.setText(self.tr("The project's training settings cannot be read."))
            self.rule.clear()
            self.idea.clear()
            return
        name = kind_name(setup.kind)
        if kind == PROJECT:
            name = self.tr("{name}, as your project trains").format(name=name)
        else:
            name = self.tr("{name}, as it races").format(name=name)
        self.title.setText(name)
        self.rule.setText(rule_text(setup))
        self.idea.setText(kind_idea(setup.kind))
