"""Every piece of text a person can read in a widget tree, and the English words among it.

Used by the zh_CN walk test (tests/gui/test_chinese_walk.py) and the Chinese screenshot script. Text is
gathered three ways, so nothing that reaches the screen escapes:

1. the text properties of standard widgets (labels, buttons, group titles, tabs, every combo-box item,
   every row and header of item views, spin-box suffixes, placeholders, tooltips, menus);
2. the text items of graphics scenes (pyqtgraph's titles, axis labels and legends are QGraphicsTextItems);
3. whatever Python code paints with ``QPainter.drawText`` while the widget is grabbed (custom canvases,
   pyqtgraph's tick labels), recorded by wrapping ``QPainter.drawText`` for the duration.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QPainter, QTextDocumentFragment
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGraphicsView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QProgressBar,
    QSpinBox,
    QTabBar,
    QTextEdit,
    QWidget,
)

from cnnstudio.ui.theme import column_count


@dataclass(frozen=True)
class Seen:
    """One text and where it was read (the widget's class and object name, and which property)."""

    where: str
    text: str


def plain(text: str) -> str:
    """Rich text as a reader sees it (tags and entities gone); plain text unchanged."""
    if GuiQt.mightBeRichText(text):
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def _name(widget: QWidget) -> str:
    name = widget.objectName()
    return f"{type(widget).__name__}{'#' + name if name else ''}"


def _model_texts(view: QAbstractItemView) -> Iterator[str]:
    model = view.model()
    if model is None:
        return

    def columns(parent: QModelIndex) -> int:
        return column_count(model, parent)

    def walk(parent: QModelIndex) -> Iterator[str]:
        for row in range(model.rowCount(parent)):
            for column in range(columns(parent)):
                index = model.index(row, column, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    if isinstance(value, str):
                        yield value
                if column == 0 and model.rowCount(index) > 0:
                    yield from walk(index)

    yield from walk(QModelIndex())
    for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
        header = view.horizontalHeader() if hasattr(view, "horizontalHeader") else None
        if orientation == Qt.Orientation.Vertical:
            header = view.verticalHeader() if hasattr(view, "verticalHeader") else None
        elif header is None and hasattr(view, "header"):
            header = view.header()
        if header is None or header.isHidden():
            continue
        count = columns(QModelIndex()) if orientation == Qt.Orientation.Horizontal else model.rowCount()
        for section in range(count):
            value = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                yield value


# PySide6 before 6.11 invalidates the Python wrapper of ``action.menu()`` when the wrapper of ``action`` is
# collected, and later ``findChildren`` hands out that dead wrapper ("Internal C++ object (QMenu) already
# deleted", seen with 6.7-6.8 in make test-min). The walk keeps every action it asked for a menu.
_ACTIONS_WITH_MENUS: list[QAction] = []


def _menu_texts(menu: QMenu | QMenuBar) -> Iterator[str]:
    for action in menu.actions():
        yield action.text()
        if action.toolTip() != action.text().replace("&", ""):
            yield action.toolTip()
        submenu = action.menu()
        if submenu is not None:
            _ACTIONS_WITH_MENUS.append(action)
            yield from _menu_texts(submenu)


def _own_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(property, text) pairs of one widget, without its children."""
    if isinstance(widget, (QLabel, QAbstractButton)):
        yield "text", widget.text()
    elif isinstance(widget, QGroupBox):
        yield "title", widget.title()
    elif isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield "tab", widget.tabText(i)
            yield "tab tooltip", widget.tabToolTip(i)
    elif isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield "item", widget.itemText(i)
            tip = widget.itemData(i, Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str):
                yield "item tooltip", tip
    elif isinstance(widget, QLineEdit):
        yield "placeholder", widget.placeholderText()
        if widget.isReadOnly():
            yield "text", widget.text()
    elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        yield "prefix", widget.prefix()
        yield "suffix", widget.suffix()
        yield "special value", widget.specialValueText()
    elif isinstance(widget, QAbstractSpinBox):
        yield "special value", widget.specialValueText()
    elif isinstance(widget, (QTextEdit, QPlainTextEdit)):
        yield "text", widget.toPlainText()
    elif isinstance(widget, QProgressBar):
        yield "text", widget.text()
    elif isinstance(widget, QAbstractItemView):
        for text in _model_texts(widget):
            yield "row", text
    elif isinstance(widget, (QMenuBar, QMenu)):
        for text in _menu_texts(widget):
            yield "menu", text
    elif isinstance(widget, QGraphicsView) and widget.scene() is not None:
        for item in widget.scene().items():
            if not item.isVisible():
                continue
            if isinstance(item, QGraphicsTextItem):
                yield "scene text", item.toPlainText()
            elif isinstance(item, QGraphicsSimpleTextItem):
                yield "scene text", item.text()
    yield "tooltip", widget.toolTip()
    if widget.isWindow():
        yield "window title", widget.windowTitle()


@contextmanager
def painted_texts(found: list[str]) -> Iterator[None]:
    """Record every string Python code draws with ``QPainter.drawText`` while the block runs."""
    original = QPainter.drawText

    def record(painter: QPainter, *args):
        found.extend(arg for arg in args if isinstance(arg, str))
        return original(painter, *args)

    QPainter.drawText = record
    try:
        yield
    finally:
        QPainter.drawText = original


def visible_texts(root: QWidget, paint: bool = True) -> list[Seen]:
    """The texts of ``root`` and of its children visible with it (hidden tabs' contents left out)."""
    seen: list[Seen] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        for prop, text in _own_texts(widget):
            if text and text.strip():
                seen.append(Seen(f"{_name(widget)}.{prop}", plain(text)))
    if paint:
        drawn: list[str] = []
        with painted_texts(drawn):
            root.grab()
        seen += [Seen(f"{_name(root)}.painted", text) for text in drawn if text.strip()]
    return seen


# Words that stay as they are in the Chinese window: layer type names as torch spells them, names of
# networks, people, datasets, methods, tools and file formats, keys, units, and the symbols of formulas;
# and the code of the walk's custom layer (torch.cumsum(x, dim=1)), which stays as it was imported.
_ALLOWED_WORDS = """
    Conv2d MaxPool2d AvgPool2d LPPool2d AdaptiveAvgPool2d AdaptiveMaxPool2d BatchNorm BatchNorm1d
    BatchNorm2d Dropout Dropout2d ReLU LeakyReLU ELU GELU Sigmoid Tanh Softmax Flatten Linear conv2d
    maxpool2d avgpool2d lppool2d adaptiveavgpool2d adaptivemaxpool2d batchnorm2d dropout dropout2d relu
    leakyrelu elu gelu sigmoid tanh softmax flatten linear residual concat same valid CNN Studio cnnstudio
    ConvTranspose2d convtranspose2d Upsample upsample ReLU6 relu6 Hardswish hardswish Hardsigmoid hardsigmoid
    SiLU silu swish Identity identity nearest bilinear scale_factor output_padding MobileNetV3 EfficientNet
    LeNet LeNet-5 AlexNet ZFNet VGG VGG-11 VGG-16 VGGNet ResNet ResNet-18 GoogLeNet Inception MobileNet v1
    cs231n ImageNet Grad-CAM Transformer Explainer LeCun Krizhevsky Sutskever Hinton Zeiler Fergus Simonyan
    Zisserman Szegedy Selvaraju Kaiming He Glorot Xavier MNIST Fashion-MNIST KMNIST CIFAR-10 CIFAR-100 CIFAR
    SVHN UCI CC BY SGD Adam AdamW RMSprop Adagrad Nesterov Lp L1 L2 NaN English PyTorch torch torchvision
    ONNX TorchScript JSON CSV PNG CPU GPU CUDA MPS INPUT CONV RELU POOL FC Ctrl Shift Alt Delete Del Esc F11
    px KB MB GB KiB MiB GiB ms float32 ceil floor max min sqrt exp log mean var eps argmax
    LaTeX align TikZ SVG PDF PlotNeuralNet t-SNE PCA dpi Python
    ChannelShuffle channelshuffle squeezeexcitation SENet ShuffleNet ShuffleNet V2 MobileNetV3 SE fc1 fc2
    squeeze_channels
    cumsum dim
"""
ALLOWED = frozenset(_ALLOWED_WORDS.split())
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:[-'][A-Za-z0-9]+)*")
# Maths: single letters, a letter with digits (K1), a letter or two with a subscript (H_out, C_in, x_i),
# and a letter minus a number (K-1).
_MATHS = re.compile(r"[A-Za-z]|[A-Za-z]\d+|[A-Za-z]{1,2}_\w+|[A-Za-z]-\d+")
# The course's way to name a term: Chinese first, the English original after it in brackets,
# e.g. 降采样（Downsampling）, 填充（padding）.
_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])[（(][^（）()\u4e00-\u9fff]*[）)]")
# Not words: numbers (1e-3), sizes (7x7x512), file paths and names, and commands a person types.
_NOT_WORDS = re.compile(
    r"\d+(?:\.\d+)?e[-+]?\d+|\d+(?:x\d+)+|(?:[A-Za-z]:)?(?:[/\\][\w.\-]+){2,}|cnnstudio \w+(?: [\w.\-/]+)*"
    r"|[\w\-]+(?:\.[\w\-]+)*\.(?:json|py|pt|onnx|png|csv|txt|ini)\b"
)


def english_words(text: str) -> list[str]:
    """Words of ``text`` that are English rather than names, units or maths (empty when none)."""
    text = _NOT_WORDS.sub(" ", _GLOSS.sub("", text))
    return [word for word in _WORD.findall(text) if word not in ALLOWED and not _MATHS.fullmatch(word)]
