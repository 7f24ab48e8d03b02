"""Warnings of a draw's preview and of a plan's simulation, said in any language.

A `Notice` *is* its Chinese text (a `str`: everything that lists, joins or compares warnings
keeps working), and carries a `code` and the `params` the text was made from, so the web app
can say it in English (`frontend/src/notices.ts`, by code). A warning without a code (an
engine's message) is shown as written.
"""

from typing import Any


class Notice(str):
    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, text: str, **params: Any) -> "Notice":
        notice = super().__new__(cls, text)
        notice.code = code
        notice.params = params
        return notice


def notice_parts(warning: str) -> tuple[str, str, dict[str, Any]]:
    """(code, text, params) of a warning; a plain string has no code."""
    if isinstance(warning, Notice):
        return warning.code, str(warning), warning.params
    return "", str(warning), {}
