"""Peak memory of a run in the window against the same run with `cnnstudio train` (issue 13.2).

ResNet-18 at 3x224x224 (the classic template, 6 classes), batch 16, the shapes set with 600 training images,
one epoch, on the CPU. Each side runs in a fresh process, sampled 20 times a second from /proc:

- baseline: `python -m cnnstudio train FILE`, its resident memory (RSS);
- window: the real window (offscreen) pressing Start, resident memory of the window's process PLUS its
  training process, summed at each sample: what the machine must hold for a class to train in the window.

The window is driven from a `python -c` process so that its training process (spawned) imports nothing
of this benchmark. Goal: peak(window) / peak(CLI) <= 1.3.
Run: ``python benchmarks/memory_peak.py [--images 600] [--epochs 1]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _report import report

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
GOAL = 1.3
SAMPLE_S = 0.05

WINDOW = r"""
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtWidgets import QApplication
from _studio import spin, studio_window, wait_for_start_up
from cnnstudio.core.project_file import load

app = QApplication([])
window = studio_window(Path(sys.argv[2]), load(sys.argv[3]))
window.tabs.setCurrentWidget(window.training)
spin(1.0)
wait_for_start_up()
print("READY", flush=True)
page = window.training
page.start()
spin(3600, until=lambda: not page.controller.is_running())
history = json.loads((page.run_folder / "history.json").read_text())
print("DONE " + json.dumps({"reason": history["finish_reason"], "message": history["message"]}), flush=True)
window.document.save()
window.close()
"""


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` in MiB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (the window's training process)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


class Sampler:
    """The largest summed RSS of a process and its children, sampled in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.peak_parts = pid, 0.0, (0.0, 0.0)
        self.active = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_S):
            if not self.active:
                continue
            own, kids = rss_mib(self.pid), sum(rss_mib(child) for child in children(self.pid))
            if own + kids > self.peak:
                self.peak, self.peak_parts = own + kids, (own, kids)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


def make_project(folder: Path, images: int, epochs: int) -> Path:
    from cnnstudio.core.project_file import save
    from cnnstudio.core.templates_classic import resnet18

    project = resnet18(num_classes=6)
    dataset = {"name": "shapes", "num_classes": 6, "num_images": round(images / 0.8)}
    training = {**project.training, "batch_size": 16, "epochs": epochs, "device": "cpu", "seed": 0}
    path = folder / "resnet18.cnnproj.json"
    save(project.replace(dataset=dataset, training=training), path)
    return path


def cli_peak(path: Path, out: Path) -> float:
    command = [sys.executable, "-m", "cnnstudio", "train", str(path), "--out", str(out)]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = Sampler(proc.pid)
    sampler.active = True
    _, err = proc.communicate(timeout=3600)
    sampler.close()
    if proc.returncode != 0:
        raise SystemExit(f"cnnstudio train failed ({proc.returncode}): {err[-2000:]}")
    return sampler.peak


def window_peak(path: Path, folder: Path) -> tuple[float, tuple[float, float]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CNNSTUDIO_NO_AUTOSAVE_PROMPT": "1"}
    command = [sys.executable, "-c", WINDOW, str(HERE), str(folder), str(path)]
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    sampler = Sampler(proc.pid)
    assert proc.stdout is not None
    done = None
    for line in proc.stdout:
        if line.startswith("READY"):  # idle and warm: the run starts now
            sampler.active = True
        elif line.startswith("DONE "):
            done = json.loads(line[5:])
    proc.wait(timeout=3600)
    sampler.close()
    if proc.returncode != 0 or done is None or done["reason"] != "completed":
        raise SystemExit(f"the window's run failed ({proc.returncode}, {done}): {proc.stderr.read()[-2000:]}")
    return sampler.peak, sampler.peak_parts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=600)
    parser.add_argument("--epochs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cnnstudio-memory-") as tmp:
        path = make_project(Path(tmp), args.images, args.epochs)
        started = time.perf_counter()
        cli = cli_peak(path, Path(tmp) / "cli-run")
        cli_s = time.perf_counter() - started
        window, (gui, trainer) = window_peak(path, Path(tmp))
        window_s = time.perf_counter() - started - cli_s
    ratio = window / cli
    print(f"ResNet-18 at 3x224x224, batch 16, {args.images} training images, {args.epochs} epoch(s), cpu")
    print(f"  cnnstudio train: peak {cli:,.0f} MiB ({cli_s:.0f} s)")
    print(f"  window: peak {window:,.0f} MiB = window process {gui:,.0f} + training process {trainer:,.0f} "
          f"({window_s:.0f} s)")  # fmt: skip
    print(f"  ratio {ratio:.2f} (goal <= {GOAL})")
    report(
        "peak memory of a window run (ResNet-18, 224, batch 16)", window, "MiB", f"ratio <= {GOAL}",
        ratio <= GOAL, baseline=f"cnnstudio train {cli:,.0f} MiB", ratio=ratio,
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
