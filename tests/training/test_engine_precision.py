"""The ``precision`` setting (issue 13.5): mixed precision trains under autocast and follows the float32
run; float32, the default, is unchanged."""

from __future__ import annotations

import math

import pytest
import torch
from engine_fixtures import make_trainer, of_type, run_all, small_project

from cnnstudio.core.errors import SpecError
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.training.events import EpochEnd


def losses(**training) -> list[float]:
    events = run_all(make_trainer(small_project(**training)))
    return [e.train_loss for e in of_type(events, EpochEnd)]


def test_float32_is_the_default_and_trains_as_before() -> None:
    assert TrainingSettings().precision == "float32"
    assert losses() == losses(precision="float32")


@pytest.mark.parametrize("precision", ["bfloat16", "float16"])
def test_mixed_precision_runs_the_forward_pass_in_16_bits_and_learns(precision: str) -> None:
    trainer = make_trainer(small_project(precision=precision, epochs=3))
    seen: list[torch.dtype] = []
    conv = next(m for m in trainer.model.modules() if isinstance(m, torch.nn.Conv2d))
    conv.register_forward_hook(lambda module, args, out: seen.append(out.dtype) if module.training else None)
    events = run_all(trainer)
    epochs = of_type(events, EpochEnd)
    assert seen and set(seen) == {getattr(torch, precision)}
    assert all(p.dtype == torch.float32 for p in trainer.model.parameters())  # the weights stay float32
    assert all(math.isfinite(e.train_loss) for e in epochs)
    assert epochs[-1].train_loss < epochs[0].train_loss
    # the same run in float32, epoch by epoch: 16-bit products move the losses a little, not the course
    full = losses(epochs=3)
    assert [e.train_loss for e in epochs] == pytest.approx(full, abs=0.05)


def test_an_unknown_precision_is_refused_with_its_key() -> None:
    with pytest.raises(SpecError, match="precision"):
        TrainingSettings.from_dict({"precision": "int8"})
