"""docs/teaching-guide.md maps every section of the four course texts, and its links lead somewhere.

The section headings below are the course texts' own (../shared/course, issue 15); where the texts are
present next to the repository, each heading is also checked to be in its text, so the list cannot drift
from what the class reads.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "teaching-guide.md"
# ../shared/course beside the main checkout; a worktree sits one level deeper (wt/NAME)
COURSE = next((p / "shared" / "course" for p in ROOT.parents[:2] if (p / "shared" / "course").is_dir()), ROOT)

SECTIONS = {
    "000": (
        "降采样 (Downsampling)", "胯步卷积 (Strided convolution)", "最大池化 && 平均池化", "小结 (downsampling)",
        "卷积神经网络中的正则化", "L1, L2 正则化", "Dropout", "提早停止 (Early stopping)", "小结 (regularisation)",
        "CNN 概览", "损失函数: Softmax", "损失函数: 交叉熵损失", "训练过程 (1)", "图像预处理", "数据增强",
        "训练过程 (2)", "批次大小 (Batch Size)", "优化器 (Optimiser)", "学习率 + 衰减", "训练时间有多长?",
    ),
    "002": (
        "0. 回顾", "1. 引言", "2. 总体概述", "3. 构建卷积网络的每个层", "3.1 卷积层", "3.1 动态演示",
        "3.1 1x1 卷积", "3.1 扩张卷积", "3.2 池化层", "3.3 归一化层", "3.4 全连接层", "3.5 全连接层转化为卷积层",
        "4.1 层的排列方式", "4.2 层的大小设置规律", "4.3 案例学习", "4.4 一些计算上的考虑", "6. 其他资源",
    ),
    "003": (
        "卷积层 (Convolutional Layers)", "激活函数 (Activation Functions)", "为什么激活函数能够引入非线性性质?",
        "什么是梯度?", "池化层 (Pooling Layers)", "全连接层 (Fully Connected Layers)", "训练方法", "常见的CNN模型",
    ),
    "004": (
        "1、关于目标函数的选取", "2、关于全连接层Softmax", "3、采用RELU激活函数, 而不采用Sigmoid函数的原因",
        "4、关于学习步长的调整问题", "5、关于Batch Normalization的理解", "6、关于过拟合问题的处理",
        "7、卷积神经网络(CNN)的层", "8、卷积神经网络(CNN)的误差反向传播",
    ),
}  # fmt: skip


def _map_rows(text: str) -> dict[str, list[str]]:
    """The first cell of each row of each text's table in the course map, by text number."""
    rows: dict[str, list[str]] = {}
    current = None
    for line in text.split("## Course map", 1)[1].splitlines():
        heading = re.match(r"### Text (\d{3})", line)
        if heading:
            current = rows.setdefault(heading.group(1), [])
        elif current is not None and line.startswith("| ") and not line.startswith("| section"):
            current.append(line.split(" | ")[0][2:])
    return rows


def _words(heading: str) -> str:
    """A heading as the course text writes it, without the map's numbering and notes, and normalised."""
    core = re.sub(r"^\d\.\d ", "", heading)  # "3.1 卷积层": the map numbers the sub-sections
    core = re.sub(r" \((?:\d|downsampling|regularisation)\)$", "", core)  # "训练过程 (1)", "小结 (...)"
    return _normal(core)


def _normal(text: str) -> str:
    """Without English glosses in brackets, blanks and brackets: the texts and the map set them apart."""
    text = re.sub(r"\([^()]*[A-Za-z][^()]*\)", "", text)
    return re.sub(r"[\s(),]", "", text)


def test_every_section_of_the_four_texts_has_a_row_that_says_where_the_program_shows_it() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    rows = _map_rows(text)
    assert sorted(rows) == sorted(SECTIONS)
    for number, sections in SECTIONS.items():
        found = [row for row in rows[number] for section in sections if row.startswith(section)]
        missing = [s for s in sections if not any(row.startswith(s) for row in rows[number])]
        assert not missing, (number, missing)
        assert len(found) >= len(sections)
    for line in text.split("## Course map", 1)[1].splitlines():
        if line.startswith("| ") and not line.startswith(("| section", "|---")):
            where = line.rstrip(" |").split(" | ")[-1]
            assert len(where) > 10, line  # the third column is filled


@pytest.mark.skipif(COURSE == ROOT, reason="the course texts are not next to the repository")
def test_the_sections_are_the_course_texts_own_headings() -> None:
    for number, sections in SECTIONS.items():
        (path,) = COURSE.glob(f"{number}_*.txt")
        course = _normal(path.read_text(encoding="utf-8", errors="replace"))
        for section in sections:
            words = _words(section)
            assert words in course, (number, section, words)


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped (CJK kept), spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_the_guides_links_lead_to_its_headings_and_pictures() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    anchors = {_slug(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}
    for target in re.findall(r"\]\(#([^)]+)\)", text):
        assert target in anchors, target
    for picture in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
        assert (GUIDE.parent / picture).is_file(), picture
