"""The GPU path, measured (issue 13.5): one command, about 4 minutes on one H100; skips cleanly on a CPU.

    python benchmarks/gpu.py --out gpu.json        # also writes gpu.md (a table for docs/benchmarks.md)

On a CUDA device it reports, each against a baseline measured in the same run:

1. engine / bare loop: the engine (probes, progress events, device-side meters, everything the window
   gets) against a plain PyTorch loop with the engine's model, optimiser and memory format, both with the
   data resident on the GPU (goal >= 0.95): the default project (a small CNN at 3x32x32, batch 256) and
   ResNet-18 at 3x224x224 (batch 128);
2. host-to-device copies per training batch, counted by torch.profiler over an engine epoch (goal: about
   0, the data is resident: only the per-epoch shuffle order crosses);
3. peak GPU memory (max_memory_allocated) of an engine epoch against the bare loop's, both workloads;
4. the window (offscreen, Start pressed, the run in its trainer process) against `cnnstudio train`, the
   default project on the GPU (goal >= 0.9), and the window's event-loop lateness over those runs, Start
   and preparation included (goals p99 <= 16 ms, max <= 50 ms), against the idle window;
5. mixed precision: bf16 and fp16 autocast against float32, ResNet-18 (through the engine's ``precision``
   setting when it has one; until then the bare loop, which is the speed-up such a setting would give);
6. cudnn benchmark mode on against off, and channels_last against contiguous (ResNet-18, bare loop).

The figures run in that order within ``--budget-s`` (170 s; ~4 minutes in all on an H100 with start-up):
one that fails is reported with its error and the next runs; once the budget is spent the rest are
marked skipped; a section still running 30 s past the budget is ended. Every figure is printed as it
comes, and all are written to ``--out`` (JSON) and beside it as markdown.

Without CUDA it says why (and whether a GPU is present that this torch cannot use), runs one small engine
epoch on the CPU to show the script itself works, marks the GPU figures as skipped, and exits 0.
``--quick`` makes every measurement shorter; ``--rehearse-on-cpu`` runs every section on the CPU with
tiny sizes (a test of the script itself, not a measurement).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import torch
import torch.nn.functional as F

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _report import report  # noqa: E402

from cnnstudio.core.project import Project, default_project  # noqa: E402
from cnnstudio.core.training_settings import TrainingSettings  # noqa: E402
from cnnstudio.training.build import start_model  # noqa: E402
from cnnstudio.training.datasets import DataSplits, load_dataset  # noqa: E402
from cnnstudio.training.engine import Trainer, TrainJob  # noqa: E402
from cnnstudio.training.events import EpochEnd  # noqa: E402
from cnnstudio.training.optim import make_optimizer  # noqa: E402

GOAL_ENGINE = 0.95
DEVICE = "cuda"  # --rehearse-on-cpu runs every section on the CPU (tiny): a test of the script itself


def sync() -> None:
    if DEVICE == "cuda":
        torch.cuda.synchronize()


@dataclass
class Row:
    """One figure: what, its value and unit, the same-run baseline, the goal and whether it was met."""

    name: str
    value: float | None
    unit: str
    baseline: str = ""
    ratio: float | None = None
    goal: str = "(reported)"
    met: bool | None = None
    note: str = ""


@dataclass
class Results:
    environment: dict[str, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        value = "skipped" if row.value is None else f"{row.value:,.4g} {row.unit}"
        ratio = "" if row.ratio is None else f"  ratio {row.ratio:.3f}"
        print(f"  {row.name}: {value}{ratio}  [{row.baseline}] {row.note}".rstrip(), flush=True)
        if row.value is not None:
            report(row.name, row.value, row.unit, row.goal, bool(row.met) if row.met is not None else True,
                   row.baseline, row.ratio)  # fmt: skip

    def write(self, out: Path) -> None:
        rows = [row.__dict__ for row in self.rows]
        out.write_text(json.dumps({"environment": self.environment, "rows": rows}, indent=1) + "\n")
        lines = [f"GPU benchmark (`python benchmarks/gpu.py`), on: {self.environment.get('machine', '')}", ""]
        lines += [
            "| figure | measured | same-run baseline | ratio | goal | met |",
            "|---|---|---|---|---|---|",
        ]
        for r in self.rows:
            value = "skipped" if r.value is None else f"{r.value:,.4g} {r.unit}"
            ratio = "" if r.ratio is None else f"{r.ratio:.3f}"
            met = "" if r.met is None else ("yes" if r.met else "**no**")
            lines.append(f"| {r.name} | {value} | {r.baseline} {r.note} | {ratio} | {r.goal} | {met} |")
        out.with_suffix(".md").write_text("\n".join(lines) + "\n")
        print(f"wrote {out} and {out.with_suffix('.md')}")


# -- the workloads ------------------------------------------------------------------------------------------
def small_project(batch: int, device: str) -> Project:
    """The default project (what `make run` opens), on ``device``."""
    project = default_project()
    training = {**project.training, "batch_size": batch, "epochs": 2, "device": device, "seed": 0}
    return project.replace(training=training)


def resnet_project(batch: int, device: str, images: int) -> Project:
    from cnnstudio.core.templates_classic import resnet18

    project = resnet18(num_classes=6)
    dataset = {
        "name": "shapes",
        "num_classes": 6,
        "num_images": images,
        "val_fraction": 0.05,
        "test_fraction": 0.0,
    }
    training = {**project.training, "batch_size": batch, "epochs": 2, "device": device, "seed": 0}
    return project.replace(dataset=dataset, training=training)


def settings_of(project: Project, **changes) -> TrainingSettings:
    settings = TrainingSettings.from_dict(project.training)
    known = {name: value for name, value in changes.items() if hasattr(settings, name)}
    return replace(settings, **known)


def engine_speed(project: Project, data: DataSplits, **changes) -> float:
    """Images per second of the engine's last epoch (its own EpochEnd figure: the training phase)."""
    settings = settings_of(project, **changes)
    trainer = Trainer(TrainJob(project, settings, data=data, probes=True))
    speed = 0.0
    for event in trainer.run():
        if isinstance(event, EpochEnd):
            speed = event.images_per_second
    return speed


def bare_speed(project: Project, data: DataSplits, epochs: int = 2, memory_format: str = "auto") -> float:
    """Images per second of the plain loop's last epoch: the engine's model, optimiser and memory format
    (start_model, make_optimizer), data resident on the device, and nothing else."""
    device = torch.device(DEVICE)
    settings = settings_of(project, memory_format=memory_format)
    model, fmt = start_model(project, settings, device)
    optimizer = make_optimizer(model.parameters(), settings)
    whiten = data.whitener(device)
    x_all, y_all = data.train_x.to(device).contiguous(memory_format=fmt), data.train_y.to(device)
    size, speed = settings.batch_size, 0.0
    model.train()
    for epoch in range(epochs):
        order = torch.randperm(x_all.shape[0], generator=torch.Generator().manual_seed(epoch)).to(device)
        sync()
        start = time.perf_counter()
        for index in order.split(size):
            x, y = whiten(x_all[index]), y_all[index]
            optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
        sync()
        speed = x_all.shape[0] / (time.perf_counter() - start)
    return speed


def paired(
    rounds: int, first: Callable[[], float], second: Callable[[], float]
) -> tuple[float, float, float]:
    """Median of each and the median paired ratio second/first, alternating which goes first."""
    a, b, ratios = [], [], []
    for i in range(rounds):
        if i % 2:
            b.append(second())
            a.append(first())
        else:
            a.append(first())
            b.append(second())
        ratios.append(b[-1] / a[-1])
    return statistics.median(a), statistics.median(b), statistics.median(ratios)


# -- the figures --------------------------------------------------------------------------------------------
def engine_vs_bare(results: Results, name: str, project: Project, data: DataSplits, rounds: int) -> None:
    bare_speed(project, data, epochs=1)  # warm-up: CUDA context, cudnn's autotuning, the allocator's pool
    bare, engine, ratio = paired(
        rounds, lambda: bare_speed(project, data), lambda: engine_speed(project, data)
    )
    results.add(Row(f"engine / bare loop, {name}", engine, "images/s", f"bare loop {bare:,.0f} images/s", ratio,
                    f">= {GOAL_ENGINE}", ratio >= GOAL_ENGINE))  # fmt: skip


def host_copies(results: Results, project: Project, data: DataSplits) -> None:
    """Host-to-device copies per training batch over one engine epoch (torch.profiler's CUDA memcpy)."""
    from torch.profiler import ProfilerActivity, profile

    if DEVICE != "cuda":
        results.add(Row("host-to-device copies per training batch", None, "", note="skipped: no CUDA"))
        return

    settings = settings_of(project, epochs=1, probe_interval_s=1e9)
    trainer = Trainer(TrainJob(project, settings, data=data, probes=False))
    batches = len(trainer.batches(1)) if hasattr(trainer, "batches") else 0
    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        for event in trainer.run():
            if isinstance(event, EpochEnd):
                torch.cuda.synchronize()
                break
    names = [e.name for e in prof.events()]
    htod = sum("HtoD" in n for n in names)
    per_batch = htod / max(1, batches)
    results.add(Row("host-to-device copies per training batch (engine epoch)", per_batch, "copies",
                     f"{htod} in {batches} batches, evaluation included", None, "< 0.1 (data resident)",
                     per_batch < 0.1))  # fmt: skip


def peak_memory(results: Results, name: str, project: Project, data: DataSplits) -> None:
    """Peak GPU memory (torch.cuda.max_memory_allocated) of one engine run against the bare loop's."""

    if DEVICE != "cuda":
        results.add(Row(f"peak GPU memory, engine, {name}", None, "", note="skipped: no CUDA"))
        return

    def peak(run: Callable[[], float]) -> float:
        torch.cuda.synchronize()
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
        run()
        torch.cuda.synchronize()
        return torch.cuda.max_memory_allocated() / 2**20

    bare = peak(lambda: bare_speed(project, data, epochs=1))
    engine = peak(lambda: engine_speed(project, data, epochs=1))
    reserved = torch.cuda.max_memory_reserved() / 2**20
    results.add(Row(f"peak GPU memory, engine, {name}", engine, "MiB", f"bare loop {bare:,.0f} MiB",
                    engine / bare, "(reported)", None, f"(reserved {reserved:,.0f} MiB)"))  # fmt: skip


def bare_autocast_speed(project: Project, data: DataSplits, dtype: torch.dtype | None) -> float:
    """The bare loop's last-epoch images/s under autocast to ``dtype`` (None: float32; float16 with a
    GradScaler, as torch recommends)."""
    device = torch.device(DEVICE)
    settings = settings_of(project)
    model, fmt = start_model(project, settings, device)
    optimizer = make_optimizer(model.parameters(), settings)
    scaler = torch.amp.GradScaler(DEVICE, enabled=dtype is torch.float16 and DEVICE == "cuda")
    whiten = data.whitener(device)
    x_all, y_all = data.train_x.to(device).contiguous(memory_format=fmt), data.train_y.to(device)
    speed = 0.0
    model.train()
    for epoch in range(2):
        order = torch.randperm(x_all.shape[0], generator=torch.Generator().manual_seed(epoch)).to(device)
        sync()
        start = time.perf_counter()
        for index in order.split(settings.batch_size):
            x, y = whiten(x_all[index]), y_all[index]
            optimizer.zero_grad(set_to_none=True)
            with torch.autocast(DEVICE, dtype=dtype or torch.float32, enabled=dtype is not None):
                loss = F.cross_entropy(model(x), y)
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
        sync()
        speed = x_all.shape[0] / (time.perf_counter() - start)
    return speed


def mixed_precision(results: Results, project: Project, data: DataSplits, rounds: int) -> None:
    """bf16/fp16 autocast against float32: through the engine's ``precision`` setting where it has one,
    else the bare loop (the speed-up a precision setting would give)."""
    engine_has_it = hasattr(TrainingSettings(), "precision")
    for precision, dtype in (("bfloat16", torch.bfloat16), ("float16", torch.float16)):
        if DEVICE == "cuda" and precision == "bfloat16" and not torch.cuda.is_bf16_supported():
            results.add(Row(f"{precision} autocast / float32", None, "", note="not supported by this GPU"))
            continue
        if engine_has_it:
            who = "engine"
            full, mixed, ratio = paired(
                rounds,
                lambda: engine_speed(project, data, precision="float32"),
                lambda p=precision: engine_speed(project, data, precision=p),
            )
        else:
            who = "bare loop (the engine has no precision setting yet)"
            full, mixed, ratio = paired(
                rounds,
                lambda: bare_autocast_speed(project, data, None),
                lambda d=dtype: bare_autocast_speed(project, data, d),
            )
        results.add(Row(f"{precision} autocast / float32, ResNet-18 224, {who}", mixed, "images/s",
                        f"float32 {full:,.0f} images/s", ratio))  # fmt: skip


def cudnn_benchmark(results: Results, project: Project, data: DataSplits, rounds: int) -> None:
    def with_mode(on: bool) -> float:
        previous = torch.backends.cudnn.benchmark
        torch.backends.cudnn.benchmark = on
        try:
            return bare_speed(project, data)
        finally:
            torch.backends.cudnn.benchmark = previous

    off, on, ratio = paired(rounds, lambda: with_mode(False), lambda: with_mode(True))
    results.add(Row("cudnn benchmark mode on / off, ResNet-18 224 (bare loop)", on, "images/s",
                    f"off {off:,.0f} images/s", ratio))  # fmt: skip


def channels_last(results: Results, project: Project, data: DataSplits, rounds: int) -> None:
    """channels_last against the contiguous layout the engine's ``auto`` picks on CUDA (bare loop)."""
    plain, last, ratio = paired(
        rounds,
        lambda: bare_speed(project, data, memory_format="contiguous"),
        lambda: bare_speed(project, data, memory_format="channels_last"),
    )
    results.add(Row("channels_last / contiguous, ResNet-18 224 (bare loop)", last, "images/s",
                    f"contiguous {plain:,.0f} images/s", ratio))  # fmt: skip


def window_vs_cli(results: Results, rounds: int, epochs: int) -> None:
    """The real window (offscreen, Start pressed, the run in its trainer process) against `cnnstudio train`
    in a fresh process, the default project on the GPU, alternating; and the window's event-loop lateness
    over its runs (Start to end, preparation included) against the idle window."""
    try:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        os.environ.setdefault("CNNSTUDIO_NO_AUTOSAVE_PROMPT", "1")
        from _studio import LatenessProbe, spin, studio_window, wait_for_start_up
        from PySide6.QtWidgets import QApplication
        from window_train import cli_speed, window_run
    except ImportError as exc:
        results.add(Row("window / cnnstudio train on the GPU", None, "", note=f"no Qt here ({exc})"))
        return
    import numpy as np

    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory(prefix="cnnstudio-gpu-") as tmp:
        project = default_project()
        training = {**project.training, "epochs": epochs, "device": DEVICE, "seed": 0}
        window = studio_window(Path(tmp), project.replace(training=training))
        window.tabs.setCurrentWidget(window.training)
        path = window.document.path
        probe = LatenessProbe()
        spin(1.0)
        wait_for_start_up()
        probe.start()
        spin(2.0)
        idle = probe.stop()
        cli, win, ratios, lateness = [], [], [], []
        try:
            for round_ in range(rounds):
                order = ("cli", "window") if round_ % 2 == 0 else ("window", "cli")
                for kind in order:
                    if kind == "cli":
                        cli.append(cli_speed(path, Path(tmp) / f"cli-{round_}"))
                    else:
                        speed, late, _ = window_run(window, probe)
                        win.append(speed)
                        lateness.append(late)
                ratios.append(win[-1] / cli[-1])
                print(f"  round {round_}: cli {cli[-1]:,.0f}  window {win[-1]:,.0f} images/s", flush=True)
        finally:
            window.training.stop()
            window.document.mark_clean()
            window.close()
            app.processEvents()
    ratio = statistics.median(ratios)
    results.add(Row("window / cnnstudio train, default project on the GPU", statistics.median(win), "images/s",
                    f"cnnstudio train {statistics.median(cli):,.0f} images/s", ratio, ">= 0.9",
                    ratio >= 0.9))  # fmt: skip
    busy = np.concatenate(lateness)
    p99, worst = float(np.percentile(busy, 99)), float(busy.max())
    base = f"idle window p99 {np.percentile(idle, 99):.2f} ms, max {idle.max():.1f} ms"
    results.add(Row("window lateness p99 while the GPU trains (Start included)", p99, "ms", base, None,
                    "<= 16 ms", p99 <= 16.0))  # fmt: skip
    results.add(Row("window lateness max while the GPU trains (Start included)", worst, "ms", base, None,
                    "<= 50 ms", worst <= 50.0))  # fmt: skip


# -- the run ------------------------------------------------------------------------------------------------
def environment() -> dict[str, str]:
    info = {
        "machine": f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "torch": torch.__version__,
        "cuda": str(torch.version.cuda),
    }
    if torch.cuda.is_available():
        info["gpu"] = torch.cuda.get_device_name(0)
        info["machine"] += f", {info['gpu']}, torch {torch.__version__} (CUDA {torch.version.cuda})"
    return info


def cpu_only(results: Results) -> None:
    """No CUDA: say why, prove the script runs with one small engine epoch on the CPU, skip the rest."""
    from cnnstudio.training.device import gpu_problem

    problem = gpu_problem()
    why = problem.text() if problem is not None else "no CUDA device on this machine"
    print(f"GPU parts skipped: {why}")
    project = small_project(256, "cpu")
    data = load_dataset({**project.dataset, "num_images": 1200}, project.input.shape, 0)
    speed = engine_speed(project, data, epochs=1)
    results.add(Row("engine on the CPU (smoke test: the script runs)", speed, "images/s", note=f"({why})"))
    for name in ("engine / bare loop", "host-to-device copies per batch", "peak GPU memory",
                 "window / cnnstudio train on the GPU, and its lateness", "mixed precision",
                 "cudnn benchmark mode"):  # fmt: skip
        results.add(Row(name, None, "", note="skipped: no CUDA"))


OVERRUN_S = 30


def _overran(signum: int, frame: object) -> None:
    raise TimeoutError(f"still running {OVERRUN_S} s after the time budget")


class Sections:
    """Runs the figures one after another within a time budget: a section that fails is reported (with its
    traceback) and the next one runs; once the budget is spent the rest are marked skipped, so one command
    always ends in time with every figure it could measure written."""

    def __init__(self, results: Results, budget_s: float) -> None:
        self.results, self.deadline = results, time.perf_counter() + budget_s

    def run(self, name: str, estimate_s: float, section: Callable[[], None]) -> None:
        left = self.deadline - time.perf_counter()
        if left < estimate_s:
            self.results.add(Row(name, None, "", note=f"skipped: {left:.0f} s of the time budget left"))
            return
        print(f"{name} ...", flush=True)
        began = time.perf_counter()
        watchdog = hasattr(signal, "SIGALRM")  # a section that hangs past the budget is ended, not waited on
        if watchdog:
            signal.signal(signal.SIGALRM, _overran)
            signal.alarm(int(left) + OVERRUN_S)
        try:
            section()
        except (Exception, SystemExit) as exc:  # one failed figure must not lose the others
            traceback.print_exc()
            self.results.add(Row(name, None, "", note=f"failed: {type(exc).__name__}: {exc}"[:300]))
        finally:
            if watchdog:
                signal.alarm(0)
            if DEVICE == "cuda":
                torch.cuda.empty_cache()
        print(f"  ({time.perf_counter() - began:.0f} s)", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_out = Path(tempfile.gettempdir()) / "cnnstudio-gpu-benchmark.json"
    parser.add_argument("--out", type=Path, default=default_out, help=f"JSON figures (default {default_out})")
    parser.add_argument("--quick", action="store_true", help="short measurements (a smoke test)")
    parser.add_argument("--budget-s", type=float, default=170.0, help="start no figure after this")
    parser.add_argument("--rehearse-on-cpu", action="store_true",
                        help="run the GPU sections on the CPU, tiny (tests the script, not the GPU)")  # fmt: skip
    args = parser.parse_args()
    global DEVICE
    if args.rehearse_on_cpu:
        DEVICE, args.quick = "cpu", True
    started = time.perf_counter()
    results = Results(environment())
    print(f"environment: {results.environment['machine']}", flush=True)
    if DEVICE == "cuda" and not torch.cuda.is_available():
        cpu_only(results)
        results.write(args.out)
        return 0
    rounds, images = (1, 512) if args.quick else (3, 2048)
    if args.rehearse_on_cpu:
        images = 64
    torch.backends.cudnn.benchmark = True
    sections = Sections(results, args.budget_s)
    small = small_project(256, DEVICE)
    small_data = load_dataset(small.dataset, small.input.shape, 0)
    name = "default project (3x32x32, batch 256)"
    sections.run("engine / bare loop, default project", 10,
                 lambda: engine_vs_bare(results, name, small, small_data, rounds))  # fmt: skip
    sections.run("host-to-device copies", 5, lambda: host_copies(results, small, small_data))
    sections.run("peak GPU memory, default project", 5, lambda: peak_memory(results, name, small, small_data))
    batch = 128 if DEVICE == "cuda" else 16
    resnet = resnet_project(batch, DEVICE, images)
    resnet_data = load_dataset(resnet.dataset, resnet.input.shape, 0)
    name = f"ResNet-18 (3x224x224, batch {batch})"
    sections.run("engine / bare loop, ResNet-18", 20,
                 lambda: engine_vs_bare(results, name, resnet, resnet_data, rounds))  # fmt: skip
    sections.run("peak GPU memory, ResNet-18", 10,
                 lambda: peak_memory(results, name, resnet, resnet_data))  # fmt: skip
    sections.run("window / cnnstudio train on the GPU", 45,
                 lambda: window_vs_cli(results, 1 if args.quick else 2, 2 if args.quick else 3))  # fmt: skip
    sections.run("mixed precision", 25, lambda: mixed_precision(results, resnet, resnet_data, rounds))
    sections.run("cudnn benchmark mode", 15, lambda: cudnn_benchmark(results, resnet, resnet_data, rounds))
    sections.run("channels_last", 15, lambda: channels_last(results, resnet, resnet_data, rounds))
    print(f"total {time.perf_counter() - started:.0f} s", flush=True)
    results.write(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
