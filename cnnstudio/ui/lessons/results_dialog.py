"""The teacher's "Collect results": a lesson, a folder of result files, a table, and Save as CSV.

Each row is one result file, checked against the lesson (core.lesson.collect_results): the signature, the
goal judged again from the file's figures, and the network rebuilt from the file (its fingerprint,
parameters and output size recomputed). What the signature can and cannot prove is said in the dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core.atomic import atomic_write_bytes
from cnnstudio.core.errors import ProjectSaveError
from cnnstudio.core.lesson import (
    METRICS,
    CollectedResult,
    Lesson,
    LessonError,
    collect_results,
    load_lesson,
    results_csv,
)
from cnnstudio.ui.lessons.lesson_text import metric_name, value_text
from cnnstudio.ui.theme import Tone, set_text_colour


class ResultsDialog(QDialog):
    """Choose lesson, choose folder, read; the table; Save as CSV."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Collect lesson results"))
        self.resize(980, 520)
        self.lesson: Lesson | None = None
        self.rows: list[CollectedResult] = []
        self.lesson_label = QLabel(self.tr("No lesson chosen."))
        self.folder_label = QLabel(self.tr("No folder chosen."))
        choose_lesson = QPushButton(self.tr("Lesson file..."))
        choose_lesson.clicked.connect(self._on_choose_lesson)
        choose_folder = QPushButton(self.tr("Folder of results..."))
        choose_folder.clicked.connect(self._on_choose_folder)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.note = QLabel(
            self.tr(
                "A valid signature shows that the file was not edited after the program wrote it. It does not "
                "prove the work is the student's: the key is in the lesson file. 'Network checked' means the "
                "network in the file really has the parameters and output size it claims; an accuracy can "
                "only be confirmed by training that network again."
            )
        )
        self.note.setWordWrap(True)
        set_text_colour(self.note, Tone.MUTED)
        self.save_button = QPushButton(self.tr("Save as CSV..."))
        self.save_button.clicked.connect(self._on_save_clicked)
        self.save_button.setEnabled(False)
        self.message = QLabel()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        top = QHBoxLayout()
        for widget in (choose_lesson, self.lesson_label, choose_folder, self.folder_label):
            top.addWidget(widget)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(bottom)
        self._folder: Path | None = None

    def set_lesson(self, path: str | Path) -> bool:
        try:
            self.lesson = load_lesson(path)
        except LessonError as exc:
            self.message.setText(str(exc))
            return False
        from cnnstudio.ui.i18n import current_language

        self.lesson_label.setText(self.lesson.title_in(current_language()))
        self._read()
        return True

    def set_folder(self, folder: str | Path) -> None:
        self._folder = Path(folder)
        self.folder_label.setText(str(folder))
        self._read()

    def _read(self) -> None:
        if self.lesson is None or self._folder is None:
            return
        self.rows = collect_results(self._folder, self.lesson)
        headers = [
            self.tr("Student"), self.tr("Written"), *[metric_name(m) for m in METRICS],
            self.tr("Goal met"), self.tr("Signature"), self.tr("Network checked"), self.tr("File"),
        ]  # fmt: skip
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            cells = [row.student, row.written]
            cells += [
                value_text(m, row.figures[m]) if row.figures.get(m) is not None else "" for m in METRICS
            ]
            cells += [
                self._yes_no(row.goal_met),
                self._signature(row.signature),
                self._yes_no(row.network_checked),
            ]
            cells.append(row.file)
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.save_button.setEnabled(bool(self.rows))
        self.message.setText(self.tr("{0} result files read.").format(len(self.rows)))

    def _yes_no(self, value: bool | None) -> str:
        return "" if value is None else (self.tr("yes") if value else self.tr("no"))

    def _signature(self, state: str) -> str:
        return {
            "valid": self.tr("valid"),
            "invalid": self.tr("invalid: edited"),
            "other lesson": self.tr("another lesson"),
            "unreadable": self.tr("unreadable"),
        }[state]

    def save_csv(self, path: str | Path) -> bool:
        try:
            atomic_write_bytes(Path(path), results_csv(self.rows).encode("utf-8-sig"))  # Excel reads the BOM
        except ProjectSaveError as exc:
            self.message.setText(str(exc))
            return False
        self.message.setText(self.tr("Saved {0}").format(str(path)))
        return True

    def _on_choose_lesson(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Lesson file"), "", self.tr("Lessons (*.cnnlesson.json)")
        )
        if path:
            self.set_lesson(path)

    def _on_choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder of results"))
        if folder:
            self.set_folder(folder)

    def _on_save_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save as CSV"), "results.csv", self.tr("CSV (*.csv)")
        )
        if path:
            self.save_csv(path)
