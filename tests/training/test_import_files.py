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
from cnnstudio.core.project import InputShape, Project
from cnnstudio.core.templates import TEMPLATES
from cnnstudio.training.export.formats import studio_weights
from cnnstudio.training.importers.from_onnx import onnx_source
from cnnstudio.training.importers.from_torchscript import torchscript_source
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


def round_trip(project: Project, fmt: str, folder: Path) -> torch.nn.Module | None:
    """Export, import, compare; the imported run's model where weights travel (None for model.py)."""
    source = _export(project, fmt, folder)
    back = folder / "back.cnnproj.json"
    shape = ",".join(str(v) for v in project.input.shape)
    extra = ["--input", shape] if fmt == "pytorch" else []  # the files say it themselves
    assert main(["import", source, *extra, "-o", str(back)]) == 0
    imported = files.load(back)
    diff = diff_networks(project, imported)
    assert diff.equal, diff_text(diff)
    if fmt == "pytorch":
        return None  # model.py holds no weights; tests/training/test_import.py checks its forward pass
    # the file records the project: its name, dataset and training settings come back with the layers
    assert (imported.name, imported.dataset, imported.training) == (
        project.name,
        project.dataset,
        project.training,
    )
    (record,) = imported.runs
    model = TrainedRun(record["folder"]).model()
    assert model is not None
    exported = studio_weights(project).model.state_dict()  # what export wrote: the seed's fresh weights
    assert all(torch.equal(exported[k], v) for k, v in model.state_dict().items())
    x = torch.randn((2, *project.input.shape), generator=torch.Generator().manual_seed(5))
    with torch.no_grad():
        got = model.eval()(x)
    expected = _file_output(fmt, Path(source), x)
    # onnxruntime sums in another order than torch: float32 rounding, relative to outputs of up to ~200
    assert float((got - expected).abs().max()) < 1e-5 * max(1.0, float(expected.abs().max()))
    return model


@pytest.mark.parametrize("fmt", ["pytorch", "torchscript", "onnx"])
@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_template_round_trips_through_its_export(name: str, fmt: str, tmp_path: Path) -> None:
    round_trip(narrowed(TEMPLATES[name].make()), fmt, tmp_path)


def every_kind_of_layer() -> Project:
    """A small network with every layer the imports map (none of the templates has the newer ones)."""
    branch = (S.Conv2d(out_channels=4, kernel_size=1), S.BatchNorm2d(eps=1e-3, momentum=0.05), S.ReLU6())
    layers = (
        S.Conv2d(out_channels=8, kernel_size=3, padding=(1, 2), stride=(1, 2), dilation=(1, 2), bias=False),
        S.BatchNorm2d(), S.LeakyReLU(negative_slope=0.2),
        S.ConvTranspose2d(out_channels=6, kernel_size=3, stride=2, padding=1, output_padding=1, groups=2),
        S.Hardswish(), S.Upsample(scale_factor=2.0, mode="nearest"), S.MaxPool2d(kernel_size=3, stride=2, padding=1, ceil_mode=True),
        S.Residual(layers=(S.Conv2d(out_channels=6, kernel_size=3, padding=1, groups=3), S.ELU(alpha=0.5))),
        S.Concat(branches=(branch, (S.AvgPool2d(kernel_size=3, stride=1, padding=1, count_include_pad=False),))),
        S.Upsample(size=(20, 24), scale_factor=None, mode="bilinear"), S.Hardsigmoid(), S.Dropout2d(p=0.25),
        S.AvgPool2d(kernel_size=2), S.SiLU(), S.Sigmoid(), S.Tanh(), S.AdaptiveMaxPool2d(output_size=1),
        S.Flatten(), S.Linear(out_features=12, bias=False), S.Dropout(p=0.3), S.Linear(out_features=6),
    )  # fmt: skip
    return Project(name="Every kind", input=InputShape(2, 16, 12), layers=layers)


@pytest.mark.parametrize("fmt", ["pytorch", "torchscript", "onnx"])
def test_every_kind_of_layer_round_trips_with_its_settings(fmt: str, tmp_path: Path) -> None:
    round_trip(every_kind_of_layer(), fmt, tmp_path)


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


def _scripted(module: torch.nn.Module, path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        torch.jit.save(torch.jit.script(module), str(path))


class Scaled(torch.nn.Module):
    """Reads a tensor in forward, outside any layer: what no import can make a layer of."""

    def __init__(self) -> None:
        super().__init__()
        self.scale = torch.nn.Parameter(torch.ones(1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.scale


class Cumulative(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 2, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cumsum(self.conv(x), dim=1).clamp(0.0, 1.0) * 2.0


def test_a_scripted_part_without_a_layer_is_named(tmp_path: Path, capsys) -> None:
    _scripted(Scaled(), tmp_path / "scaled.pt")
    out = tmp_path / "o.cnnproj.json"
    assert main(["import", str(tmp_path / "scaled.pt"), "--input", "1,8,8", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "scale" in err and len(err.strip().splitlines()) == 1 and not out.exists()


def test_scripted_torch_calls_become_the_same_calls(tmp_path: Path) -> None:
    """aten::cumsum, clamp and mul as torch.cumsum(x, 1), torch.clamp(x, 0.0, 1.0)...: the rebuilt module
    computes what the file does (they import as custom layers where the studio has them)."""
    _scripted(Cumulative(), tmp_path / "c.pt")
    source = torchscript_source(tmp_path / "c.pt", (1, 8, 8))
    calls = [n.target for n in source.module.graph.nodes if n.op == "call_function"]
    assert calls == [torch.cumsum, torch.clamp, torch.mul]
    x = torch.randn(2, 1, 8, 8)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        assert torch.equal(source.module(x), torch.jit.load(str(tmp_path / "c.pt"))(x))


def _tiny_onnx(path: Path, op: str = "Hardmax") -> None:
    """A stored 1x1 convolution followed by ``op``: a file another tool could have written."""
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper

    weight = numpy_helper.from_array(torch.ones(2, 1, 1, 1).numpy(), "w")
    nodes = [
        helper.make_node("Conv", ["x", "w"], ["c"], name="conv", kernel_shape=[1, 1]),
        helper.make_node(op, ["c"], ["y"], name="mystery"),
    ]
    graph = helper.make_graph(
        nodes, "tiny", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 1, 4, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", 2, 4, 4])], [weight],
    )  # fmt: skip
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))


def test_an_onnx_operator_without_a_layer_is_named_with_its_node(tmp_path: Path, capsys) -> None:
    _tiny_onnx(tmp_path / "odd.onnx")
    out = tmp_path / "o.cnnproj.json"
    assert main(["import", str(tmp_path / "odd.onnx"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Hardmax" in err and "mystery" in err
    assert len(err.strip().splitlines()) == 1 and not out.exists()


def test_onnx_operators_without_a_layer_are_read_as_the_same_torch_calls(tmp_path: Path) -> None:
    """Erf, then a multiplication by a stored 2: torch.erf(x), torch.mul(x, 2.0), computing what onnxruntime
    computes (onnx_source checks the rebuilt module against it); the import keeps them as custom layers
    where the studio has them, else names them."""
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper

    nodes = [
        helper.make_node("Erf", ["x"], ["e"], name="erf"),
        helper.make_node("Mul", ["e", "two"], ["y"], name="double"),
    ]
    info = [helper.make_tensor_value_info(n, TensorProto.FLOAT, ["n", 2, 3, 3]) for n in ("x", "y")]
    two = numpy_helper.from_array(torch.tensor(2.0).numpy(), "two")
    graph = helper.make_graph(nodes, "calls", info[:1], info[1:], [two])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(tmp_path / "c.onnx"))
    source = onnx_source(tmp_path / "c.onnx")
    calls = [(n.target, n.args[1:]) for n in source.module.graph.nodes if n.op == "call_function"]
    assert calls == [(torch.erf, ()), (torch.mul, (2.0,))]
    x = torch.randn(2, 2, 3, 3)
    assert torch.allclose(source.module(x), torch.erf(x) * 2)


def test_someone_elses_onnx_file_imports_with_its_size_and_weights(tmp_path: Path) -> None:
    _tiny_onnx(tmp_path / "tiny.onnx", op="Relu")
    out = tmp_path / "t.cnnproj.json"
    assert main(["import", str(tmp_path / "tiny.onnx"), "-o", str(out)]) == 0
    project = files.load(out)
    assert project.input.shape == (1, 4, 4)  # from the graph's input; the batch axis is symbolic
    assert [layer.type for layer in project.layers] == ["conv2d", "relu"]
    assert project.layers[0] == S.Conv2d(out_channels=2, kernel_size=1, bias=False)
    model = TrainedRun(project.runs[0]["folder"]).model()
    assert torch.equal(model.state_dict()["0.weight"], torch.ones(2, 1, 1, 1))


@pytest.mark.parametrize(
    "content, reason",
    [(b"\x08\x07\x12\x07pytorch\x1a", "truncated"), (b"name,value\n1,2\n", "a CSV file"), (b"", "empty")],
)
def test_a_file_that_is_not_onnx_is_named_in_one_line(
    content: bytes, reason: str, tmp_path: Path, capsys
) -> None:
    bad = tmp_path / "broken.onnx"
    if reason == "truncated":
        _tiny_onnx(bad, op="Relu")
        content = bad.read_bytes()[: len(bad.read_bytes()) // 2]
    bad.write_bytes(content)
    out = tmp_path / "o.cnnproj.json"
    assert main(["import", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "not an ONNX model" in err and str(bad) in err, reason
    assert len(err.strip().splitlines()) == 1 and not out.exists()


def test_someone_elses_onnx_resnet_imports_with_its_parameters_and_outputs(tmp_path: Path) -> None:
    """torchvision's resnet18 written by torch.onnx.export (no studio record): BatchNorm kept, it imports with
    torchvision's parameter count; folded into the convolutions (torch's default), it imports as convolutions
    with biases, its projection shortcuts given back a BatchNorm that changes nothing."""
    pytest.importorskip("onnx")
    torch.manual_seed(0)
    original = torchvision.models.resnet18(num_classes=10).eval()
    x = torch.randn((2, 3, 64, 64), generator=torch.Generator().manual_seed(3))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            original,
            (x,),
            str(tmp_path / "kept.onnx"),
            dynamo=False,
            training=torch.onnx.TrainingMode.PRESERVE,
        )
        torch.onnx.export(original, (x,), str(tmp_path / "folded.onnx"), dynamo=False)
    out = tmp_path / "r.cnnproj.json"
    assert main(["import", str(tmp_path / "kept.onnx"), "-o", str(out)]) == 0
    project = files.load(out)
    assert project.input.shape == (3, 64, 64)
    assert project.report.total_params == sum(p.numel() for p in original.parameters())
    assert sum(isinstance(layer, S.Residual) for layer in project.layers) == 8
    model = TrainedRun(project.runs[0]["folder"]).model()
    with torch.no_grad():
        assert float((model.eval()(x) - original(x)).abs().max()) < 1e-5
    folded = tmp_path / "f.cnnproj.json"
    assert main(["import", str(tmp_path / "folded.onnx"), "-o", str(folded)]) == 0
    project = files.load(folded)
    blocks = [layer for layer in project.layers if isinstance(layer, S.Residual)]
    assert len(blocks) == 8 and all(not isinstance(s, S.BatchNorm2d) for b in blocks for s in b.layers)
    # folding: each BatchNorm's C scales and C shifts became a C-value conv bias; unfolding the three
    # projections: their conv bias became a BatchNorm's shift, plus its C scales
    folded = sum(m.num_features for m in original.modules() if isinstance(m, torch.nn.BatchNorm2d))
    expected = sum(p.numel() for p in original.parameters()) - folded + (128 + 256 + 512)
    assert project.report.total_params == expected
    model = TrainedRun(project.runs[0]["folder"]).model()
    with torch.no_grad():
        assert float((model.eval()(x) - original(x)).abs().max()) < 1e-4
