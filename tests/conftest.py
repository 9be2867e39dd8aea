"""Suite-wide settings: headless Qt, and no test may leave a training thread running."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CNNSTUDIO_NO_AUTOSAVE_PROMPT", "1")

from cnnstudio.ui.headless import use_large_offscreen_screen

# A desktop-sized screen: the window never opens larger than its screen, and offscreen's is 800 x 800.
use_large_offscreen_screen()

from hypothesis import settings  # noqa: E402 - after the platform is chosen

# The suite is a gate, so its property tests draw the same examples on every run ("ci", the default);
# `HYPOTHESIS_PROFILE=explore make test` draws fresh ones to hunt for new counter-examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# `serve`: a local HTTP server with dataset files in their published formats (tests/dataset_server.py).
from dataset_server import serve  # noqa: E402, F401 - a fixture, found by name
