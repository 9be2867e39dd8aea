"""``train_ddp.py`` and its ``data.pt``: the project's training, outside the studio, on N processes.

The script itself is ``ddp_template.py``, a real Python file kept in this package (so it is linted and
read like any other code); exporting copies it with its ``SETTINGS`` block replaced by the project's
training settings, every "usual value" already resolved (momentum, weight decay, gamma, milestones).
Regularisation is resolved the same way: the exact parameters the studio would penalise are listed under
``model.py``'s names, so every ``penalty_scope`` carries over without the script knowing about scopes.

The data goes in a file, not in code: the built-in sets and the studio's conversions need CNN Studio,
and the script must not (see the template's docstring for the file's layout).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import torch

from cnnstudio.core.atomic import atomic_write_bytes
from cnnstudio.core.project import Project
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.training.build import build_model
from cnnstudio.training.datasets import DataSplits, load_dataset
from cnnstudio.training.export.literals import escaped, literal
from cnnstudio.training.export.pytorch_code import ModelCode
from cnnstudio.training.export.verify import check_script
from cnnstudio.training.penalties import make_penalty

TEMPLATE = Path(__file__).with_name("ddp_template.py")
SETTINGS_START = "# --- settings (written by CNN Studio from the project) ---\n"
SETTINGS_END = "# --- end of settings ---\n"
SCRIPT_NAME, DATA_NAME = "train_ddp.py", "data.pt"


def script_settings(project: Project, code: ModelCode) -> dict[str, Any]:
    """The training settings the script uses, as plain values with every default resolved."""
    s = TrainingSettings.from_dict(project.training)
    studio = build_model(project)
    penalty = make_penalty(studio, s.l1, s.l2, s.penalty_scope, s.penalty_layers, s.penalize_bias)
    names = {id(p): name for name, p in studio.named_parameters()}
    readable = code.readable_state_dict({names[id(p)]: None for p in penalty.params})
    return {
        "optimizer": s.optimizer,
        "lr": s.lr,
        "momentum": s.effective_momentum,
        "nesterov": s.nesterov,
        "weight_decay": s.effective_weight_decay,
        "batch_size": s.batch_size,
        "epochs": s.epochs,
        "seed": s.seed,
        "schedule": s.schedule,
        "step_size": s.effective_step_size(),
        "gamma": s.effective_gamma,
        "milestones": list(s.effective_milestones()),
        "plateau_patience": s.plateau_patience,
        "min_lr": s.min_lr,
        "warmup_epochs": s.warmup_epochs,
        "early_stopping": s.early_stopping,
        "patience": s.patience,
        "min_delta": s.min_delta,
        "restore_best": s.restore_best,
        "init": s.init,
        "bias_init": s.bias_init,
        "l1": s.l1 if penalty.params else 0.0,
        "l2": s.l2 if penalty.params else 0.0,
        "penalized": list(readable) if penalty.active else [],
        "eval_batch_size": s.eval_batch_size,
    }


def script_source(project: Project, code: ModelCode) -> str:
    """The template with the project's name and settings written in."""
    text = TEMPLATE.read_text(encoding="utf-8")
    start, end = text.index(SETTINGS_START) + len(SETTINGS_START), text.index(SETTINGS_END)
    rows = "".join(f"    {literal(k)}: {literal(v)},\n" for k, v in script_settings(project, code).items())
    text = text[:start] + f"SETTINGS = {{\n{rows}}}\n" + text[end:]
    first = text.index("\n")
    return (
        f'"""{escaped(script_title(project, code))} with DistributedDataParallel. Written by CNN Studio.'
        + text[first:]
    )


def script_title(project: Project, code: ModelCode) -> str:
    """How ``train_ddp.py``'s docstring starts (unescaped); the exporter checks that it reads so."""
    return f"Train {project.name} ({code.class_name} in model.py)"


def data_bytes(data: DataSplits) -> bytes:
    """The splits as one dict of tensors and plain values (loadable with ``weights_only=True``).

    Images whitened to float32, as the script's contract says (it must run without CNN Studio).
    """
    payload = {
        "train_x": data.whiten(data.train_x).contiguous(), "train_y": data.train_y,
        "val_x": data.whiten(data.val_x).contiguous(), "val_y": data.val_y,
        "test_x": data.whiten(data.test_x).contiguous(), "test_y": data.test_y,
        "class_names": list(data.class_names), "mean": list(data.mean), "std": list(data.std),
        "dataset": data.name,
    }  # fmt: skip
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    return buffer.getvalue()


def project_data(project: Project) -> DataSplits:
    """The splits the studio would train on (same dataset section, input shape and seed)."""
    seed = TrainingSettings.from_dict(project.training).seed
    return load_dataset(project.dataset, project.input.shape, seed)


def write_ddp(project: Project, code: ModelCode, folder: Path, data: DataSplits | None = None) -> list[Path]:
    """Write ``train_ddp.py`` and ``data.pt`` into ``folder``; ``DatasetError`` when the data cannot load."""
    data = project_data(project) if data is None else data
    script, data_file = folder / SCRIPT_NAME, folder / DATA_NAME
    atomic_write_bytes(data_file, data_bytes(data))
    source = script_source(project, code)
    check_script(source, SCRIPT_NAME, script_title(project, code))
    atomic_write_bytes(script, source.encode("utf-8"))
    return [script, data_file]
