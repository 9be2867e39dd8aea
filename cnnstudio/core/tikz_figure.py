"""The volume diagram as TikZ/LaTeX source, PlotNeuralNet style: one shaded box per volume (width and height
from the map's size, depth from its channels, on a log scale like the Design page's diagram), the sizes under
each box, coloured by kind with PlotNeuralNet's colours (convolution yellow, pooling red, dense blue).

Written by hand rather than through PlotNeuralNet itself: that project is a set of LaTeX macros to copy into
one's paper folder, not a package, and a standalone file that compiles with any TeX distribution (``tikz``
only) serves a paper better. Pure Python, from the core's shape inference.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence

from cnnstudio.core.project import Project
from cnnstudio.core.specs import POOLING_TYPES
from cnnstudio.core.volumes import volumes

CM_PER_UNIT = 1 / 40  # the screen diagram's pixels at zoom 1, 40 to the centimetre
MAX_SIDE = 84.0
GAP = 26.0
COLOURS = {  # PlotNeuralNet's ConvColor, PoolColor, FcColor; the input grey
    "conv": "F2C27F",
    "pool": "B23F3F",
    "dense": "7F8FF2",
    "input": "9AA5B1",
    "other": "8FBF8F",
}


def _scale(n: int, top: float = MAX_SIDE) -> float:
    return 6.0 + (top - 6.0) * min(1.0, math.log10(max(n, 1)) / 3.0)


def _sizes(shape: Sequence[int]) -> tuple[float, float, float]:
    """(width, height, depth) in diagram units: a C x H x W map is a box; a vector is a thin tall bar."""
    if len(shape) == 3:
        c, h, w = shape
        return _scale(w), _scale(h), _scale(c, MAX_SIDE * 0.6)
    return 8.0, _scale(shape[0], MAX_SIDE * 1.3), 0.0


def _colour(kind: str) -> str:
    if kind == "input":
        return "input"
    if kind in ("conv2d", "convtranspose2d"):
        return "conv"
    if kind in POOLING_TYPES:
        return "pool"
    return "dense" if kind in ("linear", "flatten") else "other"


def _label(shape: Sequence[int]) -> str:
    return r"$" + r"\times".join(str(n) for n in shape) + r"$"


def _cm(value: float) -> str:
    return f"{value * CM_PER_UNIT:.3f}"


def volume_tikz(project: Project, expanded: Collection[tuple[int, ...]] = frozenset()) -> str:
    """A standalone LaTeX document drawing every volume of ``project``'s network, the blocks whose paths are
    in ``expanded`` drawn layer by layer, the others as one box (``x N`` above one box for N same blocks)."""
    lines = [
        r"% " + f"{_tex_text(project.name)}: volume diagram written by CNN Studio from its shape inference",
        r"\documentclass[tikz,border=6pt]{standalone}",
        r"\begin{document}",
        r"\begin{tikzpicture}[line join=round]",
        *(rf"\definecolor{{{name}}}{{HTML}}{{{hex_}}}" for name, hex_ in COLOURS.items()),
    ]
    x = 0.0
    for volume in volumes(project, expanded):
        kind, shape = volume.kind, volume.shape
        width, height, depth = _sizes(shape)
        colour, half = _colour(kind), depth * 0.5
        w, h, d, left = _cm(width), _cm(height), _cm(half), _cm(x)
        lines += [
            rf"% {kind} {'x'.join(map(str, shape))}",
            rf"\filldraw[fill={colour}!70!white, draw={colour}!50!black] ({left},0) rectangle ++({w},{h});",
            rf"\filldraw[fill={colour}!45!white, draw={colour}!50!black] ({left},{h}) -- ++({d},{d}) -- ++({w},0)"
            rf" -- ++(-{d},-{d}) -- cycle;",
            rf"\filldraw[fill={colour}!85!black, draw={colour}!50!black] ({_cm(x + width)},0) -- ++({d},{d})"
            rf" -- ++(0,{h}) -- ++(-{d},-{d}) -- cycle;",
            rf"\node[below, font=\scriptsize] at ({_cm(x + width / 2)},0) {{{_label(shape)}}};",
        ]
        if volume.count > 1:
            lines.append(
                rf"\node[above, font=\scriptsize] at ({_cm(x + width / 2)},{_cm(height + half)}) "
                rf"{{$\times{volume.count}$}};"
            )
        x += max(width + half, 8 * len(_label(shape)) * 0.6) + GAP
    lines += [r"\end{tikzpicture}", r"\end{document}", ""]
    return "\n".join(lines)


def _tex_text(text: str) -> str:
    """A project name in a LaTeX comment: one line (a newline would end the comment and run as TeX)."""
    return " ".join(text.split())
