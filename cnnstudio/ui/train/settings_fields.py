"""The training panel's fields as data: where each value lives in the project, its label, range and help.

One table instead of forty hand-built widgets, so every field behaves the same (undo, refresh, tooltips)
and the panel stays a loop. Keys and defaults are those of the project file (``TrainingSettings`` and the
dataset loaders'); ``tests/gui/test_training_page.py`` checks that the defaults agree with them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from cnnstudio.core import training_settings as T
from cnnstudio.core.dataset_catalog import SHAPES_MAX_CLASSES, SHAPES_MAX_IMAGES, TORCHVISION
from cnnstudio.core.losses import FORMULAS

CONTEXT = "SettingsPanel"


@dataclass(frozen=True)
class Field:
    """One value: ``section`` is "training", "dataset" or "augmentation" (inside the dataset)."""

    section: str
    key: str
    label: str
    kind: str  # int | float | bool | choice | path | bias (default, zero or a small constant)
    default: Any
    low: float = 0.0
    high: float = 1.0
    step: float = 1.0
    decimals: int = 3
    choices: tuple[str, ...] = ()
    help: str = ""
    shown: Callable[[Mapping[str, Any], Mapping[str, Any]], bool] | None = None  # (dataset, training)
    group: str = ""
    note: Callable[[Mapping[str, Any]], str] | None = None  # a grey line under the field, from training


def _dataset_is(*names: str) -> Callable[[Mapping[str, Any], Mapping[str, Any]], bool]:
    return lambda dataset, _training: dataset.get("name", "shapes") in names


def _optimizer_is(*names: str) -> Callable[[Mapping[str, Any], Mapping[str, Any]], bool]:
    return lambda _dataset, training: training.get("optimizer", "adam") in names


def _schedule_is(*names: str) -> Callable[[Mapping[str, Any], Mapping[str, Any]], bool]:
    return lambda _dataset, training: training.get("schedule", "constant") in names


def _on(section: str, key: str) -> Callable[[Mapping[str, Any], Mapping[str, Any]], bool]:
    def shown(dataset: Mapping[str, Any], training: Mapping[str, Any]) -> bool:
        if section == "augmentation":
            return bool((dataset.get("augmentation") or {}).get(key, False))
        return bool(training.get(key, getattr(T.TrainingSettings, key)))

    return shown


def _loss_formula(training: Mapping[str, Any]) -> str:
    """The chosen loss's formula (math, the same in every language)."""
    return FORMULAS.get(training.get("loss") or "cross_entropy", "")


def tr(text: str) -> str:
    return QT_TRANSLATE_NOOP(CONTEXT, text)


DATA = tr("Data")
SPLIT = tr("Split and preprocessing")
AUGMENT = tr("Augmentation")
LOSS = tr("Loss")
OPTIMISE = tr("Optimiser")
SCHEDULE = tr("Learning-rate schedule")
REGULARISE = tr("Regularisation and stopping")
RUN = tr("Run")

D = T.TrainingSettings
FIELDS: tuple[Field, ...] = (
    # -- data ---------------------------------------------------------------------------------------------
    Field("dataset", "num_classes", tr("Classes"), "int", 4, 2, SHAPES_MAX_CLASSES,
          help=tr("How many kinds of shapes to draw"), shown=_dataset_is("shapes"), group=DATA),
    Field("dataset", "num_images", tr("Images"), "int", 3000, 10, SHAPES_MAX_IMAGES, 500,
          help=tr("Images generated in all, before the split"), shown=_dataset_is("shapes"), group=DATA),
    Field("dataset", "noise", tr("Background noise"), "float", 0.1, 0, 1, 0.05, 2,
          help=tr("0 is a clean background, 1 a very noisy one"), shown=_dataset_is("shapes"), group=DATA),
    Field("dataset", "upscale", tr("Resize to the input"), "bool", True,
          help=tr("Off: the 8x8 pixels are centred on the input instead of enlarged"),
          shown=_dataset_is("digits"), group=DATA),
    Field("dataset", "root", tr("Folder"), "path", "",
          help=tr("Where the dataset's files are (or will be downloaded)"),
          shown=_dataset_is(*TORCHVISION, "folder"), group=DATA),
    Field("dataset", "download", tr("Download if missing"), "bool", False,
          help=tr("Needs a network connection; otherwise copy the files into the folder"),
          shown=_dataset_is(*TORCHVISION), group=DATA),
    Field("dataset", "val_fraction", tr("Validation share"), "float", 0.1, 0, 0.9, 0.05, 2,
          help=tr("Part of the training images held out to watch overfitting"), group=SPLIT),
    Field("dataset", "test_fraction", tr("Test share"), "float", 0.1, 0, 0.9, 0.05, 2,
          help=tr("Part held out for the final accuracy and the confusion matrix"), group=SPLIT),
    Field("dataset", "limit", tr("Use at most (0 = all)"), "int", 0, 0, 10_000_000, 100,
          help=tr("Train on a small subset: quick demos, or to show overfitting"), group=SPLIT),
    Field("dataset", "normalize", tr("Whiten per channel"), "bool", True,
          help=tr("Subtract the mean and divide by the std of each channel, measured on the training split"),
          group=SPLIT),
    # -- augmentation (course 000: random crops, flips, colour, rotation, scale, occlusion) ---------------
    Field("augmentation", "crop", tr("Random crop"), "bool", False, group=AUGMENT,
          help=tr("Pad, then cut a random window of the original size")),
    Field("augmentation", "crop_padding", tr("  padding (px)"), "int", 4, 1, 32, group=AUGMENT,
          shown=_on("augmentation", "crop")),
    Field("augmentation", "hflip", tr("Horizontal flip"), "bool", False, group=AUGMENT),
    Field("augmentation", "vflip", tr("Vertical flip"), "bool", False, group=AUGMENT,
          help=tr("Off by default: an upside-down 6 is a 9")),
    Field("augmentation", "jitter", tr("Brightness, contrast, colour"), "bool", False, group=AUGMENT),
    Field("augmentation", "jitter_strength", tr("  strength"), "float", 0.2, 0.01, 1, 0.05, 2,
          group=AUGMENT, shown=_on("augmentation", "jitter")),
    Field("augmentation", "rotate", tr("Rotation"), "bool", False, group=AUGMENT),
    Field("augmentation", "rotate_degrees", tr("  up to ± degrees"), "float", 10.0, 1, 15, 1, 0,
          group=AUGMENT, shown=_on("augmentation", "rotate")),
    Field("augmentation", "scale", tr("Scaling"), "bool", False, group=AUGMENT),
    Field("augmentation", "scale_amount", tr("  amount"), "float", 0.1, 0.01, 0.5, 0.05, 2,
          group=AUGMENT, shown=_on("augmentation", "scale")),
    Field("augmentation", "erase", tr("Occlusion (random erasing)"), "bool", False, group=AUGMENT),
    Field("augmentation", "erase_max_area", tr("  largest area"), "float", 0.25, 0.02, 0.9, 0.05, 2,
          group=AUGMENT, shown=_on("augmentation", "erase")),
    # -- loss (course 000 and 004; cs231n's SVM) ---------------------------------------------------------
    Field("training", "loss", tr("Loss"), "choice", D.loss, choices=T.LOSSES, group=LOSS, note=_loss_formula,
          help=tr("What training minimises: cross-entropy of the softmax, the multi-class hinge (SVM) loss, "
                  "or the squared error between the softmax and the one-hot target")),
    # -- optimiser ----------------------------------------------------------------------------------------
    Field("training", "optimizer", tr("Optimiser"), "choice", D.optimizer, choices=T.OPTIMIZERS,
          group=OPTIMISE, help=tr("SGD with momentum, Adagrad, RMSprop, Adam or AdamW")),
    Field("training", "lr", tr("Learning rate"), "float", D.lr, 1e-6, 10, 0.0001, 6, group=OPTIMISE),
    Field("training", "momentum", tr("Momentum"), "float", 0.9, 0, 0.999, 0.05, 3, group=OPTIMISE,
          shown=_optimizer_is("sgd", "rmsprop")),
    Field("training", "nesterov", tr("Nesterov"), "bool", False, group=OPTIMISE, shown=_optimizer_is("sgd")),
    Field("training", "weight_decay", tr("Weight decay (decoupled for AdamW)"), "float", 0.0, 0, 1, 0.001,
          4, group=OPTIMISE, help=tr("The optimiser's own decay, separate from the L2 penalty below")),
    Field("training", "clip_grad_norm", tr("Clip gradient norm (0 = off)"), "float", D.clip_grad_norm, 0, 1000,
          0.5, 2, group=OPTIMISE,
          help=tr("Before each step, scale the gradient down when its length (L2 norm) is above this")),
    Field("training", "batch_size", tr("Batch size"), "int", D.batch_size, 1, 8192, group=OPTIMISE),
    Field("training", "epochs", tr("Epochs"), "int", D.epochs, 1, 10_000, group=OPTIMISE),
    # -- schedule -----------------------------------------------------------------------------------------
    Field("training", "schedule", tr("Schedule"), "choice", D.schedule, choices=T.SCHEDULES, group=SCHEDULE,
          help=tr("constant, step, multi-step, exponential, cosine or reduce-on-plateau")),
    Field("training", "step_size", tr("Epochs per step"), "int", 3, 1, 1000, group=SCHEDULE,
          shown=_schedule_is("step")),
    Field("training", "gamma", tr("Decay factor"), "float", 0.1, 0.001, 1, 0.05, 3, group=SCHEDULE,
          shown=_schedule_is("step", "multistep", "exponential", "plateau")),
    Field("training", "warmup_epochs", tr("Warm-up epochs"), "int", D.warmup_epochs, 0, 100, group=SCHEDULE,
          help=tr("Grow the learning rate linearly over the first epochs")),
    # -- regularisation -----------------------------------------------------------------------------------
    Field("training", "l1", tr("L1 penalty"), "float", D.l1, 0, 1, 0.0001, 5, group=REGULARISE),
    Field("training", "l2", tr("L2 penalty"), "float", D.l2, 0, 1, 0.0001, 5, group=REGULARISE),
    Field("training", "penalty_scope", tr("Penalise"), "choice", D.penalty_scope,
          choices=T.PENALTY_SCOPES[:3], group=REGULARISE, help=tr("all layers, conv layers or linear layers")),
    Field("training", "penalize_bias", tr("Penalise biases too"), "bool", D.penalize_bias, group=REGULARISE),
    Field("training", "early_stopping", tr("Early stopping"), "bool", D.early_stopping, group=REGULARISE,
          help=tr("Stop when the validation loss stops improving, and keep the best weights")),
    Field("training", "patience", tr("  patience (epochs)"), "int", D.patience, 1, 1000, group=REGULARISE,
          shown=_on("training", "early_stopping")),
    # -- run ----------------------------------------------------------------------------------------------
    Field("training", "init", tr("Weight init"), "choice", D.init, choices=T.INITS, group=RUN,
          help=tr("torch's default, Kaiming, Xavier, or a small Gaussian (std 0.01)")),
    Field("training", "bias_init", tr("Bias init"), "bias", D.bias_init, 0.0, 1.0, 0.01, 3, group=RUN,
          help=tr("Biases start at torch's default, at zero, or at a small positive value such as 0.01")),
    Field("training", "seed", tr("Seed"), "int", D.seed, 0, 2**31 - 1, group=RUN,
          help=tr("The same seed gives the same data, weights and run")),
    Field("training", "device", tr("Device"), "choice", D.device, choices=T.DEVICES, group=RUN),
)  # fmt: skip

GROUPS = (DATA, SPLIT, AUGMENT, LOSS, OPTIMISE, SCHEDULE, REGULARISE, RUN)
BIAS_CONSTANT = 0.01  # what "small positive" starts at (course 000)


def read(field: Field, dataset: Mapping[str, Any], training: Mapping[str, Any]) -> Any:
    """The field's current value in the project (its default when absent or null)."""
    if field.section == "training":
        source = training
    elif field.section == "augmentation":
        source = dataset.get("augmentation") or {}
    else:
        source = dataset
    value = source.get(field.key)
    return field.default if value is None else value


def write(
    field: Field, value: Any, dataset: Mapping[str, Any], training: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """New (dataset, training) dicts with ``value`` stored; unknown keys are kept as they were."""
    dataset, training = dict(dataset), dict(training)
    if field.key == "limit" and value == 0:
        dataset.pop("limit", None)
    elif field.section == "training":
        training[field.key] = value
    elif field.section == "augmentation":
        dataset["augmentation"] = {**(dataset.get("augmentation") or {}), field.key: value}
    else:
        dataset[field.key] = value
    return dataset, training
