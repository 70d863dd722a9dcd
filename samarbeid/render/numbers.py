"""Numbers as people read them: a decimal comma in bokmål, a point in English."""

from __future__ import annotations


def num(value: float | None, lang: str, digits: int = 1, *, missing: str = "–") -> str:
    """``59.0`` → ``59,0`` (nb) or ``59.0`` (en); ``None`` → ``missing``."""
    if value is None:
        return missing
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "nb" else text


def signed(value: float | None, lang: str) -> str:
    """A change with its sign: ``+12,5``, ``−3,0``, ``±0,0``; ``None`` → ``–``."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return sign + num(abs(value), lang)
