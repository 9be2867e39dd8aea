"""File > Export figure: VGG-16's volume diagram as SVG (parsed as a browser would read it), PDF and PNG at
300 dpi, every layer in the file whatever the window's zoom."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtGui import QImage

from cnnstudio.core.templates import TEMPLATES

SVG = "{http://www.w3.org/2000/svg}"


def test_vgg16_figure_as_svg_pdf_and_png(make_window, tmp_path) -> None:
    window = make_window(TEMPLATES["vgg16"].make(), pages=False)
    window.design.diagram.set_zoom(0.3)  # the view zoomed out: the figure is still drawn at zoom 1
    assert window.export_figure(str(tmp_path / "vgg16.svg"))
    root = ET.parse(tmp_path / "vgg16.svg").getroot()
    assert root.tag == f"{SVG}svg" and root.findtext(f"{SVG}title") == "VGG-16"
    labels = [t.text.strip() for t in root.iter(f"{SVG}text")]
    # the input, 13 convs, 5 pools, flatten and three linears that change the shape... every volume
    assert labels[0] == "3×224×224" and labels[-1] == "1000" and "512×7×7" in labels
    assert len(labels) == 23
    assert window.export_figure(str(tmp_path / "vgg16.pdf"))
    assert (tmp_path / "vgg16.pdf").read_bytes().startswith(b"%PDF")
    assert window.export_figure(str(tmp_path / "vgg16.png"))
    image = QImage(str(tmp_path / "vgg16.png"))
    assert round(image.dotsPerMeterX() * 0.0254) == 300
    width = window.design.diagram.natural_width()
    assert abs(image.width() - width * 300 / 96) < 8


def test_an_unknown_figure_format_is_refused_with_its_name(make_window, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    window = make_window(pages=False)
    assert not window.export_figure(str(tmp_path / "net.gif"))
    assert shown and "net.gif" in shown[0]


def test_figure_as_tikz_from_the_window(make_window, tmp_path) -> None:
    window = make_window(TEMPLATES["resnet18"].make(), pages=False)
    assert window.export_figure(str(tmp_path / "resnet18.tex"))
    assert (tmp_path / "resnet18.tex").read_text().count(r"\node[below") >= 5


def test_layer_table_as_svg_pdf_and_png(make_window, tmp_path) -> None:
    window = make_window(TEMPLATES["resnet18"].make(), pages=False)
    assert window.export_layer_table(str(tmp_path / "t.svg"))
    root = ET.parse(tmp_path / "t.svg").getroot()
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Residual block 5 layers" in texts and "11,689,512" not in texts[:-1]
    assert texts[-1].startswith("Total: 11,689,512 parameters")
    assert window.export_layer_table(str(tmp_path / "t.pdf"))
    assert (tmp_path / "t.pdf").read_bytes().startswith(b"%PDF")
    assert window.export_layer_table(str(tmp_path / "t.png"))
    assert round(QImage(str(tmp_path / "t.png")).dotsPerMeterX() * 0.0254) == 300
