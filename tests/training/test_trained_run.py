"""A recorded run read back from its folder gives what the run had in memory: network, model, results,
samples and maps (issue 12.2: a reopened project comes back whole, without retraining)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import torch
from engine_fixtures import make_trainer, of_type, run_all, small_data, small_project

from cnnstudio.training.events import ProbeSnapshot
from cnnstudio.training.history import BEST_FILE, LAST_FILE
from cnnstudio.training.results import sample_images, summarise
from cnnstudio.training.run_results import RESULTS_FILE
from cnnstudio.training.snapshot_store import SnapshotStore
from cnnstudio.training.trained_run import (
    NETWORK_FILE,
    RunFolderError,
    TrainedRun,
    record_network,
    record_results,
)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """A finished two-epoch run, recorded as the window records it; returns (folder, trainer, events)."""
    folder = tmp_path_factory.mktemp("run")
    project = small_project()
    trainer = make_trainer(project, out_dir=folder, probes=True)
    record_network(folder, project)
    events = run_all(trainer)
    store = SnapshotStore()
    for snapshot in of_type(events, ProbeSnapshot):
        store.add(snapshot)
    store.save(folder)
    record_results(folder, trainer.model, project, trainer.data)
    return folder, trainer, store


def test_the_model_gives_the_trained_models_outputs(recorded) -> None:
    folder, trainer, _ = recorded
    model = TrainedRun(folder).model()

    x = trainer.data.whiten(trainer.data.test_x[:16])
    with torch.no_grad():
        expected = trainer.model.eval()(x.to(trainer.device)).cpu()
        got = model(x)
    torch.testing.assert_close(got, expected)
    assert not model.training


def test_network_results_and_samples_come_back_as_measured(recorded) -> None:
    folder, trainer, _ = recorded
    run = TrainedRun(folder)
    assert run.network().layers == trainer.project.layers
    assert run.network().input == trainer.project.input

    truth = summarise(trainer.model, trainer.project.layers, trainer.data)
    results = run.results()
    np.testing.assert_array_equal(results.confusion, truth.confusion)
    np.testing.assert_allclose(results.probabilities, truth.probabilities, rtol=1e-6)
    np.testing.assert_array_equal(results.filters, truth.filters)
    assert results.filter_layer == truth.filter_layer and results.split == truth.split
    assert results.class_names == tuple(trainer.data.class_names) == run.class_names()
    np.testing.assert_allclose(results.examples, truth.examples, atol=1 / 510 + 1e-7)  # 8-bit pictures

    samples = run.samples()
    expected = sample_images(trainer.data)
    np.testing.assert_array_equal(samples.labels, expected.labels)
    np.testing.assert_allclose(samples.images, expected.images, atol=1 / 510 + 1e-7)
    assert samples.mean == tuple(trainer.data.mean) and samples.std == tuple(trainer.data.std)


def test_maps_and_a_new_probe_capture(recorded) -> None:
    folder, trainer, store = recorded
    run = TrainedRun(folder)
    assert run.snapshots().epochs() == store.epochs() == [1, 2]

    snapshot = run.capture_probe(3)  # validation image 3 through the recorded model
    from cnnstudio.training.probes import capture
    from cnnstudio.training.results import probe_input

    image, label = probe_input(trainer.data, trainer.project.input.shape, 3, None)
    truth = capture(trainer.model, image, trainer.project.layers, label=label)
    assert snapshot.label == truth.label
    assert snapshot.activations.keys() == truth.activations.keys()
    for path, maps in truth.activations.items():
        np.testing.assert_allclose(snapshot.activations[path], maps, rtol=1e-5, atol=1e-6)


def test_a_picture_probe_needs_no_dataset(recorded, monkeypatch) -> None:
    folder, _, _ = recorded
    run = TrainedRun(folder)
    monkeypatch.setattr(TrainedRun, "data", lambda self: pytest.fail("the dataset was loaded"))
    picture = np.linspace(0, 1, 20 * 20, dtype=np.float32).reshape(20, 20)
    snapshot = run.capture_probe(0, picture)
    assert snapshot.label == -1 and snapshot.image.shape == (1, 16, 16)


def test_reading_the_folder_imports_no_torch(recorded) -> None:
    """Opening a project lists and shows its runs (curves, maps, results) before torch is loaded."""
    folder, _, _ = recorded
    code = (
        "import sys; from cnnstudio.training.trained_run import TrainedRun as R;"
        f"r = R({str(folder)!r}); r.history(); r.network(); r.results(); r.samples(); r.snapshots();"
        "print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_missing_parts_answer_none_and_damaged_ones_name_the_file(tmp_path, recorded) -> None:
    empty = TrainedRun(tmp_path)
    assert not empty.has_files()
    assert (empty.model(), empty.results(), empty.samples(), empty.network(), empty.history()) == (None,) * 5
    assert len(empty.snapshots()) == 0 and empty.capture_probe(0) is None

    folder, _, _ = recorded
    for name in (RESULTS_FILE, BEST_FILE, NETWORK_FILE):
        broken = tmp_path / name.replace(".", "_")
        broken.mkdir()
        for part in (RESULTS_FILE, BEST_FILE, LAST_FILE, NETWORK_FILE):
            if part != name and (folder / part).exists():
                (broken / part).write_bytes((folder / part).read_bytes())
        (broken / name).write_bytes(b"PK\x03\x04 not really")
        run = TrainedRun(broken)
        with pytest.raises(RunFolderError, match=name.replace(".", r"\.")):
            {RESULTS_FILE: run.results, BEST_FILE: run.model, NETWORK_FILE: run.network}[name]()


def test_an_older_run_without_a_network_file_reads_it_from_its_checkpoint(tmp_path, recorded) -> None:
    folder, trainer, _ = recorded
    (tmp_path / BEST_FILE).write_bytes((folder / BEST_FILE).read_bytes())
    run = TrainedRun(tmp_path)
    assert run.network().layers == trainer.project.layers
    assert run.model() is not None and run.results() is None


def test_the_dataset_is_split_as_the_trainer_split_it(recorded) -> None:
    folder, trainer, _ = recorded
    data = TrainedRun(folder).data()
    torch.testing.assert_close(data.val_x, small_data(trainer.project.dataset).val_x)
