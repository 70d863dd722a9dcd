"""The tool's own words in every language, and how to look them up.

Rubric content (questions, rules) carries its own translations in the rubric file; the gettext
catalogues in ``samarbeid/locale`` hold the tool's own words: error messages, hints, report
labels and the command line's help. A message is named by a stable code (``file.not_found``),
which is the catalogue's msgid. See docs/i18n.md.

- :func:`t` — a message; :func:`tn` — a message whose wording depends on a count;
- :class:`Msg` (defined in :mod:`samarbeid.message`) and :class:`Count` — parameters translated
  when the message is rendered;
- :func:`locale` — the :class:`Locale` of a language: decimal separator, CSV delimiter, plural rule.

An unknown code falls back to the code itself, so a report still comes out; in strict mode
(the test suite, or ``SAMARBEID_I18N_STRICT=1``) it raises :class:`UnknownMessage`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, NamedTuple

from samarbeid.i18n.catalog import DOMAIN, translations
from samarbeid.message import Msg
from samarbeid.vocab import DEFAULT_LANG, Lang

__all__ = [
    "LANGS",
    "Count",
    "Locale",
    "Msg",
    "UnknownMessage",
    "codes",
    "locale",
    "one_line",
    "set_strict",
    "t",
    "tn",
    "value_label",
]

#: Every language's id, the default (bokmål) first.
LANGS: tuple[str, ...] = Lang.ids()


# NamedTuples rather than dataclasses: this module is imported at start-up (--version).
class _Registration(NamedTuple):
    name: str
    decimal: str
    csv_delimiter: str


#: The one place besides ``vocab.Lang`` and the catalogues where a language is registered.
_REGISTRY: dict[Lang, _Registration] = {
    Lang.nb: _Registration(name="norsk bokmål", decimal=",", csv_delimiter=";"),
    Lang.nn: _Registration(name="norsk nynorsk", decimal=",", csv_delimiter=";"),
    Lang.en: _Registration(name="English", decimal=".", csv_delimiter=","),
}


class Locale(NamedTuple):
    """How one language writes: its name, numbers, CSV files (as Excel there expects them) and
    plurals. The plural rule comes from the catalogue's ``Plural-Forms`` header."""

    lang: Lang
    name: str
    decimal: str
    csv_delimiter: str
    nplurals: int
    plural: Callable[[int], int]

    def number(self, text: str) -> str:
        """A number formatted with a point (``f"{x:.1f}"``) in this language's way."""
        return text if self.decimal == "." else text.replace(".", self.decimal)


class UnknownMessage(LookupError):
    """A message code that a catalogue lacks (raised in strict mode only)."""


class Count:
    """A counted phrase used as a parameter: ``Count("n.files", 1)`` → «1 fil», ``2`` → «2 filer».
    For messages that hold more than one count; a message with one count uses :func:`tn`."""

    __slots__ = ("code", "count")

    def __init__(self, code: str, count: int) -> None:
        self.code = code
        self.count = count

    def __repr__(self) -> str:
        return f"Count({self.code!r}, {self.count!r})"


_strict = os.environ.get("SAMARBEID_I18N_STRICT") == "1"


def set_strict(enabled: bool) -> None:
    """Make an unknown code (or an unknown language) raise instead of printing the code."""
    global _strict
    _strict = enabled


def _language(lang: str) -> str:
    if lang in _REGISTRY:
        return str(lang)
    if _strict:
        raise UnknownMessage(f"unknown language {lang!r}")
    return DEFAULT_LANG.value


def _unknown(code: str, lang: str, what: str) -> str:
    if _strict:
        raise UnknownMessage(f"{what} {code!r} is missing from the {lang!r} catalogue")
    return code


def _format(template: str, lang: str, params: dict[str, Any]) -> str:
    if not params:
        return template
    return template.format(**{k: _param(v, lang) for k, v in params.items()})


def _param(value: Any, lang: str) -> Any:
    if isinstance(value, Msg):
        return t(value, lang)
    if isinstance(value, Count):
        return tn(value.code, value.count, lang)
    return value


def t(code: str, lang: str, /, **params: Any) -> str:
    """The message ``code`` in ``lang``, formatted with ``params``; parameters that are
    :class:`Msg` or :class:`Count` are translated too. A plural message given ``count=`` takes
    the form for that count, as :func:`tn` does (so a problem that carries a code and its
    parameters needs no special case). A code the language lacks falls back to bokmål, then to
    the code itself (strict mode raises instead)."""
    count = params.get("count")
    if isinstance(count, int) and not isinstance(count, bool) and _is_plural(code):
        return tn(code, count, lang, **params)
    lng = _language(lang)
    text = _gettext(lng, code)
    if text is None:
        text = _gettext(DEFAULT_LANG.value, code) if lng != DEFAULT_LANG else None
        if text is None:
            return _unknown(code, lng, "the message")
        _unknown(code, lng, "the message")
    return _format(text, lng, params)


def tn(code: str, count: int, lang: str, /, **params: Any) -> str:
    """The plural message ``code`` in the form for ``count``, formatted with ``count`` and
    ``params``: ``tn("n.files", 1, "nb")`` → «1 fil». The form follows the catalogue's
    ``Plural-Forms`` rule (gettext's ``ngettext``)."""
    lng = _language(lang)
    text = _ngettext(lng, code, count)
    if text is None:
        text = _ngettext(DEFAULT_LANG.value, code, count) if lng != DEFAULT_LANG else None
        if text is None:
            return _unknown(code, lng, "the plural message")
        _unknown(code, lng, "the plural message")
    return _format(text, lng, {**params, "count": count})


def _is_plural(code: str) -> bool:
    catalogue = translations(DEFAULT_LANG.value, DOMAIN)
    return catalogue is not None and code in catalogue.plurals()


def _gettext(lang: str, code: str) -> str | None:
    catalogue = translations(lang, DOMAIN)
    if catalogue is None:
        return None
    text = catalogue.gettext(code)
    return None if text == code else text


def _ngettext(lang: str, code: str, count: int) -> str | None:
    catalogue = translations(lang, DOMAIN)
    if catalogue is None:
        return None
    text = catalogue.ngettext(code, code, count)
    return None if text == code else text


def codes(lang: str = DEFAULT_LANG.value) -> tuple[str, ...]:
    """Every message code in the catalogue of ``lang``, sorted."""
    catalogue = translations(_language(lang), DOMAIN)
    return catalogue.codes() if catalogue is not None else ()


@functools.cache
def locale(lang: str) -> Locale:
    """The :class:`Locale` of ``lang`` (an unknown language gives bokmål's, strict mode raises)."""
    lng = Lang(_language(lang))
    reg = _REGISTRY[lng]
    catalogue = translations(lng.value, DOMAIN)
    if catalogue is None:  # pragma: no cover - every registered language ships a catalogue
        raise UnknownMessage(f"no catalogue for {lng.value!r}")
    nplurals = int(catalogue.info()["plural-forms"].split("nplurals=")[1].split(";")[0])
    return Locale(
        lang=lng,
        name=reg.name,
        decimal=reg.decimal,
        csv_delimiter=reg.csv_delimiter,
        nplurals=nplurals,
        plural=catalogue.plural,
    )


def one_line(text: str) -> str:
    """Collapse line breaks so an error stays one line; control characters (an ESC from a
    key in a file) are shown as ``\\x1b``, so they can neither act on the terminal nor hide."""
    return "".join(
        ch if ch.isprintable() else f"\\x{_byte(ch):02x}" if _is_control(ch) else " "
        for ch in text.replace("\r\n", " ").replace("\n", " ")
    )


def _is_control(ch: str) -> bool:
    """A control character, or a byte of a file name that is not UTF-8 (Python keeps those
    as lone surrogates, U+DC80–U+DCFF, which no terminal can print)."""
    code = ord(ch)
    return ch != "\t" and (code < 0x20 or 0x7F <= code <= 0x9F or 0xDC80 <= code <= 0xDCFF)


def _byte(ch: str) -> int:
    """The byte a control character or an undecodable file-name byte stands for."""
    code = ord(ch)
    return code - 0xDC00 if 0xDC80 <= code <= 0xDCFF else code


def value_label(value: object, lang: str) -> str:
    """The label of an answer value id: ``4`` → «enig», ``nei`` → «nei» / «no»."""
    return t(f"value.{value}", lang)
