"""The trainer's messages go up from a thread of their own: training never waits for the window to read
(issue 13.1), and nothing is lost, reordered or silently dropped on the way."""

from __future__ import annotations

import threading
import time
from multiprocessing import Pipe

import numpy as np

from cnnstudio.training.events import ProbeSnapshot
from cnnstudio.training.snapshot_store import FILE_NAME, SnapshotStore
from cnnstudio.training.worker_main import save_maps
from cnnstudio.training.worker_messages import Failed, JobDone
from cnnstudio.training.worker_outbox import Outbox


def test_sending_big_messages_does_not_wait_for_the_reader_and_keeps_their_order() -> None:
    read, write = Pipe(duplex=False)
    outbox = Outbox(write)
    maps = [np.full((256, 32, 32), i, dtype=np.float32) for i in range(4)]  # 1 MiB each: 16 pipe buffers
    sender = threading.Thread(target=lambda: [outbox.send(m) for m in maps] + [outbox.send(JobDone())])
    sender.start()
    sender.join(10)
    assert not sender.is_alive()  # every send returned while nobody had read a byte
    received = [read.recv() for _ in range(5)]
    for sent, got in zip(maps, received[:4], strict=True):
        np.testing.assert_array_equal(got, sent)
    assert received[4] == JobDone()
    outbox.close()


def test_a_closed_window_end_makes_send_raise_as_the_pipe_would() -> None:
    read, write = Pipe(duplex=False)
    outbox = Outbox(write)
    read.close()
    deadline = time.monotonic() + 10
    while not outbox.broken and time.monotonic() < deadline:
        try:
            outbox.send(JobDone())
        except BrokenPipeError:
            break
        time.sleep(0.01)
    assert outbox.broken
    try:
        outbox.send(JobDone())
    except BrokenPipeError:
        pass
    else:
        raise AssertionError("send after the window went away must raise BrokenPipeError")
    outbox.close()


def test_a_message_that_cannot_be_pickled_arrives_as_a_failure_and_the_rest_follow() -> None:
    read, write = Pipe(duplex=False)
    outbox = Outbox(write)
    outbox.send(lambda: None)  # a local function cannot be pickled
    outbox.send(JobDone())
    failure, done = read.recv(), read.recv()
    assert isinstance(failure, Failed) and "could not be sent" in failure.message
    assert done == JobDone()
    outbox.close()


def _snapshot(epoch: float) -> ProbeSnapshot:
    image = np.random.default_rng(int(epoch)).random((3, 8, 8), dtype=np.float32)
    return ProbeSnapshot(epoch=epoch, image=image, label=1, activations={(0,): image * 2}, pooling=())


def test_the_trainer_writes_the_runs_maps_and_says_why_when_it_cannot(tmp_path) -> None:
    maps = SnapshotStore()
    for epoch in (0.5, 1.0, 1.5, 2.0):
        maps.add(_snapshot(epoch))
    assert save_maps(maps, tmp_path) == ""
    saved = SnapshotStore.load(tmp_path)
    assert saved.epochs() == [1, 2]
    np.testing.assert_array_equal(saved[1].activations[(0,)], maps[1].activations[(0,)])
    blocked = tmp_path / "not a folder"
    blocked.write_text("a file where the run folder should be")
    assert save_maps(maps, blocked) != ""  # the window adds "(maps not saved: ...)" to its status line
    assert save_maps(SnapshotStore(), tmp_path / "none") == ""  # nothing kept: nothing written
    assert not (tmp_path / "none" / FILE_NAME).exists()
