"""Mean and spread over runs of unequal length, worked by hand; runs grouped by the network they trained."""

from __future__ import annotations

import math

import pytest

from cnnstudio.core.run_overlay import group_by_network, mean_band

# Three seeds of one network: 3, 2 and 4 epochs (early stopping), the third with a NaN at epoch 2.
RUNS = [
    ((1, 2, 3), (1.0, 0.5, 0.25)),
    ((1, 2), (2.0, 1.5)),
    ((1, 2, 3, 4), (3.0, float("nan"), 0.75, 0.5)),
]


def test_minmax_over_runs_of_unequal_length() -> None:
    band = mean_band(RUNS, "minmax")
    assert band.epochs == (1, 2, 3, 4)
    assert band.counts == (3, 2, 2, 1)  # epoch 2: the NaN is left out; epoch 4: only the longest run
    assert band.mean == (2.0, 1.0, 0.5, 0.5)  # (1+2+3)/3, (0.5+1.5)/2, (0.25+0.75)/2, 0.5
    assert band.low == (1.0, 0.5, 0.25, 0.5)
    assert band.high == (3.0, 1.5, 0.75, 0.5)


def test_plus_minus_one_sample_standard_deviation() -> None:
    band = mean_band(RUNS, "std")
    # epoch 1: deviations -1, 0, 1 -> sum of squares 2, / (3 - 1) = 1 -> std 1
    # epoch 2: 0.5 and 1.5, mean 1 -> squares 0.25 + 0.25 = 0.5, / 1 -> std sqrt(0.5)
    # epoch 3: 0.25 and 0.75, mean 0.5 -> 0.0625 * 2 = 0.125 -> std sqrt(0.125); epoch 4: one run, no spread
    assert band.low[0] == pytest.approx(1.0) and band.high[0] == pytest.approx(3.0)
    assert band.high[1] - band.mean[1] == pytest.approx(math.sqrt(0.5))
    assert band.mean[2] - band.low[2] == pytest.approx(math.sqrt(0.125))
    assert band.low[3] == band.mean[3] == band.high[3] == 0.5


def test_no_runs_and_an_unknown_spread() -> None:
    assert mean_band([], "std").epochs == ()
    with pytest.raises(ValueError, match="spread"):
        mean_band(RUNS, "iqr")


def test_runs_are_grouped_by_network_fingerprint() -> None:
    records = [
        {"id": "a1", "network": "f00d"},
        {"id": "b1", "network": "beef"},
        {"id": "a2", "network": "f00d"},
        {"id": "old"},  # recorded before fingerprints: a group of its own
    ]
    groups = group_by_network(records)
    assert list(groups) == ["f00d", "beef", "run:old"]
    assert [r["id"] for r in groups["f00d"]] == ["a1", "a2"]
