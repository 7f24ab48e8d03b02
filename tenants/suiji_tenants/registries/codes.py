"""Codes and texts typed by people, made comparable before they are validated or looked up.

One function for every code entered anywhere (USCC, ID numbers, project codes, certificate
numbers, item codes): the registries' services and the Excel import (through the field parsers
of `validation`), GraphQL inputs, the targeted-inspection register and search/filter by code.
`９１５３３１２２GJ4XXYAJ0T` (full-width, as typed with a Chinese IME) and `91533122GJ4XXYAJ0T`
are the same code; a zero-width space copied from a web page is not part of it.
"""

import re
import unicodedata
from typing import Any

# Characters that render as nothing: zero-width space/joiners, word joiner, BOM, soft hyphen,
# Mongolian vowel separator, bidi marks. NFKC keeps them, so they are removed explicitly.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")
_SPACE_RE = re.compile(r"\s+")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def normalise_code(value: Any) -> str:
    """NFKC, zero-width characters and every space removed (codes contain none), trimmed.

    Digits of other scripts (Arabic-Indic ٣, Devanagari ३) are left as they are, so that the
    validator refuses them with a message: NFKC does not turn them into ASCII digits, and a
    silent conversion would hide a mistyped code."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value)
    if _SURROGATE_RE.search(s):
        return s  # not encodable; the validators refuse it with a message
    s = unicodedata.normalize("NFKC", s)
    s = _ZERO_WIDTH_RE.sub("", s)
    return _SPACE_RE.sub("", s)


def normalise_text(value: Any) -> str:
    """A free text (name, address): NFC, trimmed of spaces and zero-width characters at both
    ends. Inner characters are kept as typed (a name may legitimately contain a space)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value)
    if not _SURROGATE_RE.search(s):
        s = unicodedata.normalize("NFC", s)
    return s.strip(" \t\r\n\u3000\u00a0" + ZERO_WIDTH)


def is_blank(value: str) -> bool:
    """True when the text shows nothing: only spaces and zero-width characters."""
    return not _SPACE_RE.sub("", _ZERO_WIDTH_RE.sub("", value))


def unstorable_character(value: str) -> str | None:
    """A description of the first character PostgreSQL cannot store in a text column (NUL,
    a lone surrogate), or None."""
    if "\x00" in value:
        return "空字符（NUL，\\x00）"
    match = _SURROGATE_RE.search(value)
    if match:
        return f"无效的 Unicode 字符（U+{ord(match.group()):04X}）"
    return None


def non_ascii_digit(value: str) -> str | None:
    """The first digit that is not 0-9 (Arabic-Indic, Devanagari…), or None."""
    for ch in value:
        if ch.isdigit() and not ("0" <= ch <= "9"):
            return ch
    return None
