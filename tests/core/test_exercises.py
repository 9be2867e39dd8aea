"""Exercises: answers equal the inference, explanations show the numbers, checking gives useful feedback."""

from __future__ import annotations

import random

import pytest

from cnnstudio.core import specs as S
from cnnstudio.core.exercises import ExerciseRange, invalid_layer_question, output_size_question
from cnnstudio.core.shapes import infer


def test_output_size_question_answer_and_explanation_match_the_inference() -> None:
    rng = random.Random(1)
    for _ in range(50):
        q = output_size_question(rng)
        assert q.answer == infer(q.input_shape, [q.layer]).output_shape
        assert q.check(q.answer, q.report.params).correct
        wrong = (q.answer[0], q.answer[1] + 1, q.answer[2])
        feedback = q.check(wrong)
        assert not feedback.correct and "not" in feedback.message
        if isinstance(q.layer, S.Conv2d):
            assert q.explanation[0].startswith("(W - F + 2P)/S + 1 = ")


def test_the_cs231n_worked_example_as_a_question() -> None:
    # cs231n: 5x5x3 input, F=3, S=2, P=1, 2 filters -> 3x3x2 with 2*(3*3*3)+2 = 56 parameters
    from cnnstudio.core.exercises import OutputSizeQuestion

    layer = S.Conv2d(out_channels=2, kernel_size=3, stride=2, padding=1)
    q = OutputSizeQuestion((3, 5, 5), layer, infer((3, 5, 5), [layer]).layers[0])
    assert q.check((2, 3, 3), 56).correct
    assert q.explanation[0] == "(W - F + 2P)/S + 1 = (5 - 3 + 2*1)/2 + 1 = 4/2 + 1 -> 3"


def test_same_seed_gives_the_same_sheet_and_the_range_is_respected() -> None:
    ranges = ExerciseRange(
        min_size=6, max_size=10, kernels=(3,), max_stride=1, max_padding=0, allow_pooling=False
    )
    first = [output_size_question(random.Random(7), ranges).prompt for _ in range(3)]
    assert first == [output_size_question(random.Random(7), ranges).prompt for _ in range(3)]
    for seed in range(20):
        q = output_size_question(random.Random(seed), ranges)
        assert 6 <= q.input_shape[1] <= 10 and q.layer.kernel_size == 3 and q.layer.stride == 1


def test_invalid_layer_question_points_at_the_core_first_error() -> None:
    rng = random.Random(3)
    for _ in range(30):
        q = invalid_layer_question(rng)
        bad = infer(q.input_shape, q.layers).first_error()
        assert bad is not None and bad.index == q.answer
        assert q.check(q.answer).correct
        assert not q.check(max(0, q.answer - 1)).correct or q.answer == 0
        assert q.explanation[-1].startswith("Fix: ") or q.fix is None


def test_impossible_range_is_refused() -> None:
    with pytest.raises(ValueError, match="min_size"):
        ExerciseRange(min_size=10, max_size=5)
