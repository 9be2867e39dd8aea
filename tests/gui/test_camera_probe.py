"""The live camera probe (issue 16.5), driven by a stand-in frame source through the real path: frames
reach the maps and Grad-CAM, a frame storm does not queue up, Capture writes a folder dataset that loads,
stopping releases the source, and with no camera the option says why."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QObject

from cnnstudio.training.frame_input import capture_picture, frame_to_input
from cnnstudio.training.worker_messages import Captured
from cnnstudio.ui.camera.camera_check import CameraCheck, check_cameras, shared_check
from cnnstudio.ui.camera.camera_dialog import CameraDialog
from cnnstudio.ui.camera.frame_source import StandInSource
from cnnstudio.ui.camera.live_probe import LiveProbe
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.train.shown_run import load_shown_run
from cnnstudio.ui.train.training_page import TrainingPage
from cnnstudio.ui.widgets.pictures import to_rgb


def _frame(seed: int, rows: int = 48, cols: int = 64) -> np.ndarray:
    """A camera-like frame: a bright square on a dark background, somewhere else for each seed."""
    rng = np.random.default_rng(seed)
    frame = np.full((rows, cols, 3), 20, np.uint8)
    top, left = rng.integers(0, rows - 16), rng.integers(8, cols - 24)
    frame[top : top + 16, left : left + 16] = (250, 240, 40)
    return frame


class StubTarget:
    """The page's side, without a trainer process: records what is sent."""

    def __init__(self, accept: bool = True) -> None:
        self.sent: list[np.ndarray] = []
        self.accept = accept

    def send(self, picture):
        if self.accept:
            self.sent.append(picture)
        return self.accept

    def shape(self):
        return (1, 16, 16)

    def problem(self):
        return "" if self.accept else "No finished run to follow"

    def class_names(self):
        return ("circle", "square", "triangle")


@pytest.fixture
def page(qtbot, tiny_run):
    project, folder = tiny_run
    record = {"id": "r1", "name": "Run 1", "folder": str(folder)}
    document = ProjectDocument(project.replace(runs=(record,)))
    widget = TrainingPage(document)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()  # hidden views wait to be seen before they draw
    widget.views.set_shown(load_shown_run(record, folder, document.project))
    yield widget
    widget.may_close()


def test_frames_reach_the_maps_pooling_and_grad_cam(qtbot, page, tiny_run) -> None:
    page.probe.slider.setValue(0)  # scrubbed back to an epoch: the camera brings it to the live end
    source = StandInSource()
    dialog = page.camera.open(source)
    frame = _frame(1)
    with qtbot.waitSignal(page.controller.answered, timeout=60_000):
        source.push(frame)
    shown = page.views.shown
    qtbot.waitUntil(lambda: dialog.seen_view.rgb() is not None, timeout=5_000)
    expected = frame_to_input(frame, (3, 16, 16)).transpose(2, 0, 1)
    np.testing.assert_allclose(shown.latest.image, expected, atol=1 / 255)  # the maps are of this frame
    page.activations.layer.select_path((0,))
    assert page.activations.grid.maps().shape == (4, 16, 16)
    page.tabs.setCurrentWidget(page.pooling)  # the pooling view draws the frame's maps when shown
    page.pooling.layer.select_path((2,))
    np.testing.assert_array_equal(page.pooling.before.maps(), shown.latest.pooling[0].input)
    np.testing.assert_array_equal(page.pooling.before.highlight(), shown.latest.pooling[0].winner_mask())
    assert len(dialog.scores.names()) == 3 and dialog.status.text() == "The maps follow the camera."
    assert page.probe.camera_button.text() == "Camera ●" and not page.probe.index.isEnabled()
    assert page.probe.is_live() and not page.probe.slider.isEnabled()
    first = shown.latest
    with qtbot.waitSignal(page.controller.answered, timeout=30_000):
        source.push(_frame(2))
    assert shown.latest is not first and not np.array_equal(shown.latest.image, first.image)


def test_a_frame_storm_does_not_queue_up(qtbot) -> None:
    holder = QObject()  # owns both, so that they go at the end of the test, timers and all
    source = StandInSource(parent=holder)
    target = StubTarget()
    live = LiveProbe(source, target.shape, target.send, holder)
    source.start()
    frames = [_frame(seed) for seed in range(300)]
    for frame in frames:
        source.push(frame)
    assert len(target.sent) == 1 and source.handed_out == 1 and live.behind  # one in flight, the rest dropped
    live.answer(Captured(None, "test"))
    qtbot.waitUntil(lambda: len(target.sent) == 2, timeout=2_000)
    np.testing.assert_array_equal(target.sent[1], frame_to_input(frames[-1], (1, 16, 16)))  # the newest
    assert source.handed_out == 2 and not live.behind
    live.stop()
    holder.deleteLater()


def test_capture_writes_a_folder_dataset_that_loads(qtbot, tmp_path, tiny_run) -> None:
    from cnnstudio.training.datasets import load_dataset

    project, _folder = tiny_run
    document = ProjectDocument(project)
    dialog = CameraDialog(document, StubTarget(accept=False))
    qtbot.addWidget(dialog)
    source = StandInSource()
    dialog.start(source)
    assert (
        dialog.capture("circle") is None and "Start the camera" in dialog.capture_note.text()
    )  # no frame yet
    source.push(_frame(0))
    assert dialog.capture("circle") is None and "folder" in dialog.capture_note.text()  # no folder chosen
    # no run to follow: the frame as the network would get it, and why there are no maps
    qtbot.waitUntil(lambda: dialog.seen_view.rgb() is not None, timeout=2_000)
    expected = to_rgb(frame_to_input(_frame(0), (1, 16, 16)).transpose(2, 0, 1))
    np.testing.assert_array_equal(dialog.seen_view.rgb(), expected)
    assert dialog.status.text() == "No finished run to follow"
    dialog.choose_root(tmp_path / "own")
    saved = {"circle": [], "square": []}
    for n in range(6):
        frame = _frame(n)
        source.push(frame)
        qtbot.waitUntil(lambda f=frame: dialog.live.frame is f, timeout=2_000)
        name = "circle" if n % 2 else "square"
        path = dialog.capture(name)
        assert path is not None and path.parent == tmp_path / "own" / name and path.suffix == ".png"
        np.testing.assert_array_equal(np.asarray(Image.open(path)), capture_picture(frame, (1, 16, 16)))
        saved[name].append(path)
        source.push(_frame(n + 100))  # frames go on coming: the note stays until the next capture
        assert dialog.capture_note.text() == f"Saved {path.name}"
    assert dialog.capture("../up") is None and "folder name" in dialog.capture_note.text()
    assert "circle: 3 pictures" in dialog.counts.text() and dialog.train_button.isEnabled()
    assert dialog.train_button.toolTip() == "Make this folder the project's dataset"
    data = load_dataset({"name": "folder", "root": str(tmp_path / "own")}, (1, 16, 16), 0)
    assert data.class_names == ("circle", "square")
    assert data.train_x.shape[0] + data.val_x.shape[0] + data.test_x.shape[0] == 6
    dialog.use_as_dataset()
    assert document.project.dataset["name"] == "folder"
    assert document.project.dataset["root"] == str(tmp_path / "own")
    document.undo_stack.undo()  # one undoable edit
    assert document.project.dataset == project.dataset
    document.undo_stack.clear()  # its command refers back to the document: not left to the collector


def test_stopping_the_camera_releases_it(qtbot, page) -> None:
    source = StandInSource([_frame(0), _frame(1)], interval_ms=20)
    dialog = page.camera.open(source)
    assert source.is_active() and not source.released
    qtbot.waitUntil(lambda: dialog.live is not None and dialog.live.frame is not None, timeout=5_000)
    with qtbot.waitSignal(dialog.stopped, timeout=2_000):
        dialog.start_button.click()  # Stop camera
    assert source.released and not source.is_active() and dialog.live is None
    assert page.probe.index.isEnabled() and page.probe.camera_button.text() == "Camera…"
    assert page.probe.slider.isEnabled()
    page.camera.open(StandInSource()).close()  # closing the window stops it too
    assert dialog.source is None


def test_no_camera_disables_the_option_and_says_why(qtbot, page) -> None:
    reason = check_cameras().reason  # this machine: no camera device, or no Qt Multimedia library
    assert reason
    with qtbot.waitSignal(shared_check().done, timeout=60_000):
        page.camera.check()  # in a child process: the window does not wait for Qt Multimedia to load
    assert not page.probe.camera_button.isEnabled() and page.probe.camera_button.toolTip() == reason
    page.camera.show_check(CameraCheck(("Webcam",), "", (b"0",)))
    assert page.probe.camera_button.isEnabled()
    dialog = CameraDialog(page.doc, StubTarget())
    qtbot.addWidget(dialog)
    assert dialog.offer_cameras() == reason and not dialog.start_button.isEnabled()
    assert dialog.status.text() == reason


def test_the_train_page_looks_for_a_camera_when_first_seen(qtbot, tiny_run) -> None:
    page = TrainingPage(ProjectDocument(tiny_run[0]))
    qtbot.addWidget(page)
    assert not page.probe.camera_button.isEnabled()  # until the background check has answered
    with qtbot.waitSignal(shared_check().done, timeout=60_000):
        page.show()
    assert page.probe.camera_button.toolTip() == check_cameras().reason
    page.may_close()


def test_a_camera_frame_is_kept_as_it_comes_and_converted_when_asked(qtbot) -> None:
    """The Qt Multimedia source's own path, fed a QVideoFrame as its video sink would (no camera here)."""
    multimedia = pytest.importorskip("PySide6.QtMultimedia", reason="Qt Multimedia needs libpulse here")
    from PySide6.QtGui import QColor, QImage

    from cnnstudio.ui.camera.frame_source import CameraSource

    image = QImage(64, 48, QImage.Format.Format_RGB888)
    image.fill(QColor(10, 200, 30))
    source = CameraSource()
    assert source.latest() is None and not source.is_active()
    with qtbot.waitSignal(source.frame_ready, timeout=1_000):
        source._on_frame(multimedia.QVideoFrame(image))
    pixels = source.latest()
    assert pixels.shape == (48, 64, 3) and (pixels == (10, 200, 30)).all()
    failures = []
    source.failed.connect(failures.append)
    if not check_cameras().available:  # starting without a camera fails with the reason, holding nothing
        assert not source.start() and failures == ["No camera found on this computer"]
        assert not source.is_active()
