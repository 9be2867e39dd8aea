"""`make bench`: run every benchmark in its own process and write docs/benchmarks.md.

Each benchmark runs alone (a fresh interpreter, nothing else of ours running) because this is a shared 2-core
machine and figures are only comparable within one run: each script measures its own baseline beside it.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER = (
    "core_inference.py",
    "editor_refresh.py",
    "redraw_maps.py",
    "dataset_speed.py",
    "folder_stream.py",
    "train_throughput.py",
    "health_cost.py",
    "budget_estimate.py",
    "import_time.py",
    "insight_topk.py",
    "insight_features.py",
    "gui_latency.py",
    "camera_latency.py",
    "window_train.py",
    "memory_peak.py",
    "startup_time.py",
    "soak.py",
    "gpu.py",
)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import torch

        gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no GPU"
        torch_version = torch.__version__
    except ImportError:
        gpu, torch_version = "torch not installed", "-"
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), {gpu}; "
        f"Python {platform.python_version()}, torch {torch_version}"
    )


def run(script: Path) -> tuple[list[dict], str, float]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM") or "offscreen",
        "PYTHONUNBUFFERED": "1",
    }
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800
    )
    seconds = time.perf_counter() - start
    rows = [json.loads(line[7:]) for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    text = proc.stdout + (f"\n[exit {proc.returncode}]\n{proc.stderr[-2000:]}" if proc.returncode else "")
    return rows, text, seconds


def table(results: list[tuple[str, list[dict]]]) -> str:
    lines = [
        "| benchmark | figure | measured | goal | met | same-run baseline | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for script, rows in results:
        for r in rows:
            ratio = "" if r["ratio"] is None else f"{r['ratio']:.3g}"
            lines.append(
                f"| {script} | {r['name']} | {r['value']:.4g} {r['unit']} | {r['goal']} | "
                f"{'yes' if r['met'] else '**no**'} | {r['baseline']} | {ratio} |"
            )
    return "\n".join(lines)


def main() -> int:
    wanted = sys.argv[1:] or [s for s in ORDER if (ROOT / "benchmarks" / s).exists()]
    results, failures = [], []
    for name in wanted:
        print(f"== {name}", flush=True)
        rows, text, seconds = run(ROOT / "benchmarks" / name)
        print(text, flush=True)
        print(f"   ({seconds:.1f} s)", flush=True)
        results.append((name, rows))
        if "[exit " in text:
            failures.append(name)
    out = ROOT / "docs" / "benchmarks.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        "# Benchmarks\n\nWritten by `make bench` on "
        f"{time.strftime('%Y-%m-%d %H:%M')}, on: {machine()}.\n\n"
        "Every figure is compared with a baseline measured in the same run (timings on a shared machine are "
        "noisy; compare within one run only).\n\n" + table(results) + "\n"
    )
    print(f"wrote {out.relative_to(ROOT)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
