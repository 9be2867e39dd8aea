"""The command line against Ctrl-C and disks that fill or refuse (issues 11.3 and 11.7).

Disks are real where this machine allows it: a tmpfs mounted just for the test (root only), full after a few
kilobytes or read-only; elsewhere the kernel's file-size limit (RLIMIT_FSIZE) makes the same write fail,
and a folder without write permission refuses like a read-only disk for anyone but root. Either way the
write fails inside ``torch.save``, whose RuntimeError ("unexpected pos") used to escape as a traceback.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from engine_fixtures import THREADS, small_project

from cnnstudio.cli import main
from cnnstudio.core.project_file import save

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="mounts, rlimits and SIGINT are POSIX here")


def _project(folder: Path, epochs: int = 1, images: int = 320) -> Path:
    path = folder / "net.cnnproj.json"
    save(
        small_project(epochs=epochs, dataset={"name": "shapes", "num_classes": 4, "num_images": images}), path
    )
    return path


@contextlib.contextmanager
def _tmpfs(folder: Path, options: str) -> Iterator[bool]:
    """A tmpfs mounted on ``folder`` when this process may mount (root); yields whether it did."""
    folder.mkdir()
    if os.geteuid() != 0:
        yield False
        return
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
    )
    try:
        yield mounted.returncode == 0
    finally:
        if mounted.returncode == 0:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _run(*argv: str, limit_bytes: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # in the child: writes beyond the limit fail with EFBIG (SIGXFSZ ignored)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run(
        [sys.executable, "-m", "cnnstudio", *argv], capture_output=True, text=True, timeout=180, env=ENV,
        preexec_fn=limit if limit_bytes is not None else None,
    )  # fmt: skip


def _one_line(err: str, *needles: str) -> None:
    lines = [line for line in err.splitlines() if not line.startswith("cnnstudio: warning: ")]
    assert "Traceback" not in err and len(lines) == 1 and lines[0].startswith("cnnstudio: "), err
    for needle in needles:
        assert needle in lines[0], err


# -- 11.3: disks --------------------------------------------------------------------------------------------
def test_a_disk_that_fills_while_a_checkpoint_is_written_is_one_line(tmp_path: Path) -> None:
    project = _project(tmp_path)
    with _tmpfs(tmp_path / "small", "size=24k") as mounted:
        out = tmp_path / "small" / "run"
        result = _run("train", str(project), "--out", str(out), limit_bytes=None if mounted else 20_000)
    assert result.returncode == 1
    _one_line(result.stderr, ".pt", "the disk is full" if mounted else "Could not save the checkpoint")
    assert not [p for p in out.glob("*") if p.suffix == ".tmp" or p.name.startswith(".")]  # no half file


def test_train_out_on_a_read_only_disk_is_one_line(tmp_path: Path) -> None:
    project = _project(tmp_path)
    with _tmpfs(tmp_path / "ro", "ro,size=64k") as mounted:
        if not mounted:
            if os.geteuid() == 0:
                pytest.skip("root without mount permission: neither a read-only mount nor permissions refuse")
            (tmp_path / "ro").chmod(0o555)
        result = _run("train", str(project), "--out", str(tmp_path / "ro" / "new"))
        (tmp_path / "ro").chmod(0o755) if not mounted else None
    assert result.returncode == 1
    _one_line(result.stderr, str(tmp_path / "ro" / "new"), "read-only" if mounted else "permission denied")


def test_export_beside_a_project_on_a_read_only_disk_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    with _tmpfs(folder, "size=64k") as mounted:
        project = _project(folder)
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        elif os.geteuid() != 0:
            folder.chmod(0o555)
        else:
            pytest.skip("root without mount permission: neither a read-only mount nor permissions refuse")
        export = _run("export", str(project), "--format", "pytorch")
        train = _run("train", str(project), "--threads", "1")  # writes nothing without --out
        folder.chmod(0o755) if not mounted else None
    assert export.returncode == 1
    _one_line(export.stderr, str(folder / "net_export"))
    assert train.returncode == 0, train.stderr


@pytest.mark.parametrize("kind", ["file", "file/sub", "/dev/null"])
def test_train_out_that_is_not_a_folder_is_one_line(kind: str, tmp_path: Path, capsys) -> None:
    project = _project(tmp_path)
    (tmp_path / "file").write_text("not a folder")
    out = kind if kind.startswith("/") else str(tmp_path / kind)
    assert main(["train", str(project), "--out", out, "--threads", str(THREADS)]) == 1
    _one_line(capsys.readouterr().err, out)
    assert Path("/dev/null").is_char_device()


def test_export_onto_a_device_or_folder_is_refused_not_replaced(tmp_path: Path, capsys) -> None:
    project = _project(tmp_path)
    assert main(["export", str(project), "--format", "state_dict", "-o", "/dev/null"]) == 1
    _one_line(capsys.readouterr().err, "/dev/null", "not a file")
    assert Path("/dev/null").is_char_device()


# -- 11.7: Ctrl-C ---------------------------------------------------------------------------------------
def _interrupted(
    argv: list[str], delay: float, after_line: str | None = None
) -> subprocess.CompletedProcess[str]:
    """SIGINT ``delay`` seconds after the start, or after the first stdout line holding ``after_line``
    (a loaded machine can take longer than any fixed delay to reach the first epoch)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "cnnstudio", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=ENV,
    )  # fmt: skip
    before = ""
    if after_line is not None:
        assert proc.stdout is not None
        while after_line not in before and proc.poll() is None:
            before += proc.stdout.readline()
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, before + out, err)


@pytest.mark.slow
def test_ctrl_c_at_any_moment_exits_130_with_one_line(tmp_path: Path) -> None:
    """From the first imports (torch takes seconds) through loading the data to the middle of an epoch.

    Not in the first tenth of a second or so: there Python itself is still starting (its own modules and
    ``cnnstudio.cli``'s), and prints its own KeyboardInterrupt.
    """
    project = _project(tmp_path, epochs=30, images=40_000)
    seen = []
    moments = [(delay, None) for delay in (0.5, 0.8, 1.3, 2.0, 2.8, 4.0)] + [(0.3, "training 'tiny'")]
    for delay, after_line in moments:
        result = _interrupted(
            ["train", str(project), "--threads", "1", "--out", str(tmp_path / "run")], delay, after_line
        )
        assert result.returncode == 130, (delay, result.returncode, result.stderr)
        assert "Traceback" not in result.stderr, (delay, result.stderr)
        said = result.stderr.splitlines() + [
            line for line in result.stdout.splitlines() if "cancelled" in line
        ]
        assert len(said) == 1, (delay, result.stdout, result.stderr)
        seen.append("cancelled" if "cancelled" in said[0] else said[0])
    assert "cnnstudio: interrupted" in seen  # some interrupts came before training ...
    assert any(s.startswith("cancelled") for s in seen)  # ... and some stopped a running epoch


def test_ctrl_c_while_a_summary_or_export_imports_exits_130(tmp_path: Path) -> None:
    project = _project(tmp_path)
    for argv in (["export", str(project), "--format", "onnx", "-o", str(tmp_path / "x.onnx")],):
        result = _interrupted(argv, 0.5)
        assert result.returncode == 130 and result.stderr == "cnnstudio: interrupted\n", result.stderr
