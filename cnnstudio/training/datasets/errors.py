"""The one exception of the dataset layer."""

from __future__ import annotations


class DatasetError(Exception):
    """A dataset that cannot be loaded as asked; ``str()`` is one message a user can act on.

    Why one class: the GUI and the command line show it as it is, next to the dataset settings, so the
    message itself names the key, the folder or the files at fault rather than relying on a type.
    """
