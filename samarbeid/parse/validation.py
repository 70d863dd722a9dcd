"""Turn pydantic validation errors into positioned, translated problems (pydantic itself is
imported by whoever validated: this module only reads its errors)."""

from __future__ import annotations

import difflib
import functools
import typing
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import msgspec

from samarbeid.errors import Problem, SourceRef
from samarbeid.parse.yamlread import Document
from samarbeid.record import key_of
from samarbeid.vocab import ALIASES, CLOSE_ENOUGH, normalise

if TYPE_CHECKING:
    from pydantic import ValidationError

#: At most this many problems are shown per file, so that a file with thousands of errors
#: is rejected quickly and its message stays readable.
MAX_PROBLEMS = 50

_TYPE_CODES = {
    "string_type": "v.type.str",
    "int_type": "v.type.int",
    "int_from_float": "v.type.int",
    "float_type": "v.type.number",
    "bool_type": "v.type.bool",
    "list_type": "v.type.list",
    "dict_type": "v.type.dict",
    "dataclass_type": "v.type.dict",
    "date_type": "v.type.date",
    "date_from_datetime_inexact": "v.type.date",
    "date_from_datetime_parsing": "v.type.date",
}


#: Norwegian words people write for the (English) field names of the file formats.
_NORWEGIAN_FIELDS = {
    "prosjekt": "project",
    "navn": "name",
    "enhet": "unit",
    "rolle": "role",
    "svar": "answers",
    "kommentarer": "comments",
    "kommentar": "comments",
    "respondenter": "respondents",
    "fase": "phase",
    "dato": "assessed",
    "vurdert": "assessed",
    "entreprenør": "entreprenor",
    "tiltak": "actions",
    "ansvarlig": "owner",
    "ansvarleg": "owner",
    "frist": "deadline",
    "notat": "note",
}


def short(text: object, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters, for echoing a key from a file in a message."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@functools.lru_cache(maxsize=8)
def field_names(record: type[Any]) -> frozenset[str]:
    """Every field name (or alias) of ``record`` and of the records inside it, for hints."""
    names: set[str] = set()
    todo, seen = [record], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        hints = typing.get_type_hints(current, include_extras=True)
        for name in current.__struct_fields__:
            names.add(key_of(name, hints[name]))  # the key a file writes (``not``)
            todo.extend(_records_in(hints[name]))
    return frozenset(names)


def _records_in(annotation: Any) -> list[type[Any]]:
    # a generic alias (``list[Respondent]``) is not a class, though Python 3.10 calls it a type
    plain = typing.get_origin(annotation) is None and isinstance(annotation, type)
    if plain and issubclass(annotation, msgspec.Struct):
        return [typing.cast(type, annotation)]
    return [m for arg in typing.get_args(annotation) for m in _records_in(arg)]


def _closest_field(field: str, fields: Collection[str]) -> str | None:
    if _NORWEGIAN_FIELDS.get(field.casefold()) in fields:
        return _NORWEGIAN_FIELDS[field.casefold()]
    close = difflib.get_close_matches(field, sorted(fields), n=1, cutoff=0.75)
    return close[0] if close else None


def _closest_word(found: Any, allowed: list[str]) -> list[str]:
    """The allowed id, or the alias of one (``ferdig``), that ``found`` is closest to; an id
    when it is as close as an alias."""
    aliases = [a for vocab, words in ALIASES.items() if set(vocab.ids()) == set(allowed) for a in words]
    text = normalise(found) if isinstance(found, str) else str(found)

    def score(word: str) -> float:
        return difflib.SequenceMatcher(None, text, word).ratio()

    best = max([*allowed, *aliases], key=score, default=None)  # max keeps the first of equals
    return [best] if best is not None and score(best) >= CLOSE_ENOUGH else []


def describe(value: Any, raw: str | None = None) -> str:
    """A short, quoted rendering of a found value for an error message (``raw``: as written)."""
    if raw is not None:
        return f"'{raw}'"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "…"
    return f"'{text}'" if isinstance(value, str) else text


def _data_path(data: Any, loc: tuple[int | str, ...]) -> list[str | int]:
    """Follow ``loc`` through ``data``, skipping parts that are not in the data
    (union tags, missing keys)."""
    path: list[str | int] = []
    cur = data
    for part in loc:
        in_dict = isinstance(cur, dict) and part in cur
        in_list = isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur)
        if in_dict or in_list:
            path.append(part)
            cur = cur[part]
    return path


def problems_from(
    exc: ValidationError, doc: Document, fields: Collection[str] = (), kinds: Collection[str] = ()
) -> list[Problem]:
    """One positioned problem per pydantic error, in document order; an unknown field gets
    the closest of ``fields`` as a hint, and a mapping that names none of the ``kinds`` of a
    tagged union (a rubric's conditions) lists them."""
    problems: list[Problem] = []
    seen = set()
    for err in exc.errors(include_url=False):
        if len(problems) > MAX_PROBLEMS:
            break
        loc = tuple(err["loc"])
        path = _data_path(doc.data, loc)
        etype = err["type"]
        field = str(loc[-1]) if loc else ""
        inp = err.get("input")
        ctx = err.get("ctx") or {}
        hint: str | None = None
        hint_params: dict[str, Any] = {}
        if etype == "missing":
            code, params = "v.missing", {"field": field}
            where = doc.ref(path)
            if loc == ("samarbeid",):  # the format line a hand-written file most often lacks
                hint = "hint.format_line"
        elif etype == "unexpected_keyword_argument":  # a record's unknown key
            code, params = "v.extra", {"field": short(field)}
            where = doc.ref(path, key=True)
            suggestion = _closest_field(field, fields) if len(field) < 100 else None
            if suggestion:
                hint, hint_params = "hint.did_you_mean", {"suggestion": suggestion}
        elif etype in _TYPE_CODES:
            code, params = _TYPE_CODES[etype], {"found": describe(inp, doc.raw.get(tuple(path)))}
            where = doc.ref(path)
        elif etype in ("literal_error", "enum"):
            code = "v.literal"
            expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
            params = {"field": field, "found": describe(inp), "allowed": expected}
            where = doc.ref(path)
            close = _closest_word(inp, expected.split(", "))
            if close:
                hint, hint_params = "hint.did_you_mean", {"suggestion": close[0]}
        elif etype in ("string_too_short", "too_short"):
            code, params = "v.too_short", {}
            where = doc.ref(path)
        elif etype == "string_pattern_mismatch":
            code, params = "v.pattern", {"found": describe(inp)}
            where = doc.ref(path)
        elif etype in ("greater_than_equal", "greater_than"):
            code, params = "v.min", {"found": describe(inp), "limit": next(iter(ctx.values()), "")}
            where = doc.ref(path)
        elif etype in ("less_than_equal", "less_than"):
            code, params = "v.max", {"found": describe(inp), "limit": next(iter(ctx.values()), "")}
            where = doc.ref(path)
        elif etype in ("union_tag_not_found", "union_tag_invalid"):
            code, params = "v.condition", {"allowed": ", ".join(kinds)}
            where = doc.ref(path)
        else:
            code, params = "v.other", {"detail": err["msg"]}
            where = doc.ref(path)
        marker = (where, code)
        if marker in seen:
            continue
        seen.add(marker)
        problems.append(Problem(where, code, params, hint, hint_params))
    return capped(problems)


def unknown_id(
    where: SourceRef, code: str, params: dict[str, Any], given: str, known: Collection[str]
) -> Problem:
    """An id that is not among ``known``, with the closest known one as «mente du …?» when
    there is one (a very long id gets no suggestion: comparing it is slow and pointless)."""
    close = (
        difflib.get_close_matches(given, list(known), n=1, cutoff=CLOSE_ENOUGH) if len(given) < 100 else []
    )
    return Problem(
        where, code, params, "hint.did_you_mean" if close else None, {"suggestion": close[0]} if close else {}
    )


def capped(problems: list[Problem]) -> list[Problem]:
    """``problems`` in file order, at most :data:`MAX_PROBLEMS` of them; when there are more,
    a last line says so, at the first one left out."""
    ordered = sorted(problems, key=lambda p: (p.where.line, p.where.column))
    if len(ordered) <= MAX_PROBLEMS:
        return ordered
    return [
        *ordered[:MAX_PROBLEMS],
        Problem(ordered[MAX_PROBLEMS].where, "problems.too_many", {"count": MAX_PROBLEMS}),
    ]
