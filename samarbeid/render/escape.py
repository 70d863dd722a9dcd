"""Make text from answer files safe in each output format."""

from __future__ import annotations

import re

#: control characters, line separators, bidi marks (ALM, LRM, RLM), overrides and isolates, and
#: the lone surrogates (U+DC80–U+DCFF) by which Python keeps the bytes of a file name that is
#: not UTF-8
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\udc80-\udcff]"
)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&!])")
#: what GitHub's Markdown turns into links by itself: ``https://…``, ``www.…``, ``kari@…``
_MD_SCHEME = re.compile(r"(?<=[A-Za-z0-9]):(?=//)")
_MD_WWW = re.compile(r"(?i)\b(www)\.")
#: what starts a list or a heading when it begins a line: ``- ``, ``+ ``, ``= ``, ``1. ``
_MD_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


def plain(text: str) -> str:
    """Text with control characters (ANSI escapes, bells, carriage returns, bidi marks and overrides)
    made visible, so they cannot move the cursor, recolour a terminal or reorder the text."""
    return _CONTROL.sub(lambda m: f"\\x{_byte(ord(m.group())):02x}", text)


def _byte(code: int) -> int:
    return code - 0xDC00 if 0xDC80 <= code <= 0xDCFF else code


def md(text: object) -> str:
    """Inline Markdown: no markup, links (nor GitHub's bare-URL and e-mail autolinks), HTML,
    list or heading starts, or table breaks; one line."""
    if text is None:
        return ""
    flat = " ".join(plain(str(text)).split())
    flat = _MD_SPECIAL.sub(r"\\\1", flat)
    flat = _MD_WWW.sub(r"\1\\.", _MD_SCHEME.sub(r"\\:", flat)).replace("@", "@\u200b")
    return _MD_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", flat)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula: text starting with
    ``= + - @``, a tab or a carriage return gets a leading apostrophe."""
    if isinstance(value, str):
        text = plain(value)
        return "'" + text if value.startswith(_FORMULA_START) else text
    return "" if value is None else value
