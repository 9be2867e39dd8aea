"""The training engine's and the data loaders' messages, for ``core_text.translate_core``.

A run that cannot start (the network does not fit the dataset, a torchvision set missing offline, a folder
without pictures, too little memory) and a setting that contradicts another (momentum with Adam) are
reported in the engine's own English words; the window shows them through ``translate_core``, which finds
them here. Each template is the engine's message with its numbers, names and paths as placeholders, and
keeps the words of the settings panel's labels in its translation.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

# Messages without numbers (looked up whole).
FIXED = (
    QT_TRANSLATE_NOOP("core", "SVHN needs scipy to read its .mat files: pip install scipy"),
    QT_TRANSLATE_NOOP("core", "training.nesterov: needs a momentum above 0"),
    QT_TRANSLATE_NOOP(
        "core", "training.penalty_layers: must list at least one layer index when penalty_scope is 'layers'"
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "dataset.root: required for the folder dataset (one subfolder per class, e.g. root/cat/001.png and "
        "root/dog/001.jpg)",
    ),
)

# Dataset keys as the engine's messages name them ("the dataset 'shapes' has 4 classes").
DATASET_KEYS = (
    QT_TRANSLATE_NOOP("core", "shapes"),
    QT_TRANSLATE_NOOP("core", "digits"),
    QT_TRANSLATE_NOOP("core", "mnist"),
    QT_TRANSLATE_NOOP("core", "fashion_mnist"),
    QT_TRANSLATE_NOOP("core", "kmnist"),
    QT_TRANSLATE_NOOP("core", "cifar10"),
    QT_TRANSLATE_NOOP("core", "cifar100"),
    QT_TRANSLATE_NOOP("core", "svhn"),
    QT_TRANSLATE_NOOP("core", "folder"),
)

TEMPLATES = (
    # training/engine.py, datasets/splits.py: memory and splits
    QT_TRANSLATE_NOOP(
        "core",
        "the {name} images ({size} MB) do not fit in the memory of {device}: set a smaller dataset.limit, a "
        "smaller input, or device cpu",
    ),
    QT_TRANSLATE_NOOP(
        "core", "{name}: {count} images leave none for training; add images or lower the fractions"
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "{name}: {count} images at {shape} need {needed} GB of memory (at most {most} GB); set limit and "
        "eval_limit, or use a smaller input",
    ),
    QT_TRANSLATE_NOOP(
        "core", "dataset.val_fraction + dataset.test_fraction: must be at most 0.9, got {total}"
    ),
    # datasets/torchvision_sets.py: a set that is not on this machine
    # (a list of files ends "a, b and c": the last "and" is a template's own word, so it is translated)
    QT_TRANSLATE_NOOP(
        "core", "{title} not found in {root}: expected {files}. Set download: true, or copy the files there."
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "{title} not found in {root}: expected {files} and {last}. Set download: true, or copy the files there.",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "{title} could not be downloaded to {root} ({reason}): expected {files}. Copy the files there from a "
        "machine that has them.",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "{title} could not be downloaded to {root} ({reason}): expected {files} and {last}. Copy the files "
        "there from a machine that has them.",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "{title} in {root} could not be read ({reason}); the files may be incomplete or corrupted: delete "
        "them and set download: true, or copy fresh ones there.",
    ),
    # training/downloads: a download that failed (the reasons are the system's words)
    QT_TRANSLATE_NOOP(
        "core",
        "{title}: {file} could not be downloaded: {reason}. Without a network: download {urls} on a machine "
        "with internet and put them in {folder}; the next download checks and unpacks them.",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "{file} from {url} failed its checksum (MD5 {actual}, published {md5}): the file is damaged or not the "
        "published one",
    ),
    QT_TRANSLATE_NOOP("core", "{file}: download cancelled"),
    QT_TRANSLATE_NOOP("core", "{file}: the disk is full (writing {folder})"),
    QT_TRANSLATE_NOOP("core", "{file}: cannot write {path} ({reason})"),
    QT_TRANSLATE_NOOP("core", "{file}: cannot unpack it ({reason})"),
    QT_TRANSLATE_NOOP("core", "{title}: downloaded, but {file} is not in {root}"),
    # datasets/folder.py, digits.py
    QT_TRANSLATE_NOOP(
        "core",
        "folder dataset: {root} is not a folder; expected one subfolder per class, e.g. {a}/cat/001.png and "
        "{b}/dog/001.jpg",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "folder dataset: no pictures in {root} ({reason}); expected one subfolder per class, e.g. "
        "{a}/cat/001.png and {b}/dog/001.jpg",
    ),
    QT_TRANSLATE_NOOP("core", "folder dataset: cannot read the picture {path} ({reason})"),
    QT_TRANSLATE_NOOP(
        "core", "digits: cannot read the built-in file {path} ({reason}); reinstall CNN Studio"
    ),
    # core/training_settings.py: settings that contradict each other
    QT_TRANSLATE_NOOP("core", "training.momentum: only applies to sgd and rmsprop, not {optimizer}"),
    QT_TRANSLATE_NOOP("core", "training.nesterov: only applies to the sgd optimizer, not {optimizer}"),
    QT_TRANSLATE_NOOP(
        "core", "training.penalty_layers: there is no layer {index} (the network has layers 0 to {last})"
    ),
)
