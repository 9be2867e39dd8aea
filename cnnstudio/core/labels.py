"""Short human labels for layers (``conv 6@5x5 s2 p1``), shared by the editor's cards and the CLI table."""

from __future__ import annotations

from cnnstudio.core import specs as S
from cnnstudio.core.layer_catalog import CATALOG

# A layer's name as the palette, the editor's rows and the CLI table show it: the catalog's title, one list.
TITLES: dict[str, str] = {kind: info.title for kind, info in CATALOG.items()}


def size_text(value: S.Size | str | None) -> str:
    if isinstance(value, tuple):
        return f"{value[0]}x{value[1]}"
    return str(value)


def fields_text(spec: S.LayerSpec) -> str:
    """The key fields of a layer in a few characters, e.g. ``6@5x5 s1 p0`` or ``p=0.5``."""
    if isinstance(spec, S.Conv2d):
        k = S.pair(spec.kernel_size)
        parts = [
            f"{spec.out_channels}@{k[0]}x{k[1]}",
            f"s{size_text(spec.stride)}",
            spec.padding if isinstance(spec.padding, str) else f"p{size_text(spec.padding)}",
        ]
        if spec.dilation != 1:
            parts.append(f"d{size_text(spec.dilation)}")
        if spec.groups != 1:
            parts.append(f"g{spec.groups}")
        return " ".join(parts)
    if isinstance(spec, S.WindowPool):
        k = S.pair(spec.kernel_size)
        parts = [f"{k[0]}x{k[1]}", f"s{size_text(spec.effective_stride)}"]
        padding = getattr(spec, "padding", 0)
        if padding:
            parts.append(f"p{size_text(padding)}")
        if spec.ceil_mode:
            parts.append("ceil")
        if isinstance(spec, S.LPPool2d):
            parts.insert(0, f"L{spec.norm_type:g}")
        return " ".join(parts)
    if isinstance(spec, (S.AdaptiveAvgPool2d, S.AdaptiveMaxPool2d)):
        return f"-> {size_text(S.pair(spec.output_size))}"
    if isinstance(spec, S.Dropout):
        return f"p={spec.p:g}"
    if isinstance(spec, S.Linear):
        return f"{spec.out_features} units"
    if isinstance(spec, S.LeakyReLU):
        return f"slope {spec.negative_slope:g}"
    if isinstance(spec, S.Residual):
        return f"{len(spec.layers)} layers"
    if isinstance(spec, S.Concat):
        return f"{len(spec.branches)} branches, split" if spec.split else f"{len(spec.branches)} branches"
    if isinstance(spec, S.SqueezeExcitation):
        return f"S={spec.squeeze_channels} {spec.activation}/{spec.scale_activation}"
    if isinstance(spec, S.ChannelShuffle):
        return f"{spec.groups} groups"
    if isinstance(spec, S.Custom):  # its code, shortened: the table row is one line
        source = " ".join(spec.source.split())
        return source if len(source) <= 40 else source[:39] + "…"
    return ""


def layer_label(spec: S.LayerSpec) -> str:
    fields = fields_text(spec)
    return f"{TITLES.get(spec.type, spec.type)} {fields}".strip()


def duration_text(seconds: float | None) -> str:
    """``m:ss``, or ``h:mm:ss`` from an hour, rounded to the second; "—" when unknown (time left at the
    start of a run). The Train page and ``cnnstudio train`` write times alike."""
    if seconds is None:
        return "—"
    minutes, secs = divmod(max(0, int(seconds + 0.5)), 60)
    return f"{minutes}:{secs:02d}" if minutes < 60 else f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"
