"""Suite-wide settings: headless Qt, and no test may leave a training thread running."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CNNSTUDIO_NO_AUTOSAVE_PROMPT", "1")
