"""The teaching tools' models: torch's own default weights, drawn without touching the global generator."""

from __future__ import annotations

import pytest
import torch
from engine_fixtures import make_trainer, run_all, small_layers, small_project

from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape, Project
from cnnstudio.core.templates import make_template
from cnnstudio.training.build import build_model, module_at
from cnnstudio.training.events import EpochEnd
from cnnstudio.training.fc_to_conv_model import convert_model, max_difference, random_images
from cnnstudio.training.lesson_models import conv_filter, model_inputs, untrained_model


@pytest.mark.parametrize("name", ["default", "resnet18", "googlenet", "mobilenet_v1"])
def test_untrained_weights_are_torchs_defaults_for_the_seed(name: str) -> None:
    project = make_template(name)
    torch.manual_seed(7)
    expected = build_model(project).state_dict()  # torch's own reset_parameters, global generator
    state = torch.random.get_rng_state()

    got = untrained_model(project, seed=7).state_dict()

    assert torch.equal(torch.random.get_rng_state(), state)  # the global generator was not touched
    assert got.keys() == expected.keys()
    assert all(torch.equal(got[key], expected[key]) for key in expected)


def test_a_grouped_filter_and_its_bias_come_out_of_the_model() -> None:
    layers = (
        S.Conv2d(out_channels=4, kernel_size=3, groups=2),
        S.ReLU(),
        S.Flatten(),
        S.Linear(out_features=2),
    )
    project = Project(name="grouped", input=InputShape(2, 6, 6), layers=layers)
    model = untrained_model(project)
    kernel, bias = conv_filter(model, (0,), 3)
    conv = module_at(model, (0,))
    assert kernel.shape == (1, 3, 3) and kernel.dtype.name == "float64"
    assert torch.equal(torch.from_numpy(kernel).float(), conv.weight[3].detach())
    assert bias == pytest.approx(float(conv.bias[3].detach()))
    assert conv_filter(model, (1,), 0) is None  # a ReLU has no filter


def _history(fc_to_conv_during_the_run) -> list[float]:
    project = small_project(small_layers(dropout=0.5), epochs=2)
    trainer = make_trainer(project)

    def on_event(event) -> None:
        if isinstance(event, EpochEnd) and event.epoch == 1:
            fc_to_conv_during_the_run(project)

    run_all(trainer, on_event=on_event)
    return trainer.history.train_loss + trainer.history.val_loss


def _open_fc_to_conv(project: Project) -> None:
    """What the FC-to-conv tab does when opened before training: an untrained model, noise, the proof."""
    model = untrained_model(project)
    converted = convert_model(project, model)
    max_difference(model, converted.model, model_inputs(random_images(4, project.input.shape, seed=0), None))


def test_a_runs_history_is_the_same_whether_or_not_the_fc_to_conv_tab_was_opened_during_it() -> None:
    alone = _history(lambda _project: None)
    assert _history(_open_fc_to_conv) == alone
    # the test can tell: the old way (reseeding the global generator) changes the run's dropout masks
    assert _history(lambda project: (torch.manual_seed(0), build_model(project))) != alone
