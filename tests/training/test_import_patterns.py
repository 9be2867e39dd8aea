"""Files that do not record a project (written by torch.jit and torch.onnx from torchvision's or a person's
model): squeeze-and-excitation gates and ShuffleNet's channel shuffle and split are recognised in their
TorchScript code and ONNX graphs, and the imported model computes what the original torch module computes.
What is not recognised is refused with the node, its operator and what the program can represent.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest
import torch
import torchvision
from torch import nn

from cnnstudio.cli import main
from cnnstudio.core import project_file as files
from cnnstudio.core import specs as S
from cnnstudio.core.project import Project
from cnnstudio.training.trained_run import TrainedRun


class SEBlock(nn.Module):
    """Hu et al.'s squeeze-and-excitation as their code writes it: Linear layers, view, expand_as."""

    def __init__(self, channels: int, reduction: int = 4) -> None:
        super().__init__()
        self.avg_pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Sequential(
            nn.Linear(channels, channels // reduction), nn.ReLU(inplace=True),
            nn.Linear(channels // reduction, channels), nn.Sigmoid(),
        )  # fmt: skip

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, c, _, _ = x.size()
        y = self.avg_pool(x).view(b, c)
        y = self.fc(y).view(b, c, 1, 1)
        return x * y.expand_as(x)


def shuffle(x: torch.Tensor, groups: int) -> torch.Tensor:
    n, c, h, w = x.size()
    return x.reshape(n, groups, c // groups, h, w).transpose(1, 2).reshape(n, c, h, w)


class HandWritten(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.se = SEBlock(8)
        self.grouped = nn.Conv2d(8, 8, 1, groups=2)
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 4))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(shuffle(self.grouped(self.se(torch.relu(self.conv(x)))), 2))


class Gated(nn.Module):
    """``y * tanh(y)``: a product that is not a squeeze-and-excitation gate."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.conv(x)
        return y * torch.tanh(y)


def _write(module: nn.Module, fmt: str, path: Path, x: torch.Tensor) -> None:
    """The file torch itself writes: ``torch.jit.save`` of a script, ``torch.onnx.export`` (static batch, or
    a symbolic one as the studio exports; BatchNorm kept, as test_import_files checks folded files)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if fmt == "torchscript":
            torch.jit.save(torch.jit.script(module.eval()), str(path))
        else:
            dynamic = {"dynamic_axes": {"x": {0: "n"}}, "input_names": ["x"]} if fmt == "onnx-dynamic" else {}
            kept = torch.onnx.TrainingMode.PRESERVE
            torch.onnx.export(module.eval(), (x,), str(path), dynamo=False, training=kept, **dynamic)


def imported(
    module: nn.Module, fmt: str, folder: Path, shape: tuple[int, int, int]
) -> tuple[Project, nn.Module]:
    if fmt.startswith("onnx"):
        pytest.importorskip("onnx")
    x = torch.randn((2, *shape), generator=torch.Generator().manual_seed(1))
    path = folder / ("m.pt" if fmt == "torchscript" else "m.onnx")
    _write(module, fmt, path, x)
    out = folder / "m.cnnproj.json"
    assert main(["import", str(path), "--input", ",".join(map(str, shape)), "-o", str(out)]) == 0
    project = files.load(out)
    model = TrainedRun(project.runs[0]["folder"]).model()
    assert model is not None
    # independent truth: the original torch module on the same input
    with torch.no_grad():
        assert float((model.eval()(x) - module.eval()(x)).abs().max()) < 1e-5
    assert project.report.total_params == sum(p.numel() for p in module.parameters())
    path.unlink()  # a network file and its weights are megabytes: the disk is shared
    shutil.rmtree(project.runs[0]["folder"])
    return project, model


@pytest.mark.parametrize("fmt", ["torchscript", "onnx", "onnx-dynamic"])
def test_a_hand_written_se_block_and_shuffle_import_as_studio_layers(fmt: str, tmp_path: Path) -> None:
    torch.manual_seed(0)
    project, _ = imported(HandWritten(), fmt, tmp_path, (3, 12, 12))
    assert [layer.type for layer in project.layers] == [
        "conv2d", "relu", "squeezeexcitation", "conv2d", "channelshuffle", "adaptiveavgpool2d", "flatten",
        "linear",
    ]  # fmt: skip
    se, shuffled = project.layers[2], project.layers[4]
    assert se == S.SqueezeExcitation(squeeze_channels=2, activation="relu", scale_activation="sigmoid")
    assert shuffled == S.ChannelShuffle(groups=2)


def _torchvision(name: str, fmt: str, folder: Path) -> tuple[nn.Module, list[S.LayerSpec]]:
    """torchvision's model written by torch, imported; the original and every imported layer, blocks opened."""
    torch.manual_seed(0)
    kwargs = {"aux_logits": False, "init_weights": False} if name == "googlenet" else {}
    original = torchvision.models.get_model(name, num_classes=10, **kwargs)
    project, _ = imported(original, fmt, folder, (3, 32, 32))
    return original, [child for layer in project.layers for child in _flat(layer)]


@pytest.mark.parametrize("fmt", ["torchscript", "onnx"])
def test_torchvisions_shufflenet_written_by_torch_imports_with_its_shuffles_and_splits(
    fmt: str, tmp_path: Path
) -> None:
    original, layers = _torchvision("shufflenet_v2_x0_5", fmt, tmp_path)
    units = sum(len(stage) for stage in (original.stage2, original.stage3, original.stage4))
    assert sum(isinstance(b, S.ChannelShuffle) for b in layers) == units
    splits = [b for b in layers if isinstance(b, S.Concat) and b.split]
    assert len(splits) == units - 3  # every unit but the first of each stage splits its channels


@pytest.mark.parametrize("fmt", ["torchscript", "onnx"])
def test_torchvisions_mobilenet_v3_written_by_torch_imports_with_its_se_blocks(
    fmt: str, tmp_path: Path
) -> None:
    original, layers = _torchvision("mobilenet_v3_small", fmt, tmp_path)
    gates = [b for b in layers if isinstance(b, S.SqueezeExcitation)]
    theirs = [m for m in original.modules() if isinstance(m, torchvision.ops.SqueezeExcitation)]
    assert len(gates) == len(theirs) == 9
    assert {(g.activation, g.scale_activation) for g in gates} == {("relu", "hardsigmoid")}


def _flat(layer: S.LayerSpec) -> list[S.LayerSpec]:
    if not layer.is_block:
        return [layer]
    return [layer] + [c for lst in layer.child_lists() for child in lst for c in _flat(child)]


@pytest.mark.parametrize(
    ("fmt", "where"), [("torchscript", "Gated.forward (aten::mul)"), ("onnx", "node /Mul (Mul)")]
)
def test_a_product_that_is_no_gate_is_named_with_its_node_and_what_the_studio_has(
    fmt: str, where: str, tmp_path: Path, capsys
) -> None:
    if fmt == "onnx":
        pytest.importorskip("onnx")
    path = tmp_path / ("g.pt" if fmt == "torchscript" else "g.onnx")
    _write(Gated(), fmt, path, torch.randn(1, 3, 8, 8))
    out = tmp_path / "g.cnnproj.json"
    assert main(["import", str(path), "--input", "3,8,8", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert where in err and "['tanh']" in err and "squeeze-and-excitation gate (channel mean" in err
    assert len(err.splitlines()) == 1 and not out.exists()


def test_an_onnx_operator_without_a_layer_says_what_the_studio_reads(tmp_path: Path, capsys) -> None:
    from tests.training.test_import_files import _tiny_onnx

    _tiny_onnx(tmp_path / "odd.onnx")
    assert main(["import", str(tmp_path / "odd.onnx"), "-o", str(tmp_path / "o.cnnproj.json")]) == 2
    err = capsys.readouterr().err
    assert "node mystery (Hardmax): operator Hardmax has no layer" in err
    assert "the studio reads Conv" in err and "squeeze-and-excitation gates, channel shuffles" in err


def test_convnext_is_refused_naming_exactly_the_two_layers_it_lacks(tmp_path: Path, capsys) -> None:
    out = tmp_path / "c.cnnproj.json"
    assert main(["import", "torchvision:convnext_tiny", "--input", "3,32,32", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert "LayerNorm2d" in err and "layer scale" in err and "stochastic depth (identity" in err
    assert len(err.splitlines()) == 1 and not out.exists()


@pytest.mark.slow
def test_torchvisions_efficientnet_scripted_imports_through_its_stochastic_depth_function(
    tmp_path: Path,
) -> None:
    """EfficientNet's StochasticDepth calls torchvision's free function ``stochastic_depth`` (read from the
    archive's code; at inference it returns its input) and its SE gates use SiLU."""
    original, layers = _torchvision("efficientnet_b0", "torchscript", tmp_path)
    gates = [b for b in layers if isinstance(b, S.SqueezeExcitation)]
    theirs = [m for m in original.modules() if isinstance(m, torchvision.ops.SqueezeExcitation)]
    assert len(gates) == len(theirs) == 16 and {g.activation for g in gates} == {"silu"}


class Functional(nn.Module):
    """torch.nn.functional's calls in forward: in TorchScript, calls of functions whose code branches on sizes."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.fc = nn.Linear(4, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = nn.functional.adaptive_avg_pool2d(nn.functional.relu6(self.conv(x)), (1, 1))
        return self.fc(torch.flatten(x, 1))


def test_scripted_functional_calls_import_as_their_layers(tmp_path: Path) -> None:
    project, _ = imported(Functional(), "torchscript", tmp_path, (3, 8, 8))
    assert [layer.type for layer in project.layers] == [
        "conv2d",
        "relu6",
        "adaptiveavgpool2d",
        "flatten",
        "linear",
    ]


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Scripted GoogleNet always returns")
@pytest.mark.parametrize("name", ["mobilenet_v2", "googlenet", "densenet121"])
def test_more_of_torchvisions_models_scripted_import(name: str, tmp_path: Path) -> None:
    """mobilenet_v2 calls F.adaptive_avg_pool2d; googlenet warns and returns (logits, None, None) when
    scripted; densenet121's layers keep a raising branch (prim::Uninitialized, unchecked_cast)."""
    _torchvision(name, "torchscript", tmp_path)


def test_gelu_written_out_before_opset_20_imports_as_gelu(tmp_path: Path) -> None:
    """torch.onnx.export before opset 20 writes GELU as Div, Erf, Add, Mul, Mul (as ViTs' files have it)."""
    pytest.importorskip("onnx")
    module = nn.Sequential(nn.Conv2d(3, 4, 1), nn.GELU(), nn.Flatten(), nn.Linear(64, 3)).eval()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module, (torch.randn(1, 3, 4, 4),), str(tmp_path / "g.onnx"), dynamo=False, opset_version=17
        )
    out = tmp_path / "g.cnnproj.json"
    assert main(["import", str(tmp_path / "g.onnx"), "-o", str(out)]) == 0
    project = files.load(out)
    assert [layer.type for layer in project.layers] == ["conv2d", "gelu", "flatten", "linear"]
    model = TrainedRun(project.runs[0]["folder"]).model()
    x = torch.randn((2, 3, 4, 4), generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        assert float((model.eval()(x) - module(x)).abs().max()) < 1e-5
