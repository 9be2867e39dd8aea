"""The dataset lines the Train page shows say what the program really does."""

from __future__ import annotations

import re

from cnnstudio.core.dataset_catalog import DESCRIPTIONS
from cnnstudio.core.project import default_project


def test_the_shapes_line_states_the_default_projects_image_count() -> None:
    """It said "3,000 images by default" beside the default project's Images field reading 8000."""
    stated = [
        int(n.replace(",", ""))
        for n in re.findall(r"(\d[\d,]*) in the default project", DESCRIPTIONS["shapes"])
    ]
    assert stated == [default_project().dataset["num_images"]]
