"""Importing TorchScript and ONNX files, and the round trip: every template exported by the program (PyTorch
code, TorchScript, ONNX) and imported back is the same project, and its imported weights compute what the
exported file computes (checked with torch.jit.load and onnxruntime, not with the importer's own check).

The templates are narrowed (every width divided by 8) so that the whole round trip of all of them takes
seconds: the layer types, kernels, strides, paddings, groups and blocks, which are what the import
recovers, stay as the template has them; the full-width templates run once in the slow test at the end.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
import torch
import torchvision

from cnnstudio.cli import main
from cnnstudio.core import project_file as files
from cnnstudio.core import specs as S
from cnnstudio.core.network_diff import diff_networks, diff_text
from cnnstudio.core.project import Project
from cnnstudio.core.templates import TEMPLATES
from cnnstudio.training.trained_run import TrainedRun

NARROWER = 8
SUFFIX = {"pytorch": ".py", "torchscript": ".pt", "onnx": ".onnx"}


def _narrow_layer(spec: S.LayerSpec) -> S.LayerSpec:
    if spec.is_block:
        return spec.with_child_lists([[_narrow_layer(c) for c in lst] for lst in spec.child_lists()])
    if isinstance(spec, (S.Conv2d, S.ConvTranspose2d)):
        if spec.groups == spec.out_channels and spec.groups > 1:  # depthwise stays depthwise
            channels = spec.out_channels // NARROWER
            return spec.replace(out_channels=channels, groups=channels)
        return spec.replace(out_channels=max(spec.groups, spec.out_channels // NARROWER))
    if isinstance(spec, S.Linear):
        return spec.replace(out_features=max(2, spec.out_features // NARROWER))
    return spec


def narrowed(project: Project) -> Project:
    """The template with every width divided by ``NARROWER`` (its groups kept, or as many as its channels)."""
    narrow = project.replace(layers=tuple(_narrow_layer(layer) for layer in project.layers))
    assert narrow.report.valid, narrow.report
    return narrow


def _export(project: Project, fmt: str, folder: Path) -> str:
    """Export ``project`` with the CLI; the import source that names the written file."""
    files.save(project, folder / "p.cnnproj.json")
    target = folder / f"m{SUFFIX[fmt]}"
    assert main(["export", str(folder / "p.cnnproj.json"), "--format", fmt, "-o", str(target)]) == 0
    if fmt != "pytorch":
        return str(target)
    (cls,) = re.findall(r"^class (\w+)\(nn\.Module", target.read_text(), re.M)
    return f"{target}:{cls}"


def _file_output(fmt: str, path: Path, x: torch.Tensor) -> torch.Tensor:
    """What the exported file computes, by the file's own runtime."""
    if fmt == "torchscript":
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # torch.jit.load "is deprecated"
            return torch.jit.load(str(path)).eval()(x)
    ort = pytest.importorskip("onnxruntime")
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return torch.from_numpy(session.run(None, {session.get_inputs()[0].name: x.numpy()})[0])


def round_trip(project: Project, fmt: str, folder: Path) -> None:
    source = _export(project, fmt, folder)
    back = folder / "back.cnnproj.json"
    shape = ",".join(str(v) for v in project.input.shape)
    extra = ["--input", shape] if fmt == "pytorch" else []  # the files say it themselves
    assert main(["import", source, *extra, "-o", str(back)]) == 0
    imported = files.load(back)
    diff = diff_networks(project, imported)
    assert diff.equal, diff_text(diff)
    if fmt == "pytorch":
        return  # model.py holds no weights; tests/training/test_import.py checks its forward pass
    (record,) = imported.runs
    model = TrainedRun(record["folder"]).model()
    assert model is not None
    x = torch.randn((2, *project.input.shape), generator=torch.Generator().manual_seed(5))
    with torch.no_grad():
        got = model.eval()(x)
    expected = _file_output(fmt, Path(source), x)
    assert float((got - expected).abs().max()) < 1e-5


@pytest.mark.parametrize("fmt", ["pytorch", "torchscript"])
@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_template_round_trips_through_its_export(name: str, fmt: str, tmp_path: Path) -> None:
    round_trip(narrowed(TEMPLATES[name].make()), fmt, tmp_path)


def test_a_file_that_is_not_torchscript_is_named_in_one_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "weights.pt"
    torch.save({"0.weight": torch.zeros(2)}, bad)  # a state_dict: weights without a network
    out = tmp_path / "o.cnnproj.json"
    assert main(["import", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "not a TorchScript file" in err and str(bad) in err
    assert len(err.strip().splitlines()) == 1 and not out.exists()


def test_someone_elses_torchscript_imports_with_its_weights_and_blocks(tmp_path: Path) -> None:
    """torchvision's resnet18 scripted (no studio metadata): the image size comes from --input."""
    torch.manual_seed(0)
    original = torchvision.models.resnet18(num_classes=10).eval()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        torch.jit.save(torch.jit.script(original), str(tmp_path / "resnet.pt"))
    out = tmp_path / "r.cnnproj.json"
    assert main(["import", str(tmp_path / "resnet.pt"), "--input", "3,64,64", "-o", str(out)]) == 0
    project = files.load(out)
    assert project.report.total_params == sum(p.numel() for p in original.parameters())
    assert sum(isinstance(layer, S.Residual) for layer in project.layers) == 8
    model = TrainedRun(project.runs[0]["folder"]).model()
    x = torch.randn((2, 3, 64, 64), generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        assert float((model.eval()(x) - original(x)).abs().max()) < 1e-5


def test_a_scripted_operation_without_a_layer_is_named(tmp_path: Path, capsys) -> None:
    class Odd(torch.nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return torch.cumsum(x, dim=1)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        torch.jit.save(torch.jit.script(Odd()), str(tmp_path / "odd.pt"))
    out = tmp_path / "o.cnnproj.json"
    assert main(["import", str(tmp_path / "odd.pt"), "--input", "1,8,8", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "cumsum" in err and len(err.strip().splitlines()) == 1 and not out.exists()
