"""A save killed at a random moment leaves the old file or the new one, never a broken one (issue 8)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from cnnstudio.core import project_file as files
from cnnstudio.core.project import default_project

WRITER = """
import sys
from cnnstudio.core import project_file as files
from cnnstudio.core.project import default_project
path = sys.argv[1]
big = default_project().replace(extra={"notes": "x" * 200_000})
versions = [big.replace(name="A"), big.replace(name="B")]
print("ready", flush=True)
i = 0
while True:
    files.save(versions[i % 2], path)
    i += 1
"""


def test_save_killed_at_random_moments_never_leaves_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "p.cnnproj.json"
    files.save(default_project().replace(name="start"), path)
    rng = random.Random(8)
    for _ in range(50):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        assert files.load(path).name in {"start", "A", "B"}
    leftovers = [p for p in tmp_path.iterdir() if p.name != path.name]
    assert all(
        p.name.endswith(".tmp") for p in leftovers
    )  # a killed writer may leave its temp file, never the target
