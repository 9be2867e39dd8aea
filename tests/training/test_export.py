"""Export: model.py, state_dict, TorchScript and ONNX give the studio model's outputs, outside the studio.

Truth comes from ``build_model``, the model the studio trains: every exported form must have its parameter
count and, with its weights, its outputs. model.py is imported in a separate Python in which CNN Studio
cannot be imported at all, as on a machine that never had it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from cnnstudio.cli import main
from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape, Project, default_project
from cnnstudio.core.project_file import save
from cnnstudio.core.templates import make_template
from cnnstudio.training.build import build_model
from cnnstudio.training.checkpoint import save_checkpoint
from cnnstudio.training.export import export_project
from cnnstudio.training.export.formats import example_input


def blocks_project() -> Project:
    """Residual blocks with and without a projection, nested blocks, an empty concat branch, and layer
    kinds and fields the other projects lack (tuple sizes, "same" padding, BatchNorm1d, LP pooling)."""
    inner = S.Residual(layers=(S.Conv2d(out_channels=4, kernel_size=3, padding="same"), S.ELU(alpha=0.5)))
    layers = (
        S.Conv2d(out_channels=8, kernel_size=(3, 5), padding=(1, 2), bias=False),
        S.BatchNorm2d(momentum=0.2),
        S.LeakyReLU(negative_slope=0.2),
        S.Residual(layers=(S.Conv2d(out_channels=16, kernel_size=3, stride=2, padding=1), S.BatchNorm2d())),
        S.Residual(layers=(S.Conv2d(out_channels=16, kernel_size=3, padding=1), S.ReLU())),
        S.Concat(
            branches=(
                (S.Conv2d(out_channels=4, kernel_size=1), inner),
                (),
                (S.MaxPool2d(kernel_size=3, stride=1, padding=1, ceil_mode=True),),
                (S.AdaptiveAvgPool2d(output_size=8),),
            )
        ),
        S.Dropout2d(p=0.1),
        S.AvgPool2d(kernel_size=3, stride=1, padding=1, count_include_pad=False),
        S.LPPool2d(kernel_size=2),
        S.AdaptiveMaxPool2d(output_size=(2, 4)),  # ONNX needs sizes that divide the input (4 x 4)
        S.Flatten(),
        S.Linear(out_features=20),
        S.BatchNorm2d(),
        S.GELU(),
        S.Dropout(p=0.3),
        S.Linear(out_features=6),
    )
    return Project(name="Blocks & branches", input=InputShape(3, 16, 16), layers=layers)


def upsampling_project() -> Project:
    """The layers real encoder-decoders and mobile networks add: transposed convolutions (output_padding,
    groups, dilation), nearest and bilinear upsampling by factor and by size, and the newer activations."""
    layers = (
        S.Conv2d(out_channels=8, kernel_size=3, stride=2, padding=1),
        S.Hardswish(),
        S.ConvTranspose2d(out_channels=8, kernel_size=3, stride=2, padding=1, output_padding=1, groups=2),
        S.ReLU6(),
        S.Upsample(scale_factor=2.0),
        S.ConvTranspose2d(out_channels=4, kernel_size=(2, 3), dilation=2, bias=False),
        S.SiLU(),
        S.Upsample(scale_factor=None, size=(8, 8), mode="bilinear"),
        S.Hardsigmoid(),
        S.Identity(),
        S.Flatten(),
        S.Linear(out_features=5),
    )
    return Project(name="Upsampling", input=InputShape(3, 12, 12), layers=layers)


def mobile_project() -> Project:
    """MobileNetV3's and ShuffleNet V2's parts: squeeze-and-excitation gates, channel shuffle, a
    channel-split concat with an empty branch; and custom layers (an expression, a module with weights)."""
    layers = (
        S.Conv2d(out_channels=8, kernel_size=3, padding=1),
        S.SqueezeExcitation(squeeze_channels=2, activation="silu", scale_activation="hardsigmoid"),
        S.ChannelShuffle(groups=4),
        S.Concat(
            branches=((), (S.Conv2d(out_channels=4, kernel_size=1), S.BatchNorm2d(), S.ReLU())), split=True
        ),
        S.SqueezeExcitation(squeeze_channels=3),
        S.Custom(source="torch.cumsum(x, dim=1)", input_shape=(8, 8, 8), output_shape=(8, 8, 8)),
        S.Custom(source="nn.GroupNorm(2, 8)", input_shape=(8, 8, 8), output_shape=(8, 8, 8), params=16),
        S.AdaptiveAvgPool2d(output_size=1),
        S.Flatten(),
        S.Linear(out_features=4),
    )
    return Project(name="Mobile parts", input=InputShape(3, 8, 8), layers=layers)


PROJECTS = {
    "default": default_project,
    "lenet5": lambda: make_template("lenet5"),
    "blocks": blocks_project,
    "upsampling": upsampling_project,
    "mobile": mobile_project,
}


def trained_looking(project: Project, seed: int = 1) -> torch.nn.Module:
    """The studio model with moved weights and BatchNorm statistics, so that a mismatch cannot hide."""
    torch.manual_seed(seed)
    model = build_model(project)
    with torch.no_grad():
        for name, tensor in model.state_dict().items():
            if "running_var" in name:
                tensor.copy_(torch.rand_like(tensor) + 0.5)
            elif tensor.is_floating_point():
                tensor.add_(0.1 * torch.randn_like(tensor))
    return model.eval()


# Run by a fresh Python with `-I` (no PYTHONPATH, no current folder) in which `import cnnstudio` fails.
CHECK_MODEL_PY = """
import json, sys
sys.modules["cnnstudio"] = None  # any import of CNN Studio now raises ImportError
sys.path.insert(0, sys.argv[1])
import torch
import model
net = model.Model()
net.load_state_dict(torch.load("studio.pt", weights_only=True))
net.eval()
with torch.no_grad():
    torch.save(net(torch.load("x.pt", weights_only=True)), "y.pt")
print(json.dumps({"params": sum(p.numel() for p in net.parameters()), "keys": sorted(net.state_dict())}))
"""


@pytest.mark.parametrize("name", list(PROJECTS))
def test_model_py_runs_without_cnnstudio_and_matches_the_studio_model(name: str, tmp_path: Path) -> None:
    project = PROJECTS[name]()
    studio = trained_looking(project)
    x = example_input(project, batch=3)
    with torch.no_grad():
        expected = studio(x)
    torch.save(studio.state_dict(), tmp_path / "studio.pt")
    torch.save(x, tmp_path / "x.pt")
    (written,) = export_project(project, "pytorch", tmp_path / "model.py")
    assert written == tmp_path / "model.py"
    result = subprocess.run(
        [sys.executable, "-I", "-c", CHECK_MODEL_PY, str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["params"] == sum(p.numel() for p in studio.parameters()) == project.report.total_params
    assert len(report["keys"]) == len(studio.state_dict())
    assert not any(key[0].isdigit() for key in report["keys"])  # its own, readable names
    got = torch.load(tmp_path / "y.pt", weights_only=True)
    assert (got - expected).abs().max().item() < 1e-6


def test_model_py_reads_like_hand_written_pytorch(tmp_path: Path) -> None:
    (path,) = export_project(make_template("lenet5"), "pytorch", tmp_path)
    source = path.read_text(encoding="utf-8")
    assert "cnnstudio" not in source.replace("CNN Studio", "")
    assert "class LeNet5(nn.Module):" in source
    assert "self.conv1 = nn.Conv2d(1, 6, kernel_size=5)  # 6 x 28 x 28" in source
    assert "x = self.fc3(x)  # 10" in source
    assert "self.pool1 = nn.AvgPool2d(2, stride=2)  # 6 x 14 x 14" in source
    compile(source, str(path), "exec")


def test_blocks_read_as_residual_and_concat_code(tmp_path: Path) -> None:
    (path,) = export_project(blocks_project(), "pytorch", tmp_path / "m.py")
    source = path.read_text(encoding="utf-8")
    assert "x = x + self.res1_shortcut(res1_in)  # 16 x 8 x 8" in source
    assert "x = x + res2_in  # 16 x 8 x 8" in source
    assert "concat_branch2 = x" in source
    assert "torch.cat([concat_branch1, concat_branch2, concat_branch3, concat_branch4], dim=1)" in source
    assert "nn.BatchNorm1d(20)" in source and 'padding="same"' in source


@pytest.mark.parametrize("make", [blocks_project, upsampling_project, mobile_project])
def test_state_dict_and_torchscript_give_the_studio_outputs(make, tmp_path: Path) -> None:
    project = make()
    studio = trained_looking(project)
    checkpoint = save_checkpoint(tmp_path / "best.pt", {"kind": "model", "model": studio.state_dict()})
    x = example_input(project, batch=4)
    with torch.no_grad():
        expected = studio(x)
    (ts_path,) = export_project(project, "torchscript", tmp_path / "net.pt", checkpoint)
    scripted = torch.jit.load(str(ts_path)).eval()
    with torch.no_grad():
        assert (scripted(x) - expected).abs().max().item() < 1e-6
    (sd_path,) = export_project(project, "state_dict", tmp_path, checkpoint)
    assert sd_path.name == "weights.pt"
    state = torch.load(sd_path, weights_only=True)
    assert sum(t.numel() for k, t in state.items() if "running" not in k and "num_batches" not in k) == (
        project.report.total_params
    )
    assert "conv.weight" in state
    assert {"res1_shortcut.0.weight", "deconv1.weight", "se1_fc1.weight"} & state.keys()


@pytest.mark.parametrize("make", [blocks_project, upsampling_project, mobile_project])
def test_onnx_passes_the_checker_and_runs_like_torch(make, tmp_path: Path) -> None:
    onnx = pytest.importorskip("onnx")
    project = make()
    studio = trained_looking(project)
    checkpoint = save_checkpoint(tmp_path / "best.pt", {"kind": "model", "model": studio.state_dict()})
    (path,) = export_project(project, "onnx", tmp_path, checkpoint)
    onnx.checker.check_model(str(path), full_check=True)
    ort = pytest.importorskip("onnxruntime")
    x = example_input(project, batch=5)  # another batch size than the export's example
    with torch.no_grad():
        expected = studio(x).numpy()
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (got,) = session.run(None, {"input": x.numpy()})
    assert abs(got - expected).max() < 1e-4


def test_checkpoint_weights_and_data_facts_reach_model_py(tmp_path: Path) -> None:
    project = default_project()
    studio = trained_looking(project, seed=3)
    checkpoint = save_checkpoint(
        tmp_path / "best.pt",
        {"kind": "model", "model": studio.state_dict(), "epoch": 2, "class_names": ["a", "b", "c", "d", "e", "f"],
         "mean": [0.5, 0.4, 0.3], "std": [0.2, 0.2, 0.25]},
    )  # fmt: skip
    code, weights = export_project(project, "pytorch", tmp_path / "out" / "model.py", checkpoint)
    source = code.read_text(encoding="utf-8")
    assert 'CLASS_NAMES = ("a", "b", "c", "d", "e", "f")' in source and "MEAN = (0.5, 0.4, 0.3)" in source
    namespace: dict = {}
    exec(compile(source, str(code), "exec"), namespace)
    net = namespace["Model"]()
    net.load_state_dict(torch.load(weights, weights_only=True))
    x = example_input(project)
    with torch.no_grad():
        assert (net.eval()(x) - studio(x)).abs().max().item() < 1e-6


def test_without_a_checkpoint_the_weights_are_the_seeded_start(tmp_path: Path) -> None:
    project = default_project()
    first = torch.load(export_project(project, "state_dict", tmp_path / "a.pt")[0], weights_only=True)
    second = torch.load(export_project(project, "state_dict", tmp_path / "b.pt")[0], weights_only=True)
    assert first.keys() == second.keys() and all(torch.equal(first[k], second[k]) for k in first)
    torch.manual_seed(project.training["seed"])  # as the engine starts a run
    start = build_model(project).state_dict()
    assert torch.equal(first["conv1.weight"], start["0.weight"]) and torch.equal(
        first["fc2.bias"], start["11.bias"]
    )


# -- the command line -----------------------------------------------------------------------------------------
def _project_file(tmp_path: Path, project: Project | None = None, name: str = "net.cnnproj.json") -> str:
    path = tmp_path / name
    save(project or make_template("lenet5"), path)
    return str(path)


def _export(capsys, *args: str) -> tuple[int, str, str]:
    status = main(["export", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_writes_each_format_into_a_folder_beside_the_project(tmp_path: Path, capsys) -> None:
    file = _project_file(tmp_path)
    for fmt, name in (("pytorch", "model.py"), ("state_dict", "weights.pt"), ("onnx", "model.onnx")):
        status, out, err = _export(capsys, file, "--format", fmt)
        assert status == 0, err
        assert out.splitlines() == [str(tmp_path / "net_export" / name)]
    status, out, _ = _export(capsys, file, "--format", "torchscript", "-o", str(tmp_path / "ts.pt"))
    assert status == 0 and (tmp_path / "ts.pt").is_file()
    assert torch.jit.load(str(tmp_path / "ts.pt"))(torch.zeros(1, 1, 32, 32)).shape == (1, 10)


def test_cli_unreadable_project_exits_1_with_one_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.cnnproj.json"
    bad.write_text("{not json", encoding="utf-8")
    status, out, err = _export(capsys, str(bad), "--format", "pytorch")
    assert status == 1 and out == ""
    assert err.startswith("cnnstudio: ") and err.count("\n") == 1 and str(bad) in err


def test_onnx_without_the_onnx_package_says_how_to_get_it(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "onnx", None)  # as if it were not installed
    status, out, err = _export(capsys, _project_file(tmp_path), "--format", "onnx")
    assert status == 1 and out == "" and err.count("\n") == 1
    assert "pip install onnx" in err and "Traceback" not in err


def test_cli_invalid_network_exits_2_like_summary(tmp_path: Path, capsys) -> None:
    layers = (S.Conv2d(out_channels=4, kernel_size=3), S.MaxPool2d(kernel_size=64), S.Flatten())
    file = _project_file(tmp_path, Project(name="bad", input=InputShape(1, 16, 16), layers=layers))
    status, out, err = _export(capsys, file, "--format", "onnx", "-o", str(tmp_path / "m.onnx"))
    assert status == 2 and out == "" and not (tmp_path / "m.onnx").exists()
    assert err.startswith(f"cnnstudio: {file}: layers[1] (maxpool2d): ") and err.count("\n") == 1
    assert main(["summary", file]) == 2
    assert capsys.readouterr().err == err  # the same words as `cnnstudio summary`


@pytest.mark.parametrize("problem", ["missing", "damaged", "other network"])
def test_cli_bad_checkpoint_exits_1(problem: str, tmp_path: Path, capsys) -> None:
    file = _project_file(tmp_path)
    checkpoint = tmp_path / "best.pt"
    if problem == "damaged":
        checkpoint.write_bytes(b"not a checkpoint")
    elif problem == "other network":
        save_checkpoint(checkpoint, {"kind": "model", "model": build_model(default_project()).state_dict()})
    status, out, err = _export(capsys, file, "--format", "state_dict", "--checkpoint", str(checkpoint))
    assert status == 1 and out == ""
    assert err.startswith(f"cnnstudio: {checkpoint}") and err.count("\n") == 1
    assert not (tmp_path / "net_export" / "weights.pt").exists()


def test_a_layer_onnx_cannot_express_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    layers = (S.Conv2d(out_channels=4, kernel_size=3), S.AdaptiveAvgPool2d(output_size=5), S.Flatten())
    file = _project_file(tmp_path, Project(name="odd", input=InputShape(1, 16, 16), layers=layers))
    status, out, err = _export(capsys, file, "--format", "onnx", "-o", str(tmp_path / "m.onnx"))
    assert status == 1 and out == "" and not (tmp_path / "m.onnx").exists()
    assert (
        err.startswith(f"cnnstudio: {file}: the network cannot be written as ONNX: ") and err.count("\n") == 1
    )
    assert "adaptive_avg_pool2d" in err
