"""Exceptions of the core: each carries enough to say what is wrong and where, in one line."""

from __future__ import annotations


class CoreError(Exception):
    """Base of the errors a user can act on; ``str()`` is the one-line message to show."""


class SpecError(CoreError):
    """A layer field whose value is impossible whatever the input (``kernel_size: must be ...``)."""

    def __init__(self, field: str | None, reason: str, *, where: str | None = None) -> None:
        self.field = field
        self.reason = reason
        self.where = where
        super().__init__(self.message)

    @property
    def path(self) -> str:
        """The JSON path at fault, e.g. ``layers[3].kernel_size``."""
        parts = [p for p in (self.where, self.field) if p]
        return ".".join(parts)

    @property
    def message(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


class ProjectFileError(CoreError):
    """A project file that cannot be read: not JSON, not a project, too new, or a bad value inside."""

    def __init__(self, file: str, reason: str) -> None:
        self.file = file
        self.reason = reason
        super().__init__(f"{file}: {reason}")


class ProjectSaveError(CoreError):
    """A save that failed; the file on disk is the previous one, unchanged."""
