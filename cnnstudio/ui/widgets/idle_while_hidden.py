"""Hidden views do no work: a view that follows the document catches up once, when it is shown.

The window keeps every page and tool alive, but only one page (and one tool of the Teach page) can be
seen. A view that redrew on every edit while hidden made each spin-box step in the editor pay for all of
them (an edit on 50 layers took 24-27 ms instead of 9-11 ms once the Teach page had been opened). So a
view's document handlers start with ``if self.defer_while_hidden(): return``, and its ``showEvent`` asks
``caught_up()`` whether it missed anything (docs/architecture.md, "Hidden views do no work").
"""

from __future__ import annotations


class IdleWhileHidden:
    """Mixin for a ``QWidget`` (listed first among its bases) that follows the document."""

    _behind = False

    def defer_while_hidden(self) -> bool:
        """True when the widget cannot be seen: the caller skips its work, which is owed until shown."""
        if self.isVisible():  # type: ignore[attr-defined]
            return False
        self._behind = True
        return True

    def caught_up(self) -> bool:
        """Whether work was owed since the last call (the caller does it now); the debt is cleared."""
        behind, self._behind = self._behind, False
        return behind
