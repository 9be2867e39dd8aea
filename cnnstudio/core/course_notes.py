"""Notes that tie a layer's numbers to the course texts' own forms, shown under its formulas.

The program computes sizes the way torch does; the course texts (../shared/course, see docs/teaching-guide.md)
sometimes write the same thing another way. A teacher reading the inspector next to the text must see that
both agree, with the layer's own numbers:

- text 000 writes a strided output size as ``ceil((n - k + 1) / s)``; torch's ``floor((n - k) / s) + 1`` is
  the same number for every whole ``n - k >= 0`` (write ``n - k = q*s + r`` with ``0 <= r < s``: both are
  ``q + 1``), so the note shows both;
- text 002 (cs231n) counts a dilation by the gaps between kernel taps ("扩张1": one pixel left out), torch by
  the step between taps: the course's dilation ``d`` is torch's ``d + 1``;
- text 004 scales dropout at test time (the weights times ``1 - p``), torch during training (the kept values
  divided by ``1 - p``, "inverted dropout"): the expected output is the same, the note shows why.
"""

from __future__ import annotations


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def strided_size(size: int, pad: int, span: int, stride: int) -> int:
    """Text 000's ``ceil((n - k + 1) / s)`` on the padded input (``n = size + 2*pad``, ``k`` the dilated span)."""
    return ceil_div(size + 2 * pad - span + 1, stride)


def strided_size_note(axis: str, size: int, pad: int, span: int, stride: int) -> str | None:
    """``H = ceil((32 + 2*1 - 3 + 1) / 2) = 16 (...)`` for a strided window; None for stride 1."""
    if stride == 1:
        return None
    padded = f"{size} + 2*{pad}" if pad else f"{size}"
    value = strided_size(size, pad, span, stride)
    return (
        f"{axis} = ceil(({padded} - {span} + 1) / {stride}) = {value} "
        "(text 000's form ceil((n - k + 1) / s) gives the same size)"
    )


def dilation_notes(dilation: tuple[int, int], kernel: tuple[int, int]) -> tuple[str, ...]:
    """How the course counts a dilation, for each axis whose dilation is above 1 (one note when both agree)."""
    same = dilation[0] == dilation[1] and kernel[0] == kernel[1]
    notes = []
    for axis, d, k in (("H", dilation[0], kernel[0]), ("W", dilation[1], kernel[1]))[: 1 if same else 2]:
        if d > 1:
            along = "" if same else f" along {axis}"
            notes.append(
                f"dilation {d}{along} leaves {d - 1} pixel(s) between taps: cs231n (text 002) calls this "
                f"dilation {d - 1}; the kernel spans {d}*({k}-1)+1 = {d * (k - 1) + 1} pixels"
            )
    return tuple(notes)


def dropout_notes(p: float) -> tuple[str, str]:
    """Torch's inverted dropout and text 004's test-time scaling, with ``p``: the same expected output."""
    keep = 1 - p
    return (
        f"training (torch, inverted dropout): y = x*m/(1-p) with m = 1 for a kept value (chance {keep:g}), "
        f"so E[y] = {keep:g}*x/{keep:g} = x; testing: y = x",
        f"text 004's form: training y = x*m, so E[y] = {keep:g}*x; testing scales the weights by 1-p = {keep:g}, "
        f"so y = {keep:g}*x: the same expected output",
    )


SAME_STRIDE_REASON = (
    "padding='same' needs stride 1: PyTorch refuses it for a strided convolution, because no padding keeps "
    "the input's size when the window moves more than one pixel."
)


def same_stride_fix(half: str, sizes: tuple[int, int], strides: tuple[int, int], even_span: bool) -> str:
    """The fix for 'same' with a stride: stride 1, or half-kernel padding (text 000's ``ceil(n / s)``)."""
    fix = f"set stride to 1, or set padding to {half} (half the kernel) to keep the stride"
    if not even_span:  # an even kernel pads one side more: the size is not ceil(n / s)
        return fix + "."
    out = [ceil_div(n, s) for n, s in zip(sizes, strides)]
    shown = str(out[0]) if out[0] == out[1] else f"{out[0]}x{out[1]}"
    return fix + f": the output is then ceil(n / s) = {shown}, text 000's size with padding."
