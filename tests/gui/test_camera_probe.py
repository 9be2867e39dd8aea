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
from cnnstudio.ui.camera import page_camera
from cnnstudio.ui.camera.camera_dialog import CameraDialog
from cnnstudio.ui.camera.frame_source import CameraCheck, StandInSource, check_cameras
from cnnstudio.ui.camera.live_probe import LiveProbe
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.train.shown_run import load_shown_run
from cnnstudio.ui.train.training_page import TrainingPage


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
        return ""

    def class_names(self):
        return ("circle", "square", "triangle")


@pytest.fixture
def page(qtbot, tiny_run):
    project, folder = tiny_run
    record = {"id": "r1", "name": "Run 1", "folder": str(folder)}
    document = ProjectDocument(project.replace(runs=(record,)))
    widget = TrainingPage(document)
    qtbot.addWidget(widget)
    widget.views.set_shown(load_shown_run(record, folder, document.project))
    yield widget
    widget.may_close()


def test_frames_reach_the_maps_pooling_and_grad_cam(qtbot, page, tiny_run) -> None:
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
    assert shown.latest.pooling and shown.latest.pooling[0].winner_mask().any()  # pooling, winners marked
    assert len(dialog.scores.names()) == 3 and dialog.status.text() == "The maps follow the camera."
    assert page.probe.camera_button.text() == "Camera ●" and not page.probe.index.isEnabled()
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
    assert dialog.capture("circle") is None and "Start the camera" in dialog.status.text()  # no frame yet
    source.push(_frame(0))
    assert dialog.capture("circle") is None and "folder" in dialog.status.text()  # no folder chosen
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
    assert dialog.capture("../up") is None and "folder name" in dialog.status.text()
    assert "circle: 3 pictures" in dialog.counts.text() and dialog.train_button.isEnabled()
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
    page.camera.open(StandInSource()).close()  # closing the window stops it too
    assert dialog.source is None


def test_no_camera_disables_the_option_and_says_why(qtbot, page, monkeypatch) -> None:
    reason = check_cameras().reason  # this machine: no camera device, or no Qt Multimedia library
    assert reason
    assert page.camera.check() == reason
    assert not page.probe.camera_button.isEnabled() and page.probe.camera_button.toolTip() == reason
    monkeypatch.setattr(page_camera, "check_cameras", lambda: CameraCheck(("Webcam",), "", (b"0",)))
    page.camera.check()
    assert page.probe.camera_button.isEnabled()
    dialog = CameraDialog(page.doc, StubTarget())
    qtbot.addWidget(dialog)
    assert dialog.offer_cameras() == reason and not dialog.start_button.isEnabled()
    assert dialog.status.text() == reason
