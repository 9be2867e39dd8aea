"""Generated exercises: "predict the output size" and "find the invalid layer".

Questions are made from the same inference the editor uses, so the answer and its worked explanation can
never disagree with what the program shows elsewhere. A teacher chooses the range of the numbers; the same
seed gives the same sheet, so a class can work on identical questions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from cnnstudio.core import specs as S
from cnnstudio.core.labels import layer_label
from cnnstudio.core.layer_rules import shape_text
from cnnstudio.core.shapes import LayerReport, infer


@dataclass(frozen=True)
class ExerciseRange:
    """The numbers questions may use; a teacher narrows them for beginners."""

    min_size: int = 5
    max_size: int = 64
    kernels: tuple[int, ...] = (1, 2, 3, 5, 7)
    max_stride: int = 3
    max_padding: int = 3
    allow_dilation: bool = False
    allow_pooling: bool = True

    def __post_init__(self) -> None:
        if not 1 <= self.min_size <= self.max_size:
            raise ValueError(
                f"sizes must satisfy 1 <= min_size <= max_size, got {self.min_size}..{self.max_size}"
            )
        if not self.kernels or min(self.kernels) < 1:
            raise ValueError(f"kernels must be positive integers, got {self.kernels}")
        if self.max_stride < 1 or self.max_padding < 0:
            raise ValueError("max_stride must be >= 1 and max_padding >= 0")


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str


@dataclass(frozen=True)
class OutputSizeQuestion:
    input_shape: tuple[int, int, int]
    layer: S.LayerSpec
    report: LayerReport

    @property
    def prompt(self) -> str:
        return (
            f"An input of {shape_text(self.input_shape)} (C x H x W) goes through {layer_label(self.layer)}. "
            "What is the output's C x H x W, and how many parameters does the layer have?"
        )

    @property
    def answer(self) -> tuple[int, ...]:
        assert self.report.output_shape is not None
        return self.report.output_shape

    @property
    def explanation(self) -> tuple[str, ...]:
        """The worked answer: cs231n's (W - F + 2P)/S + 1 with the numbers, then every formula of the layer."""
        return (*_cs231n_lines(self.layer, self.input_shape), *self.report.formulas, *self.report.warnings)

    def check(self, shape: tuple[int, ...], params: int | None = None) -> Feedback:
        right_shape = tuple(shape) == self.answer
        right_params = params is None or params == self.report.params
        if right_shape and right_params:
            return Feedback(True, f"Correct: {shape_text(self.answer)}, {self.report.params} parameters.")
        parts = []
        if not right_shape:
            parts.append(f"the output is {shape_text(self.answer)}, not {shape_text(tuple(shape))}")
        if not right_params:
            parts.append(f"the layer has {self.report.params} parameters, not {params}")
        return Feedback(False, "Not quite: " + "; ".join(parts) + ".")


@dataclass(frozen=True)
class InvalidLayerQuestion:
    input_shape: tuple[int, int, int]
    layers: tuple[S.LayerSpec, ...]
    answer: int  # index of the first layer that cannot work
    reason: str
    fix: str | None

    @property
    def prompt(self) -> str:
        return (
            f"Input {shape_text(self.input_shape)}. Which layer is the first one that cannot work, and why?"
        )

    @property
    def explanation(self) -> tuple[str, ...]:
        report = infer(self.input_shape, self.layers)
        lines = [
            f"{i}: {layer_label(spec)} -> {shape_text(r.output_shape)}"
            for i, (spec, r) in enumerate(zip(self.layers, report.layers))
            if i < self.answer
        ]
        lines.append(f"{self.answer}: {layer_label(self.layers[self.answer])} cannot work: {self.reason}")
        if self.fix:
            lines.append(f"Fix: {self.fix}")
        return tuple(lines)

    def check(self, index: int) -> Feedback:
        if index == self.answer:
            return Feedback(True, f"Correct: layer {index}. {self.reason}")
        if index < self.answer:
            return Feedback(False, f"Layer {index} works. Follow the sizes further down.")
        return Feedback(False, f"An earlier layer already fails; layer {index} never receives an input.")


# -- predict the output size -----------------------------------------------------------------------------------
def output_size_question(rng: random.Random, ranges: ExerciseRange = ExerciseRange()) -> OutputSizeQuestion:
    """A conv (or pooling) layer on a random input whose output is valid; retried until it is."""
    for _ in range(1000):
        size = rng.randint(ranges.min_size, ranges.max_size)
        shape = (rng.choice((1, 3, 8, 16)), size, size)
        layer = _random_window_layer(rng, ranges)
        report = infer(shape, [layer]).layers[0]
        if report.ok:
            return OutputSizeQuestion(shape, layer, report)
    raise ValueError("no valid layer fits this number range; widen the sizes or allow smaller kernels")


def _random_window_layer(rng: random.Random, ranges: ExerciseRange) -> S.LayerSpec:
    kernel = rng.choice(ranges.kernels)
    stride = rng.randint(1, ranges.max_stride)
    if ranges.allow_pooling and rng.random() < 0.3:
        pool = rng.choice((S.MaxPool2d, S.AvgPool2d))
        return pool(kernel_size=max(kernel, 2), stride=stride, padding=rng.randint(0, max(kernel, 2) // 2))
    padding = rng.randint(0, ranges.max_padding)
    dilation = rng.choice((1, 2)) if ranges.allow_dilation else 1
    return S.Conv2d(
        out_channels=rng.choice((4, 6, 8, 16, 32, 64)),
        kernel_size=kernel,
        stride=stride,
        padding=padding,
        dilation=dilation,
    )


def _cs231n_lines(layer: S.LayerSpec, shape: tuple[int, int, int]) -> tuple[str, ...]:
    if not isinstance(layer, (S.Conv2d, S.MaxPool2d, S.AvgPool2d)):
        return ()
    f = S.pair(layer.kernel_size)[0]
    d = S.pair(getattr(layer, "dilation", 1))[0]
    s = S.pair(layer.stride if layer.stride is not None else layer.kernel_size)[0]
    p = S.pair(layer.padding)[0]  # type: ignore[arg-type]
    span = d * (f - 1) + 1
    lines = []
    if d > 1:
        lines.append(f"dilation {d} spreads the {f}-wide kernel over F = {d}*({f}-1)+1 = {span} pixels")
    top = shape[1] - span + 2 * p
    lines.append(
        f"(W - F + 2P)/S + 1 = ({shape[1]} - {span} + 2*{p})/{s} + 1 = {top}/{s} + 1 -> {top // s + 1}"
    )
    if top % s:
        lines.append(
            f"{top}/{s} is not a whole number: round down, the last {top % s} pixel(s) are never covered"
        )
    return tuple(lines)


# -- find the invalid layer ------------------------------------------------------------------------------------
def invalid_layer_question(
    rng: random.Random, ranges: ExerciseRange = ExerciseRange()
) -> InvalidLayerQuestion:
    """A short network with exactly one broken layer; the answer is the core's first error."""
    for _ in range(1000):
        size = rng.randint(max(ranges.min_size, 8), max(ranges.max_size, 8))
        shape = (rng.choice((1, 3)), size, size)
        layers = _valid_stack(rng, shape)
        if layers is None:
            continue
        target = rng.randrange(len(layers))
        broken = _break(rng, layers, target, shape)
        if broken is None:
            continue
        bad = infer(shape, broken).first_error()
        if bad is not None and bad.index == target:
            return InvalidLayerQuestion(shape, broken, target, bad.error or "", bad.fix)
    raise ValueError("could not build a question in this number range; widen the sizes")


def _valid_stack(rng: random.Random, shape: tuple[int, int, int]) -> list[S.LayerSpec] | None:
    layers: list[S.LayerSpec] = []
    for _ in range(rng.randint(2, 3)):
        layers.append(
            S.Conv2d(
                out_channels=rng.choice((4, 8, 16)),
                kernel_size=rng.choice((3, 5)),
                padding=rng.choice((0, 1, 2)),
            )
        )
        layers.append(S.ReLU())
        layers.append(S.MaxPool2d(kernel_size=2))
    layers += [S.Flatten(), S.Linear(out_features=10)]
    return layers if infer(shape, layers).valid else None


def _break(rng: random.Random, layers: list[S.LayerSpec], i: int, shape) -> list[S.LayerSpec] | None:
    """Make layer ``i`` impossible in one of the ways students meet; None if that layer has no such way."""
    spec = layers[i]
    size = infer(shape, layers).layers[i].input_shape
    assert size is not None
    out = list(layers)
    if isinstance(spec, S.Conv2d):
        choice = rng.randrange(3)
        if choice == 0 and len(size) == 3:
            out[i] = spec.replace(kernel_size=size[1] + 2 * S.pair(spec.padding)[0] + rng.randint(1, 3))  # type: ignore[arg-type]
        elif choice == 1:
            out[i] = spec.replace(padding="same", stride=2)
        else:
            out[i] = spec.replace(groups=3 if size[0] % 3 else 5)
    elif isinstance(spec, S.MaxPool2d):
        out[i] = spec.replace(padding=2) if rng.random() < 0.5 else spec.replace(kernel_size=size[1] + 1)
    elif isinstance(spec, S.Flatten):
        del out[i]
        return out if i < len(out) else None
    else:
        return None
    return out
