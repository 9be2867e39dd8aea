"""The GPU path, measured (issue 13.5): one command, under 5 minutes on one H100; skips cleanly on a CPU.

    python benchmarks/gpu.py --out gpu.json        # also writes gpu.md (a table for docs/benchmarks.md)

On a CUDA device it reports, each against a baseline measured in the same run:

1. engine / bare loop: the engine (probes, progress events, device-side meters, everything the window
   gets) against the plain PyTorch loop on the same model, data and batch, both with the data resident on
   the GPU (goal >= 0.95): the default project (a small CNN at 3x32x32, batch 256) and ResNet-18 at
   3x224x224 (batch 128);
2. host-to-device copies per training batch, counted by torch.profiler over engine batches (goal: 0, the
   data is resident: only the per-epoch shuffle order crosses);
3. mixed precision: the engine with ``precision`` bfloat16 and float16 (autocast) against float32, ResNet-18;
4. cudnn benchmark mode on against off (ResNet-18, bare loop);
5. the window's event-loop lateness while the GPU trains (the real window offscreen, the default project
   on the GPU for ~10 s): p99 and max, against the idle window.

Without CUDA it says why (and whether a GPU is present that this torch cannot use), runs one small engine
epoch on the CPU to show the script itself works, marks the GPU figures as skipped, and exits 0.
``--quick`` makes every measurement shorter (a smoke test of the script).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
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
from cnnstudio.training.build import build_model  # noqa: E402
from cnnstudio.training.datasets import DataSplits, load_dataset  # noqa: E402
from cnnstudio.training.engine import Trainer, TrainJob  # noqa: E402
from cnnstudio.training.events import EpochEnd  # noqa: E402

GOAL_ENGINE = 0.95


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


def bare_speed(project: Project, data: DataSplits, epochs: int = 2) -> float:
    """Images per second of the plain loop's last epoch: data resident on the GPU, nothing else."""
    device = torch.device("cuda")
    torch.manual_seed(0)
    model = build_model(project).to(device)
    settings = TrainingSettings.from_dict(project.training)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    if settings.optimizer == "adam":
        optimizer = torch.optim.Adam(model.parameters(), lr=settings.lr)
    whiten = data.whitener(device) if hasattr(data, "whitener") else (lambda x: x)
    x_all, y_all = data.train_x.to(device), data.train_y.to(device)
    size, speed = settings.batch_size, 0.0
    model.train()
    for epoch in range(epochs):
        order = torch.randperm(x_all.shape[0], generator=torch.Generator().manual_seed(epoch)).to(device)
        torch.cuda.synchronize()
        start = time.perf_counter()
        for index in order.split(size):
            x, y = whiten(x_all[index]), y_all[index]
            optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
        torch.cuda.synchronize()
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
    bare, engine, ratio = paired(
        rounds, lambda: bare_speed(project, data), lambda: engine_speed(project, data)
    )
    results.add(Row(f"engine / bare loop, {name}", engine, "images/s", f"bare loop {bare:,.0f} images/s", ratio,
                    f">= {GOAL_ENGINE}", ratio >= GOAL_ENGINE))  # fmt: skip


def host_copies(results: Results, project: Project, data: DataSplits) -> None:
    """Host-to-device copies per training batch over one engine epoch (torch.profiler's CUDA memcpy)."""
    from torch.profiler import ProfilerActivity, profile

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


def mixed_precision(results: Results, project: Project, data: DataSplits, rounds: int) -> None:
    if not hasattr(TrainingSettings(), "precision"):
        results.add(Row("mixed precision", None, "", note="this engine has no precision setting"))
        return
    for precision in ("bfloat16", "float16"):
        if precision == "bfloat16" and not torch.cuda.is_bf16_supported():
            results.add(Row(f"{precision} autocast / float32", None, "", note="not supported by this GPU"))
            continue
        full, mixed, ratio = paired(
            rounds,
            lambda: engine_speed(project, data, precision="float32"),
            lambda p=precision: engine_speed(project, data, precision=p),
        )
        results.add(Row(f"engine {precision} autocast / float32, ResNet-18 224", mixed, "images/s",
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


def window_lateness(results: Results, seconds: float) -> None:
    """The real window (offscreen) training the default project on the GPU: how late its event loop runs."""
    try:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        os.environ.setdefault("CNNSTUDIO_NO_AUTOSAVE_PROMPT", "1")
        from _studio import LatenessProbe, spin, studio_window, wait_for_start_up
        from PySide6.QtWidgets import QApplication
    except ImportError as exc:
        results.add(Row("window lateness while the GPU trains", None, "", note=f"no Qt here ({exc})"))
        return
    import tempfile

    import numpy as np

    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory(prefix="cnnstudio-gpu-") as tmp:
        project = default_project()
        project = project.replace(training={**project.training, "epochs": 500, "device": "cuda"})
        window = studio_window(Path(tmp), project)
        window.tabs.setCurrentWidget(window.training)
        probe = LatenessProbe()
        spin(1.0)
        wait_for_start_up()
        probe.start()
        spin(2.0)
        idle = probe.stop()
        page = window.training
        probe.start()
        page.start()
        spin(seconds, until=lambda: not page.run.is_running())
        busy = probe.stop()
        speed = page.speed.text()
        page.stop()
        window.document.mark_clean()
        window.close()
        app.processEvents()
    p99, worst = float(np.percentile(busy, 99)), float(busy.max())
    base = f"idle window p99 {np.percentile(idle, 99):.2f} ms, max {idle.max():.1f} ms"
    results.add(Row("window lateness p99 while the GPU trains (Start included)", p99, "ms", base, None,
                    "<= 16 ms", p99 <= 16.0, f"(the window showed: {speed})"))  # fmt: skip
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
    for name in ("engine / bare loop", "host-to-device copies per batch", "mixed precision",
                 "cudnn benchmark mode", "window lateness while the GPU trains"):  # fmt: skip
        results.add(Row(name, None, "", note="skipped: no CUDA"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("gpu-benchmark.json"))
    parser.add_argument("--quick", action="store_true", help="short measurements (a smoke test)")
    args = parser.parse_args()
    started = time.perf_counter()
    results = Results(environment())
    print(f"environment: {results.environment['machine']}")
    if not torch.cuda.is_available():
        cpu_only(results)
        results.write(args.out)
        return 0
    rounds, images = (1, 512) if args.quick else (3, 3072)
    torch.backends.cudnn.benchmark = True
    small = small_project(256, "cuda")
    small_data = load_dataset(small.dataset, small.input.shape, 0)
    engine_vs_bare(results, "default project (3x32x32, batch 256)", small, small_data, rounds)
    host_copies(results, small, small_data)
    resnet = resnet_project(128, "cuda", images)
    resnet_data = load_dataset(resnet.dataset, resnet.input.shape, 0)
    engine_vs_bare(results, "ResNet-18 (3x224x224, batch 128)", resnet, resnet_data, rounds)
    mixed_precision(results, resnet, resnet_data, rounds)
    cudnn_benchmark(results, resnet, resnet_data, rounds)
    del resnet_data
    torch.cuda.empty_cache()
    window_lateness(results, 4.0 if args.quick else 10.0)
    print(f"total {time.perf_counter() - started:.0f} s")
    results.write(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
