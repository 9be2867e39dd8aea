"""Pure edits of a nested layer list, addressed by layer paths.

A path is ``(i,)`` for a top-level layer and ``(i, b, j, ...)`` inside blocks: ``b`` picks the block's layer
list (always 0 for a residual block, the branch for a concat block) and ``j`` the position in it. The GUI's
undo commands call these and keep the old tuple, so an edit is never done twice in two places.
"""

from __future__ import annotations

from collections.abc import Sequence

from cnnstudio.core.specs import LayerSpec

Layers = tuple[LayerSpec, ...]
Path = tuple[int, ...]


def get_at(layers: Sequence[LayerSpec], path: Path) -> LayerSpec:
    spec = layers[path[0]]
    for k in range(1, len(path), 2):
        spec = spec.child_lists()[path[k]][path[k + 1]]
    return spec


def _edit_list(layers: Sequence[LayerSpec], parent: Path, change) -> Layers:
    """Apply ``change(list) -> list`` to the list addressed by ``parent`` (a path minus its last index)."""
    if not parent:
        return tuple(change(list(layers)))
    head, branch, rest = parent[0], parent[1], parent[2:]
    block = layers[head]
    lists = [list(x) for x in block.child_lists()]
    lists[branch] = list(_edit_list(lists[branch], rest, change))
    return (*layers[:head], block.with_child_lists(lists), *layers[head + 1 :])


def insert_at(layers: Sequence[LayerSpec], path: Path, spec: LayerSpec) -> Layers:
    """Insert ``spec`` so that it ends up at ``path`` (the last index may equal the list's length)."""

    def change(items: list) -> list:
        items.insert(path[-1], spec)
        return items

    return _edit_list(layers, path[:-1], change)


def remove_at(layers: Sequence[LayerSpec], path: Path) -> Layers:
    def change(items: list) -> list:
        del items[path[-1]]
        return items

    return _edit_list(layers, path[:-1], change)


def selection_after_removal(layers: Sequence[LayerSpec], path: Path) -> Path | None:
    """The layer to select once the one at ``path`` is gone from ``layers`` (the list after the removal):
    the layer that moved up into its place, else the one before it, else the block that held it. So
    pressing Delete again deletes the next layer, as in a file manager."""
    parent, index = path[:-1], path[-1]
    for candidate in ((*parent, index), (*parent, index - 1)):
        if candidate[-1] >= 0 and _exists(layers, candidate):
            return candidate
    return path[:-2] or None


def _exists(layers: Sequence[LayerSpec], path: Path) -> bool:
    try:
        get_at(layers, path)
    except IndexError:
        return False
    return True


def replace_at(layers: Sequence[LayerSpec], path: Path, spec: LayerSpec) -> Layers:
    def change(items: list) -> list:
        items[path[-1]] = spec
        return items

    return _edit_list(layers, path[:-1], change)


def move(layers: Sequence[LayerSpec], source: Path, target: Path) -> tuple[Layers, Path]:
    """Move the layer at ``source`` so that it lands at ``target`` as addressed *before* the removal.

    Returns the new layers and the layer's final path. Moving a block into itself is refused.
    """
    if target[: len(source)] == source:
        raise ValueError("a block cannot be moved into itself")
    spec = get_at(layers, source)
    final = list(target)
    # removing the source shifts later siblings (and everything inside them) one place up
    depth = len(source) - 1
    if target[:depth] == source[:depth] and len(target) > depth and target[depth] > source[depth]:
        final[depth] -= 1
    final_path = tuple(final)
    return insert_at(remove_at(layers, source), final_path, spec), final_path


def add_branch(layers: Sequence[LayerSpec], path: Path) -> Layers:
    """Give the concat block at ``path`` one more (empty) branch."""
    block = get_at(layers, path)
    return replace_at(layers, path, block.with_child_lists([*block.child_lists(), ()]))
