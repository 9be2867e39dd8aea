"""The training-health warning rules on hand-worked figures, and health.json's round trip."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from cnnstudio.core.health import EpochHealth, HealthRecord, Histogram, LayerHealth, ReluHealth
from cnnstudio.core.health_rules import health_warnings, run_warnings

FLAT = Histogram((0, 3, 0), 1.0)


def layer(index: int, grad: float, ratio: float = 1e-3, nonfinite: int = 0) -> LayerHealth:
    gradients = Histogram((0, 3, 0), 1.0, nonfinite)
    return LayerHealth((index,), "conv2d", grad, 2.0, ratio, FLAT, gradients)


def epoch(n: int, *layers: LayerHealth, dead: float = 0.0) -> EpochHealth:
    relus = (ReluHealth((1,), 8, dead),)
    return EpochHealth(epoch=n, sampled_batches=4, sampled_images=256, layers=layers, relus=relus)


def kinds(epochs: list[EpochHealth], index: int = -1) -> list[str]:
    return [w.kind for w in health_warnings(epochs, index)]


def test_a_healthy_epoch_has_no_warning() -> None:
    # norms within 10x of each other, ratios near cs231n's 1e-3, a quarter of the ReLUs dead
    assert kinds([epoch(1, layer(0, 0.5), layer(3, 2.0, 3e-3), layer(7, 0.2, 5e-4), dead=0.25)]) == []


def test_vanishing_names_the_layers_and_the_factor() -> None:
    # layer 2's gradient 0.0004, layer 9's 0.8: 0.8 / 0.0004 = 2000 times smaller, earlier than later
    warnings = health_warnings([epoch(1, layer(2, 4e-4), layer(5, 0.01), layer(9, 0.8))])
    assert [w.kind for w in warnings] == ["vanishing"]
    w = warnings[0]
    assert (w.layer, w.other) == ((2,), (9,)) and w.value == pytest.approx(2000)
    assert w.text.startswith("The gradients of layer 2 are 2,000 times smaller than those of layer 9")


def test_a_later_layer_smaller_by_less_than_1000_times_is_not_vanishing() -> None:
    assert kinds([epoch(1, layer(2, 0.5), layer(9, 499.0))]) == []  # 998x
    assert kinds([epoch(1, layer(2, 500.0), layer(9, 1e-4))]) == []  # the later one smaller: not vanishing


def test_exploding_by_growth_since_the_first_epoch() -> None:
    first, third = epoch(1, layer(0, 0.2)), epoch(3, layer(0, 0.2 * 150))
    warnings = health_warnings([first, epoch(2, layer(0, 1.0)), third])
    assert [(w.kind, w.cause) for w in warnings] == [("exploding", "growth")]
    assert warnings[0].value == pytest.approx(150)


def test_exploding_by_an_update_larger_than_the_weights_and_by_nonfinite_gradients() -> None:
    warnings = health_warnings([epoch(1, layer(0, 3.0, ratio=12.5), layer(4, 1.0, ratio=0.5))])
    assert [(w.kind, w.cause, w.layer) for w in warnings] == [("exploding", "update", (0,)),
                                                              ("update_high", "", (4,))]  # fmt: skip
    broken = health_warnings([epoch(1, layer(0, math.inf, nonfinite=3))])
    assert [(w.kind, w.cause) for w in broken] == [("exploding", "nonfinite")]


def test_update_ratio_far_from_1e_3_either_way() -> None:
    # 0.1 is 100x cs231n's 1e-3 (too high); 1e-5 is 100x below it (too low); 0.05 and 2e-5 pass
    assert kinds([epoch(1, layer(0, 1.0, 0.1), layer(1, 1.0, 1e-5))]) == ["update_high", "update_low"]
    assert kinds([epoch(1, layer(0, 1.0, 0.05), layer(1, 1.0, 2e-5))]) == []
    text = health_warnings([epoch(1, layer(0, 1.0, 0.1))])[0].text
    assert text == "The update/weight ratio of layer 0 is 0.1, far above ~1e-3: lower the learning rate."


def test_dead_relus_from_half_and_no_gradient() -> None:
    assert kinds([epoch(1, layer(0, 1.0), dead=0.5)]) == ["dead_relu"]
    assert kinds([epoch(1, layer(0, 1.0), dead=0.49)]) == []
    assert kinds([epoch(1, layer(0, 0.0), layer(3, 0.0))]) == ["no_gradient"]


def test_run_warnings_keep_an_earlier_epochs_kinds() -> None:
    exploded, died = epoch(1, layer(0, 5.0, ratio=40.0)), epoch(2, layer(0, 0.0), dead=1.0)
    pairs = run_warnings([exploded, died])
    assert [(n, w.kind) for n, w in pairs] == [(2, "no_gradient"), (2, "dead_relu"), (1, "exploding")]
    assert [(n, w.kind) for n, w in run_warnings([exploded, died], 0)] == [(1, "exploding")]


def test_health_file_round_trips(tmp_path: Path) -> None:
    record = HealthRecord([epoch(1, layer(0, 0.5), layer(3, math.inf, 12.0, nonfinite=2), dead=0.25)])
    record.add(epoch(2, layer(0, 0.25), layer(3, 1.0), dead=0.5))
    record.save(tmp_path / "health.json")
    again = HealthRecord.load(tmp_path / "health.json")
    assert again == record and again.epochs[0].layers[1].grad_norm == math.inf
    assert Histogram((1, 2, 3, 4), 2.0).edges() == [-2.0, -1.0, 0.0, 1.0, 2.0]


def test_a_partial_epoch_is_replaced_and_a_resume_truncates() -> None:
    record = HealthRecord([epoch(1, layer(0, 1.0))])
    record.add(EpochHealth(epoch=2, sampled_batches=1, sampled_images=64, partial=True))
    record.add(epoch(2, layer(0, 2.0)))
    assert [(e.epoch, e.partial) for e in record.epochs] == [(1, False), (2, False)]
    record.truncate(1)
    assert [e.epoch for e in record.epochs] == [1]


@pytest.mark.parametrize(
    "data, problem",
    [({"format": "other"}, "not a CNN Studio health record"),
     ({"format": "cnnstudio-health", "version": 99}, "newer"),
     ({"format": "cnnstudio-health", "version": 1, "epochs": [{"epoch": 1}]}, "damaged")],
)  # fmt: skip
def test_bad_health_files_say_what_is_wrong(data: dict, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        HealthRecord.from_dict(data)
