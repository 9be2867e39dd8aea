"""Translate text that comes from the core (layer descriptions, errors, fixes, warnings, exercises).

The core may not import Qt, so its strings cannot call ``tr()``. The UI passes them through
``translate_core`` when it shows them:

1. a fixed string (a layer description, a dataset line, a constant error) is looked up whole in the "core"
   context; ``core_strings.py`` lists those strings for lupdate and is generated from the core itself by
   ``resources/translations/extract_core_strings.py``;
2. a message with numbers in it is matched against ``TEMPLATES``: each English template, e.g.
   ``"set padding to at least {pad}, or kernel_size to at most {kernel}."``, becomes an anchored regular
   expression whose placeholders capture the numbers; the translated template (from the same .ts file, so a
   translator sees the placeholders) is filled with the captured parts, each itself translated, so nested
   messages ("layer 2 of this residual block (conv2d) cannot work: ...") and words ("rows", "height")
   translate too;
3. several lines are translated one by one, so a formula block keeps its maths and loses only its English.

Longer than the house's ~400 lines because ``TEMPLATES`` is a table a translator reads in one place.

Anything not recognised is shown as it is: a missing translation must never hide a message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from cnnstudio.core import specs as S
from cnnstudio.core.labels import TITLES, fields_text
from cnnstudio.ui import import_text, training_text

CONTEXT = "core"

# Words that the core puts into its messages; translated when a template captures them.
WORDS = (
    QT_TRANSLATE_NOOP("core", "rows"),
    QT_TRANSLATE_NOOP("core", "row"),
    QT_TRANSLATE_NOOP("core", "columns"),
    QT_TRANSLATE_NOOP("core", "column"),
    QT_TRANSLATE_NOOP("core", "height"),
    QT_TRANSLATE_NOOP("core", "width"),
    QT_TRANSLATE_NOOP("core", "kernel"),
    QT_TRANSLATE_NOOP("core", "pooling window"),
    QT_TRANSLATE_NOOP("core", "channel"),
    QT_TRANSLATE_NOOP("core", "feature"),
    QT_TRANSLATE_NOOP("core", "padded "),
    QT_TRANSLATE_NOOP("core", "residual"),
    QT_TRANSLATE_NOOP("core", "concat"),
    QT_TRANSLATE_NOOP("core", "Apple GPU"),
)

# Messages with numbers. Placeholders are {name}; the translation must use the same names (it may leave
# out one that Chinese does not need, such as an English verb's number).
TEMPLATES = (
    # layer_rules.py, window_rules.py: errors and fixes
    QT_TRANSLATE_NOOP(
        "core", "{type} works on feature maps (C x H x W) but receives a flat vector of {n} values."
    ),
    QT_TRANSLATE_NOOP("core", "The {what} of size {kernel} does not fit in the input's {dim} of {size}."),
    QT_TRANSLATE_NOOP(
        "core",
        "The {what} of size {kernel} does not fit in the input's {dim} of {size} (with padding {pad}: {seen}).",
    ),
    QT_TRANSLATE_NOOP("core", "{kernel} (dilated to {span})"),
    QT_TRANSLATE_NOOP(
        "core",
        "set kernel_size to at most {largest}, use an adaptive pooling layer, "
        "or remove a downsampling layer before this one.",
    ),
    QT_TRANSLATE_NOOP("core", "set padding to at least {pad}, or kernel_size to at most {largest}."),
    QT_TRANSLATE_NOOP(
        "core", "set stride to 1, or set padding to {pad} (half the kernel) to keep the stride."
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "groups={groups} must divide both channel counts, but the input has {channels} channels "
        "and out_channels is {out}.",
    ),
    QT_TRANSLATE_NOOP("core", "set groups to one of {choices}."),
    QT_TRANSLATE_NOOP(
        "core",
        "Pool padding must be at most half the kernel: padding {pad} is more than {kernel}//2 = {half} "
        "({axis}), so a window could hold nothing but padding.",
    ),
    QT_TRANSLATE_NOOP("core", "set padding to at most {half}, or kernel_size to at least {kernel}."),
    QT_TRANSLATE_NOOP(
        "core",
        "dropout2d drops whole channels of a feature map, but receives a flat vector of {n} values.",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "output_padding {extra} along the {dim} must be smaller than the stride or the dilation ({limit}).",
    ),
    QT_TRANSLATE_NOOP("core", "set output_padding to at most {n}."),
    QT_TRANSLATE_NOOP(
        "core",
        "The transposed convolution's output {dim} would be {n}: padding {pad} crops more than the layer adds.",
    ),
    QT_TRANSLATE_NOOP("core", "set padding to at most {n}."),
    QT_TRANSLATE_NOOP("core", "Upsampling the input's {dim} of {size} by {factor} leaves no pixels."),
    QT_TRANSLATE_NOOP("core", "set scale_factor to at least {factor}."),
    QT_TRANSLATE_NOOP("core", "linear needs a flat vector but receives a {shape} feature map."),
    QT_TRANSLATE_NOOP("core", "insert a flatten layer before linear (it gives {n} values)."),
    # layer_rules.py, window_rules.py: warnings
    QT_TRANSLATE_NOOP(
        "core",
        "{axis}: {fit} is not an integer, so the last {left} {unit} of the {padded}input {verb} "
        "never covered by the window.",
    ),
    QT_TRANSLATE_NOOP(
        "core", "{axis}: {n} is not a multiple of {m}, so the windows have uneven sizes and overlap."
    ),
    # layer_rules.py, window_rules.py: the words inside formulas (the maths itself stays)
    QT_TRANSLATE_NOOP(
        "core", "{axis} = {size} (padding='same' adds {total} zero {unit}: {before} before, {after} after)"
    ),
    QT_TRANSLATE_NOOP("core", "{formula} - 1 (the last window would start in the padding) = {out}"),
    QT_TRANSLATE_NOOP("core", "C = {channels} (pooling keeps the channels)"),
    QT_TRANSLATE_NOOP("core", "C = {channels} (each channel enlarged on its own, mode {mode})"),
    QT_TRANSLATE_NOOP("core", "{axis} = output_size = {m} (windows of up to {widest} {unit} over {n})"),
    QT_TRANSLATE_NOOP("core", "params = 2*{n} = {params} (a scale γ and a shift β per {what})"),
    QT_TRANSLATE_NOOP("core", "output = input (drops each value with p = {p} while training)"),
    QT_TRANSLATE_NOOP("core", "N = {n} (already flat)"),
    QT_TRANSLATE_NOOP("core", "{size}, jump {jump}"),
    QT_TRANSLATE_NOOP("core", "C = out_channels = {n}"),
    QT_TRANSLATE_NOOP("core", "weight shape [C_in, C_out/groups, K_h, K_w] = {shape}"),
    QT_TRANSLATE_NOOP("core", "N = out_features = {n}"),
    QT_TRANSLATE_NOOP("core", "params = {formula}"),
    # shapes.py: the whole network and blocks
    QT_TRANSLATE_NOOP(
        "core",
        "The network ends in a {shape} feature map; a classifier ends in a flat vector "
        "(add flatten and linear, or an adaptive pooling to 1x1 then flatten).",
    ),
    QT_TRANSLATE_NOOP("core", "{where} of this {block} block ({type}) cannot work: {error}"),
    QT_TRANSLATE_NOOP("core", "branch {branch}, layer {layer}"),
    QT_TRANSLATE_NOOP("core", "layer {layer}"),
    QT_TRANSLATE_NOOP("core", "{error} Fix: {fix}"),
    QT_TRANSLATE_NOOP("core", "output = layers(x) + x: {shape} (identity shortcut)"),
    QT_TRANSLATE_NOOP("core", "output = layers(x) + shortcut(x): {shape}"),
    QT_TRANSLATE_NOOP("core", "1x1 conv {c_in}->{c_out}, stride {stride}, no bias + batchnorm"),
    QT_TRANSLATE_NOOP("core", "shortcut = {shortcut}: params = {params}"),
    QT_TRANSLATE_NOOP("core", "params = {inner} (layers) + {projection} (shortcut) = {total}"),
    QT_TRANSLATE_NOOP(
        "core",
        "the block's layers turn {n} values into {m}, but a residual block adds its input to its output, "
        "so both must have the same length.",
    ),
    QT_TRANSLATE_NOOP("core", "make the block's last linear layer give {n} values."),
    QT_TRANSLATE_NOOP(
        "core",
        "the block's layers turn a {shape} input into {out}; a residual block can only add a shortcut "
        "between feature maps or between vectors of the same length.",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "the block's layers turn the {dim} {n} into {m}, which no strided 1x1 shortcut can match "
        "(a 1x1 conv with stride s gives floor((n-1)/s)+1).",
    ),
    QT_TRANSLATE_NOOP("core", "{what} = {sizes} = {total} (branches joined along channels)"),
    QT_TRANSLATE_NOOP(
        "core",
        "branch {b} gives {hw} maps but branch 0 gives {hw0}; maps can only be joined along channels "
        "when their height and width agree.",
    ),
    # exercises.py
    QT_TRANSLATE_NOOP(
        "core",
        "An input of {shape} (C x H x W) goes through {layer}. What is the output's C x H x W, "
        "and how many parameters does the layer have?",
    ),
    QT_TRANSLATE_NOOP("core", "Input {shape}. Which layer is the first one that cannot work, and why?"),
    QT_TRANSLATE_NOOP(
        "core", "dilation {d} spreads the {f}-wide kernel over F = {d2}*({f2}-1)+1 = {span} pixels"
    ),
    QT_TRANSLATE_NOOP(
        "core", "{top}/{s} is not a whole number: round down, the last {left} pixel(s) are never covered"
    ),
    QT_TRANSLATE_NOOP("core", "Correct: {shape}, {params} parameters."),
    QT_TRANSLATE_NOOP("core", "Not quite: {parts}."),
    QT_TRANSLATE_NOOP("core", "{first}; {second}"),
    QT_TRANSLATE_NOOP("core", "the output is {answer}, not {given}"),
    QT_TRANSLATE_NOOP("core", "the layer has {params} parameters, not {given}"),
    QT_TRANSLATE_NOOP("core", "{index}: {layer} cannot work: {reason}"),
    QT_TRANSLATE_NOOP("core", "Fix: {fix}"),
    QT_TRANSLATE_NOOP("core", "Correct: layer {index}. {reason}"),
    QT_TRANSLATE_NOOP("core", "Layer {index} works. Follow the sizes further down."),
    QT_TRANSLATE_NOOP("core", "An earlier layer already fails; layer {index} never receives an input."),
    # labels.py
    QT_TRANSLATE_NOOP("core", "{n} units"),
    QT_TRANSLATE_NOOP("core", "slope {slope}"),
    QT_TRANSLATE_NOOP("core", "{n} layers"),
    QT_TRANSLATE_NOOP("core", "{n} branches"),
    QT_TRANSLATE_NOOP("core", "{n} branches, split"),
    QT_TRANSLATE_NOOP("core", "{n} groups"),
    # course_notes.py: the course texts' forms of the same numbers
    QT_TRANSLATE_NOOP("core", "{formula} (text 000's form ceil((n - k + 1) / s) gives the same size)"),
    QT_TRANSLATE_NOOP(
        "core",
        "dilation {d} leaves {gaps} pixel(s) between taps: cs231n (text 002) calls this dilation {course}; "
        "the kernel spans {span}",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "dilation {d} along {axis} leaves {gaps} pixel(s) between taps: cs231n (text 002) calls this "
        "dilation {course}; the kernel spans {span}",
    ),
    QT_TRANSLATE_NOOP("core", "{n} pixels"),
    QT_TRANSLATE_NOOP(
        "core",
        "training (torch, inverted dropout): y = x*m/(1-p) with m = 1 for a kept value (chance {keep}), "
        "so E[y] = {expected}; testing: y = x",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "text 004's form: training y = x*m, so E[y] = {expected}; testing scales the weights by 1-p = {keep}, "
        "so y = {tested}: the same expected output",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "set stride to 1, or set padding to {pad} (half the kernel) to keep the stride: the output is then "
        "ceil(n / s) = {out}, text 000's size with padding.",
    ),
    # templates.py: the cs231n pattern's project name
    QT_TRANSLATE_NOOP("core", "cs231n pattern N={n} M={m} K={k}"),
    # training/device.py: what a device choice means on this machine
    QT_TRANSLATE_NOOP("core", "CPU ({n} cores)"),
    QT_TRANSLATE_NOOP("core", "cpu ({n} threads)"),
    QT_TRANSLATE_NOOP("core", "cpu ({n} thread)"),
    # teaching tools: the convolution animator's sum
    QT_TRANSLATE_NOOP("core", "out[{cell}] = {formula}"),
    QT_TRANSLATE_NOOP("core", "{terms}({n} more){rest}"),
    # readiness.py and dataset_size.py: what stops Start, and the budget's warnings
    QT_TRANSLATE_NOOP(
        "core",
        "the network ends in a {shape} feature map but the dataset '{dataset}' needs {classes} class scores: "
        "add flatten and a linear layer with out_features {classes}",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "the last layer gives {n} outputs but the dataset '{dataset}' has {classes} classes: "
        "set the last linear layer's out_features to {classes}",
    ),
    QT_TRANSLATE_NOOP("core", "the dataset folder {root} does not exist: choose another folder."),
    QT_TRANSLATE_NOOP(
        "core",
        "the dataset folder {root} has no class subfolders: expected one subfolder per class, "
        "e.g. {root}/cat/001.png and {root}/dog/001.jpg.",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "{title} is not in {root} ({count} files missing, such as {file}): allow the download, copy the "
        "files there, or choose another folder.",
    ),
    QT_TRANSLATE_NOOP("core", "the run needs about {need} of memory but {available} is available: {fix}"),
    QT_TRANSLATE_NOOP(
        "core",
        "its weights alone (parameters, gradients, optimiser state and the copies a run keeps) need {size}: "
        "choose a smaller network (fewer or narrower layers, a smaller first linear layer) or a smaller template.",
    ),
    QT_TRANSLATE_NOOP(
        "core", "the images need {size}: use fewer images (the dataset limit) or a smaller input."
    ),
    QT_TRANSLATE_NOOP("core", "lower the batch size to {batch} or less, or use a smaller input."),
    QT_TRANSLATE_NOOP(
        "core",
        "the run needs about {need} of the {available} available; other programs need memory too: "
        "a batch size of {batch} leaves them more room.",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "the run would take about {time} ({epoch} per epoch) on {device}: lower the input size, "
        "the number of images or epochs, or choose a smaller template.",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "exporting needs about {need} of memory ({params} parameters) but {available} is available: "
        "choose a smaller network (fewer or narrower layers).",
    ),
    # mobile_rules.py and the channel split (shapes.py): errors, fixes and formulas
    QT_TRANSLATE_NOOP(
        "core", "channel shuffle with {g} groups needs a channel count divisible by {g}, but receives {c}."
    ),
    QT_TRANSLATE_NOOP("core", "set groups to {groups}, or give the layer before {c} channels."),
    QT_TRANSLATE_NOOP(
        "core",
        "This custom layer was measured on a {measured} input, giving {out}; its output for {shape} is unknown.",
    ),
    QT_TRANSLATE_NOOP("core", "give it a {measured} input again, or import the changed network."),
    QT_TRANSLATE_NOOP(
        "core", "a channel split into {n} branches needs a channel count divisible by {n}, but receives {c}."
    ),
    QT_TRANSLATE_NOOP("core", "give the layer before {c} channels, or turn the split off."),
    QT_TRANSLATE_NOOP("core", "each branch gets {part} of the {c} channels (channel split)"),
    QT_TRANSLATE_NOOP("core", "output = input * gate: {shape}"),
    QT_TRANSLATE_NOOP("core", "gate = {gate}(fc2({act}(fc1(mean over H, W))))"),
    QT_TRANSLATE_NOOP("core", "params = {terms} = {params} (fc1: C -> squeeze_channels, fc2: back to C)"),
    QT_TRANSLATE_NOOP("core", "C = {c}: channel g*{k} + i moves to i*{g} + g ({g} groups of {k})"),
    QT_TRANSLATE_NOOP("core", "output = {shape} (measured on import)"),
    QT_TRANSLATE_NOOP("core", "output = input = {shape} (the operation kept its shape on import)"),
    QT_TRANSLATE_NOOP("core", "params = {params} (counted on import)"),
    QT_TRANSLATE_NOOP("core", "source: {source}"),
    # the training engine's and the data loaders' messages
    *training_text.TEMPLATES,
    # cnnstudio import's messages about TorchScript and ONNX files (File > Import shows them)
    *import_text.TEMPLATES,
)

# Where a layer is, as the window says it (the command line keeps the JSON path ``layers[3].layers[1]``):
# the same text in English, "第 3 层 › 第 1 层" in Chinese.
PLACES = {
    "top": QT_TRANSLATE_NOOP("core", "layers[{0}]"),
    "residual": QT_TRANSLATE_NOOP("core", "{0}.layers[{1}]"),
    "concat": QT_TRANSLATE_NOOP("core", "{0}.branches[{1}][{2}]"),
    "problem": QT_TRANSLATE_NOOP("core", "{0} ({1}): {2}"),
}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Placeholders that hold a whole nested message (which has sentences of its own); every other placeholder
# holds a number, a shape or a word and may not run past the end of a sentence (". "), so that a message
# followed by " Fix: ..." is split at the right place.
_SENTENCES = {
    "error", "fix", "reason", "parts", "first", "second", "where", "formula", "shortcut", "layer", "terms",
    "rest",
}  # fmt: skip
_GROUP = {"padded": r"(?P<padded>.*?)"}  # "padded " or nothing
# Templates that join two messages are tried first: the messages inside them match templates of their own.
_JOINS = {"{error} Fix: {fix}"}


def placeholders(template: str) -> set[str]:
    """The placeholder names of a template (the test checks that translations use no others)."""
    return set(_PLACEHOLDER.findall(template))


def _group(name: str) -> str:
    if name in _GROUP:
        return _GROUP[name]
    if name in _SENTENCES:
        return f"(?P<{name}>.+?)"
    return rf"(?P<{name}>(?:(?!\. ).)+?)"


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each template as an anchored regex; placeholders capture as little as they can (lazily)."""
    compiled = []
    for template in TEMPLATES:
        parts = _PLACEHOLDER.split(template)  # literal, name, literal, name, ..., literal
        seen: set[str] = set()
        pieces = []
        for i, part in enumerate(parts):
            if i % 2 == 0:
                pieces.append(re.escape(part))
            else:  # a placeholder used twice must hold the same text both times
                pieces.append(f"(?P={part})" if part in seen else _group(part))
                seen.add(part)
        compiled.append((re.compile("".join(pieces), re.DOTALL), template))
    # Joins first, then longer (more specific) templates, so "Fix: {fix}" never swallows a whole sentence.
    compiled.sort(key=lambda item: (item[1] not in _JOINS, -len(_PLACEHOLDER.sub("", item[1]))))
    return tuple(compiled)


def _lookup(text: str) -> str | None:
    translated = QCoreApplication.translate(CONTEXT, text)
    return translated if translated != text else None


def translate_core(text: str | None) -> str:
    """``text`` in the installed language: whole, by template, or line by line; unchanged when unknown."""
    if not text:
        return text or ""
    whole = _lookup(text)
    if whole is not None:
        return whole
    if "\n" in text:
        return "\n".join(translate_core(line) for line in text.split("\n"))
    for pattern, template in _patterns():
        match = pattern.fullmatch(text)
        if match is None:
            continue
        translated = _lookup(template)
        if translated is None:
            return text  # English, or a template the installed language does not have
        parts = {name: translate_core(value) for name, value in match.groupdict().items()}
        try:
            return translated.format(**parts)
        except (KeyError, IndexError, ValueError):
            return text  # a broken translation must not hide the message
    return text


def _place(key: str) -> str:
    return QCoreApplication.translate(CONTEXT, PLACES[key])


def layer_place(layers: Sequence[S.LayerSpec], path: Sequence[int]) -> str:
    """Where layer ``path`` is, in the installed language (``core.shapes.path_text`` in English)."""
    text = _place("top").format(path[0])
    spec = layers[path[0]]
    for k in range(1, len(path), 2):
        branch, index = path[k], path[k + 1]
        if spec.type == "residual":
            text = _place("residual").format(text, index)
        else:
            text = _place("concat").format(text, branch, index)
        spec = spec.child_lists()[branch][index]
    return text


def layer_problem(layers: Sequence[S.LayerSpec], path: Sequence[int], kind: str, message: str) -> str:
    """``layers[3] (conv2d): why`` (``core.shapes.first_problem``'s wording), translated."""
    return _place("problem").format(layer_place(layers, path), kind, translate_core(message))


def layer_text(spec: S.LayerSpec) -> str:
    """A layer's short label (``core.labels.layer_label``: ``Linear 64 units``), translated."""
    title = translate_core(TITLES.get(spec.type, spec.type))
    return f"{title} {translate_core(fields_text(spec))}".strip()
