"""Export: a design leaves the studio as ordinary PyTorch (docs/export.md, ``cnnstudio export``).

``export_project(project, fmt, out_path, checkpoint)`` writes one format and returns the paths written:

- ``pytorch``: ``model.py``, one readable ``nn.Module`` class (plus ``weights.pt`` when a checkpoint is
  given, so the file and its weights travel together);
- ``state_dict``: the weights as a plain ``torch.save``'d dict, under ``model.py``'s names;
- ``torchscript``: ``torch.jit.script`` of the studio's model, loadable with ``torch.jit.load`` alone;
- ``onnx``: checked with ``onnx.checker``, batch size variable;
- ``ddp``: a folder with ``model.py``, ``train_ddp.py`` and ``data.pt`` (plus ``weights.pt`` with a
  checkpoint) that trains on N processes under ``torchrun``.

Without a checkpoint the weights are the ones a training run with the project's seed would start from.
Errors: ``ValueError`` for a network that cannot work, ``NetworkMismatchError`` for one that does not fit
its dataset, ``CheckpointError`` / ``DatasetError`` / ``ProjectSaveError`` for files that cannot be read or
written; each ``str()`` is a one-line message.
"""

from __future__ import annotations

import os
from pathlib import Path

from cnnstudio.core.atomic import atomic_write_bytes, make_folder
from cnnstudio.core.project import Project
from cnnstudio.training.dry_run import check_export_fits
from cnnstudio.training.export.ddp_script import project_data, write_ddp
from cnnstudio.training.export.formats import (
    StudioWeights,
    studio_weights,
    write_onnx,
    write_state_dict,
    write_torchscript,
)
from cnnstudio.training.export.pytorch_code import ModelCode, generate_model_code
from cnnstudio.training.export.verify import check_model_source

__all__ = ["DEFAULT_NAMES", "FORMATS", "export_project", "generate_model_code", "output_path"]

FORMATS = ("pytorch", "onnx", "state_dict", "torchscript", "ddp")
# The file each format writes when given a folder (ddp always writes a folder).
DEFAULT_NAMES = {
    "pytorch": "model.py",
    "state_dict": "weights.pt",
    "torchscript": "model_torchscript.pt",
    "onnx": "model.onnx",
    "ddp": "",
}
WEIGHTS_NAME = "weights.pt"


def output_path(fmt: str, out_path: str | os.PathLike[str]) -> Path:
    """The file to write: ``out_path`` itself, or the format's usual name inside it when it is a folder."""
    target = Path(out_path)
    if fmt == "ddp":
        return target
    if target.is_dir() or str(out_path).endswith(("/", os.sep)):
        return target / DEFAULT_NAMES[fmt]
    return target


def export_project(
    project: Project,
    fmt: str,
    out_path: str | os.PathLike[str],
    checkpoint: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Write ``project`` in format ``fmt`` at ``out_path`` (a file, or a folder for ``ddp``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if project.report.valid:  # an invalid network is refused by studio_weights with its reason
        check_export_fits(project, checkpoint is not None)  # before allocating the weights
    weights = studio_weights(project, checkpoint)  # also refuses an invalid network, before any write
    target = output_path(fmt, out_path)
    folder = make_folder(target if fmt == "ddp" else target.parent, "the export folder ")
    if fmt == "ddp":
        return _export_ddp(project, weights, folder, checkpoint is not None)
    code = generate_model_code(project, class_names=weights.class_names, mean=weights.mean, std=weights.std)
    if fmt == "pytorch":
        written = [_write_code(code, project, target)]
        if checkpoint is not None:
            state = code.readable_state_dict(weights.model.state_dict())
            written.append(write_state_dict(state, folder / WEIGHTS_NAME))
        return written
    if fmt == "state_dict":
        return [write_state_dict(code.readable_state_dict(weights.model.state_dict()), target)]
    if fmt == "torchscript":
        return [write_torchscript(weights.model, target, project)]
    return [write_onnx(weights.model, project, target)]


def _write_code(code: ModelCode, project: Project, path: Path) -> Path:
    """Write ``model.py`` once it compiles and builds the project's network (``GeneratedCodeError``)."""
    check_model_source(code.source, project, code.title)
    atomic_write_bytes(path, code.source.encode("utf-8"))
    return path


def _export_ddp(project: Project, weights: StudioWeights, folder: Path, with_weights: bool) -> list[Path]:
    from cnnstudio.training.build import check_network

    data = project_data(project)
    check_network(project, data)  # the outputs must match the dataset's classes, as for training
    code = generate_model_code(project, class_names=data.class_names, mean=data.mean, std=data.std)
    written = [
        _write_code(code, project, folder / DEFAULT_NAMES["pytorch"]),
        *write_ddp(project, code, folder, data),
    ]
    if with_weights:
        state = code.readable_state_dict(weights.model.state_dict())
        written.append(write_state_dict(state, folder / WEIGHTS_NAME))
    return written
