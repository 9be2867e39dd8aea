"""Importing torchvision models and module files: the built project computes what the original computes,
with the original's parameter count and weights (checked here against torch itself, not against the importer's
own self-check)."""

from __future__ import annotations

import importlib.util
import json
import re
import textwrap

import pytest
import torch
import torchvision
from torch import nn

from cnnstudio.cli import main
from cnnstudio.core import project_file as files
from cnnstudio.core import specs as S
from cnnstudio.core.network_diff import diff_networks, diff_text
from cnnstudio.core.templates import TEMPLATES
from cnnstudio.training.build import build_model
from cnnstudio.training.importers.from_module import ImportFailed, from_module
from cnnstudio.training.trained_run import TrainedRun

SMALL = (3, 64, 64)  # every model below accepts it; 224 x 224 would cost seconds per model for nothing more


def _forward_difference(original: nn.Module, model: nn.Module) -> float:
    x = torch.randn(2, *SMALL, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        return float((original.eval()(x) - model.eval()(x)).abs().max())


TORCHVISION = [
    "resnet18", "resnet34", "vgg11", "alexnet", "googlenet", "mobilenet_v2", "mobilenet_v3_small",
    pytest.param("efficientnet_b0", marks=pytest.mark.slow), "shufflenet_v2_x1_0",
]  # fmt: skip


@pytest.mark.parametrize("name", TORCHVISION)
def test_torchvision_models_import_with_their_parameters_and_outputs(name: str) -> None:
    torch.manual_seed(0)
    kwargs = {"aux_logits": False, "init_weights": True} if name == "googlenet" else {}
    original = torchvision.models.get_model(name, weights=None, **kwargs)
    imported = from_module(original, SMALL, name)
    assert imported.project.report.total_params == sum(p.numel() for p in original.parameters())
    assert _forward_difference(original, imported.model) < 1e-5
    # the project alone (as saved) rebuilds the same network: the weights load into a fresh build
    fresh = build_model(imported.project)
    fresh.load_state_dict(imported.model.state_dict())
    assert _forward_difference(original, fresh) < 1e-5


def test_resnet_blocks_are_recovered_as_residual_blocks() -> None:
    imported = from_module(torchvision.models.resnet18(), SMALL)
    blocks = [layer for layer in imported.project.layers if isinstance(layer, S.Residual)]
    assert len(blocks) == 8  # two BasicBlocks in each of the four stages
    assert [s.type for s in blocks[0].layers] == ["conv2d", "batchnorm2d", "relu", "conv2d", "batchnorm2d"]


def test_googlenet_inception_modules_become_concat_blocks() -> None:
    imported = from_module(torchvision.models.googlenet(aux_logits=False, init_weights=True), SMALL)
    concats = [layer for layer in imported.project.layers if isinstance(layer, S.Concat)]
    assert len(concats) == 9 and all(len(c.branches) == 4 for c in concats)


MODULE_FILE = textwrap.dedent(
    """
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self, width=8):
            super().__init__()
            self.conv = nn.Conv2d(1, width, 3, padding=1)
            self.pool = nn.MaxPool2d(2)
            self.fc = nn.Linear(width * 14 * 14, 10)

        def forward(self, x):
            x = self.pool(torch.relu(self.conv(x)))
            return self.fc(x.view(x.size(0), -1))

    class Odd(nn.Module):
        # operations the studio has no layer for: a cumulative sum, a GroupNorm and a clamp

        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(1, 4, 3, padding=1)
            self.norm = nn.GroupNorm(2, 4)
            self.fc = nn.Linear(4 * 8 * 8, 3)

        def forward(self, x):
            x = torch.cumsum(self.conv(x), dim=1)
            x = self.norm(x).clamp(-2.0, 2.0)
            return self.fc(torch.flatten(x, 1))

    class Scaled(nn.Module):
        def __init__(self):
            super().__init__()
            self.scale = nn.Parameter(torch.ones(1))

        def forward(self, x):
            return x * self.scale
    """
)


def test_cli_imports_a_module_file_with_arguments_and_records_its_weights(tmp_path, capsys) -> None:
    (tmp_path / "model.py").write_text(MODULE_FILE)
    out = tmp_path / "net.cnnproj.json"
    status = main(
        ["import", f"{tmp_path / 'model.py'}:Net(width=4)", "--input", "1,28,28", "-o", str(out), "--json"]
    )
    assert status == 0
    summary = json.loads(capsys.readouterr().out)
    project = files.load(out)
    assert [layer.type for layer in project.layers] == ["conv2d", "relu", "maxpool2d", "flatten", "linear"]
    assert summary["parameters"] == 4 * 9 + 4 + 4 * 14 * 14 * 10 + 10
    (record,) = project.runs
    run = TrainedRun(record["folder"])
    model = run.model()
    assert model is not None and run.network() is not None
    weights = torch.load(run.checkpoint_path(), weights_only=False)["model"]
    assert torch.equal(model.state_dict()["0.weight"], weights["0.weight"])


def test_an_unknown_operation_imports_as_a_custom_layer_that_exports_and_trains(tmp_path, capsys) -> None:
    (tmp_path / "model.py").write_text(MODULE_FILE)
    out = tmp_path / "odd.cnnproj.json"
    assert main(["import", f"{tmp_path / 'model.py'}:Odd", "--input", "1,8,8", "-o", str(out)]) == 0
    project = files.load(out)
    customs = [layer for layer in project.layers if isinstance(layer, S.Custom)]
    assert [c.source for c in customs] == [
        "torch.cumsum(x, dim=1)", "nn.GroupNorm(2, 4)", "x.clamp(-2.0, 2.0)"  # defaults left out, as written
    ]  # fmt: skip
    assert [(c.input_shape, c.output_shape, c.params) for c in customs] == [
        ((4, 8, 8), (4, 8, 8), n) for n in (0, 8, 0)
    ]
    # the weights came along: the recorded run computes what the original computes
    spec = importlib.util.spec_from_file_location("odd_model", tmp_path / "model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    original = module.Odd()
    names = {"0": "conv", "2": "norm", "5": "fc"}
    state = TrainedRun(project.runs[0]["folder"]).model().state_dict()
    original.load_state_dict({names[k.split(".")[0]] + k[1:]: v for k, v in state.items()})
    # exported back as it was: model.py holds the custom layers' source and computes the same
    assert main(["export", str(out), "--format", "pytorch", "-o", str(tmp_path / "back.py")]) == 0
    source = (tmp_path / "back.py").read_text()
    assert "x = torch.cumsum(x, dim=1)" in source and "nn.GroupNorm(2, 4" in source
    spec = importlib.util.spec_from_file_location("odd_back", tmp_path / "back.py")
    back = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(back)
    exported = back.Model().eval()
    studio = TrainedRun(project.runs[0]["folder"]).model().eval()
    exported.load_state_dict(studio.state_dict())
    x = torch.randn(5, 1, 8, 8)
    with torch.no_grad():
        assert float((exported(x) - studio(x)).abs().max()) < 1e-6
        assert float((original.eval()(x) - studio(x)).abs().max()) < 1e-5
    # and it trains: gradients flow through the custom layers to the convolution before them
    model = build_model(project).train()
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01)
    target = torch.tensor([0, 1, 2, 0, 1])
    losses = []
    for _ in range(30):
        optimiser.zero_grad(set_to_none=True)
        loss = nn.functional.cross_entropy(model(x), target)
        loss.backward()
        assert model[0].weight.grad is not None and float(model[0].weight.grad.abs().sum()) > 0
        optimiser.step()
        losses.append(loss.item())
    assert losses[-1] < 0.5 * losses[0]


def test_an_operation_that_cannot_be_one_call_is_named(tmp_path, capsys) -> None:
    (tmp_path / "model.py").write_text(MODULE_FILE)
    status = main(["import", f"{tmp_path / 'model.py'}:Scaled", "-o", str(tmp_path / "o.cnnproj.json")])
    assert status == 2
    assert "mul" in capsys.readouterr().err
    assert not (tmp_path / "o.cnnproj.json").exists()


def test_pretrained_weights_come_from_disk_only(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    out = tmp_path / "a.cnnproj.json"
    assert main(["import", "torchvision:alexnet", "--pretrained", "-o", str(out)]) == 1
    assert "not on this computer" in capsys.readouterr().err and not out.exists()
    torch.manual_seed(3)
    original = torchvision.models.alexnet()
    weights = torchvision.models.AlexNet_Weights.DEFAULT
    cache = tmp_path / "torch" / "hub" / "checkpoints"
    cache.mkdir(parents=True)
    torch.save(original.state_dict(), cache / weights.url.rsplit("/", 1)[1])
    assert main(["import", "torchvision:alexnet", "--pretrained", "-o", str(out)]) == 0
    run = TrainedRun(files.load(out).runs[0]["folder"])
    assert len(run.class_names()) == 1000
    assert _forward_difference(original, run.model()) < 1e-5


def test_a_network_returning_two_values_is_refused_with_the_reason() -> None:
    class Two(nn.Module):
        def forward(self, x):
            return x, x

    with pytest.raises(ImportFailed, match="several values"):
        from_module(Two(), SMALL)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_template_round_trips_through_its_pytorch_export(name: str, tmp_path) -> None:
    project = TEMPLATES[name].make()
    files.save(project, tmp_path / "p.cnnproj.json")
    assert (
        main(
            ["export", str(tmp_path / "p.cnnproj.json"), "--format", "pytorch", "-o", str(tmp_path / "m.py")]
        )
        == 0
    )
    (cls,) = re.findall(r"^class (\w+)\(nn\.Module", (tmp_path / "m.py").read_text(), re.M)
    shape = f"{project.input.channels},{project.input.height},{project.input.width}"
    back = tmp_path / "back.cnnproj.json"
    assert main(["import", f"{tmp_path / 'm.py'}:{cls}", "--input", shape, "-o", str(back)]) == 0
    diff = diff_networks(project, files.load(back))
    assert diff.equal, diff_text(diff)
    assert main(["diff", str(tmp_path / "p.cnnproj.json"), str(back)]) == 0
