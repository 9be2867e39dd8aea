"""benchmarks/gpu.py, the one command the lead runs on a GPU machine, must still run: on a machine without
CUDA it says so, runs its CPU smoke epoch, marks every GPU figure skipped and writes its JSON and markdown."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(torch.cuda.is_available(), reason="with CUDA it is the real (minutes long) benchmark")
def test_the_gpu_benchmark_runs_and_skips_its_gpu_parts_without_cuda(tmp_path: Path) -> None:
    out = tmp_path / "gpu.json"
    done = subprocess.run(
        [sys.executable, "benchmarks/gpu.py", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "GPU parts skipped" in done.stdout
    rows = json.loads(out.read_text())["rows"]
    assert rows[0]["value"] > 0  # the CPU smoke epoch trained
    assert all(row["value"] is None and "skipped" in row["note"] for row in rows[1:])
    assert out.with_suffix(".md").read_text().count("| skipped |") == len(rows) - 1
