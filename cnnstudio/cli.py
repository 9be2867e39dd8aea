"""The ``cnnstudio`` command: the window, or a headless subcommand (DESIGN.md section 3).

Subcommands use exactly the core and training code the GUI uses, so anything the window can compute a
script can too. Heavy imports (torch, Qt) happen inside the subcommand that needs them, so ``summary`` and
``template`` start in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from cnnstudio.core.cli_status import EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE


def _print_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")


def _load(path: str):
    from cnnstudio.core.errors import ProjectFileError
    from cnnstudio.core.project_file import load

    try:
        return load(path)
    except ProjectFileError as exc:
        print(f"cnnstudio: {exc}", file=sys.stderr)
        return None


def cmd_summary(args: argparse.Namespace) -> int:
    from cnnstudio.core.shapes import first_problem
    from cnnstudio.core.summary import summary_json, summary_table

    project = _load(args.file)
    if project is None:
        return EXIT_UNREADABLE
    budget = estimate = None
    if (args.measure or args.device) and project.report.valid:
        try:
            budget, estimate = _measure(project, args)
        except Exception as exc:  # a missing device, a setting that does not parse: say it in one line
            print(f"cnnstudio: {args.file}: {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
    if args.json:
        _print_json(summary_json(project, args.formulas, budget, estimate))
    else:
        print(summary_table(project, args.formulas, budget, estimate))
    if not project.report.valid:
        if not args.json:
            print(f"cnnstudio: {args.file}: {first_problem(project.layers, project.report)}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _measure(project, args: argparse.Namespace):
    """The budget on the chosen device (torch loads here) and, with ``--measure``, a dry run's time."""
    from cnnstudio.core.training_settings import TrainingSettings
    from cnnstudio.training.device import resolve_device
    from cnnstudio.training.dry_run import device_budget, measured_budget

    settings = TrainingSettings.from_dict(project.training)
    if args.device:
        settings = settings.replace(device=args.device)
    if args.measure:
        return measured_budget(project, settings)
    return device_budget(project, settings, resolve_device(settings.device)), None


def cmd_template(args: argparse.Namespace) -> int:
    from cnnstudio.core.project_file import dumps, save
    from cnnstudio.core.templates import TEMPLATES

    if args.list or not args.name:
        width = max(len(n) for n in TEMPLATES)
        for name, template in TEMPLATES.items():
            print(f"{name.ljust(width)}  {template.title}: {template.description}")
        return EXIT_OK
    try:
        project = _make(args.name, args.set or [])
    except (KeyError, ValueError) as exc:
        print(f"cnnstudio: {exc.args[0]}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.output:
        from cnnstudio.core.errors import ProjectSaveError

        try:
            save(project, args.output)
        except ProjectSaveError as exc:
            print(f"cnnstudio: {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
        print(
            f"wrote {args.output} ({project.name}, {project.report.total_params:,} parameters)",
            file=sys.stderr,
        )
    else:
        sys.stdout.write(dumps(project))
    return EXIT_OK


def _make(name: str, settings: list[str]):
    """The template's project; ``--set n=1`` arguments go to a generator template (cs231n)."""
    from cnnstudio.core.templates import CS231N_ARGUMENTS, cs231n_pattern, make_template

    if not settings:
        return make_template(name)
    if name != "cs231n":
        raise ValueError(f"--set: only the cs231n template takes arguments, not {name!r}")
    known = {arg.name: arg for arg in CS231N_ARGUMENTS}
    values: dict[str, int | bool] = {}
    for item in settings:
        key, _, text = item.partition("=")
        if key not in known or not text:
            raise ValueError(f"--set {item!r}: expected NAME=VALUE with NAME one of {', '.join(known)}")
        if isinstance(known[key].default, bool):
            values[key] = text.lower() in ("1", "true", "yes", "on")
        else:
            try:
                values[key] = int(text)
            except ValueError:
                raise ValueError(f"--set {item!r}: {key} must be a whole number") from None
    return cs231n_pattern(**values)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cnnstudio", description="Design, train and inspect CNNs.")
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("summary", help="print each layer's output shape, parameters and formulas")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.add_argument("--formulas", action="store_true", help="every formula, receptive fields and notes")
    p.add_argument(
        "--measure",
        action="store_true",
        help="time a few training steps on the device (a short dry run) to estimate the epoch and run time",
    )
    p.add_argument(
        "--device",
        choices=("auto", "cpu", "cuda", "mps"),
        help="the device whose memory the budget is checked against (default: the computer's RAM)",
    )
    p.set_defaults(func=cmd_summary)
    p = sub.add_parser("template", help="write a project for a built-in template")
    p.add_argument("name", nargs="?")
    p.add_argument("--list", action="store_true", help="list the templates")
    p.add_argument("-o", "--output", help="file to write (default: stdout)")
    p.add_argument(
        "--set", action="append", metavar="NAME=VALUE",
        help="a cs231n pattern argument, e.g. --set n=1 --set m=2 --set pool=false (repeatable)",
    )  # fmt: skip
    p.set_defaults(func=cmd_template)
    from cnnstudio.training.run_cli import add_train_parser  # argparse only: torch loads when train runs

    add_train_parser(sub)
    from cnnstudio.training.export_cli import add_export_parser  # argparse only, like train

    add_export_parser(sub)
    return parser


SUBCOMMANDS = ("summary", "template", "train", "export")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in SUBCOMMANDS and not argv[0].startswith("-")):
        return _open_window(argv[0] if argv else None)
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # `cnnstudio summary f.json | head`: the reader left, which is not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def _open_window(file: str | None) -> int:
    if file is not None and not Path(file).exists():
        print(f"cnnstudio: {file}: no such file", file=sys.stderr)
        return EXIT_UNREADABLE
    from cnnstudio.ui.app import main as gui_main

    return gui_main([file] if file else [])


if __name__ == "__main__":
    sys.exit(main())
