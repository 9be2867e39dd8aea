"""Weights out of the studio: the model with its weights, and the state_dict, TorchScript and ONNX files.

Weights come from a checkpoint the studio wrote (``best.pt`` or ``last.pt``: both keep them under
``model``) or, without one, are freshly initialised with the project's seed and scheme, as training would
start; docs/export.md allows both. TorchScript and ONNX are made from ``build.py``'s model, the one
that trained; the state_dict is written under ``model.py``'s names, since that file is where it goes (its
``load_state_dict`` also takes the studio's names).

Every file is first made in memory or in a scratch folder and then written with ``atomic_write_bytes``:
an export that fails half way leaves the previous file as it was.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from cnnstudio.core import project_file
from cnnstudio.core.atomic import atomic_write_bytes
from cnnstudio.core.project import Project
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.training.build import build_model
from cnnstudio.training.checkpoint import load_checkpoint, load_weights
from cnnstudio.training.errors import CheckpointError, TrainingError
from cnnstudio.training.init import init_weights


class ExportError(TrainingError):
    """The network cannot be written in the chosen format (e.g. an operator ONNX cannot express)."""


@dataclass(frozen=True)
class StudioWeights:
    """The studio's model in eval mode, with what its checkpoint says about the data it learnt from."""

    model: torch.nn.Module
    class_names: Sequence[str] | None = None
    mean: Sequence[float] | None = None
    std: Sequence[float] | None = None
    source: str = "fresh"  # the checkpoint's path, or "fresh" for newly initialised weights


def studio_weights(project: Project, checkpoint: str | os.PathLike[str] | None = None) -> StudioWeights:
    """``build_model(project)`` with the checkpoint's weights, or fresh ones; ``CheckpointError`` if unusable.

    ``ValueError`` when the network cannot work (the caller reports it as an invalid network).
    """
    if checkpoint is None:
        settings = TrainingSettings.from_dict(project.training)
        with torch.random.fork_rng(devices=[]):  # leave the caller's random stream alone
            torch.manual_seed(settings.seed)  # the weights a run with this seed starts from (engine.py)
            model = build_model(project)
            init_weights(model, settings.init, settings.bias_init)
        return StudioWeights(model.eval())
    model = build_model(project)
    data = load_checkpoint(checkpoint)
    state = data.get("model")
    if not isinstance(state, dict):
        raise CheckpointError(f"{checkpoint}: holds no model weights")
    load_weights(model, state, checkpoint)
    return StudioWeights(
        model.eval(), data.get("class_names"), data.get("mean"), data.get("std"), str(checkpoint)
    )


def example_input(project: Project, batch: int = 2) -> torch.Tensor:
    """A reproducible batch in the network's input shape (batch 2: BatchNorm1d needs more than one)."""
    return torch.randn((batch, *project.input.shape), generator=torch.Generator().manual_seed(0))


def state_dict_bytes(state: dict[str, torch.Tensor]) -> bytes:
    buffer = io.BytesIO()
    torch.save({k: v.detach().cpu() for k, v in state.items()}, buffer)
    return buffer.getvalue()


def write_state_dict(state: dict[str, torch.Tensor], path: Path) -> Path:
    atomic_write_bytes(path, state_dict_bytes(state))
    return path


TORCHSCRIPT_META = "cnnstudio.json"  # an extra file in the archive: the project's name and input shape


def write_torchscript(model: torch.nn.Module, path: Path, project: Project | None = None) -> Path:
    """``torch.jit.script`` keeps dropout and BatchNorm's train/eval switch, unlike a trace.

    With ``project``, the archive also holds ``extra/cnnstudio.json`` (name, input [C, H, W]): TorchScript
    keeps no input shape, and ``cnnstudio import`` reads it from there (``torch.jit.load`` ignores it)."""
    with warnings.catch_warnings():
        # "torch.jit.script is deprecated": it is still the format a C++ or mobile runtime loads.
        warnings.simplefilter("ignore", FutureWarning)
        try:
            scripted = torch.jit.script(model.eval())
        except Exception as exc:  # TorchScript raises several kinds (a custom layer's call it cannot compile)
            raise ExportError(
                f"the network cannot be written as TorchScript: {_first_sentence(exc)}"
            ) from None
        buffer = io.BytesIO()
        extra = {}
        if project is not None:
            meta = {"name": project.name, "input": list(project.input.shape)}
            extra[TORCHSCRIPT_META] = json.dumps(meta)
        torch.jit.save(scripted, buffer, _extra_files=extra)
    atomic_write_bytes(path, buffer.getvalue())
    return path


def write_onnx(model: torch.nn.Module, project: Project, path: Path) -> Path:
    """ONNX with a variable batch size, checked by ``onnx.checker`` before it replaces anything.

    ``dynamo=False``: the TorchScript-based exporter needs only the ``onnx`` package (docs/architecture.md; measured: 0.1 s for LeNet).
    ``TrainingMode.PRESERVE`` (the model is in eval mode): BatchNorm stays a BatchNormalization node instead of
    being folded into the convolution before it, so that the file shows, and imports back as, the design.
    """
    try:
        import onnx
    except ImportError:
        raise ExportError(
            "ONNX export needs the onnx package: pip install onnx (or the project's export extra)"
        ) from None

    x = example_input(project)
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch) / "model.onnx"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # notes about the exporter's future, not about this model
            try:
                torch.onnx.export(
                    model.eval(), (x,), str(tmp), dynamo=False, training=torch.onnx.TrainingMode.PRESERVE,
                    input_names=["input"], output_names=["output"],
                    dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
                )  # fmt: skip
            except torch.onnx.errors.OnnxExporterError as exc:
                raise ExportError(f"the network cannot be written as ONNX: {_first_sentence(exc)}") from None
        _record_project(onnx, tmp, project)
        try:
            onnx.checker.check_model(str(tmp), full_check=True)
        except _onnx_check_errors(onnx) as exc:  # e.g. a ceil-mode pool whose size ONNX infers differently
            raise ExportError(
                f"ONNX's checker refuses the exported graph, nothing was written: {_first_sentence(exc)}"
            ) from None
        atomic_write_bytes(path, tmp.read_bytes())
    return path


ONNX_PROJECT_KEY = "cnnstudio.project"  # the model's metadata_props entry holding the project file's JSON


def _record_project(onnx: Any, path: Path, project: Project) -> None:
    """The project, as its file holds it (runs left out), in the model's metadata: an inference graph has
    no dropout, and adaptive pooling becomes a fixed window, so ``cnnstudio import`` puts them back from
    here where the graph agrees with it (other runtimes ignore the entry)."""
    model = onnx.load(str(path))
    onnx.helper.set_model_props(model, {ONNX_PROJECT_KEY: project_file.dumps(project.replace(runs=()))})
    onnx.save(model, str(path))


def _onnx_check_errors(onnx: Any) -> tuple[type[Exception], ...]:
    """The checker's ValidationError and shape inference's InferenceError (onnx's C++ extension)."""
    names = [(onnx.checker, "ValidationError"), (getattr(onnx, "shape_inference", None), "InferenceError")]
    return tuple(getattr(module, name) for module, name in names if hasattr(module, name))


def _first_sentence(exc: Exception) -> str:
    """The reason without the exporter's graph dump and its invitation to file a pull request."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text.split(" Please feel free")[0].split(" [Caused by")[0][:200]
