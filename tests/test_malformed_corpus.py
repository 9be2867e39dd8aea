"""Every file of the malformed corpus through ``cnnstudio summary``, ``train`` and ``export`` (issue 11,
"Done when"): never a traceback, the documented exit status, one ``cnnstudio: ...`` line for a failure
(warnings aside), and nothing that could drive a terminal. tests/gui/test_malformed_corpus_gui.py opens the
same files in the window. The files and their expected statuses come from
tests/fixtures/malformed/make_corpus.py.
"""

from __future__ import annotations

import builtins
import json
from pathlib import Path

import pytest
import torch

from cnnstudio.cli import main

CORPUS = Path(__file__).parent / "fixtures" / "malformed"
EXPECTED: dict[str, dict] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
THREADS = torch.get_num_threads()  # keep the test process's setting
CONTROL = {chr(c) for c in range(32) if chr(c) != "\n"} | {"\x7f"}


def command(name: str, file: Path, out: Path) -> list[str]:
    expected = EXPECTED[file.name]
    if name == "summary":
        return ["summary", str(file)]
    if name == "train":
        return ["train", str(file), "--threads", str(THREADS)]
    return ["export", str(file), "--format", expected.get("export_format", "pytorch"), "-o", str(out) + "/"]


@pytest.mark.parametrize("file", sorted(EXPECTED), ids=lambda name: name.removesuffix(".cnnproj.json"))
@pytest.mark.parametrize("name", ["summary", "train", "export"])
def test_every_malformed_file_gets_its_status_and_one_line(name: str, file: str, tmp_path, capsys) -> None:
    expected = EXPECTED[file]
    status = main(command(name, CORPUS / file, tmp_path / "export"))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert status == expected[name], err
    assert not CONTROL & set(out + err), "control characters reach the terminal"
    warnings = [line for line in err.splitlines() if line.startswith("cnnstudio: warning: ")]
    problems = [line for line in err.splitlines() if line not in warnings]
    if status == 0:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0].startswith("cnnstudio: ") and len(problems[0]) < 800
        assert expected["says"] in problems[0]
    if "warns" in expected:
        assert any(expected["warns"] in line for line in warnings), err
    assert not hasattr(builtins, "CNNSTUDIO_INJECTED")


def test_the_corpus_covers_the_issue() -> None:
    """Guards the corpus itself: the cases issue 11.4 lists are all there."""
    names = " ".join(EXPECTED)
    for needed in ("json_990_deep", "residual_320_deep", "int_5000_digits", "v0_layers_is_a_number",
                   "huge_training_epochs", "huge_training_lr", "huge_training_seed", "huge_training_threads",
                   "huge_training_bias_init", "huge_training_milestones", "huge_num_images", "huge_input_channels",
                   "huge_layers_0_out_channels", "nan_dropout_p", "infinity_batchnorm2d_eps",
                   "nan_batchnorm2d_momentum", "nan_leakyrelu_negative_slope", "nan_elu_alpha",
                   "nan_lppool2d_norm_type", "seed_2_pow_64", "threads_20000", "no_parameters",
                   "onnx_ceil_pool", "name_with_esc_cr_nul"):  # fmt: skip
        assert needed in names, needed
