"""``cnnstudio export FILE --format ...``: the project as plain PyTorch files (docs/cli.md).

Importing this module does not import torch: ``add_export_parser`` only registers the arguments (so
``cnnstudio summary`` stays fast); the exporters load when ``export`` runs.

Without ``-o`` the files go into a folder beside the project, ``<name>_export/`` (``lenet.cnnproj.json``
-> ``lenet_export/model.py``), so exporting twice replaces the previous export instead of scattering files
in the current folder. The written paths are printed on stdout, one per line, for scripts. Exit status:
0 written, 1 an unreadable project, checkpoint or dataset, or a file that cannot be written, 2 a network
that cannot work (or does not fit its dataset's classes), each with a one-line ``cnnstudio: ...`` message.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cnnstudio.core.cli_status import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNREADABLE,
    raise_if_ctrl_c,
    warn_unknown_keys,
)
from cnnstudio.core.cli_status import fail as _fail

FORMAT_CHOICES = ("pytorch", "onnx", "state_dict", "torchscript", "ddp")  # as export.FORMATS, without torch


def add_export_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``export`` on the ``cnnstudio`` command's subparsers."""
    p = subparsers.add_parser(
        "export", help="write the network as PyTorch, TorchScript, ONNX or a DDP script"
    )
    p.add_argument("file", help="a .cnnproj.json project")
    p.add_argument("--format", required=True, choices=FORMAT_CHOICES, help="what to write")
    p.add_argument("-o", "--output", metavar="PATH", help="file or folder (ddp: folder) to write")
    p.add_argument("--checkpoint", metavar="CKPT", help="weights from a best.pt or last.pt (default: fresh)")
    p.set_defaults(func=cmd_export)
    return p


def default_output(file: str) -> Path:
    """``<project folder>/<name>_export/``: a folder, in which each format writes its usual file name."""
    from cnnstudio.core.project_file import project_stem

    path = Path(file)
    return path.parent / f"{project_stem(path)}_export"


def cmd_export(args: argparse.Namespace) -> int:
    from cnnstudio.core.errors import CoreError, ProjectFileError
    from cnnstudio.core.project_file import load
    from cnnstudio.core.shapes import first_problem
    from cnnstudio.core.training_settings import TrainingSettings

    try:
        project = load(args.file)
    except ProjectFileError as exc:
        return _fail(str(exc), EXIT_UNREADABLE)
    warn_unknown_keys(args.file, project)
    try:
        TrainingSettings.from_dict(project.training)  # the seed and initialisation of fresh weights
    except CoreError as exc:
        return _fail(f"{args.file}: {exc}", EXIT_UNREADABLE)
    problem = first_problem(project.layers, project.report)
    if problem:
        return _fail(f"{args.file}: {problem}", EXIT_INVALID)
    return _export(project, args)


def _export(project: Any, args: argparse.Namespace) -> int:
    from cnnstudio.core.atomic import make_folder
    from cnnstudio.core.errors import CoreError
    from cnnstudio.training.datasets import DatasetError
    from cnnstudio.training.errors import (
        NetworkMismatchError,
        TrainingError,
        allocation_message,
        is_out_of_memory,
    )
    from cnnstudio.training.export import export_project

    raise_if_ctrl_c()  # pressed while torch was importing

    out = args.output if args.output else default_output(args.file)
    try:
        if not args.output:
            make_folder(out, "the export folder ")
        written = export_project(project, args.format, out, args.checkpoint)
    except NetworkMismatchError as exc:
        return _fail(f"{args.file}: {exc}", EXIT_INVALID)
    except (TrainingError, DatasetError) as exc:  # CheckpointError is a TrainingError
        own_file = args.checkpoint and str(exc).startswith(args.checkpoint)  # the message names it already
        return _fail(str(exc) if own_file else f"{args.file}: {exc}", EXIT_UNREADABLE)
    except CoreError as exc:  # ProjectSaveError: the message names the file or folder and the cause
        return _fail(str(exc), EXIT_UNREADABLE)
    except RuntimeError as exc:  # the weights do not fit in memory
        if not is_out_of_memory(exc):
            raise
        return _fail(f"{args.file}: {allocation_message(exc)}", EXIT_UNREADABLE)
    for path in written:
        print(path)
    return EXIT_OK
