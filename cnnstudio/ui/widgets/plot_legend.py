"""The curves' legend as a row of Qt widgets above the plots, never on top of the data.

pyqtgraph's legend lives inside a plot and covered the epoch-1 accuracy points (half of the plot on a
1366 x 768 screen). Here the entries sit outside every plot, wrap to a second row when there is no room,
and take the window's font, so presenter mode enlarges them with everything else.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QToolButton, QWidget

from cnnstudio.ui.widgets.flow_layout import FlowLayout
from cnnstudio.ui.widgets.signal_blocking import signals_blocked


def sample_icon(colour: QColor, *, dashed: bool, symbol: bool, height: int) -> QIcon:
    """A short line in ``colour`` (dashed or solid) with a circle on it (filled, or hollow when dashed),
    ``height`` pixels tall and twice as wide: the way the plots draw that series."""
    height = max(height, 8)
    pixmap = QPixmap(2 * height, height)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, max(1.5, height / 8))
    pen.setStyle(Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
    painter.setPen(pen)
    middle = height / 2
    painter.drawLine(QPointF(1, middle), QPointF(2 * height - 1, middle))
    if symbol:
        painter.setPen(QPen(colour, max(1.0, height / 10)))
        painter.setBrush(Qt.GlobalColor.white if dashed else colour)
        painter.drawEllipse(QPointF(height, middle), height / 4, height / 4)
    painter.end()
    return QIcon(pixmap)


class _Entry(QToolButton):
    """One legend entry: the line sample and its text. A run's entry is a toggle (ticked: drawn)."""

    def __init__(
        self, key: str, text: str, colour: QColor, dashed: bool, symbol: bool, toggles: bool
    ) -> None:
        super().__init__()
        self.key, self.colour, self.dashed, self.symbol = key, QColor(colour), dashed, symbol
        self.setText(text)
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setCheckable(toggles)
        self.setChecked(toggles)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the plots are not a place to tab through
        self.refresh_icon()

    def refresh_icon(self) -> None:
        height = self.fontMetrics().height()
        colour = self.colour if not self.isCheckable() or self.isChecked() else QColor("#b0b0b0")
        self.setIcon(sample_icon(colour, dashed=self.dashed, symbol=self.symbol, height=height))
        self.setIconSize(QSize(2 * height, height))

    def changeEvent(self, event) -> None:
        """Presenter mode: the sample grows with the text."""
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self.refresh_icon()


class PlotLegend(QWidget):
    """Key entries (what solid, dashed and thin lines mean), then one toggle per run."""

    run_toggled = Signal(str, bool)  # run key, drawn

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: dict[str, _Entry] = {}
        self._layout = FlowLayout(self, spacing=2)

    def add_key(
        self, key: str, text: str, colour: QColor, *, dashed: bool = False, symbol: bool = True
    ) -> None:
        """An entry that explains a line style; clicking it does nothing."""
        self._add(_Entry(key, text, colour, dashed, symbol, toggles=False))

    def add_run(self, key: str, text: str, colour: QColor) -> None:
        """A run's entry: its colour and name; clicking it hides or shows the run."""
        entry = _Entry(key, text, colour, False, True, toggles=True)
        entry.setToolTip(self.tr("Click to hide or show this run"))
        entry.toggled.connect(lambda drawn, k=key: self._on_run_toggled(k, drawn))
        self._add(entry)

    def _add(self, entry: _Entry) -> None:
        if entry.key in self._entries:
            raise ValueError(f"legend entry {entry.key!r} exists already")
        self._entries[entry.key] = entry
        self._layout.addWidget(entry)

    def remove(self, key: str) -> None:
        """Remove entry ``key`` (a run or a key entry); unknown keys are ignored."""
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._layout.removeWidget(entry)
            entry.deleteLater()

    def set_colour(self, key: str, colour: QColor) -> None:
        """Draw entry ``key``'s sample in ``colour`` (the key entries follow the text colour's scheme);
        unknown keys are ignored (a plot may have removed one, as the overfitting lab does)."""
        entry = self._entries.get(key)
        if entry is not None:
            entry.colour = QColor(colour)
            entry.refresh_icon()

    def rename(self, key: str, text: str) -> None:
        self._entries[key].setText(text)

    def set_drawn(self, key: str, drawn: bool) -> None:
        """Tick or untick a run's entry without signalling (the plots changed it themselves)."""
        entry = self._entries[key]
        with signals_blocked(entry):
            entry.setChecked(drawn)
        entry.refresh_icon()

    def texts(self) -> list[str]:
        """The entries' texts in order (keys first, then runs in the order they were added)."""
        return [entry.text() for entry in self._entries.values()]

    def entry(self, key: str) -> QToolButton:
        return self._entries[key]

    def _on_run_toggled(self, key: str, drawn: bool) -> None:
        self._entries[key].refresh_icon()
        self.run_toggled.emit(key, drawn)
