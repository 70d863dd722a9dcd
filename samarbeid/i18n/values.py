"""Text → an answer value id, as every route reads it: an answer file, an export's cell
(``samarbeid import``). A value may be written as its id (``4``, ``ja``, ``vet_ikke``), as a
number the way a spreadsheet writes it (``4.0``), or as its label in any language the tool
speaks, without regard to case or white space («Helt enig», «Veit ikkje», «Don't know»). The
labels are the catalogues' ``value.*`` messages: declared once, there."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Collection, Mapping

from samarbeid.i18n import LANGS, t
from samarbeid.vocab import ANSWER_VALUES, CLOSE_ENOUGH, Value

_SPACE = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[\W_]+")


def text_key(text: str) -> str:
    """Text compared without case, HTML escapes or tags, or differences in white space."""
    text = re.sub(r"<[^>]*>", " ", html.unescape(text))
    return _SPACE.sub(" ", text).strip().casefold()


def id_key(text: str) -> str:
    """An id compared without case, hyphens, underscores or spaces (``vet_ikke`` ~ ``VetIkke``)."""
    return _NOT_ALNUM.sub("", text.casefold())


@functools.cache
def _labels() -> dict[str, Value]:
    """Every option label in every language (and every id's loose form) → the value id."""
    out: dict[str, Value] = {}
    for value in ANSWER_VALUES:
        for lang in LANGS:
            out[text_key(t(f"value.{value}", lang))] = value
        out[id_key(str(value))] = value
    return out


def read_value(
    allowed: Collection[Value], text: str, extra: Mapping[str, Value] | None = None
) -> Value | None:
    """The value of ``allowed`` that ``text`` writes (``extra``: more labels, as written or as
    :func:`text_key` leaves them): None when ``text`` is empty; raises :class:`ValueError`
    when it is none of them."""
    text = text.strip()
    if not text:
        return None
    candidates: list[Value] = []
    if extra:
        mapped = extra.get(text, extra.get(text_key(text)))
        if mapped is not None:
            candidates.append(mapped)
    candidates.append(text)
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        pass
    else:
        if number.is_integer():
            candidates.append(int(number))
    labels = _labels()
    for key in (text_key(text), id_key(text)):
        if key in labels:
            candidates.append(labels[key])
    for value in candidates:
        if not isinstance(value, bool) and value in allowed:
            return value
    raise ValueError(text)


def closest_value(allowed: Collection[Value], text: str) -> Value | None:
    """The value of ``allowed`` whose label (in any language) or id ``text`` is closest to,
    for a «did you mean»; None when none is close enough."""
    import difflib  # only for a refused value: start-up stays light

    words = {word: value for word, value in _labels().items() if value in allowed}
    close = difflib.get_close_matches(text_key(text), list(words), n=1, cutoff=CLOSE_ENOUGH)
    return words[close[0]] if close else None
