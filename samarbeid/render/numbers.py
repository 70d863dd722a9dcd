"""Numbers as people read them, in the language's own way (``samarbeid.i18n.Locale``):
a decimal comma in bokmål, a point in English."""

from __future__ import annotations

from samarbeid.i18n import locale


def num(value: float | None, lang: str, digits: int = 1, *, missing: str = "–") -> str:
    """``59.0`` → ``59,0`` (nb) or ``59.0`` (en); ``None`` → ``missing``."""
    if value is None:
        return missing
    return locale(lang).number(f"{value:.{digits}f}")


def signed(value: float | None, lang: str) -> str:
    """A change with its sign: ``+12,5``, ``−3,0``, ``±0,0``; ``None`` → ``–``."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return sign + num(abs(value), lang)
