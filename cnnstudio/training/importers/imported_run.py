"""An imported network's weights as a run of its project, so that the maps, the teaching tools and export use
them at once, without training here (the run folder's layout is ``training.trained_run``'s)."""

from __future__ import annotations

import uuid
from pathlib import Path

from torch import nn

from cnnstudio.core import project_file as files
from cnnstudio.core.project import Project
from cnnstudio.core.run_records import FINGERPRINT_KEY, network_fingerprint
from cnnstudio.training.checkpoint import clone_state, save_checkpoint
from cnnstudio.training.history import BEST_FILE, HISTORY_FILE, RunHistory
from cnnstudio.training.importers.sources import Source
from cnnstudio.training.trained_run import record_network

IMPORTED = "imported"  # the run's finish reason: its weights came from elsewhere


def record_imported_run(project_path: Path, project: Project, model: nn.Module, source: Source) -> Project:
    """Write the run folder beside ``project_path`` and return the project with the run recorded."""
    run_id = uuid.uuid4().hex[:12]
    folder = files.runs_folder(project_path) / f"imported-{run_id}"
    folder.mkdir(parents=True, exist_ok=True)
    record_network(folder, project)
    history = RunHistory(finish_reason=IMPORTED, message=f"weights of {source.name}", run_id=run_id,
                         class_names=list(source.class_names), device="cpu")  # fmt: skip
    history.save(folder / HISTORY_FILE)
    save_checkpoint(
        folder / BEST_FILE,
        {
            "kind": "model", "run_id": run_id, "model": clone_state(model), "epoch": 0, "val_loss": None,
            "project": files.project_to_dict(project), "class_names": list(source.class_names),
            "mean": list(source.mean), "std": list(source.std),
        },
    )  # fmt: skip
    record = {"id": run_id, "name": f"{source.name} (imported weights)", "folder": str(folder),
              FINGERPRINT_KEY: network_fingerprint(project)}  # fmt: skip
    return project.replace(runs=(*project.runs, record))
