"""How the window names stored keys: option values (``sgd``, ``step``, ``kaiming``...), dataset names and the
class names of the built-in and torchvision datasets.

The project file, the command line and the engine keep the keys (``"optimizer": "sgd"``); a person reads a
name, in their language: "SGD" in English, "随机梯度下降（SGD）" in Chinese. Combo boxes show
``choice_text(field, key)`` and keep the key as their item data. Class names come from the datasets
(``circle``, ``airplane``...) and are shown through ``class_text``; names the table does not know (a folder
dataset's own subfolders) are shown as they are.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CHOICES_CONTEXT = "Choices"
CLASSES_CONTEXT = "ClassNames"

CHOICES: dict[tuple[str, str], str] = {
    ("optimizer", "sgd"): QT_TRANSLATE_NOOP("Choices", "SGD"),
    ("optimizer", "adagrad"): QT_TRANSLATE_NOOP("Choices", "Adagrad"),
    ("optimizer", "rmsprop"): QT_TRANSLATE_NOOP("Choices", "RMSprop"),
    ("optimizer", "adam"): QT_TRANSLATE_NOOP("Choices", "Adam"),
    ("optimizer", "adamw"): QT_TRANSLATE_NOOP("Choices", "AdamW"),
    ("schedule", "constant"): QT_TRANSLATE_NOOP("Choices", "constant"),
    ("schedule", "step"): QT_TRANSLATE_NOOP("Choices", "step decay"),
    ("schedule", "multistep"): QT_TRANSLATE_NOOP("Choices", "multi-step decay"),
    ("schedule", "exponential"): QT_TRANSLATE_NOOP("Choices", "exponential decay"),
    ("schedule", "cosine"): QT_TRANSLATE_NOOP("Choices", "cosine annealing"),
    ("schedule", "plateau"): QT_TRANSLATE_NOOP("Choices", "reduce on plateau"),
    ("penalty_scope", "all"): QT_TRANSLATE_NOOP("Choices", "all layers"),
    ("penalty_scope", "conv"): QT_TRANSLATE_NOOP("Choices", "conv layers only"),
    ("penalty_scope", "linear"): QT_TRANSLATE_NOOP("Choices", "linear layers only"),
    ("penalty_scope", "layers"): QT_TRANSLATE_NOOP("Choices", "chosen layers"),
    ("init", "default"): QT_TRANSLATE_NOOP("Choices", "torch's default"),
    ("init", "kaiming"): QT_TRANSLATE_NOOP("Choices", "Kaiming (He)"),
    ("init", "xavier"): QT_TRANSLATE_NOOP("Choices", "Xavier (Glorot)"),
    ("init", "normal"): QT_TRANSLATE_NOOP("Choices", "small Gaussian (std 0.01)"),
    ("bias_init", "default"): QT_TRANSLATE_NOOP("Choices", "torch's default"),
    ("bias_init", "zero"): QT_TRANSLATE_NOOP("Choices", "zero"),
    ("bias_init", "constant"): QT_TRANSLATE_NOOP("Choices", "small positive value"),
    ("loss", "cross_entropy"): QT_TRANSLATE_NOOP("Choices", "cross-entropy (softmax)"),
    ("loss", "hinge"): QT_TRANSLATE_NOOP("Choices", "multi-class hinge (SVM)"),
    ("loss", "mse"): QT_TRANSLATE_NOOP("Choices", "mean squared error (one-hot)"),
    ("device", "auto"): QT_TRANSLATE_NOOP("Choices", "automatic"),
    ("device", "cpu"): QT_TRANSLATE_NOOP("Choices", "CPU"),
    ("device", "cuda"): QT_TRANSLATE_NOOP("Choices", "CUDA (NVIDIA GPU)"),
    ("device", "mps"): QT_TRANSLATE_NOOP("Choices", "MPS (Apple GPU)"),
    ("dataset", "shapes"): QT_TRANSLATE_NOOP("Choices", "shapes (built in)"),
    ("dataset", "digits"): QT_TRANSLATE_NOOP("Choices", "digits 8x8 (built in)"),
    ("dataset", "mnist"): QT_TRANSLATE_NOOP("Choices", "MNIST"),
    ("dataset", "fashion_mnist"): QT_TRANSLATE_NOOP("Choices", "Fashion-MNIST"),
    ("dataset", "kmnist"): QT_TRANSLATE_NOOP("Choices", "KMNIST"),
    ("dataset", "cifar10"): QT_TRANSLATE_NOOP("Choices", "CIFAR-10"),
    ("dataset", "cifar100"): QT_TRANSLATE_NOOP("Choices", "CIFAR-100"),
    ("dataset", "svhn"): QT_TRANSLATE_NOOP("Choices", "SVHN"),
    ("dataset", "folder"): QT_TRANSLATE_NOOP("Choices", "my own pictures (folder)"),
}

# The built-in shapes, then torchvision's CIFAR-10, Fashion-MNIST, MNIST and KMNIST classes.
CLASS_NAMES = (
    QT_TRANSLATE_NOOP("ClassNames", "circle"),
    QT_TRANSLATE_NOOP("ClassNames", "square"),
    QT_TRANSLATE_NOOP("ClassNames", "triangle"),
    QT_TRANSLATE_NOOP("ClassNames", "cross"),
    QT_TRANSLATE_NOOP("ClassNames", "ring"),
    QT_TRANSLATE_NOOP("ClassNames", "star"),
    QT_TRANSLATE_NOOP("ClassNames", "plus"),
    QT_TRANSLATE_NOOP("ClassNames", "diamond"),
    QT_TRANSLATE_NOOP("ClassNames", "line"),
    QT_TRANSLATE_NOOP("ClassNames", "hexagon"),
    QT_TRANSLATE_NOOP("ClassNames", "airplane"),
    QT_TRANSLATE_NOOP("ClassNames", "automobile"),
    QT_TRANSLATE_NOOP("ClassNames", "bird"),
    QT_TRANSLATE_NOOP("ClassNames", "cat"),
    QT_TRANSLATE_NOOP("ClassNames", "deer"),
    QT_TRANSLATE_NOOP("ClassNames", "dog"),
    QT_TRANSLATE_NOOP("ClassNames", "frog"),
    QT_TRANSLATE_NOOP("ClassNames", "horse"),
    QT_TRANSLATE_NOOP("ClassNames", "ship"),
    QT_TRANSLATE_NOOP("ClassNames", "truck"),
    QT_TRANSLATE_NOOP("ClassNames", "T-shirt/top"),
    QT_TRANSLATE_NOOP("ClassNames", "Trouser"),
    QT_TRANSLATE_NOOP("ClassNames", "Pullover"),
    QT_TRANSLATE_NOOP("ClassNames", "Dress"),
    QT_TRANSLATE_NOOP("ClassNames", "Coat"),
    QT_TRANSLATE_NOOP("ClassNames", "Sandal"),
    QT_TRANSLATE_NOOP("ClassNames", "Shirt"),
    QT_TRANSLATE_NOOP("ClassNames", "Sneaker"),
    QT_TRANSLATE_NOOP("ClassNames", "Bag"),
    QT_TRANSLATE_NOOP("ClassNames", "Ankle boot"),
    QT_TRANSLATE_NOOP("ClassNames", "0 - zero"),
    QT_TRANSLATE_NOOP("ClassNames", "1 - one"),
    QT_TRANSLATE_NOOP("ClassNames", "2 - two"),
    QT_TRANSLATE_NOOP("ClassNames", "3 - three"),
    QT_TRANSLATE_NOOP("ClassNames", "4 - four"),
    QT_TRANSLATE_NOOP("ClassNames", "5 - five"),
    QT_TRANSLATE_NOOP("ClassNames", "6 - six"),
    QT_TRANSLATE_NOOP("ClassNames", "7 - seven"),
    QT_TRANSLATE_NOOP("ClassNames", "8 - eight"),
    QT_TRANSLATE_NOOP("ClassNames", "9 - nine"),
    QT_TRANSLATE_NOOP("ClassNames", "o"),
    QT_TRANSLATE_NOOP("ClassNames", "ki"),
    QT_TRANSLATE_NOOP("ClassNames", "su"),
    QT_TRANSLATE_NOOP("ClassNames", "tsu"),
    QT_TRANSLATE_NOOP("ClassNames", "na"),
    QT_TRANSLATE_NOOP("ClassNames", "ha"),
    QT_TRANSLATE_NOOP("ClassNames", "ma"),
    QT_TRANSLATE_NOOP("ClassNames", "ya"),
    QT_TRANSLATE_NOOP("ClassNames", "re"),
    QT_TRANSLATE_NOOP("ClassNames", "wo"),
)
_KNOWN_CLASSES = frozenset(CLASS_NAMES)


def choice_text(field: str, key: str) -> str:
    """The name of option ``key`` of ``field`` in the installed language (the key itself when unknown)."""
    text = CHOICES.get((field, key))
    return QCoreApplication.translate(CHOICES_CONTEXT, text) if text else key


def class_text(name: str) -> str:
    """A dataset's class name in the installed language; a folder's own class names stay as they are."""
    return QCoreApplication.translate(CLASSES_CONTEXT, name) if name in _KNOWN_CLASSES else name


def class_texts(names) -> list[str]:
    return [class_text(str(name)) for name in names]
