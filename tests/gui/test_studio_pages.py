"""The pages working together in the real window: the Teach page reads the trained model and snapshots
of the Train page, and File > Export writes the project as plain PyTorch with the trained weights."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import torch


def train_once(qtbot, studio) -> None:
    page = studio.training
    with qtbot.waitSignal(page.run_finished, timeout=60_000):
        studio.start_action.trigger()
    qtbot.waitUntil(lambda: not page.controller.is_running())


def test_teach_page_is_built_on_first_show_and_uses_the_trained_model(studio, qtbot) -> None:
    teach = studio.teaching
    assert teach.content is None  # nothing built (no torch) until the tab is opened
    train_once(qtbot, studio)
    studio.tabs.setCurrentWidget(teach)
    assert teach.content is not None
    page = studio.training
    model = page.trained_model()  # the run's best weights, from its folder (it trained in another process)
    assert model is not None and page.trained_model() is model  # read once
    from cnnstudio.training.checkpoint import load_checkpoint

    saved = load_checkpoint(page.run_folder / "best.pt")["model"]
    assert all(torch.equal(saved[name], value) for name, value in model.state_dict().items())
    images, labels, names, to_input = page.samples()
    assert images.shape[1:] == (3, 16, 16) and len(names) == 3 and len(labels) == len(images)
    assert to_input(images[0]).shape == (3, 16, 16)
    snapshot = page.shown_snapshot()
    assert snapshot is not None and (0,) in snapshot.activations
    teach.refresh()  # the hook the Train page calls after a run: must not raise with real sources


def test_export_model_py_with_the_trained_weights(studio, qtbot, tmp_path, message_boxes) -> None:
    train_once(qtbot, studio)
    checkpoint = studio.training.best_checkpoint()
    assert checkpoint is not None and checkpoint.name == "best.pt"
    out = tmp_path / "exported" / "model.py"
    written = studio.exports.export("pytorch", str(out))
    assert out in written and (out.parent / "weights.pt") in written
    assert message_boxes.titles() == ["Exported"]
    # the exported file runs without cnnstudio and gives the studio model's outputs
    model = studio.training.trained_model().eval()

    x = torch.randn(2, 3, 16, 16)
    expected = model(x.contiguous()).detach().numpy()
    np.save(tmp_path / "x.npy", x.numpy())
    code = (
        "import sys, numpy as np, torch; sys.path = [p for p in sys.path if 'work/main' not in p];"
        "sys.path.insert(0, sys.argv[1]); import model as m; net = m.build() if hasattr(m, 'build') else None;"
        "cls = [v for v in vars(m).values() if isinstance(v, type) and issubclass(v, torch.nn.Module)][0];"
        "net = cls(); net.load_state_dict(torch.load(sys.argv[1] + '/weights.pt')); net.eval();"
        "print(repr(net(torch.from_numpy(np.load(sys.argv[2]))).detach().numpy().tolist()))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(out.parent), str(tmp_path / "x.npy")],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    np.testing.assert_allclose(np.array(eval(run.stdout)), expected, atol=1e-5)


def test_export_of_an_invalid_network_is_refused(studio, message_boxes, tmp_path) -> None:
    studio.document.set_field((0,), "kernel_size", 40)
    assert studio.exports.export("onnx", str(tmp_path / "m.onnx")) == []
    assert message_boxes.titles() == ["Export"]
    assert "layers[0] (conv2d)" in message_boxes.shown[0][2]  # says where and why, not just "fix it"
    assert not (tmp_path / "m.onnx").exists()
