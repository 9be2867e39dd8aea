"""``cnnstudio inspect FILE --run RUN --layer N [--channel C] --out DIR`` (docs/cli.md).

Writes, for slides, what each channel of a layer of a trained run responds to: the top-k validation
patches of each channel (one PNG per patch and a grid per channel), the layer overview (one tile per
channel: its strongest patch) and ``index.json`` naming every file with the image, class, score and
receptive-field box it shows. RUN is a run folder (a ``train --out`` folder) or the name or id of a run
recorded in the project. N is the layer's number as ``summary`` prints it (``3``, or ``3.0.1`` inside a
block). Results are cached in the run folder (``insight/``), so a second call is fast.

Importing this module does not import torch (``add_inspect_parser`` only registers the arguments).
Exit status: 0 written, 1 an unreadable project, run or output folder, 2 a layer or channel that cannot be
inspected, 130 interrupted.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cnnstudio.core.cli_status import EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE
from cnnstudio.core.cli_status import fail as _fail


def add_inspect_parser(subparsers: Any) -> argparse.ArgumentParser:
    p = subparsers.add_parser("inspect", help="write what each channel of a trained layer detects, as PNGs")
    p.add_argument("file", help="a .cnnproj.json project")
    p.add_argument("--run", required=True, help="a run folder, or the name or id of a run in the project")
    p.add_argument("--layer", required=True, help="the layer's number as summary prints it (3, or 3.0.1)")
    p.add_argument("--channel", type=int, help="only this channel (default: every channel)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the PNGs and index.json")
    p.add_argument("-k", "--top", type=int, default=9, metavar="K", help="patches per channel (default 9)")
    p.add_argument("--split", default="validation", choices=("validation", "training", "test"),
                   help="images to rank (default: validation)")  # fmt: skip
    p.add_argument("--epoch", type=int, metavar="N",
                   help="the weights kept after epoch N (small networks keep every epoch's; default: the best)")  # fmt: skip
    p.set_defaults(func=cmd_inspect)
    return p


def parse_layer(text: str) -> tuple[int, ...]:
    try:
        path = tuple(int(part) for part in text.split("."))
    except ValueError:
        raise ValueError(f"--layer {text!r}: give the layer's number as summary prints it, e.g. 3") from None
    if any(i < 0 for i in path) or len(path) % 2 == 0:
        raise ValueError(f"--layer {text!r}: give the layer's number as summary prints it, e.g. 3 or 3.0.1")
    return path


def run_folder(file: str, project: Any, ref: str) -> Path:
    """``--run REF`` as a folder: REF itself when it is one, else the recorded run with that id or name."""
    from cnnstudio.core.project_file import runs_folder
    from cnnstudio.core.run_records import run_label

    if Path(ref).is_dir():
        return Path(ref)
    for record in project.runs:
        if ref in (str(record.get("id", "")), str(record.get("name", "")), run_label(record)):
            recorded = Path(str(record.get("folder", "")))
            return (
                recorded
                if record.get("folder") and recorded.is_dir()
                else runs_folder(file) / str(record["id"])
            )
    known = ", ".join(run_label(r) for r in project.runs) or "none recorded"
    raise FileNotFoundError(f"--run {ref}: no such folder, and no run of that name or id in {file} ({known})")


def cmd_inspect(args: argparse.Namespace) -> int:
    from cnnstudio.core.errors import CoreError
    from cnnstudio.core.project_file import load

    try:
        project = load(args.file)
        folder = run_folder(args.file, project, args.run)
        path = parse_layer(args.layer)
    except FileNotFoundError as exc:
        return _fail(str(exc), EXIT_UNREADABLE)
    except CoreError as exc:
        return _fail(str(exc), EXIT_UNREADABLE)
    except ValueError as exc:
        return _fail(str(exc), EXIT_INVALID)
    if args.top < 1:
        return _fail(f"-k {args.top}: give at least 1 patch per channel", EXIT_INVALID)
    return _inspect(folder, path, args)


def _inspect(folder: Path, path: tuple[int, ...], args: argparse.Namespace) -> int:
    from cnnstudio.core.errors import ProjectSaveError
    from cnnstudio.training.insight_export import write_layer
    from cnnstudio.training.insight_store import run_top_k
    from cnnstudio.training.trained_run import RunFolderError, TrainedRun

    problem = _epoch_problem(folder, args.epoch)
    if problem:
        return _fail(problem, EXIT_INVALID)
    run = TrainedRun(folder, args.epoch)
    try:
        result = run_top_k(run, path, args.top, args.split)
    except RunFolderError as exc:
        return _fail(str(exc), EXIT_UNREADABLE)
    except ValueError as exc:
        return _fail(str(exc), EXIT_INVALID)
    channels = range(result.layer.channels)
    if args.channel is not None:
        if args.channel not in channels:
            return _fail(f"--channel {args.channel}: layer {result.layer.label} has channels 0 to "
                         f"{result.layer.channels - 1}", EXIT_INVALID)  # fmt: skip
        channels = [args.channel]
    try:
        index = write_layer(run, result, list(channels), Path(args.out), args.split)
    except (OSError, ProjectSaveError) as exc:
        return _fail(f"{args.out}: cannot write ({exc})", EXIT_UNREADABLE)
    print(index)
    return EXIT_OK


def _epoch_problem(folder: Path, epoch: int | None) -> str:
    """Why ``--epoch`` cannot be read from the run folder, or "" (also when not given)."""
    if epoch is None:
        return ""
    from cnnstudio.training.epoch_weights import kept_epochs

    kept = kept_epochs(folder)
    if epoch in kept:
        return ""
    if not kept:
        return f"--epoch {epoch}: {folder} kept no per-epoch weights (only networks of at most 1,000,000 parameters do)"
    return f"--epoch {epoch}: {folder} kept the weights of epochs {kept[0]} to {kept[-1]}"
