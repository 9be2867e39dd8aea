"""How much memory (RAM) a new run can use on this machine now, without torch.

Written by hand rather than with psutil: it is one number, read in a few lines per system, and a compiled
dependency for it would be the only one the core has. Linux: ``MemAvailable`` (free memory plus what the
kernel can reclaim), capped by the container's cgroup limit when there is one. Windows:
``GlobalMemoryStatusEx``. Elsewhere (macOS): the physical memory, the closest figure the C library gives.
The GPU's memory is asked of torch (``cnnstudio.training.dry_run.device_memory``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_CGROUP_FILES = (  # (limit, usage): cgroup v2, then v1
    ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
    ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"),
)


def available_ram() -> int | None:
    """Bytes of RAM available to a new allocation now; None when the system does not say."""
    try:
        if sys.platform.startswith("linux"):
            return _linux()
        if sys.platform == "win32":
            return _windows()
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


def _linux() -> int | None:
    available = None
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            available = int(line.split()[1]) * 1024
            break
    room = _cgroup_room()
    if available is None or room is None:
        return available if room is None else room
    return min(available, room)


def _cgroup_room() -> int | None:
    """A container's memory limit minus its use; None outside a limited cgroup."""
    for limit_file, usage_file in _CGROUP_FILES:
        try:
            limit = Path(limit_file).read_text().strip()
            usage = int(Path(usage_file).read_text().strip())
        except (OSError, ValueError):
            continue
        if limit.isdigit() and int(limit) < 1 << 60:  # "max", or v1's "no limit" of 2**63 rounded to pages
            return max(0, int(limit) - usage)
    return None


def _windows() -> int | None:
    import ctypes

    class MemoryStatus(ctypes.Structure):
        _fields_ = [
            ("dwLength", ctypes.c_ulong),
            ("dwMemoryLoad", ctypes.c_ulong),
            ("ullTotalPhys", ctypes.c_ulonglong),
            ("ullAvailPhys", ctypes.c_ulonglong),
            ("ullTotalPageFile", ctypes.c_ulonglong),
            ("ullAvailPageFile", ctypes.c_ulonglong),
            ("ullTotalVirtual", ctypes.c_ulonglong),
            ("ullAvailVirtual", ctypes.c_ulonglong),
            ("ullAvailExtendedVirtual", ctypes.c_ulonglong),
        ]

    status = MemoryStatus()
    status.dwLength = ctypes.sizeof(MemoryStatus)
    if not ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
        return None
    return int(status.ullAvailPhys)
