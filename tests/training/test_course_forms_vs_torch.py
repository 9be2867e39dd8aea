"""The course texts' forms against torch itself: text 000's strided size, cs231n's dilation count (text 002)
and text 004's test-time dropout scaling, which must give the same expected output as torch's."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from cnnstudio.core.course_notes import strided_size


def test_text_000_size_is_torchs_output_size() -> None:
    x = torch.zeros(1, 1, 37, 37)
    for kernel, stride, pad, dilation in [
        (11, 4, 0, 1),
        (3, 2, 1, 1),
        (5, 3, 2, 2),
        (2, 2, 0, 1),
        (7, 5, 3, 1),
    ]:
        out = F.conv2d(x, torch.zeros(1, 1, kernel, kernel), stride=stride, padding=pad, dilation=dilation)
        span = dilation * (kernel - 1) + 1
        assert out.shape[-1] == strided_size(37, pad, span, stride)


def test_cs231n_dilation_one_reads_every_other_pixel() -> None:
    """Text 002: 扩张1 computes w[0]*x[0] + w[1]*x[2] + w[2]*x[4]; that is torch's dilation=2."""
    x = torch.arange(1.0, 8.0).view(1, 1, 7)  # x[i] = i + 1
    w = torch.tensor([[[100.0, 10.0, 1.0]]])
    out = F.conv1d(x, w, dilation=2)
    assert out[0, 0, 0].item() == 100 * 1 + 10 * 3 + 1 * 5  # x[0], x[2], x[4]


def test_dropout_two_forms_give_the_same_expected_output() -> None:
    """torch scales kept values by 1/(1-p) while training; text 004 scales the weights by (1-p) at test time.
    Either way the test-time output equals the expected training-time output of the next layer."""
    torch.manual_seed(0)
    p, samples = 0.3, 20_000
    x = torch.rand(samples, 8) + 0.5
    layer = torch.nn.Linear(8, 3)
    x_one = x[:1].expand(samples, 8)
    dropout = torch.nn.Dropout(p).train()
    with torch.no_grad():
        torch_training = layer(dropout(x_one)).mean(0)  # inverted dropout: E = W x + b
        torch_testing = layer(x_one[0])
        mask = (torch.rand(samples, 8) >= p).float()
        text_004_training = (x_one * mask) @ layer.weight.T + layer.bias  # no rescaling: E = (1-p) W x + b
        text_004_testing = x_one[0] @ (layer.weight * (1 - p)).T + layer.bias
    torch.testing.assert_close(torch_training, torch_testing, atol=0.02, rtol=0.0)
    torch.testing.assert_close(text_004_training.mean(0), text_004_testing, atol=0.02, rtol=0.0)
    assert not torch.allclose(torch_testing, text_004_testing, atol=0.05)  # the two nets differ in scale only
