"""The installed Qt binding survives many signal emits (PySide6 6.12.0 on Python 3.11 aborted after ~570)."""

import subprocess
import sys

EMITTER = """
from PySide6.QtCore import QObject, Signal
class Source(QObject):
    fired = Signal(object)
source = Source()
for i in range(5000):
    source.fired.emit(i)
print("survived")
"""


def test_signal_emits_do_not_corrupt_reference_counts() -> None:
    result = subprocess.run([sys.executable, "-c", EMITTER], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "survived"
