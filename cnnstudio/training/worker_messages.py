"""The messages between the window and its trainer process (:mod:`cnnstudio.training.worker_process`).

Small frozen dataclasses, pickled through the pipes. Down: :class:`Job`, :class:`Command`, :class:`Capture`,
:class:`Measure`. Up: :class:`Hello`, :class:`Prepared`, the engine's own event objects as they are,
:class:`MapsSaved`, :class:`Results`, :class:`Failed`, :class:`Captured`, :class:`JobDone` and :class:`Measured`. Numpy and the standard library only: the window
unpickles them without importing torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


# -- parent -> child -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Job:
    """One run: what the window's Start asks for, resolved in the window (settings, probe choice)."""

    project: Any  # cnnstudio.core.project.Project
    settings: Any  # cnnstudio.core.training_settings.TrainingSettings
    out_dir: Path | None = None
    probe_index: int = 0
    probe_picture: Any = None  # (H, W[, C]) float array in [0, 1], or None
    results: bool = True  # measure test predictions and the confusion matrix after the run


@dataclass(frozen=True)
class Command:
    """``pause``, ``resume``, ``stop``, ``skip_results`` (a stop nobody waits to see), ``change`` (value: a
    ``control.RunChange``, applied before the next batch), ``forget`` (free the last run's model and data:
    the worker becomes a spare) or ``quit``."""

    name: str
    value: Any = None


@dataclass(frozen=True)
class Capture:
    """Capture the probe maps of the last finished run's model for another image (answered by Captured)."""

    probe_index: int = 0
    probe_picture: Any = None
    folder: Any = None  # Path of a recorded run to capture with (its best weights), else the last run's
    cam: bool = False  # answer with Grad-CAM of the predicted class too (the live camera probe)


@dataclass(frozen=True)
class Measure:
    """Time a few training steps of ``project`` (the budget's dry run, ``training.dry_run``); answered by
    :class:`Measured`, never by JobDone. ``Command("stop_measure")`` or the next Job cancels it."""

    project: Any
    settings: Any
    key: Any = None  # the asker's name for what is measured, sent back as it is


# -- child -> parent -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Hello:
    """The child has imported torch and is ready: the device choices as the settings panel shows them."""

    devices: dict[str, str]
    pid: int
    gpu_problem: Any = None  # gpu_presence.GpuProblem: an NVIDIA GPU torch cannot use, or None


@dataclass(frozen=True)
class Prepared:
    """The data and the model are ready; training starts (the events follow)."""

    device: str
    samples: Any = None  # run_results.SampleImages: test images for the teaching tools


@dataclass(frozen=True)
class MapsSaved:
    """Sent just before Finished: the run's epoch-end maps are in its folder (``probe_maps.npz``), or
    ``problem`` says why not (a full disk). The trainer writes them, not the window: see ``run_job``."""

    problem: str = ""


@dataclass(frozen=True)
class Results:
    results: Any  # cnnstudio.training.run_results.RunResults


@dataclass(frozen=True)
class Failed:
    """The run could not be prepared, or stopped on an error: one line for the person."""

    message: str


@dataclass(frozen=True)
class Captured:
    snapshot: Any = None  # ProbeSnapshot, or None when there is no finished run to capture
    message: str = ""
    cam: Any = None  # (H, W) Grad-CAM in [0, 1] when the Capture asked for it and the network has maps


@dataclass(frozen=True)
class JobDone:
    """The last message of a job: whatever happened, the child is free again."""


@dataclass(frozen=True)
class Ended:
    """Not sent by the child: what :meth:`TrainerProcess.receive` returns once the child is gone.

    ``exitcode`` is negative for the signal that killed it (-9: SIGKILL, as the out-of-memory killer sends).
    """

    exitcode: int | None


@dataclass(frozen=True)
class Measured:
    """A dry run's answer: ``timing`` (core.run_time.StepTiming), or None when cancelled or failed
    (``failure`` says why); ``memory``: the device's free bytes when known."""

    key: Any
    timing: Any = None
    failure: str = ""
    memory: int | None = None
