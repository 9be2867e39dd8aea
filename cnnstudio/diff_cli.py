"""``cnnstudio diff A B [--json]``: two projects' networks compared layer by layer (docs/cli.md).

Exit status as ``diff``'s: 0 the networks are equal, 1 they differ, 2 a file cannot be read. Pure core: no
torch is imported.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cnnstudio.core.cli_status import fail

EQUAL, DIFFERENT, UNREADABLE = 0, 1, 2


def add_diff_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``diff`` on the ``cnnstudio`` command's subparsers."""
    p = subparsers.add_parser("diff", help="compare two projects' networks layer by layer")
    p.add_argument("a", help="a .cnnproj.json project")
    p.add_argument("b", help="another .cnnproj.json project")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.set_defaults(func=cmd_diff)
    return p


def cmd_diff(args: argparse.Namespace) -> int:
    from cnnstudio.core import project_file as files
    from cnnstudio.core.errors import CoreError
    from cnnstudio.core.network_diff import diff_networks, diff_text

    projects = []
    for path in (args.a, args.b):
        try:
            projects.append(files.load(path))
        except (CoreError, OSError) as exc:
            return fail(str(exc), UNREADABLE, as_json=args.json)
    diff = diff_networks(*projects)
    if args.json:
        print(json.dumps({"a": args.a, "b": args.b, **diff.to_json()}))
    else:
        sys.stdout.write(diff_text(diff, Path(args.a).name, Path(args.b).name) + "\n")
    return EQUAL if diff.equal else DIFFERENT
