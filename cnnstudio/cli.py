"""The ``cnnstudio`` command: the window, or a headless subcommand (DESIGN.md section 3).

Subcommands use exactly the core and training code the GUI uses, so anything the window can compute a
script can too. Heavy imports (torch, Qt) happen inside the subcommand that needs them, so ``summary`` and
``template`` start in milliseconds.

Whatever happens, the command ends with a documented status and at most a line on stderr, never a
traceback: a usage error is 64 (``core.cli_status`` says why not argparse's 2), Ctrl-C at any moment, also
while torch or Qt is still importing, is 130 with one line (issue 11.7).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from cnnstudio import __version__
from cnnstudio.core.cli_status import (
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNREADABLE,
    EXIT_USAGE,
    ctrl_c_noticed,
    ctrl_c_pressed,
    fail,
    raise_if_ctrl_c,
    warn_unknown_keys,
)


def _print_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")


def cmd_summary(args: argparse.Namespace) -> int:
    from cnnstudio.core.errors import ProjectFileError
    from cnnstudio.core.project_file import load
    from cnnstudio.core.shapes import first_problem
    from cnnstudio.core.summary import summary_json, summary_table

    try:
        project = load(args.file)
    except ProjectFileError as exc:
        return fail(str(exc), EXIT_UNREADABLE, as_json=args.json)
    warn_unknown_keys(args.file, project)
    budget = estimate = None
    if (args.measure or args.device) and project.report.valid:
        try:
            budget, estimate = _measure(project, args)
        except Exception as exc:  # a missing device, a setting that does not parse: say it in one line
            return fail(f"{args.file}: {exc}", EXIT_UNREADABLE, as_json=args.json)
    if args.json:
        from cnnstudio.core.unknown_keys import unknown_keys

        answer = summary_json(project, args.formulas, budget, estimate)
        unknown = [{"path": k.path, "suggestion": k.suggestion} for k in unknown_keys(project)]
        _print_json({**answer, "unknown_keys": unknown} if unknown else answer)
    else:
        print(summary_table(project, args.formulas, budget, estimate))
    if not project.report.valid:
        if not args.json:
            fail(f"{args.file}: {first_problem(project.layers, project.report)}", EXIT_INVALID)
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
        return fail(exc.args[0], EXIT_UNREADABLE)
    if args.output:
        from cnnstudio.core.errors import ProjectSaveError

        try:
            save(project, args.output)
        except ProjectSaveError as exc:
            return fail(str(exc), EXIT_UNREADABLE)
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


class _UsageError(Exception):
    """A command line argparse refuses; ``main`` reports it with the usage status."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser


class _Parser(argparse.ArgumentParser):
    """argparse whose errors reach ``main`` (status 64, and JSON with ``--json``) instead of exiting 2."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(self, message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cnnstudio", description="Design, train and inspect CNNs.")
    parser.add_argument("--version", action="version", version=f"cnnstudio {__version__}")
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
    from cnnstudio.training.inspect_cli import add_inspect_parser  # argparse only, like train

    add_inspect_parser(sub)
    return parser


SUBCOMMANDS = ("summary", "template", "train", "export", "inspect")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    with ctrl_c_noticed():
        try:
            status = _run(argv)
        except Exception:
            # An interrupt that a library swallowed half way through an import leaves that module broken
            # (numpy.linalg then recursed until RecursionError): after Ctrl-C, that is the interrupt.
            if not ctrl_c_pressed():
                raise
            status = EXIT_OK
        if ctrl_c_pressed() and status != EXIT_INTERRUPTED:
            status = fail("interrupted", EXIT_INTERRUPTED, as_json="--json" in argv)
    return status


def _run(argv: list[str]) -> int:
    try:
        if not argv or (argv[0] not in SUBCOMMANDS and not argv[0].startswith("-")):
            return _open_window(argv[0] if argv else None)
        try:
            args = _parser().parse_args(argv)
        except SystemExit as exc:  # --help or --version, printed
            return exc.code if isinstance(exc.code, int) else EXIT_OK
        except _UsageError as exc:
            exc.parser.print_usage(sys.stderr)
            where = exc.parser.prog.removeprefix("cnnstudio").strip()  # "train", or "" for the command
            return fail(f"{where + ': ' if where else ''}{exc}", EXIT_USAGE, as_json="--json" in argv)
        return int(args.func(args))
    except BrokenPipeError:  # `cnnstudio summary f.json | head`: the reader left, which is not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:  # Ctrl-C before a subcommand took it over (importing torch, loading data)
        return fail("interrupted", EXIT_INTERRUPTED, as_json="--json" in argv)


def entry() -> NoReturn:
    """The ``cnnstudio`` command and ``python -m cnnstudio``: ``main``'s status is the exit status."""
    _exit(main())


def gui_main() -> NoReturn:
    """``cnnstudio-gui [FILE]``: the window alone (no console on Windows), with the same checks."""
    files = [a for a in sys.argv[1:] if not a.startswith("-")]
    options = [a for a in sys.argv[1:] if a.startswith("-")]  # --quit-after-show, for smoke tests
    try:
        status = _open_window(files[0] if files else None, options)
    except KeyboardInterrupt:
        status = fail("interrupted", EXIT_INTERRUPTED)
    _exit(status)


def _exit(status: int) -> NoReturn:
    """After Ctrl-C the process ends at once with 130: an import the interrupt cut short (torch's) can
    leave Python set to kill itself with SIGINT at exit, which a parent process sees as -2 rather than 130,
    after another second of clean-up. Everything the command writes is on disk by then."""
    if status == EXIT_INTERRUPTED:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)
    sys.exit(status)


def _open_window(file: str | None, options: Sequence[str] = ()) -> int:
    if file is not None and not Path(file).exists():
        return fail(f"{file}: no such file", EXIT_UNREADABLE)
    from cnnstudio.ui.platform_check import display_problem

    problem = display_problem()
    if problem:  # PySide6 would abort the process (status 134) with Qt's own words
        return fail(problem, EXIT_UNREADABLE)
    from cnnstudio.ui.app import main as window_main

    raise_if_ctrl_c()  # pressed while Qt was importing
    return window_main([*([file] if file else []), *options])


if __name__ == "__main__":
    entry()
