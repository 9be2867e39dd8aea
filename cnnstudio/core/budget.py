"""The memory budget of a training run, computed from the shapes alone, before anything is allocated.

cs231n counts a network's memory layer by layer (VGG-16: about 24 million activation values, 93 MB per
image for the forward pass, "roughly x2 for the backward pass", and 138 million parameters). This module
does that count for any network and adds what a training run of CNN Studio holds besides:

- parameters, their gradients and the optimiser's state (SGD with momentum keeps one buffer per weight,
  RMSprop one or two, Adagrad one, Adam and AdamW two moments; plain SGD none), all float32;
- the copies of the weights a run keeps (the best epoch's and the last good epoch's, ``run_state.py``);
- activations per batch: every layer's output (blocks' inner layers and shortcuts included), plus what
  torch keeps besides (max pooling's int64 positions, dropout's mask, LP pooling's powers of its input,
  checked with autograd's saved-tensor hooks: the count is 1.2-1.6x what autograd keeps on VGG-11,
  ResNet-18 and AlexNet); the backward pass holds gradients of about the same size (cs231n's x2); the
  whole is checked against CUDA's peak on a GPU (tests/training/test_budget_torch.py);
- the evaluation pass (no gradients, in chunks of two training batches, at most ``eval_batch_size``,
  ``eval_chunk``): two layers' outputs at a time;
- the dataset, resident as 8-bit pixels (``training/datasets/splits.py``; each batch is whitened to floats
  where it is used, counted with the activations).

Training and evaluation do not overlap, so the run needs the fixed parts plus the larger of the two.
Sizes are in bytes; ``size_text`` writes them in decimal units (1 MB = 10^6 bytes), as cs231n does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cnnstudio.core import specs as S
from cnnstudio.core.dataset_size import SplitCounts, split_counts
from cnnstudio.core.project import Project
from cnnstudio.core.shapes import LayerReport
from cnnstudio.core.training_settings import TrainingSettings

FLOAT32 = 4
INDEX_BYTES = 8  # the int64 position max pooling keeps per output value for its backward pass
MASK_BYTES = 1  # dropout's bool mask, per value
RESIDENT_BYTES_PER_VALUE = 1  # the dataset is held as uint8 pixels (training/datasets/splits.py)
WEIGHT_COPIES = 2  # best and last good weights (training/run_state.py)
TIGHT_SHARE = 0.8  # above this share of the available memory a run is said to be tight
MAX_POOLS = ("maxpool2d", "adaptivemaxpool2d")
EVAL_CHUNK_FLOOR = 64  # an evaluation chunk of fewer images than this gains no time (training/evaluation.py)


def eval_chunk(batch_size: int, eval_batch_size: int) -> int:
    """Images per evaluation forward pass: two training batches (at least 64), at most ``eval_batch_size``.

    Here rather than in the trainer so that the budget counts the chunk the trainer really uses (a budget
    that counted whole ``eval_batch_size`` batches said 14.5 GB for VGG-16's evaluation, which takes 1.6)."""
    return max(1, min(eval_batch_size, max(EVAL_CHUNK_FLOOR, 2 * batch_size)))


def optimizer_state_copies(settings: TrainingSettings) -> int:
    """Buffers of the size of the weights that the optimiser keeps (torch.optim's ``state``)."""
    momentum = settings.effective_momentum > 0
    if settings.optimizer == "sgd":
        return 1 if momentum else 0  # momentum_buffer
    if settings.optimizer == "rmsprop":
        return 1 + momentum  # square_avg, momentum_buffer
    if settings.optimizer == "adagrad":
        return 1  # sum
    return 2  # adam, adamw: exp_avg, exp_avg_sq


@dataclass(frozen=True)
class MemoryBudget:
    """What a training run will hold, part by part, in bytes (per image or per batch where it says so)."""

    batch_size: int
    eval_batch_request: int  # the settings' eval_batch_size
    optimizer: str
    state_copies: int
    params: int  # number of parameters
    parameters: int
    gradients: int
    optimizer_state: int
    weight_copies: int
    input_per_image: int
    forward_per_image: int  # every activation a training forward pass keeps, the input included
    backward_per_image: int  # the gradients of those activations (estimate)
    eval_per_image: int  # the most a no-gradient forward pass holds at once
    images: SplitCounts | None  # None: the dataset's size is not known (a folder that is not there)
    available: int | None = None  # None: unknown

    @property
    def activations_forward_per_batch(self) -> int:
        return self.batch_size * self.forward_per_image

    @property
    def activations_backward_per_batch(self) -> int:
        return self.batch_size * self.backward_per_image

    @property
    def activations_per_batch(self) -> int:
        return self.activations_forward_per_batch + self.activations_backward_per_batch

    @property
    def eval_batch_size(self) -> int:
        """The evaluation batch the run uses: as asked when it fits within ``TIGHT_SHARE`` of the memory
        beside the rest, else lowered to that (never below what a training batch's activations take, which
        fit already). The trainer evaluates in batches of this size: a 224x224 VGG-16 does not need 26 GB
        to validate at the default 1024."""
        if self.available is None or not self.eval_per_image:
            return self.eval_batch_request
        room = int(TIGHT_SHARE * self.available) - self.weights - self.dataset
        if self.eval_batch_request * self.eval_per_image <= room:
            return self.eval_batch_request
        fitting = max(room, self.activations_per_batch) // self.eval_per_image
        return max(1, min(self.eval_batch_request, fitting))

    @property
    def eval_chunk(self) -> int:
        """Images per evaluation forward pass in the trainer: two training batches, at most the (lowered)
        evaluation batch."""
        return eval_chunk(self.batch_size, self.eval_batch_size)

    @property
    def eval_images(self) -> int:
        """Images in the largest evaluation chunk: no larger than the larger split it measures."""
        if self.images is None:
            return self.eval_chunk
        return min(self.eval_chunk, max(1, self.images.val, self.images.test))

    @property
    def evaluation(self) -> int:
        """The evaluation pass's peak, at its widest layer."""
        return self.eval_images * self.eval_per_image

    @property
    def dataset(self) -> int:
        values = self.input_per_image // FLOAT32  # the input's values per image
        return 0 if self.images is None else self.images.resident * values * RESIDENT_BYTES_PER_VALUE

    @property
    def weights(self) -> int:
        """Everything the size of the weights: parameters, gradients, optimiser state and kept copies."""
        return self.parameters + self.gradients + self.optimizer_state + self.weight_copies

    @property
    def total(self) -> int:
        return self.weights + self.dataset + max(self.activations_per_batch, self.evaluation)

    @property
    def fits(self) -> bool | None:
        return None if self.available is None else self.total <= self.available

    @property
    def tight(self) -> bool:
        return self.available is not None and self.total > TIGHT_SHARE * self.available

    def largest_batch(self) -> int:
        """The largest batch size whose run fits in the available memory (0: not even one image)."""
        if self.available is None:
            return self.batch_size
        room = self.available - self.weights - self.dataset
        per_image = self.forward_per_image + self.backward_per_image
        return max(0, room // per_image) if per_image else self.batch_size

    def with_available(self, available: int | None) -> MemoryBudget:
        from dataclasses import replace

        return replace(self, available=available)

    def to_json(self) -> dict[str, Any]:
        """The ``memory`` object of ``summary --json`` (DESIGN.md 3): every figure in bytes."""
        return {
            "parameters": self.parameters,
            "gradients": self.gradients,
            "optimizer_state": self.optimizer_state,
            "weight_copies": self.weight_copies,
            "activations_per_image": self.forward_per_image,
            "activations_per_batch": self.activations_per_batch,
            "activations_forward_per_batch": self.activations_forward_per_batch,
            "activations_backward_per_batch": self.activations_backward_per_batch,
            "evaluation": self.evaluation,
            "dataset": self.dataset,
            "total": self.total,
            "available": self.available,
        }


def memory_budget(
    project: Project, settings: TrainingSettings | None = None, available: int | None = None
) -> MemoryBudget:
    """The budget of training ``project`` with ``settings`` (default: the project's, or the defaults when
    they do not parse); ``available`` is the memory of the device it will run on."""
    s = settings if settings is not None else settings_or_default(project.training)
    report = project.report
    params = report.total_params
    input_per_image = FLOAT32 * _product(report.input_shape)
    float_bytes, extra_bytes = _kept(report.layers, project.layers)
    images = split_counts(project.dataset, report.input_shape)
    copies = optimizer_state_copies(s)
    return MemoryBudget(
        batch_size=s.batch_size,
        eval_batch_request=s.eval_batch_size,
        optimizer=s.optimizer,
        state_copies=copies,
        params=params,
        parameters=FLOAT32 * params,
        gradients=FLOAT32 * params,
        optimizer_state=FLOAT32 * params * copies,
        weight_copies=FLOAT32 * params * WEIGHT_COPIES,
        input_per_image=input_per_image,
        forward_per_image=input_per_image + float_bytes + extra_bytes,
        backward_per_image=input_per_image + float_bytes,
        eval_per_image=_eval_peak(report.layers, project.layers, 0),
        images=images,
        available=available,
    )


def export_bytes(project: Project, with_checkpoint: bool) -> int:
    """What an export holds: the model's weights, their serialised copy (and the checkpoint's, when one is
    read), and a forward pass on an example batch of two images (traced for ONNX and TorchScript)."""
    weights = FLOAT32 * project.report.total_params * (3 if with_checkpoint else 2)
    return weights + 2 * _eval_peak(project.report.layers, project.layers, 0)


def settings_or_default(training: Mapping[str, Any]) -> TrainingSettings:
    """The project's training settings, or the defaults where they do not parse (the panel says why)."""
    from cnnstudio.core.errors import CoreError

    try:
        return TrainingSettings.from_dict(training)
    except CoreError:
        return TrainingSettings()


def _product(shape: Sequence[int] | None) -> int:
    total = 1
    for n in shape or ():
        total *= n
    return total


def _kept(reports: Sequence[LayerReport], specs: Sequence[S.LayerSpec]) -> tuple[int, int]:
    """(float32 activation bytes, other bytes) a training forward pass keeps for these layers, per image."""
    floats = extras = 0
    for report, spec in zip(reports, specs):
        out = FLOAT32 * report.activation_values
        floats += out
        for branch, child_specs in zip(report.children, spec.child_lists()):
            inner = _kept(branch, child_specs)
            floats, extras = floats + inner[0], extras + inner[1]
        if spec.type == "residual" and report.shortcut not in (None, "identity"):
            floats += 2 * out  # the projection's conv and batchnorm outputs
        if spec.type in MAX_POOLS:
            extras += INDEX_BYTES * report.activation_values
        elif spec.type == "dropout":
            extras += MASK_BYTES * report.activation_values
        elif spec.type == "lppool2d":  # torch keeps powers of the input and sign/abs/relu of the pooled map
            extras += FLOAT32 * (2 * _product(report.input_shape) + 3 * report.activation_values)
    return floats, extras


def _eval_peak(reports: Sequence[LayerReport], specs: Sequence[S.LayerSpec], held: int) -> int:
    """The most a no-gradient forward pass holds at once, per image: a layer's input and output, plus what
    the blocks around it hold (a residual block's input for its shortcut, a concat block's input and the
    branch outputs made so far)."""
    peak = 0
    for report, spec in zip(reports, specs):
        here = FLOAT32 * (_product(report.input_shape) + report.activation_values)
        peak = max(peak, held + here)
        if spec.type == "residual":
            peak = max(
                peak,
                _eval_peak(report.children[0], spec.layers, held + FLOAT32 * _product(report.input_shape)),
            )
        elif spec.type == "concat":
            inside = held + FLOAT32 * (_product(report.input_shape) + report.activation_values)
            for branch, child_specs in zip(report.children, spec.child_lists()):
                peak = max(peak, _eval_peak(branch, child_specs, inside))
    return peak


def size_text(n: int | None) -> str:
    """Bytes in decimal units, three digits: ``512 B``, ``40.1 KB``, ``93.0 MB``, ``1.23 GB``, ``138 GB``."""
    if n is None:
        return "?"
    if n < 1000:
        return f"{n} B"
    value, unit = float(n), "KB"
    for unit in ("KB", "MB", "GB", "TB", "PB"):  # noqa: B007 (the unit the loop stops at is used below)
        value /= 1000
        if round(value, 2 if value < 10 else 1 if value < 100 else 0) < 1000:
            break
    decimals = 2 if value < 9.995 else 1 if value < 99.95 else 0
    return f"{value:.{decimals}f} {unit}"
