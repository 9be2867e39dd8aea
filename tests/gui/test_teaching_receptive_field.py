"""The receptive-field view frames the core's region, and that region is where torch's gradient lives."""

from __future__ import annotations

import torch
from PySide6.QtCore import QPoint, Qt

from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape, Project, default_project
from cnnstudio.training.build import build_model
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.teaching.receptive_view import ReceptiveFieldView


def _view(qtbot, project: Project, image=None) -> ReceptiveFieldView:
    view = ReceptiveFieldView(ProjectDocument(project), lambda: None, lambda: image)
    qtbot.addWidget(view)
    view.resize(1100, 650)
    view.show()
    qtbot.waitExposed(view)
    return view


def _click(qtbot, view: ReceptiveFieldView, row: int, col: int) -> None:
    centre = view.output_canvas.grid().centre(row, col)
    qtbot.mouseClick(
        view.output_canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(centre.x()), int(centre.y()))
    )


def test_clicked_cell_frames_the_region_torch_gradients_reach(qtbot) -> None:
    layers = (
        S.Conv2d(out_channels=3, kernel_size=3, padding=1),
        S.Conv2d(out_channels=3, kernel_size=3, stride=2, dilation=2),
        S.AvgPool2d(kernel_size=2),
    )
    project = Project(name="rf", input=InputShape(1, 24, 24), layers=layers)
    view = _view(qtbot, project)
    view.doc.select((2,))
    _click(qtbot, view, 2, 3)
    report = project.report.find((2,))
    assert view.region() == report.receptive_field.region(2, 3, (24, 24))
    torch.manual_seed(0)
    model = build_model(project)
    with torch.no_grad():
        for p in model.parameters():
            p.abs_().add_(0.05)  # positive weights: no gradient cancels to an exact zero by chance
    x = torch.rand(1, 1, 24, 24, requires_grad=True)
    model(x)[0, 0, 2, 3].backward()
    rows, cols = torch.nonzero(x.grad[0, 0], as_tuple=True)
    top, left, bottom, right = view.region()
    # dilation leaves holes inside the field, but its outer bounds are exactly the gradient's
    assert (int(rows.min()), int(cols.min()), int(rows.max()), int(cols.max())) == (top, left, bottom, right)
    assert f"{bottom - top + 1}x{right - left + 1} pixels" in view.info_label.text()


def test_field_clipped_by_padding_says_so(qtbot) -> None:
    view = _view(qtbot, default_project())
    view.doc.select((4,))  # second conv: 8x8 field with jump 2, padded at the border
    view.select_cell(0, 0)
    field = view.field()
    assert field is not None and field.size == (8.0, 8.0)
    top, left, bottom, _ = view.region()
    assert (top, left) == (0, 0) and bottom - top + 1 < 8
    assert "padding" in view.info_label.text()
    assert "example drawing" in view.note_label.text()


def test_sample_image_is_used_when_it_fits(qtbot) -> None:
    image = torch.rand(3, 32, 32).numpy()
    view = _view(qtbot, default_project(), image)
    view.doc.select((0,))
    assert "sample image" in view.note_label.text()
    view.channel_box.setValue(3)
    assert view.region() == view.field().region(0, 0, (32, 32))
