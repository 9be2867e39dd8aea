"""CNN Studio: design, train and inspect convolutional neural networks.

The Python API (docs/api.md): ``cnnstudio.load``, ``save``, ``build``, ``from_module``, ``open_in_studio``
and ``Project`` (whose ``summary()`` renders as text or, in Jupyter, as HTML). They are loaded on first use
(PEP 562), so that ``import cnnstudio`` stays light: no torch, no Qt, not even the core until asked for.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = {"Project", "load", "save", "build", "from_module", "open_in_studio"}
__all__ = ["__version__", *sorted(_API)]


def __getattr__(name: str) -> Any:
    if name in _API:
        from cnnstudio import api

        return getattr(api, name)
    raise AttributeError(f"module 'cnnstudio' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
