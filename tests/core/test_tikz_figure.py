"""The TikZ figure: one box and one size label per volume the Design page draws, valid standalone LaTeX
structure (no TeX is installed here to compile it: the checks are on what TeX would read)."""

from __future__ import annotations

import re

from cnnstudio.core.templates import TEMPLATES
from cnnstudio.core.tikz_figure import volume_tikz
from cnnstudio.core.volumes import volumes


def test_vgg16_has_a_labelled_box_per_volume() -> None:
    project = TEMPLATES["vgg16"].make()
    tex = volume_tikz(project)
    assert tex.startswith("% VGG-16") and r"\documentclass[tikz,border=6pt]{standalone}" in tex
    labels = re.findall(r"\\node\[below, font=\\scriptsize\] at \([\d.]+,0\) \{\$(.*?)\$\};", tex)
    assert len(labels) == len(volumes(project)) == 23
    assert labels[0] == r"3\times224\times224" and labels[-1] == "1000"
    assert tex.count(r"rectangle") == 23 and tex.count("{") == tex.count("}")
    assert tex.index(r"\begin{tikzpicture}") < tex.index(r"\end{tikzpicture}") < tex.index(r"\end{document}")


def test_a_project_name_cannot_end_the_comment_it_is_written_in() -> None:
    project = TEMPLATES["lenet5"].make().replace(name="net\n\\input{/etc/passwd}")
    first, second = volume_tikz(project).splitlines()[:2]
    assert first.startswith("% net \\input") and second.startswith(r"\documentclass")
