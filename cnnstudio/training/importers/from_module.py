"""An ``nn.Module`` -> a project whose built model computes the same function with the same weights.

The module is traced with torch.fx (in eval mode: dropout and batch norm as at inference), its graph becomes
the core's layers (``graph_blocks``), and the weights are copied into the model the project builds, child
by child. The import checks itself: the built model must have the same parameter count and give the same
output on a random input, or the import fails naming the difference (never a project that looks right and
computes something else).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch
from torch import fx, nn
from torch.fx.passes.shape_prop import ShapeProp

from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape, Project
from cnnstudio.core.shapes import first_problem
from cnnstudio.training.build import build_model, module_at
from cnnstudio.training.importers.graph_blocks import Converted, GraphWalk, UnsupportedGraph
from cnnstudio.training.importers.known_gaps import network_gap
from cnnstudio.training.importers.recorded_layers import restored

TOLERANCE = 1e-4  # relative to the output's scale; torchvision's models agree to ~1e-6


class ImportFailed(ValueError):
    """The module cannot become a project; the message says which part and why."""


@dataclass
class Imported:
    """The project, and its built model holding the module's weights (eval mode, on the CPU)."""

    project: Project
    model: nn.Module
    max_difference: float


def from_module(
    module: nn.Module,
    input_shape: Sequence[int],
    name: str = "Imported",
    check: bool = True,
    recorded: Sequence[S.LayerSpec] = (),
) -> Imported:
    """Import ``module`` taking images of ``input_shape`` (C, H, W); ``recorded``: the layers the file says
    it was exported from, which put back what its graph cannot hold (``recorded_layers``)."""
    module = module.eval()
    gap = network_gap(module)
    if gap:
        raise ImportFailed(gap)  # it names the network itself
    try:
        traced = fx.symbolic_trace(module)
    except Exception as exc:  # fx raises many kinds: data-dependent control flow, unsupported calls...
        raise ImportFailed(f"torch.fx cannot trace {type(module).__name__}: {exc}".splitlines()[0]) from None
    _keep_origins(module, traced)
    try:
        converted = GraphWalk(
            traced.graph, dict(traced.named_modules()), _measurer(traced, input_shape)
        ).convert()
    except UnsupportedGraph as exc:
        raise ImportFailed(f"{type(module).__name__}: {exc}") from None
    if recorded:
        converted = restored(converted, recorded) or converted
    channels, height, width = (int(v) for v in input_shape)
    project = Project(name=name, input=InputShape(channels, height, width), layers=tuple(converted.layers))
    problem = first_problem(project.layers, project.report)
    if problem:
        raise ImportFailed(f"{type(module).__name__}: the imported layers do not fit together: {problem}")
    model = build_model(project).eval()
    _copy_weights(model, converted)
    difference = _difference(module, model, (channels, height, width)) if check else 0.0
    return Imported(project, model, difference)


def _keep_origins(module: nn.Module, traced: fx.GraphModule) -> None:
    """A file's graph (read into fx) names where each node came from (``meta["origin"]``: an ONNX node, a
    TorchScript method); tracing it again keeps the nodes' names, so the origins are carried over by name,
    for the import's messages."""
    if isinstance(module, fx.GraphModule):
        origins = {n.name: n.meta["origin"] for n in module.graph.nodes if "origin" in n.meta}
        for node in traced.graph.nodes:
            if node.name in origins:
                node.meta["origin"] = origins[node.name]


def _measurer(traced: fx.GraphModule, input_shape: Sequence[int]) -> Callable[[], None]:
    """Runs ``traced`` once on a random image so that every node knows its shape (``ShapeProp``): a custom
    layer keeps the shapes its operation had. Lazily, and once: most networks have no custom layer."""
    measured: list[bool] = []

    def measure() -> None:
        if not measured:
            with torch.no_grad():
                ShapeProp(traced).propagate(torch.randn(1, *(int(v) for v in input_shape)))
            measured.append(True)

    return measure


def _copy_weights(model: nn.Module, converted: Converted) -> None:
    for path, part, source in converted.sources:
        target = module_at(model, path)
        if part:  # a residual block's shortcut, a squeeze-and-excitation's fc1 or fc2
            target = target.get_submodule(part)
        try:
            target.load_state_dict(source.state_dict())
        except RuntimeError as exc:
            raise ImportFailed(
                f"layer {_shown(path)}: the weights do not fit: {str(exc).splitlines()[-1]}"
            ) from None


def _difference(original: nn.Module, model: nn.Module, shape: tuple[int, int, int]) -> float:
    ours, theirs = sum(p.numel() for p in model.parameters()), sum(p.numel() for p in original.parameters())
    if ours != theirs:
        raise ImportFailed(f"the imported network has {ours:,} parameters, the original {theirs:,}")
    generator = torch.Generator().manual_seed(0)
    x = torch.randn((1, *shape), generator=generator)
    with torch.no_grad():
        expected, got = original(x), model(x)
    if not isinstance(expected, torch.Tensor) or expected.shape != got.shape:
        raise ImportFailed("the imported network's output does not have the original's shape")
    difference = float((expected - got).abs().max())
    scale = max(1.0, float(expected.abs().max()))
    if difference > TOLERANCE * scale:
        raise ImportFailed(f"the imported network computes something else (max difference {difference:.3g})")
    return difference


def _shown(path: tuple[int, ...]) -> str:
    return ".".join(str(p + 1) if i % 2 == 0 else str(p) for i, p in enumerate(path))
