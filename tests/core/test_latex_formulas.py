"""A layer's formulas as LaTeX: the same numbers as the core's text, in TeX's notation (hand-written truth)."""

from __future__ import annotations

from cnnstudio.core.latex_formulas import formula_latex, layer_latex
from cnnstudio.core.templates import TEMPLATES


def test_conv_output_size_becomes_floor_of_a_fraction() -> None:
    assert formula_latex("H = floor((227 + 2*0 - 1*(11-1) - 1) / 4) + 1 = 55") == (
        r"H &= \left\lfloor \frac{227 + 2 \cdot 0 - 1 \cdot (11-1) - 1}{4} \right\rfloor + 1 = 55"
    )


def test_names_are_text_and_notes_stay_words() -> None:
    assert formula_latex("C = out_channels = 96") == r"C &= \text{out\_channels} = 96"
    assert (
        formula_latex("C = 96 (pooling keeps the channels)")
        == r"C &= 96 \quad \text{(pooling keeps the channels)}"
    )


def test_every_formula_of_every_template_converts_with_balanced_braces() -> None:
    for template in TEMPLATES.values():
        project = template.make()
        for report in project.report.layers:
            tex = layer_latex(report.formulas)
            assert tex.count("{") == tex.count("}") and tex.count(r"\left") == tex.count(r"\right"), tex
            body = tex.removeprefix("\\begin{align*}").removesuffix("\\end{align*}")
            assert "*" not in body and "floor(" not in body
