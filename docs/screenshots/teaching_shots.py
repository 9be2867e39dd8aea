"""Screenshots of the teaching tools (docs/img/teach_<tool>.png), on a model trained for a few seconds.

Run ``.venv/bin/python docs/screenshots/teaching_shots.py [--lang zh_CN]``. It trains the default project on
the built-in shapes set (offline, about half a minute on two cores), takes a probe snapshot of a test image,
and renders each tool of the Teach page offscreen with ``widget.grab()``, in the state a teacher would show.
``--lang`` installs ``resources/translations/cnnstudio_<lang>.qm`` when it exists, for translated shots.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import torch
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cnnstudio.core.project import default_project  # noqa: E402
from cnnstudio.training.build import build_model  # noqa: E402
from cnnstudio.training.datasets import DataSplits, load_dataset  # noqa: E402
from cnnstudio.training.probes import capture  # noqa: E402
from cnnstudio.ui.document import ProjectDocument  # noqa: E402
from cnnstudio.ui.i18n import install_language, translation_file  # noqa: E402
from cnnstudio.ui.teaching.sources import Samples  # noqa: E402
from cnnstudio.ui.teaching.teaching_page import TeachingPage  # noqa: E402

SIZE = (1400, 860)


def train(project, splits: DataSplits, epochs: int) -> torch.nn.Module:
    """A few epochs of the plain loop: enough for the maps and scores to mean something."""
    torch.manual_seed(0)
    model = build_model(project)
    optimiser = torch.optim.Adam(model.parameters(), lr=2e-3)
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(splits.train_x))
        for start in range(0, len(order), 64):
            batch = order[start : start + 64]
            optimiser.zero_grad(set_to_none=True)
            loss = torch.nn.functional.cross_entropy(
                model(splits.whiten(splits.train_x[batch])), splits.train_y[batch]
            )
            loss.backward()
            optimiser.step()
    return model.eval()


def samples_of(splits: DataSplits, count: int = 64) -> Samples:
    mean = torch.tensor(splits.mean).view(-1, 1, 1)
    std = torch.tensor(splits.std).view(-1, 1, 1)
    images = (splits.test_x[:count].float() / 255).numpy()  # the splits keep 8-bit pixels

    def to_input(image: np.ndarray) -> torch.Tensor:
        return (torch.from_numpy(np.asarray(image, dtype=np.float32)) - mean) / std

    return Samples(images, splits.test_y[:count].numpy(), splits.class_names, to_input)


def stage(page: TeachingPage, index: int) -> None:
    """Put tool ``index`` in a state worth a picture (the selection is shared, so each tool gets its own)."""
    if index == 0:
        page.doc.select((4,))  # the second conv: 16 input channels, the trained filter
        page.animator.filter_box.setValue(3)
        page.animator.set_step(37)
    elif index == 1:
        page.doc.select((3,))
        page.pooling_lab.select_window(4, 0)
    elif index == 2:
        page.doc.select((6,))
        page.receptive_field.select_cell(3, 5)
    elif index == 3:
        page.fc_to_conv.prove()
    elif index == 4:
        for box, value in zip((page.exercises.channels_answer, page.exercises.height_answer), (16, 55)):
            box.setValue(value)  # a typical slip: the padding forgotten
        page.exercises.width_answer.setValue(55)
        page.exercises.check()
        page.exercises.explain()
    elif index == 5:
        page.saliency.image_box.setValue(3)
        page.saliency.method_box.setCurrentIndex(1)
    elif index == 6:
        run_lab(page)
    elif index == 9:
        for _ in range(40):  # the ravine, 40 steps in: SGD zigzags, momentum has overshot, Adam walks evenly
            page.optimisers.step_once()


def run_lab(page: TeachingPage) -> None:
    """The overfitting lab with its defaults (300 images, 20 epochs, dropout as B), trained for real (~1 min)."""
    loop = QEventLoop()
    page.overfitting.lab_finished.connect(loop.quit)
    if page.overfitting.start():
        loop.exec()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", default="en", help="translation to install, e.g. zh_CN")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--only", nargs="*", default=None, help="tools to shoot, e.g. overfitting")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    if args.lang != "en" and not install_language(app, args.lang):
        print(f"no translation at {translation_file(args.lang)}; English shots", file=sys.stderr)
    project = default_project()
    splits = load_dataset(project.dataset, project.input.shape, seed=0)
    model = train(project, splits, args.epochs)
    samples = samples_of(splits)
    snapshot = capture(
        model,
        splits.whiten(splits.test_x[3]),
        project.layers,
        label=int(splits.test_y[3]),
        mean=splits.mean,
        std=splits.std,
    )
    page = TeachingPage(ProjectDocument(project), lambda: snapshot, lambda: model, lambda: samples)
    page.resize(*SIZE)
    page.show()
    suffix = "" if args.lang == "en" else f"_{args.lang}"
    names = (
        "animator",
        "pooling",
        "receptive_field",
        "fc_to_conv",
        "exercises",
        "saliency",
        "overfitting",
        "activations",
        "losses",
        "optimiser_race",
    )
    args.out.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(names):
        if args.only is not None and name not in args.only:
            continue
        page.tabs.setCurrentIndex(index)
        stage(page, index)
        app.processEvents()
        path = args.out / f"teach_{name}{suffix}.png"
        page.grab().save(str(path))
        print(path)
    page.overfitting.may_close()


if __name__ == "__main__":
    main()
