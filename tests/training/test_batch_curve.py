"""The batch losses a run showed live are kept in its folder and read back as the curves take them."""

from __future__ import annotations

import numpy as np

from cnnstudio.training.batch_curve import BATCH_FILE, load_batch_curve, save_batch_curve


def test_batch_losses_come_back_as_they_were_saved(tmp_path) -> None:
    points = [(0.25, 1.75), (0.5, 1.5), (1.0, 1.125), (1.5, 0.875)]  # exact in float32
    save_batch_curve(tmp_path, points)
    back = load_batch_curve(tmp_path)
    assert back == {"batch_epoch": [0.25, 0.5, 1.0, 1.5], "batch_loss": [1.75, 1.5, 1.125, 0.875]}


def test_a_run_without_batches_or_with_a_damaged_file_has_none(tmp_path) -> None:
    empty = {"batch_epoch": [], "batch_loss": []}
    assert load_batch_curve(tmp_path) == empty  # a folder of `cnnstudio train`, or an older run
    (tmp_path / BATCH_FILE).write_bytes(b"not an npz")
    assert load_batch_curve(tmp_path) == empty
    np.savez(tmp_path / BATCH_FILE, epoch=np.zeros(3), loss=np.zeros(2))  # lengths that do not match
    assert load_batch_curve(tmp_path) == empty
