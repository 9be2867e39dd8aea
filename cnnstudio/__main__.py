"""``python -m cnnstudio``: the same as the ``cnnstudio`` command."""

from cnnstudio.cli import entry

entry()
