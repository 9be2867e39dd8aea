"""The rules of layers that slide a window: convolution, transposed convolution and pooling. Every size equals
what torch computes (ATen's ``pooling_output_shape`` and conv's shape check) and comes with its formula with
the numbers filled in; an impossible setting raises ``LayerInvalid`` with a fix computed from the numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass

from cnnstudio.core import specs as S
from cnnstudio.core.course_notes import (
    SAME_STRIDE_REASON,
    dilation_notes,
    same_stride_fix,
    strided_size_note,
)
from cnnstudio.core.layer_result import AXES, LayerInvalid, LayerResult, Shape, need_map
from cnnstudio.core.receptive_field import ReceptiveField
from cnnstudio.core.window_math import conv_padding


# -- sliding windows (conv and pooling) ------------------------------------------------------------------
@dataclass(frozen=True)
class _Window:
    """One axis of a sliding window: the numbers that decide its output length."""

    size: int
    kernel: int
    stride: int
    pad: int
    dilation: int
    ceil_mode: bool = False

    @property
    def span(self) -> int:
        return self.dilation * (self.kernel - 1) + 1

    def length(self) -> int:
        """Output length exactly as ATen's ``pooling_output_shape`` (conv is the same without ceil mode)."""
        extra = self.stride - 1 if self.ceil_mode else 0
        out = (self.size + 2 * self.pad - self.dilation * (self.kernel - 1) - 1 + extra) // self.stride + 1
        if self.ceil_mode and (out - 1) * self.stride >= self.size + self.pad:
            out -= 1  # torch drops a last window that would start in the padding
        return out

    def formula(self, name: str) -> str:
        core = f"{self.size} + 2*{self.pad} - {self.dilation}*({self.kernel}-1) - 1"
        rounding = "ceil" if self.ceil_mode else "floor"
        text = f"{name} = {rounding}(({core}) / {self.stride}) + 1"
        if self.ceil_mode:
            plain = (self.size + 2 * self.pad - self.span + self.stride - 1) // self.stride + 1
            if plain != self.length():
                text += " - 1 (the last window would start in the padding)"
        return f"{text} = {self.length()}"

    def uncovered(self) -> int:
        """Input rows (or columns) past the last window, the cs231n "does not fit" remainder."""
        if self.ceil_mode:
            return 0
        return (self.size + 2 * self.pad - self.span) % self.stride


def _windows(
    shape: Shape, kernel: S.Size, stride: S.Size, pad: tuple[int, int], dilation: S.Size, ceil_mode: bool
) -> tuple[_Window, _Window]:
    k, s, d = S.pair(kernel), S.pair(stride), S.pair(dilation)
    return tuple(_Window(shape[1 + a], k[a], s[a], pad[a], d[a], ceil_mode) for a in range(2))  # type: ignore[return-value]


def _uncovered_warnings(windows: tuple[_Window, _Window]) -> tuple[str, ...]:
    notes = []
    for (name, unit, _), w in zip(AXES, windows):
        left = w.uncovered()
        if left:
            fit = f"({w.size} - {w.span} + 2*{w.pad}) / {w.stride}"
            notes.append(
                f"{name}: {fit} is not an integer, so the last {left} {unit if left > 1 else unit[:-1]} "
                f"of the {'padded ' if w.pad else ''}input {'are' if left > 1 else 'is'} never covered by the window."
            )
    return tuple(notes)


def _check_fits(spec: S.LayerSpec, windows: tuple[_Window, _Window], *, pool: bool) -> None:
    """Raise with a computed fix when the window does not fit in the (padded) input."""
    for (_, _, dim), w in zip(AXES, windows):
        if w.length() >= 1:
            continue
        seen = w.size + 2 * w.pad
        kernel = f"{w.kernel}" if w.dilation == 1 else f"{w.kernel} (dilated to {w.span})"
        what = "pooling window" if pool else "kernel"
        reason = (
            f"The {what} of size {kernel} does not fit in the input's {dim} of {w.size}"
            + (f" (with padding {w.pad}: {seen})" if w.pad else "")
            + "."
        )
        largest = (seen - 1) // w.dilation + 1
        if pool:
            fix = (
                f"set kernel_size to at most {largest}, use an adaptive pooling layer, "
                "or remove a downsampling layer before this one."
            )
        else:
            least_pad = math.ceil((w.span - w.size) / 2)
            fix = f"set padding to at least {least_pad}, or kernel_size to at most {largest}."
        raise LayerInvalid(reason, fix)


def _receptive(
    rf: ReceptiveField, windows: tuple[_Window, _Window], left_pad: tuple[int, int]
) -> ReceptiveField:
    return rf.through_window(
        (windows[0].span, windows[1].span), (windows[0].stride, windows[1].stride), left_pad
    )


def _size_formulas(windows: tuple[_Window, _Window]) -> tuple[str, str]:
    return windows[0].formula("H"), windows[1].formula("W")


def _course_forms(windows: tuple[_Window, _Window]) -> tuple[str, ...]:
    """Text 000's ceil form of each strided axis (ceil mode has a rule of its own and gets none)."""
    notes = []
    axes = (("H = W", windows[0]),) if windows[0] == windows[1] else (("H", windows[0]), ("W", windows[1]))
    for name, w in axes:
        note = None if w.ceil_mode else strided_size_note(name, w.size, w.pad, w.span, w.stride)
        if note:
            notes.append(note)
    return tuple(notes)


# -- convolution ------------------------------------------------------------------------------------------
# The transposed convolution's size in symbols (Dumoulin & Visin's relation, torch's docs), above the
# numbers; and its weight layout, which a class tends to assume is Conv2d's.
TRANSPOSED_SIZE = "H_out = (H_in - 1)*S - 2P + D*(K - 1) + output_padding + 1"
TRANSPOSED_WEIGHT = "[C_in, C_out/groups, K_h, K_w]"


def conv2d(spec: S.Conv2d, shape: Shape, rf: ReceptiveField) -> LayerResult:
    need_map(spec, shape)
    channels = shape[0]
    _check_groups(spec, channels)
    k, d = S.pair(spec.kernel_size), S.pair(spec.dilation)
    same = spec.padding == "same"
    totals = (d[0] * (k[0] - 1), d[1] * (k[1] - 1))  # the dilated kernel's span minus one
    if same:
        stride = S.pair(spec.stride)
        if stride != (1, 1):
            half = _pair_text((totals[0] // 2, totals[1] // 2))
            even = totals[0] % 2 == 0 and totals[1] % 2 == 0
            raise LayerInvalid(SAME_STRIDE_REASON, same_stride_fix(half, (shape[1], shape[2]), stride, even))
        sides = conv_padding(spec)
        pad = (sides[0][0], sides[1][0])
        out_hw = (shape[1], shape[2])
        formulas = tuple(
            f"{name} = {shape[1 + a]} (padding='same' adds {sum(sides[a])} zero {unit}: "
            f"{sides[a][0]} before, {sides[a][1]} after)"
            for a, (name, unit, _) in enumerate(AXES)
        )
        new_rf = rf.through_window((d[0] * (k[0] - 1) + 1, d[1] * (k[1] - 1) + 1), (1, 1), pad)
        warnings: tuple[str, ...] = ()
        notes: tuple[str, ...] = ()
    else:
        pad = (0, 0) if spec.padding == "valid" else S.pair(spec.padding)  # type: ignore[arg-type]
        windows = _windows(shape, spec.kernel_size, spec.stride, pad, spec.dilation, False)
        _check_fits(spec, windows, pool=False)
        out_hw = (windows[0].length(), windows[1].length())
        formulas = _size_formulas(windows)
        new_rf = _receptive(rf, windows, pad)
        warnings = _uncovered_warnings(windows)
        notes = _course_forms(windows)
    # torch's Conv2d.weight: [out_channels, in_channels/groups, K_h, K_w]
    params, per_filter, weight_lines = _weights(spec, (spec.out_channels, channels), k)
    macs = spec.out_channels * out_hw[0] * out_hw[1] * per_filter
    formulas = (*formulas, *weight_lines)
    notes += dilation_notes(d, k)
    return LayerResult((spec.out_channels, *out_hw), params, macs, formulas, warnings, new_rf, notes)


def conv_transpose2d(spec: S.ConvTranspose2d, shape: Shape, rf: ReceptiveField) -> LayerResult:
    """The conv-arithmetic guide's (Dumoulin & Visin) transposed-convolution size, as torch computes it:
    ``o = (i - 1)*s - 2p + d*(k - 1) + output_padding + 1``; each input value scatters a k x k patch."""
    need_map(spec, shape)
    channels = shape[0]
    _check_groups(spec, channels)
    k, s, p, extra, d = (
        S.pair(v) for v in (spec.kernel_size, spec.stride, spec.padding, spec.output_padding, spec.dilation)
    )
    excess = spec.output_padding_excess()
    if excess is not None:
        dim, too_many, limit = excess
        raise LayerInvalid(
            f"output_padding {too_many} along the {dim} must be smaller than the stride or the dilation ({limit}).",
            f"set output_padding to at most {limit - 1}.",
        )
    out_hw = tuple((shape[1 + a] - 1) * s[a] - 2 * p[a] + d[a] * (k[a] - 1) + extra[a] + 1 for a in range(2))
    formulas = (
        TRANSPOSED_SIZE,
        *(
            f"{name} = ({shape[1 + a]} - 1)*{s[a]} - 2*{p[a]} + {d[a]}*({k[a]}-1) + {extra[a]} + 1 = {out_hw[a]}"
            for a, (name, _, _) in enumerate(AXES)
        ),
    )
    for a, (_, _, dim) in enumerate(AXES):
        if out_hw[a] < 1:
            raise LayerInvalid(
                f"The transposed convolution's output {dim} would be {out_hw[a]}: padding {p[a]} crops more "
                f"than the layer adds.",
                f"set padding to at most {max(0, ((shape[1 + a] - 1) * s[a] + d[a] * (k[a] - 1) + extra[a]) // 2)}.",
            )
    # torch's ConvTranspose2d.weight is [in_channels, out_channels/groups, K_h, K_w]: each input channel
    # owns the patches it scatters, the other way round from Conv2d's
    params, per_input, weight_lines = _weights(spec, (channels, spec.out_channels), k, TRANSPOSED_WEIGHT)
    macs = channels * shape[1] * shape[2] * per_input
    formulas = (*formulas, *weight_lines)
    # Output cell o takes input cells (o + p - j*d)/s: in input coordinates the cells step 1/s apart and
    # one cell sees the dilated kernel's span divided by the stride.
    span = [d[a] * (k[a] - 1) for a in range(2)]
    new_rf = ReceptiveField(
        tuple(rf.size[a] + span[a] / s[a] * rf.jump[a] for a in range(2)),  # type: ignore[arg-type]
        tuple(rf.jump[a] / s[a] for a in range(2)),  # type: ignore[arg-type]
        tuple(rf.start[a] + (p[a] - span[a] / 2) / s[a] * rf.jump[a] for a in range(2)),  # type: ignore[arg-type]
    )
    return LayerResult((spec.out_channels, *out_hw), params, macs, formulas, (), new_rf)  # type: ignore[arg-type]


def _weights(
    spec: S.Conv2d | S.ConvTranspose2d, lead_split: tuple[int, int], k: tuple[int, int], layout: str = ""
) -> tuple[int, int, tuple[str, ...]]:
    """``(params, weights per lead channel, formula lines)`` of a weight tensor shaped
    ``[lead, split/groups, K_h, K_w]`` plus a bias per output channel; ``layout`` (the tensor's dimensions in
    words) adds a line giving its shape."""
    lead, split = lead_split
    per_lead = (split // spec.groups) * k[0] * k[1]
    params = lead * per_lead + (spec.out_channels if spec.bias else 0)
    share = f"({split}/{spec.groups})" if spec.groups > 1 else f"{split}"
    bias = f" + {spec.out_channels}" if spec.bias else ""
    lines = [f"C = out_channels = {spec.out_channels}"]
    if layout:
        lines.append(f"weight shape {layout} = [{lead}, {split // spec.groups}, {k[0]}, {k[1]}]")
    lines.append(f"params = {lead}*{share}*{k[0]}*{k[1]}{bias} = {params}")
    return params, per_lead, tuple(lines)


def _check_groups(spec: S.Conv2d | S.ConvTranspose2d, channels: int) -> None:
    g = spec.groups
    if channels % g == 0 and spec.out_channels % g == 0:
        return
    common = [
        n
        for n in range(1, min(channels, spec.out_channels) + 1)
        if channels % n == 0 and spec.out_channels % n == 0
    ]
    raise LayerInvalid(
        f"groups={g} must divide both channel counts, but the input has {channels} channels "
        f"and out_channels is {spec.out_channels}.",
        f"set groups to one of {', '.join(map(str, common))}.",
    )


def _pair_text(p: tuple[int, int]) -> str:
    return str(p[0]) if p[0] == p[1] else f"[{p[0]}, {p[1]}]"


# -- pooling ---------------------------------------------------------------------------------------------
def window_pool(
    spec: S.MaxPool2d | S.AvgPool2d | S.LPPool2d, shape: Shape, rf: ReceptiveField
) -> LayerResult:
    need_map(spec, shape)
    pad = S.pair(getattr(spec, "padding", 0))
    dilation = getattr(spec, "dilation", 1)
    k = S.pair(spec.kernel_size)
    for a, (name, _, _) in enumerate(AXES):
        if pad[a] > k[a] // 2:
            raise LayerInvalid(
                f"Pool padding must be at most half the kernel: padding {pad[a]} is more than "
                f"{k[a]}//2 = {k[a] // 2} ({name}), so a window could hold nothing but padding.",
                f"set padding to at most {k[a] // 2}, or kernel_size to at least {2 * pad[a]}.",
            )
    windows = _windows(shape, spec.kernel_size, spec.effective_stride, pad, dilation, spec.ceil_mode)
    _check_fits(spec, windows, pool=True)
    out = (shape[0], windows[0].length(), windows[1].length())
    formulas = (*_size_formulas(windows), f"C = {shape[0]} (pooling keeps the channels)")
    warnings = _uncovered_warnings(windows)
    return LayerResult(out, 0, 0, formulas, warnings, _receptive(rf, windows, pad), _course_forms(windows))


def adaptive_pool(
    spec: S.AdaptiveAvgPool2d | S.AdaptiveMaxPool2d, shape: Shape, rf: ReceptiveField
) -> LayerResult:
    need_map(spec, shape)
    out_hw = S.pair(spec.output_size)
    kernels, strides, formulas, notes = [], [], [], []
    for a, (name, unit, _) in enumerate(AXES):
        n, m = shape[1 + a], out_hw[a]
        # torch's window i spans [floor(i*n/m), ceil((i+1)*n/m)); report the widest one
        widest = max(-(-(i + 1) * n // m) - (i * n // m) for i in range(m))
        kernels.append(widest)
        strides.append(n / m)
        formulas.append(f"{name} = output_size = {m} (windows of up to {widest} {unit} over {n})")
        if n % m:
            notes.append(
                f"{name}: {n} is not a multiple of {m}, so the windows have uneven sizes and overlap."
            )
    formulas.append(f"C = {shape[0]} (pooling keeps the channels)")
    size = tuple(rf.size[a] + (kernels[a] - 1) * rf.jump[a] for a in range(2))
    jump = tuple(rf.jump[a] * strides[a] for a in range(2))
    start = tuple(rf.start[a] + (kernels[a] - 1) / 2 * rf.jump[a] for a in range(2))
    new_rf = ReceptiveField(size, jump, start)  # type: ignore[arg-type]
    return LayerResult((shape[0], *out_hw), 0, 0, tuple(formulas), tuple(notes), new_rf)
