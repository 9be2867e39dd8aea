"""``cnnstudio import SOURCE -o FILE``: a network made elsewhere as an editable project (docs/cli.md).

Importing this module does not import torch (``add_import_parser`` only registers the arguments). Exit
status: 0 written, 1 a source that cannot be opened (a file that is not TorchScript or ONNX, a truncated
one) or a file that cannot be written, 2 a network whose parts the studio's layers cannot express (the
message names the operation and its node), each with a one-line message.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from cnnstudio.core.cli_status import EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, fail


def add_import_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``import`` on the ``cnnstudio`` command's subparsers."""
    p = subparsers.add_parser(
        "import", help="open a torchvision model, a PyTorch module or file as a project"
    )
    p.add_argument(
        "source",
        help="torchvision:NAME, path/model.py:Class, path/model.py:Class(args), model.pt (TorchScript) or model.onnx",
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the .cnnproj.json to write")
    p.add_argument(
        "--input",
        metavar="C,H,W",
        help="the image size the network takes (default: the file's, or 3,224,224)",
    )
    p.add_argument("--pretrained", action="store_true", help="torchvision's weights, when already on disk")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.set_defaults(func=cmd_import)
    return p


def _input_shape(text: str) -> tuple[int, int, int]:
    parts = text.replace("x", ",").split(",")
    if len(parts) != 3 or not all(p.strip().isdigit() and int(p) > 0 for p in parts):
        raise ValueError(f"--input {text}: expected three positive integers C,H,W such as 3,224,224")
    c, h, w = (int(p) for p in parts)
    return c, h, w


def cmd_import(args: argparse.Namespace) -> int:
    from cnnstudio.core import project_file as files
    from cnnstudio.core.errors import CoreError
    from cnnstudio.training.importers.any_source import open_any
    from cnnstudio.training.importers.from_module import ImportFailed, from_module
    from cnnstudio.training.importers.imported_run import record_imported_run
    from cnnstudio.training.importers.sources import SourceError

    started = time.perf_counter()
    try:
        requested = _input_shape(args.input) if args.input else None
        source = open_any(args.source, pretrained=args.pretrained, input_shape=requested)
        shape = requested or source.input_shape
    except ImportFailed as exc:  # a file read, with an operation the studio cannot express
        return fail(str(exc), EXIT_INVALID, as_json=args.json)
    except (SourceError, ValueError) as exc:
        return fail(str(exc), EXIT_UNREADABLE, as_json=args.json)
    try:
        imported = from_module(source.module, shape, name=source.name, recorded=source.recorded_layers)
    except ImportFailed as exc:
        return fail(str(exc), EXIT_INVALID, as_json=args.json)
    output = Path(args.output)
    project = imported.project
    try:
        if source.weights_meaningful:
            project = record_imported_run(output, project, imported.model, source)
        files.save(project, output)
    except (CoreError, OSError) as exc:
        return fail(str(exc), EXIT_UNREADABLE, as_json=args.json)
    report = project.report
    summary = {
        "file": str(output), "layers": len(project.layers), "parameters": report.total_params,
        "max_difference": imported.max_difference, "runs": [r["folder"] for r in project.runs],
        "seconds": round(time.perf_counter() - started, 3),
    }  # fmt: skip
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"{output}: {summary['layers']} layers, {report.total_params:,} parameters", end="")
        print(f"; weights in {project.runs[0]['folder']}" if project.runs else "")
    return EXIT_OK
