"""Which input pixels drive a channel, and what input excites it most: guided backprop and activation
maximisation, for one channel of a layer of a trained model.

Guided backpropagation (Springenberg et al. 2015, the refinement of Zeiler & Fergus's deconvnet): the
gradient of the channel's strongest cell with respect to the input, except that every ReLU passes back
only positive gradients, so the picture keeps the pixels that make the channel fire and drops those that
merely inhibit it. It is written here in the same way as captum's ``GuidedBackprop`` (a backward hook on
each ``nn.ReLU`` that keeps the positive part of its input gradient), and tested against it, rather than
calling captum at run time: captum brings matplotlib and a plotting stack the program does not otherwise
need, for ten lines.

Activation maximisation (Erhan et al. 2009; the regularised form of Yosinski et al. 2015): gradient ascent
on an input, starting from faint noise, to raise the channel's activation at the centre of its map (one
unit, whose receptive field is the picture to look at: the same crop as the top patches; the mean over
the whole map would make a first conv layer's answer a flat colour; for a ReLU layer its input is raised,
which is the output wherever the unit is on, and still has a gradient where it is off); each step jitters the
image by a few pixels, every few steps it is blurred a little, and an L2 decay pulls it towards grey, so
the result shows a readable pattern instead of high-frequency noise. For the first quarter of the steps the
ReLUs pass gradients back even where they are off, so a channel that is silent for the starting noise
still gets a direction to grow in. It runs on the model's device.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from cnnstudio.training.insight_topk import MapLayer, layer_output
from cnnstudio.training.insight_work import Work
from cnnstudio.training.probes import evaluating, model_device


def guided_backprop(
    model: nn.Module, layer: MapLayer, image: torch.Tensor, channel: int, cell: Sequence[int]
) -> np.ndarray:
    """Guided-backprop gradient (C, H, W) of ``channel`` at map ``cell`` for one whitened ``image``."""
    handles = [
        m.register_full_backward_hook(_positive_only) for m in model.modules() if isinstance(m, nn.ReLU)
    ]
    x = image.to(model_device(model))[None].clone().requires_grad_(True)
    try:
        with evaluating(model), torch.enable_grad():
            maps = layer_output(model, layer.path, x)
            (grad,) = torch.autograd.grad(maps[0, channel, int(cell[0]), int(cell[1])], x)
    finally:
        for handle in handles:
            handle.remove()
    return grad[0].detach().to("cpu", torch.float32).numpy()


def _positive_only(_module: nn.Module, grad_input: tuple, _grad_output: tuple) -> tuple:
    return tuple(None if g is None else F.relu(g) for g in grad_input)


def gradient_picture(grad: np.ndarray) -> np.ndarray:
    """A (C, H, W) gradient as a (1, H, W) picture in [0, 1]: each pixel's gradient magnitude (summed over
    the colour channels), scaled by the largest. Bright: the pixels that drive the channel; black: none.

    The signed colour gradient of a flat-coloured patch looked like noise; its strength shows the shape."""
    strength = np.abs(grad).sum(axis=0, keepdims=True)
    peak = float(strength.max())
    return strength / peak if peak > 0 else np.zeros_like(strength)


@dataclass(frozen=True)
class Maximiser:
    """Activation maximisation's settings: enough steps to converge on a small network in about a second."""

    steps: int = 160
    lr: float = 0.1
    jitter: int = 1  # pixels the image is rolled by, at random, before each step (one unit: little)
    blur_every: int = 8
    blur_sigma: float = 0.5
    decay: float = 0.001  # L2 pull towards the dataset's mean (zero in whitened units)
    seed: int = 0


def maximise(
    model: nn.Module,
    layer: MapLayer,
    channel: int,
    input_shape: Sequence[int],
    mean: Sequence[float],
    std: Sequence[float],
    settings: Maximiser | None = None,
    work: Work | None = None,
) -> tuple[np.ndarray, float]:
    """An input (C, H, W) in [0, 1] optimised to excite ``channel`` of ``layer`` at its map's centre cell
    (:func:`centre`), and that activation. The image stays within what the dataset's pixels can be (0..1
    before whitening)."""
    s, work = settings or Maximiser(), work or Work()
    device = model_device(model)
    mean_t = torch.tensor(mean, device=device).view(-1, 1, 1)
    std_t = torch.tensor(std, device=device).view(-1, 1, 1)
    generator = torch.Generator().manual_seed(s.seed)
    x = (0.1 * torch.randn(1, *input_shape, generator=generator)).to(device).requires_grad_(True)
    optimiser = torch.optim.Adam([x], lr=s.lr)
    low, high = (0 - mean_t) / std_t, (1 - mean_t) / std_t
    row, col = centre(layer)
    raw = layer.type == "relu"  # raise a ReLU's input: its output is that, cut at 0, where a unit is off
    relus = [m for m in model.modules() if isinstance(m, nn.ReLU)]
    handles = [m.register_full_backward_hook(_straight_through) for m in relus]
    with evaluating(model), torch.enable_grad():
        for step in range(s.steps):
            if step % 16 == 0:
                work.step(step / s.steps)
            if step == s.steps // 4:
                _remove(handles)
            dy, dx = (int(v) for v in torch.randint(-s.jitter, s.jitter + 1, (2,), generator=generator))
            shifted = torch.roll(x, shifts=(dy, dx), dims=(2, 3))
            activation = layer_output(model, layer.path, shifted, before=raw)[0, channel, row, col]
            loss = -activation + s.decay * (x**2).mean()
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            with torch.no_grad():
                if s.blur_every and step % s.blur_every == 0 and step < s.steps - 1:
                    x.copy_(_blur(x, s.blur_sigma))
                x.copy_(torch.maximum(torch.minimum(x, high), low))
    _remove(handles)  # also when fewer than four steps were asked for
    work.step(1.0)
    with torch.no_grad(), evaluating(model):
        final = float(layer_output(model, layer.path, x)[0, channel, row, col])
    picture = (x.detach()[0] * std_t + mean_t).clamp(0, 1)
    return picture.to("cpu", torch.float32).numpy(), final


def centre(layer: MapLayer) -> tuple[int, int]:
    """The map cell whose receptive field activation maximisation shows: the middle of the map."""
    return layer.map_hw[0] // 2, layer.map_hw[1] // 2


def _straight_through(_module: nn.Module, _grad_input: tuple, grad_output: tuple) -> tuple:
    """A ReLU that passes the gradient back where it is off too ("redirected ReLU", as Lucid starts): from
    faint noise, a channel behind a ReLU often is zero everywhere, and its true gradient zero as well."""
    return grad_output


def _remove(handles: list) -> None:
    for handle in handles:
        handle.remove()
    handles.clear()


def _blur(x: torch.Tensor, sigma: float) -> torch.Tensor:
    """A 3x3 Gaussian blur per channel (reflecting at the edges)."""
    taps = torch.exp(-(torch.tensor([-1.0, 0.0, 1.0]) ** 2) / (2 * sigma**2))
    kernel = (taps[:, None] * taps[None, :]) / taps.sum() ** 2
    channels = x.shape[1]
    weight = kernel.to(x)[None, None].repeat(channels, 1, 1, 1)
    return F.conv2d(F.pad(x, (1, 1, 1, 1), mode="reflect"), weight, groups=channels)
