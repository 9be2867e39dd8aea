"""The datasets a project can name, with a line about each, readable without torch.

Why in the core: the training panel lists them and the window must start without importing torch (the
loaders themselves live in ``cnnstudio.training.datasets``, which checks its names against this list).
"""

from __future__ import annotations

BUILT_IN = ("shapes", "digits")
TORCHVISION = ("mnist", "fashion_mnist", "kmnist", "cifar10", "cifar100", "svhn")
DATASET_NAMES = (*BUILT_IN, *TORCHVISION, "folder")

DESCRIPTIONS: dict[str, str] = {
    # The count is the default project's (tests/core/test_dataset_catalog.py keeps it true): it said 3,000,
    # a file's default, beside an Images field reading 8000.
    "shapes": "Built in, offline: up to 10 kinds of drawn shapes (circle, square, triangle, cross, ring, star, "
    "plus, diamond, line or hexagon), made at the network's size; as many images as set below (8,000 in "
    "the default project).",
    "digits": "Built in, offline: 1,797 handwritten digits 0-9 of 8x8 pixels (UCI, CC BY 4.0), resized to the input.",
    "mnist": "MNIST: 70,000 handwritten digits 0-9, 28x28 grey (torchvision, from root).",
    "fashion_mnist": "Fashion-MNIST: 70,000 clothing pictures in 10 classes, 28x28 grey (torchvision, from root).",
    "kmnist": "KMNIST: 70,000 cursive Japanese characters in 10 classes, 28x28 grey (torchvision, from root).",
    "cifar10": "CIFAR-10: 60,000 photos in 10 classes (plane, car, bird...), 32x32 colour (torchvision, from root).",
    "cifar100": "CIFAR-100: 60,000 photos in 100 classes, 32x32 colour (torchvision, from root).",
    "svhn": "SVHN: 99,289 house-number digits from street photos, 32x32 colour (torchvision, from root; needs scipy).",
    "folder": "Your own pictures: a root folder with one subfolder per class, resized to the input.",
}

# Shapes' kinds and limits, for the panel's spin boxes (the loader validates the same ranges), and the
# defaults the loader takes when the project names none (the budget and the class check read them too).
SHAPES_MAX_CLASSES = 10
SHAPES_MAX_IMAGES = 500_000

# Every key a dataset section may hold, across all datasets: switching the dataset in the window keeps the
# other one's keys (they come back when switching back), so a key of another dataset is not a typo. The
# training side's loaders read these (tests/training/test_unknown_keys.py keeps the lists in step).
DATASET_KEYS = (
    "name", "root", "download", "num_classes", "num_images", "noise", "upscale", "val_fraction",
    "test_fraction", "limit", "eval_limit", "normalize", "augmentation", "stream",
)  # fmt: skip
AUGMENTATION_KEYS = (
    "enabled", "crop", "crop_padding", "hflip", "hflip_prob", "vflip", "vflip_prob", "jitter",
    "jitter_strength", "rotate", "rotate_degrees", "scale", "scale_amount", "erase", "erase_prob",
    "erase_max_area",
)  # fmt: skip
SHAPES_DEFAULT_CLASSES = 4
SHAPES_DEFAULT_IMAGES = 3000

# The torchvision sets' titles for messages, and the files torchvision's classes read (relative to the
# dataset folder): known here so that the window and Start's checks tell a missing set without torch.
TITLES = {
    "mnist": "MNIST", "fashion_mnist": "Fashion-MNIST", "kmnist": "KMNIST", "cifar10": "CIFAR-10",
    "cifar100": "CIFAR-100", "svhn": "SVHN",
}  # fmt: skip


def _idx_files(folder: str) -> tuple[str, ...]:
    names = ("train-images-idx3", "train-labels-idx1", "t10k-images-idx3", "t10k-labels-idx1")
    return tuple(f"{folder}/raw/{name}-ubyte" for name in names)


EXPECTED_FILES: dict[str, tuple[str, ...]] = {
    "mnist": _idx_files("MNIST"),
    "fashion_mnist": _idx_files("FashionMNIST"),
    "kmnist": _idx_files("KMNIST"),
    "cifar10": tuple(
        f"cifar-10-batches-py/{name}"
        for name in (*(f"data_batch_{i}" for i in range(1, 6)), "test_batch", "batches.meta")
    ),
    "cifar100": tuple(f"cifar-100-python/{name}" for name in ("train", "test", "meta")),
    "svhn": ("train_32x32.mat", "test_32x32.mat"),
}
