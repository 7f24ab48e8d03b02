"""One field of PostgreSQL's COPY text format, for every writer that streams rows with COPY
(the registry import, the draw's targets, the inspection ledger, demo data)."""

from typing import Any

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


NULL = r"\N"
"""COPY's text for SQL NULL."""


def escape(text: str) -> str:
    """A text value with COPY's backslash escapes (backslash, tab, newline, carriage return)."""
    return text.translate(_ESCAPES)


def copy_value(value: Any) -> str:
    """``\\N`` for ``None``, else the escaped ``str(value)``."""
    return NULL if value is None else escape(str(value))
