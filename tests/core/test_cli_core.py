"""`cnnstudio summary` and `cnnstudio template`: the exact JSON and exit statuses of docs/cli.md."""

from __future__ import annotations

import json
from pathlib import Path

from cnnstudio.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_lenet5_template_then_summary_shows_61706(capsys, tmp_path: Path) -> None:
    path = tmp_path / "l.json"
    assert run(capsys, "template", "lenet5", "-o", str(path))[0] == 0
    code, out, _ = run(capsys, "summary", str(path))
    assert code == 0 and "Total params: 61,706" in out
    assert "H, W = floor((32 + 2*0 - 1*(5-1) - 1) / 1) + 1 = 28" in out


def test_summary_json_matches_the_contract(capsys, tmp_path: Path) -> None:
    path = tmp_path / "l.json"
    run(capsys, "template", "lenet5", "-o", str(path))
    code, out, _ = run(capsys, "summary", str(path), "--json")
    data = json.loads(out)
    assert code == 0 and data["valid"] is True
    assert data["input_shape"] == [1, 32, 32] and data["output_shape"] == [10]
    assert data["layers"][0] == {
        "index": 0,
        "type": "conv2d",
        "output_shape": [6, 28, 28],
        "params": 156,
        "macs": 117600,
        "activation_values": 6 * 28 * 28,  # docs/cli.md, added with issue 12: numel of the output, one image
        "activation_bytes": 4 * 6 * 28 * 28,
    }
    assert data["total_params"] == data["trainable_params"] == 61706
    assert data["total_macs"] == sum(layer["macs"] for layer in data["layers"])


def test_invalid_network_exits_2_with_the_first_bad_layer(capsys, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    layers = [
        {"type": "conv2d", "out_channels": 2, "kernel_size": 3},
        {"type": "relu"},
        {"type": "maxpool2d", "kernel_size": 2},
        {"type": "conv2d", "out_channels": 2, "kernel_size": 9},
        {"type": "linear", "out_features": 3},
    ]
    path.write_text(
        json.dumps(
            {
                "format": "cnnstudio-project",
                "version": 1,
                "input": {"channels": 1, "height": 12, "width": 12},
                "layers": layers,
            }
        )
    )
    code, out, _ = run(capsys, "summary", str(path), "--json")
    assert code == 2
    data = json.loads(out)
    assert (
        data["valid"] is False and data["errors"][0]["index"] == 3 and data["errors"][0]["type"] == "conv2d"
    )
    assert "Fix: set padding to at least 2" in data["errors"][0]["message"]
    code, _, err = run(capsys, "summary", str(path))
    assert code == 2 and "layers[3] (conv2d)" in err


def test_unreadable_file_exits_1_with_one_line(capsys, tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("{")
    code, _, err = run(capsys, "summary", str(path), "--json")
    assert code == 1 and err.count("\n") == 1 and "not valid JSON" in err


def test_template_list_and_unknown_name(capsys) -> None:
    code, out, _ = run(capsys, "template", "--list")
    assert code == 0 and "lenet5" in out
    code, _, err = run(capsys, "template", "nope")
    assert code == 1 and "unknown template 'nope'" in err


def test_cs231n_numbers_from_the_command_line(capsys) -> None:
    from cnnstudio.cli import main

    assert main(["template", "cs231n", "--set", "n=1", "--set", "m=2", "--set", "k=0"]) == 0
    project = json.loads(capsys.readouterr().out)
    types = [layer["type"] for layer in project["layers"]]
    assert types.count("conv2d") == 2 and types.count("linear") == 1
    assert main(["template", "cs231n", "--set", "m=99"]) == 1
    assert "m: must be a whole number from 0 to 5" in capsys.readouterr().err
    assert main(["template", "lenet5", "--set", "n=1"]) == 1


def test_a_closed_pipe_is_not_a_traceback() -> None:
    """`cnnstudio summary f.json | head`: writing to a reader that left ends quietly with status 0."""
    import subprocess
    import sys

    code = (
        "import sys; from cnnstudio import cli\n"
        "def closed(args): raise BrokenPipeError(32, 'Broken pipe')\n"
        "cli.cmd_template = closed\n"
        "sys.exit(cli.main(['template', 'lenet5']))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "Traceback" not in run.stderr


def test_a_bad_layer_inside_a_block_is_named_by_its_own_type(capsys, tmp_path: Path) -> None:
    path = tmp_path / "block.json"
    block = {"type": "residual", "layers": [{"type": "relu"}, {"type": "linear", "out_features": 3}]}
    document = {
        "format": "cnnstudio-project",
        "version": 1,
        "input": {"channels": 2, "height": 4, "width": 4},
    }
    path.write_text(json.dumps({**document, "layers": [{"type": "relu"}, block]}))
    code, out, err = run(capsys, "summary", str(path))
    # The line names the linear at its path (it said "(residual)", the block's type, before).
    assert code == 2 and "layers[1].layers[1] (linear)" in err and "(residual)" not in err
    assert "Invalid at layers[1].layers[1] (linear)" in out
