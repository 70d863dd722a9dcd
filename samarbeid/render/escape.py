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
