"""The arithmetic of single layers: output shape, parameters, multiply-accumulates, receptive field.

Every rule equals what torch does (ATen's ``pooling_output_shape`` and conv's shape check), so that the sizes
a student reads in the editor are the sizes the model will have. Each size comes with its formula with the
numbers filled in, because the formula is what a teacher wants on the projector.
An impossible setting raises ``LayerInvalid`` with a reason in plain words and a fix computed from the numbers.

``RULES`` maps each layer type to its rule. The rules of layers that slide a window (convolutions, pooling)
are in `window_rules.py`; `layer_result.py` holds what a rule returns and `receptive_field.py` the field it
carries. This module re-exports those names for its callers (`shapes.py`, the views).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from cnnstudio.core import specs as S
from cnnstudio.core.course_notes import dropout_notes
from cnnstudio.core.layer_result import AXES, LayerInvalid, LayerResult, Shape, is_map, need_map, shape_text
from cnnstudio.core.receptive_field import ReceptiveField
from cnnstudio.core.window_rules import adaptive_pool, conv2d, conv_transpose2d, window_pool

__all__ = ["RULES", "LayerInvalid", "LayerResult", "ReceptiveField", "Rule", "Shape", "is_map", "shape_text"]


def upsample(spec: S.Upsample, shape: Shape, rf: ReceptiveField) -> LayerResult:
    """``nn.Upsample``: ``floor(i * scale_factor)`` as torch computes it, or the given size; no weights."""
    need_map(spec, shape)
    if spec.size is not None:
        out_hw = S.pair(spec.size)
        formulas = (f"H = size = {out_hw[0]}", f"W = size = {out_hw[1]}")
    else:
        factor = float(spec.scale_factor)  # type: ignore[arg-type]
        out_hw = (math.floor(shape[1] * factor), math.floor(shape[2] * factor))
        formulas = tuple(
            f"{name} = floor({shape[1 + a]} * {factor:g}) = {out_hw[a]}"
            for a, (name, _, _) in enumerate(AXES)
        )
        for a, (_, _, dim) in enumerate(AXES):
            if out_hw[a] < 1:
                raise LayerInvalid(
                    f"Upsampling the input's {dim} of {shape[1 + a]} by {factor:g} leaves no pixels.",
                    f"set scale_factor to at least {1 / shape[1 + a]:.3g}.",
                )
    steps = tuple(out_hw[a] / shape[1 + a] for a in range(2))
    blend = 1.0 if spec.mode == "bilinear" else 0.0  # bilinear mixes two neighbours along each axis
    new_rf = ReceptiveField(
        tuple(rf.size[a] + blend * rf.jump[a] for a in range(2)),  # type: ignore[arg-type]
        tuple(rf.jump[a] / steps[a] for a in range(2)),  # type: ignore[arg-type]
        tuple(rf.start[a] + (0.5 / steps[a] - 0.5) * rf.jump[a] for a in range(2)),  # type: ignore[arg-type]
    )
    formulas = (*formulas, f"C = {shape[0]} (each channel enlarged on its own, mode {spec.mode})")
    return LayerResult((shape[0], *out_hw), 0, 0, formulas, (), new_rf)


def identity(spec: S.LayerSpec, shape: Shape, rf: ReceptiveField) -> LayerResult:
    return LayerResult(shape, 0, 0, ("output = input",), (), rf)


# -- normalisation, regularisation, dense, activations, upsampling ---------------------------------------------------
def batchnorm(spec: S.BatchNorm2d, shape: Shape, rf: ReceptiveField) -> LayerResult:
    features = shape[0]
    what = "channel" if is_map(shape) else "feature"
    params = 2 * features if spec.affine else 0
    formula = (
        f"params = 2*{features} = {params} (a scale γ and a shift β per {what})"
        if spec.affine
        else "params = 0 (affine=false: no scale or shift)"
    )
    note = () if is_map(shape) else ("On a flat vector this is built as BatchNorm1d.",)
    return LayerResult(shape, params, 0, (formula,), note, rf)


def dropout(spec: S.Dropout, shape: Shape, rf: ReceptiveField) -> LayerResult:
    if spec.type == "dropout2d" and not is_map(shape):
        raise LayerInvalid(
            f"dropout2d drops whole channels of a feature map, but receives a flat vector of {shape[0]} values.",
            "use dropout (not dropout2d) after flatten.",
        )
    formula = f"output = input (drops each value with p = {spec.p} while training)"
    return LayerResult(shape, 0, 0, (formula,), (), rf, dropout_notes(spec.p) if spec.p > 0 else ())


def flatten(spec: S.Flatten, shape: Shape, rf: ReceptiveField) -> LayerResult:
    if not is_map(shape):
        return LayerResult(shape, 0, 0, (f"N = {shape[0]} (already flat)",), (), rf)
    n = shape[0] * shape[1] * shape[2]
    whole = tuple(rf.size[a] + (shape[1 + a] - 1) * rf.jump[a] for a in range(2))
    new_rf = ReceptiveField(whole, rf.jump, rf.start)  # type: ignore[arg-type]
    return LayerResult((n,), 0, 0, (f"N = C*H*W = {shape[0]}*{shape[1]}*{shape[2]} = {n}",), (), new_rf)


def linear(spec: S.Linear, shape: Shape, rf: ReceptiveField) -> LayerResult:
    if is_map(shape):
        n = shape[0] * shape[1] * shape[2]
        raise LayerInvalid(
            f"linear needs a flat vector but receives a {shape_text(shape)} feature map.",
            f"insert a flatten layer before linear (it gives {n} values).",
        )
    n = shape[0]
    params = n * spec.out_features + (spec.out_features if spec.bias else 0)
    bias = f" + {spec.out_features}" if spec.bias else ""
    formulas = (
        f"N = out_features = {spec.out_features}",
        f"params = {n}*{spec.out_features}{bias} = {params}",
    )
    return LayerResult((spec.out_features,), params, n * spec.out_features, formulas, (), rf)


def activation(spec: S.LayerSpec, shape: Shape, rf: ReceptiveField) -> LayerResult:
    return LayerResult(shape, 0, 0, ("output = input (applied to each value)",), (), rf)


Rule = Callable[[S.LayerSpec, Shape, ReceptiveField], LayerResult]

RULES: dict[str, Rule] = {
    "conv2d": conv2d,  # type: ignore[dict-item]
    "convtranspose2d": conv_transpose2d,  # type: ignore[dict-item]
    "upsample": upsample,  # type: ignore[dict-item]
    "identity": identity,
    "maxpool2d": window_pool,  # type: ignore[dict-item]
    "avgpool2d": window_pool,  # type: ignore[dict-item]
    "lppool2d": window_pool,  # type: ignore[dict-item]
    "adaptiveavgpool2d": adaptive_pool,  # type: ignore[dict-item]
    "adaptivemaxpool2d": adaptive_pool,  # type: ignore[dict-item]
    "batchnorm2d": batchnorm,  # type: ignore[dict-item]
    "dropout": dropout,  # type: ignore[dict-item]
    "dropout2d": dropout,  # type: ignore[dict-item]
    "flatten": flatten,  # type: ignore[dict-item]
    "linear": linear,  # type: ignore[dict-item]
    **{name: activation for name in S.ACTIVATION_TYPES},
}
