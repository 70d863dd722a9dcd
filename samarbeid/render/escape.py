"""Make text from answer files safe in each output format."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&!])")


def plain(text: str) -> str:
    """Text with control characters (ANSI escapes, bells, carriage returns) made visible,
    so they cannot move the cursor or recolour a terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def md(text: object) -> str:
    """Inline Markdown: no markup, links, HTML or table breaks; one line."""
    if text is None:
        return ""
    flat = " ".join(plain(str(text)).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula: text starting with
    ``= + - @``, a tab or a carriage return gets a leading apostrophe."""
    if isinstance(value, str):
        text = plain(value)
        return "'" + text if value.startswith(_FORMULA_START) else text
    return "" if value is None else value
