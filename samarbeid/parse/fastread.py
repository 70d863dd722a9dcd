"""A fast reader for answer files in the standard layout, held to the full reader's result.

``samarbeid init``, ``assess`` and ``import`` write answer files in a narrow layout: block
mappings and block sequences of mappings, one ``key: value`` a line, indented with spaces,
plain or simply quoted scalars, ``{}`` or ``[]`` for an empty collection, and comments. This
module reads that layout line by line with one regular expression (each distinct line once:
answer files repeat most of their lines), and gives exactly the
:class:`~samarbeid.parse.yamlread.Document` the full reader (:mod:`samarbeid.parse.yamlread`)
gives: the same data, the same positions of keys and values, the same text of a true/false.

It never decides anything the full reader would decide otherwise. Whatever it does not
recognise with certainty, it declines (:func:`read` returns None) and the full reader reads
the file: a tab, a carriage return that is not part of a CRLF, a control character, a byte-order
mark or a line separator anywhere; a key that is not a plain ASCII word; a plain scalar that
starts with a YAML indicator (``- ? : , [ ] { } # & * ! | > ' " % @ ```) or goes on to the next
line; an escape in a double-quoted scalar, ``''`` in a single-quoted one; a quoted scalar over
several lines; flow collections with content; a document marker or directive; a repeated key;
an indentation that does not continue the structure; a file past the depth or node limits of
the full reader.
So every limit and every error stays the full reader's, with its message and position.
``tests/unit/test_fastread.py`` holds the two readers to the same result on every YAML file
of the repository, on the files samarbeid writes and on randomly varied copies of them.
"""

from __future__ import annotations

import functools
import re
import sys
from typing import Any

from samarbeid.parse import yamlread
from samarbeid.parse.yamlread import Document, Path_, plain_scalar

#: One line of the layout: blank, a comment, or ``[- ]key:[ value][ # comment]``. Groups:
#: indent, dash, key, the gap before the value, the value as written: ``{}`` or ``[]``, a
#: single- or double-quoted scalar on one line (no escapes), or the rest of the line from a
#: plain scalar's first character, which is no indicator (:func:`_plain` finds its end). The
#: value is matched once, inside a lookahead, and never given back (an atomic group that
#: Python 3.10 can write), so a long line that does not match fails at once.
_LINE = re.compile(
    r"""
    ([ ]*)
    (?:
        (?:\#.*)?
      | (-[ ]+)?
        ([A-Za-z0-9_][A-Za-z0-9_-]{0,127}):
        (?:([ ]+)
            (?=(
                \{\} | \[\]
              | '[^'\n]*'
              | "[^"\\\n]*"
              | [^-?:,\[\]{}\#&*!|>'"%@`\ \n].*
            ))\5
        )?
        (?:[ ]+\#.*)?[ ]*
    )
    """,
    re.VERBOSE,
).fullmatch

#: What the layout never holds, with :data:`_ODD`: tabs, carriage returns (CRLF is read as LF
#: first), control characters (NEL among them) and surrogates. Named by what it matches: the
#: class of everything allowed took 4 ms to compile on every start, this one well under one.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]").search
#: the rest the layout never holds: YAML's other line breaks, the byte-order mark, non-characters
_ODD = ("\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff")


def _unusual(text: str) -> bool:
    """Whether ``text`` holds a character the standard layout never holds."""
    return _CONTROL(text) is not None or any(odd in text for odd in _ODD)


def parse_text(text: str, name: str) -> Document:
    """Parse one YAML document: with :func:`read` when the text is in the standard layout,
    else with the full reader (:func:`samarbeid.parse.yamlread.parse_text`)."""
    doc = read(text, name)
    return doc if doc is not None else yamlread.parse_text(text, name)


def read(text: str, name: str) -> Document | None:
    """The document the full reader reads in ``text``, when ``text`` is in the standard
    layout; None when it is not, or when this reader cannot be certain. Where its keys stand
    is found when first asked for (:attr:`Document.keys`), by reading ``text`` again."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return _read(text, name, None)


def _keys(text: str, name: str) -> dict[Path_, tuple[int, int]]:
    """Where each key of ``text``, a text :func:`read` has read, stands."""
    keys: dict[Path_, tuple[int, int]] = {}
    _read(text, name, keys)
    return keys


def _read(text: str, name: str, keys: dict[Path_, tuple[int, int]] | None) -> Document | None:
    """:func:`read` of ``text`` with each CRLF read as LF; with ``keys``, where each key
    stands, put in ``keys``."""
    values: dict[Path_, tuple[int, int]] = {}
    count = 0  # the keys
    raw: dict[Path_, str] = {}
    known = _ROWS
    depth_limit = yamlread.MAX_DEPTH  # the full reader's limits, read when used (a test lowers them)
    root: dict[str, Any] | None = None
    # the open collections, innermost last: [indent, container, path, is a mapping]
    stack: list[list[Any]] = []
    # the innermost open mapping, when it is the innermost collection: its indent, itself, its path
    indent, mapping, base = -1, dict[str, Any](), Path_()
    pending: _Pending | None = None
    for number, line in enumerate(text.split("\n"), 1):
        row = known.get(line)
        if row is None:
            row = _row(line)
            if row is None:
                return None  # a line outside the layout
            if len(line) <= _ROW_CACHED_LENGTH:
                if len(known) >= _ROWS_CACHED:
                    known.clear()
                known[line] = row
        col, dash, key, value, at, written = row
        if not key:  # blank, or only a comment
            continue
        if pending is not None or dash or col != indent:
            found = _place(stack, pending, number, col, dash, values)
            if found is None:
                return None
            if root is None:
                root = stack[0][1]
            pending = None
            indent, mapping, base = found
        if key in mapping:
            return None  # a repeated key: the full reader's error
        path = (*base, key)
        count += 1
        if keys is not None:
            keys[path] = (number, indent + 1)
        if written is not None:  # true or false: the text as written
            raw[path] = written
        elif value is _PENDING:  # the value is on the lines below, or null
            mapping[key] = None  # keeps the key's place in the mapping
            pending = (mapping, key, path, indent, (number, at))
            continue
        elif value is dict or value is list:  # an empty collection
            if len(stack) >= depth_limit:
                return None
            value = value()
        mapping[key] = value
        values[path] = (number, at)
    if pending is not None:
        values[pending[2]] = pending[4]
    # every node has its place in values, and every key its own in keys
    if root is None or len(values) + count > yamlread.MAX_NODES:
        return None
    return Document(name, root, values, functools.partial(_keys, text, name), raw)


#: A key written without a value: its mapping, the key, its path, its indent, and where its
#: value is when it is null (just after the colon, as libyaml places an empty scalar).
_Pending = tuple[dict[str, Any], str, Path_, int, tuple[int, int]]
#: What one line holds, as :func:`_row` reads it: its indent, its dash (``"- "``, or empty),
#: its key (empty on a blank line or a comment), the value (``dict`` or ``list`` for an empty
#: collection, :data:`_PENDING` when the value is on the lines below or null), the value's
#: column (1-based), and the text of a true/false as written (else None).
_Row = tuple[int, str, str, Any, int, str | None]
#: the value of a key written without one
_PENDING = object()
#: The lines already read (every value in them is immutable: text, numbers, dates,
#: true/false, null), up to a bound: answer files repeat most of their lines. When full, the
#: cache starts over, so the lines of the files being read take it. A longer line (a long
#: comment, seldom repeated) is not kept, so the cache stays within a few megabytes.
_ROWS: dict[str, _Row] = {}
_ROWS_CACHED = 4096
_ROW_CACHED_LENGTH = 256


def _row(line: str) -> _Row | None:
    """What ``line`` holds (:data:`_Row`), or None when it is outside the layout (or holds
    a character the layout never holds)."""
    match = _LINE(line)
    if match is None or _unusual(line):
        return None
    lead, dash, key, gap, written = match.groups("")
    key = sys.intern(key)  # the same object as the code's ``"respondents"``: paths compare at once
    col = len(lead) + len(dash)  # the key's, 0-based
    if not written:
        return len(lead), dash, key, _PENDING, col + len(key) + 2, None
    at = col + len(key) + 2 + len(gap)
    first = written[0]
    if first == "{":
        return len(lead), dash, key, dict, at, None
    if first == "[":
        return len(lead), dash, key, list, at, None
    if first == "'" or first == '"':
        return len(lead), dash, key, written[1:-1], at, None
    if " " in written or written[-1] == ":":  # a comment, spaces, or a colon to check
        plain = _plain(written)
        if plain is None:
            return None
        written = plain
    value = plain_scalar(written)
    return len(lead), dash, key, value, at, written if value is True or value is False else None


def _plain(rest: str) -> str | None:
    """The plain scalar that starts ``rest`` (the line from the scalar's start): up to a comment
    (`` #``), without trailing spaces; None when it holds ``": "`` or ends with ``:``, which the
    layout never writes."""
    cut = rest.find(" #")
    value = (rest if cut < 0 else rest[:cut]).rstrip(" ")
    return None if ": " in value or value.endswith(":") else value


def _place(
    stack: list[list[Any]],
    pending: _Pending | None,
    number: int,
    col: int,
    dash: str,
    values: dict[Path_, tuple[int, int]],
) -> tuple[int, dict[str, Any], Path_] | None:
    """The mapping a key at ``col`` on line ``number`` belongs to (its indent, itself, its
    path), after the value of a ``pending`` key (a collection that starts on this line, or
    null) and the structure this line opens or closes; None when the line does not continue
    the structure (or would pass the depth limit)."""
    limit = yamlread.MAX_DEPTH
    if pending is not None:  # what the key above holds: this line's collection, or null
        above_map, above, path, depth, empty = pending
        if col > depth or (dash and col == depth):
            if len(stack) >= limit:
                return None
            collection: Any = [] if dash else {}
            above_map[above] = collection
            values[path] = (number, col + 1)
            stack.append([col, collection, path, not dash])
        else:
            values[path] = empty
    elif not stack:  # the first key: the document is a mapping
        if col or dash:
            return None
        values[()] = (number, 1)
        stack.append([0, {}, (), True])
    if dash:  # a new mapping in the sequence at this indent
        while stack and stack[-1][0] > col:
            stack.pop()
        if not stack or stack[-1][3] or stack[-1][0] != col or len(stack) >= limit:
            return None
        sequence, base = stack[-1][1], stack[-1][2]
        path = (*base, len(sequence))
        col += len(dash)
        item: dict[str, Any] = {}
        sequence.append(item)
        values[path] = (number, col + 1)
        stack.append([col, item, path, True])
    else:  # a key of the mapping at this indent (which ends a sequence at this indent)
        while stack and (stack[-1][0] > col or (stack[-1][0] == col and not stack[-1][3])):
            stack.pop()
        if not stack or stack[-1][0] != col:
            return None
    return col, stack[-1][1], stack[-1][2]
