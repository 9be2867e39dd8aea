"""What does this channel detect? A layer's channels, each as its strongest patch; for the chosen channel
its top validation patches, the guided-backprop picture of each, and the input that excites it most.

Computed on the shown run's trained model (its best weights so far while it trains) in the background,
with progress and Cancel, and only while the tab is shown (``InsightTab``).
The rankings and maximised inputs are kept in the run folder, so coming back to a layer is instant.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.ui.choice_text import class_text
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.train.insight_tab import InsightTab
from cnnstudio.ui.train.results_view import Thumbnails
from cnnstudio.ui.train.shown_run import ShownRun
from cnnstudio.ui.widgets.layer_chooser import LayerChooser
from cnnstudio.ui.widgets.pictures import rgb_qimage
from cnnstudio.ui.widgets.scrolling_tabs import scrolling
from cnnstudio.ui.widgets.signal_blocking import signals_blocked

TILE = 56
PATCH = 56
MAXIMISED = 128
K = 9


def pixmap(rgb, side: int) -> QPixmap:
    """An (h, w, 3) uint8 picture scaled to ``side`` without smoothing (the pixels stay visible)."""
    return QPixmap.fromImage(rgb_qimage(rgb)).scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )


class ChannelView(InsightTab):
    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer_result = None  # the shown layer's ChannelTopK
        self._run = None  # the TrainedRun the results came from
        self._drawn: tuple | None = None  # (run folder, layer path) whose pictures are on screen
        self._detail_channel = -1  # the channel whose patches are on screen
        self.chooser = LayerChooser(document, maps_only=True)
        self.chooser.layer_changed.connect(lambda _path: self.start())
        self.status.setText(self.tr("Choose a layer to see what each of its channels detects."))
        self.about = QLabel()  # what the tiles of the shown layer are
        self.about.setWordWrap(True)
        self.overview = Thumbnails(lines=1, rows=2)
        self.overview.setIconSize(QSize(TILE, TILE))
        self.overview.fit_grid()
        self.overview.currentRowChanged.connect(self._on_channel_chosen)
        self.patches = Thumbnails(lines=1, rows=2)
        self.patches.setIconSize(QSize(PATCH, PATCH))
        self.guided = Thumbnails(lines=0, rows=2)
        self.guided.setIconSize(QSize(PATCH, PATCH))
        self.maximised = QLabel()
        self.maximised.setMinimumSize(MAXIMISED, MAXIMISED)
        self.maximised_note = QLabel()
        self.maximised_note.setWordWrap(True)
        self.detail = QGroupBox(self.tr("Channel"))
        self._build_layout()

    def _build_layout(self) -> None:
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Layer:")))
        controls.addWidget(self.chooser, 1)
        controls.addWidget(self.progress)
        controls.addWidget(self.cancel_button)
        overview_box = QGroupBox(self.tr("Every channel: the patch that excites it most"))
        overview_layout = QVBoxLayout(overview_box)
        overview_layout.addWidget(self.about)
        overview_layout.addWidget(self.overview)
        detail = QGridLayout(self.detail)
        detail.addWidget(QLabel(self.tr("Top {0} validation patches, strongest first").format(K)), 0, 0)
        detail.addWidget(self.patches, 1, 0)
        detail.addWidget(QLabel(self.tr("Guided backprop: the pixels that make it fire")), 2, 0)
        detail.addWidget(self.guided, 3, 0)
        detail.addWidget(QLabel(self.tr("Activation maximisation")), 0, 1)
        detail.addWidget(self.maximised, 1, 1, 3, 1, Qt.AlignmentFlag.AlignTop)
        detail.addWidget(self.maximised_note, 4, 1)
        detail.setColumnStretch(0, 1)
        # Side by side: on a 1366 x 768 screen the tab is short, and a channel's patches must show beside
        # the overview, not below it out of sight.
        content = QWidget()
        body = QGridLayout(content)
        body.addWidget(self.status, 0, 0, 1, 2)
        body.addWidget(overview_box, 1, 0)
        body.addWidget(self.detail, 1, 1)
        body.setColumnStretch(0, 2)
        body.setColumnStretch(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.epoch_row)
        layout.addWidget(scrolling(content), 1)

    # -- computing ------------------------------------------------------------------------------------------
    def follow_network(self, shown: ShownRun | None) -> None:
        self.chooser.set_network(shown.network if shown is not None else None)

    def refresh(self) -> None:
        path, run = self.chooser.current_path(), self.trained_run()
        self.layer_result = None  # until this epoch's ranking comes; another epoch's tiles stay drawn...
        if run is None or path is None or self._drawn != (run.folder, path):
            self._clear()  # ...but not another run's or layer's
        if run is None:
            return
        if path is None:
            self.play_button.setChecked(False)
            self.status.setText(self.tr("This network has no layer with feature maps."))
            return
        self._run, self._drawn = run, (run.folder, path)

        def compute(work):
            from cnnstudio.training.insight_channel import layer_pictures
            from cnnstudio.training.insight_store import run_top_k

            return layer_pictures(run, run_top_k(run, path, K, "validation", work))

        self.run_task(
            compute, self._on_layer_done, self.tr("Ranking the validation images for each channel…")
        )

    def _on_layer_done(self, pictures) -> None:
        self.layer_result = pictures.result
        layer = pictures.result.layer
        chosen = self.overview.currentRow()  # a replay stays on the channel the teacher chose
        with signals_blocked(self.overview):
            self.overview.clear()
        for channel, tile in enumerate(pictures.tiles):
            item = QListWidgetItem(QIcon(pixmap(tile, TILE)), str(channel))
            item.setToolTip(self.tr("Channel {0}").format(channel))
            self.overview.addItem(item)
        self.overview.fit_grid()
        self.about.setText(
            self.tr("{0} channels; each tile is the {1}×{2} input patch this channel sees (its receptive "
                    "field) where it fires most. Click a channel.").format(
                layer.channels, *(round(s) for s in layer.field.size))
        )  # fmt: skip
        self.overview.setCurrentRow(chosen if 0 <= chosen < self.overview.count() else 0)

    def _on_channel_chosen(self, channel: int) -> None:
        result, run = self.layer_result, self._run
        if result is None or run is None or channel < 0:
            return
        if channel != self._detail_channel:  # another channel's patches must not stand under its title
            self._clear_detail()
        self.detail.setTitle(self.tr("Channel {0}").format(channel))

        def compute(work):
            from cnnstudio.training.insight_channel import channel_pictures

            return channel_pictures(run, result, channel, "validation", work)

        self.run_task(compute, self._on_channel_done, self.tr("Guided backprop and activation maximisation…"))

    def _on_channel_done(self, pictures) -> None:
        self._clear_detail()
        self._detail_channel = pictures.channel
        for rank, (patch, guided) in enumerate(zip(pictures.patches, pictures.guided, strict=True)):
            caption = f"{class_text(pictures.classes[rank])} {pictures.scores[rank]:.1f}"
            self.patches.addItem(QListWidgetItem(QIcon(pixmap(patch, PATCH)), caption))
            self.guided.addItem(QListWidgetItem(QIcon(pixmap(guided, PATCH)), ""))
        for listing in (self.patches, self.guided):
            listing.fit_grid()
            # Chinese captions are drawn in a fallback font wider than the one Qt measures them with, and
            # the view elided them ("三角形 …") in the measured width: each item asks for the grid's width,
            # one em wider.
            grid, em = listing.gridSize(), listing.fontMetrics().height()
            listing.setGridSize(QSize(grid.width() + em, grid.height()))
            for row in range(listing.count()):
                listing.item(row).setSizeHint(QSize(grid.width() + em - 4, grid.height() - 4))
        self.maximised.setPixmap(pixmap(pictures.maximised, MAXIMISED))
        if pictures.maximised_activation > 0:
            note = self.tr(
                "An input made to excite channel {0} at the centre of its map: activation {1:.2f}."
            )
        else:
            note = self.tr("Channel {0} never fires (a dead unit): no input raises it above {1:.2f}.")
        self.maximised_note.setText(note.format(pictures.channel, pictures.maximised_activation))
        self.status.setText(
            self.tr("Channel {0} of layer {1}.").format(pictures.channel, self.layer_result.layer.label)
        )
        self.frame_shown()

    def _clear(self) -> None:
        self.layer_result, self._drawn = None, None
        self.overview.clear()
        self.about.clear()
        self._clear_detail()

    def _clear_detail(self) -> None:
        self._detail_channel = -1
        self.patches.clear()
        self.guided.clear()
        self.maximised.clear()
        self.maximised_note.clear()
