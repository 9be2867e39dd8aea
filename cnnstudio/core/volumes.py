"""The volumes a network's volume diagram draws: the input, then every top-level layer that changes the
shape (and every convolution and dense layer, which transform without resizing, and every custom layer, which
the diagram greys). One list for the Design
page's diagram and the TikZ figure, so that the two show the same boxes."""

from __future__ import annotations

from cnnstudio.core.shapes import NetworkReport

Volume = tuple[tuple[int, ...] | None, str, tuple[int, ...]]  # (layer path, None for the input; kind; shape)


def volumes(report: NetworkReport) -> list[Volume]:
    out: list[Volume] = [(None, "input", report.input_shape)]
    previous = report.input_shape
    for layer in report.layers:
        if layer.output_shape is None:
            break
        if layer.output_shape != previous or layer.type in ("conv2d", "convtranspose2d", "linear", "custom"):
            out.append((layer.path, layer.type, layer.output_shape))
        previous = layer.output_shape
    return out
