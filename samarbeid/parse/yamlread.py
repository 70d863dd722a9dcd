"""Read one YAML document safely, keeping the source position of every key and value.

Only plain data is accepted: mappings, sequences and scalars. Anchors, aliases, tags,
duplicate keys, several documents, deep nesting and very large files are refused with a
positioned error before any object graph is built, so a hostile file stays cheap.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from samarbeid.errors import InputError, Problem, SourceRef

if TYPE_CHECKING:
    import yaml

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 100_000

Path_ = tuple[str | int, ...]


@functools.cache
def _loader() -> type:
    """libyaml's C parser when present (several times faster), else PyYAML's own."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def _constructors() -> dict[str, Callable[[Any], Any]]:
    import yaml

    constructor = yaml.constructor.SafeConstructor()
    return {
        "tag:yaml.org,2002:null": lambda node: None,
        "tag:yaml.org,2002:bool": constructor.construct_yaml_bool,
        "tag:yaml.org,2002:int": constructor.construct_yaml_int,
        "tag:yaml.org,2002:float": constructor.construct_yaml_float,
        "tag:yaml.org,2002:timestamp": constructor.construct_yaml_timestamp,
    }


@functools.lru_cache(maxsize=4096)
def _resolved(value: str) -> Any:
    """A plain scalar's value as PyYAML resolves and constructs it (answer files repeat a few
    values: ``nei``, ``2024-03-01``, …); a value too large or impossible stays text."""
    import yaml

    tag = str(yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False)))  # type: ignore[no-untyped-call]
    construct = _constructors().get(tag)
    if construct is not None:
        try:
            return construct(yaml.ScalarNode(tag, value))
        except (ValueError, OverflowError):
            return value
    return value


class Document(msgspec.Struct, frozen=True):
    """A parsed YAML document: plain Python data and where each part stands (a frozen
    ``msgspec.Struct``, cheap to define at import; :attr:`keys` is filled in once)."""

    file: str
    data: Any
    values: dict[Path_, tuple[int, int]]
    #: where each key stands (:attr:`keys`), or how to find that out: the fast reader
    #: (:mod:`samarbeid.parse.fastread`) reads the text again for them when they are first
    #: asked for (a problem at a key, an edit in place), which a valid file seldom needs
    found_keys: dict[Path_, tuple[int, int]] | Callable[[], dict[Path_, tuple[int, int]]]
    #: the text as written, for scalars read as true/false (``yes``, ``on``, …)
    raw: dict[Path_, str]

    @property
    def keys(self) -> dict[Path_, tuple[int, int]]:
        """Where each key stands, by the path of its value."""
        found = self.found_keys
        if callable(found):
            found = found()
            msgspec.structs.force_setattr(self, "found_keys", found)
        return found

    def ref(self, path: Iterable[str | int], *, key: bool = False) -> SourceRef:
        """The position of the deepest existing prefix of ``path`` (1-based)."""
        p = tuple(path)
        while True:
            table = self.keys if key and p in self.keys else self.values
            if p in table:
                line, col = table[p]
                return SourceRef(self.file, line, col)
            if not p:
                return SourceRef(self.file, 1, 1)
            p = p[:-1]
            key = False


#: A parser of a document's text: :func:`parse_text`, or one that tries a faster reader first
#: (:func:`samarbeid.parse.fastread.parse_text`).
Parser = Callable[[str, str], Document]


def printable_name(name: str) -> str:
    """``name`` with the bytes of a file name that is not UTF-8 (kept by Python as lone
    surrogates) written as ``\\xNN``."""
    if name.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in name):
        return name  # (an ASCII name, the common case, at once)
    return "".join(f"\\x{ord(ch) - 0xDC00:02x}" if "\udc80" <= ch <= "\udcff" else ch for ch in name)


def read_file(path: Path, display: str | None = None, *, parse: Parser | None = None) -> Document:
    """Read and parse ``path`` (with ``parse``, :func:`parse_text` by default); every failure
    is an :class:`InputError`. The file is named as given, with any byte that is not UTF-8
    shown as ``\\xNN``: that name goes into errors and reports, which must be able to print it."""
    name = printable_name(display if display is not None else str(path))
    raw = read_bytes(path, name)
    if raw is None:
        raise InputError.at(name, 1, 1, "file.not_found")
    return parse_bytes(raw, name, parse=parse)


def read_bytes(path: Path, name: str, limit: int = MAX_BYTES) -> bytes | None:
    """The bytes of ``path`` (at most one more than ``limit``: enough for :func:`decode` to
    refuse a file that is too large), or None when there is no such file. Any other failure,
    and a FIFO, a device or a socket (which could wait for a writer forever), is an
    :class:`InputError` at ``name``."""
    try:
        # O_NONBLOCK: opening a FIFO does not wait for a writer (a regular file ignores it)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with open(fd, "rb") as fh:
            found = os.fstat(fd)
            if stat.S_ISDIR(found.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(found.st_mode):
                raise InputError.at(name, 1, 1, "file.not_regular")
            # as much as the file holds and one byte more (asking for the limit would make a
            # buffer of 2 MiB for every file); a file that has grown since is read on
            want = min(found.st_size, limit) + 1
            raw = fh.read(want)
            if len(raw) == want <= limit:
                raw += fh.read(limit + 1 - want)
            return raw
    except IsADirectoryError:
        raise InputError.at(name, 1, 1, "file.is_dir") from None
    except FileNotFoundError:
        return None
    except OSError as exc:
        from samarbeid.fileio import os_reason

        raise InputError.at(name, 1, 1, "file.unreadable", reason=os_reason(exc)) from None


#: the suffixes of the survey exports ``samarbeid import`` reads
EXPORT_SUFFIXES = (".xlsx", ".csv", ".tsv")


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text (a BOM is fine); anything else is a clear error. A survey export (an Excel
    workbook, or a file named ``.csv``/``.tsv``) is told apart, with the command that reads it."""
    if (raw.startswith(b"PK\x03\x04") and b"xl/" in raw) or name.lower().endswith(EXPORT_SUFFIXES):
        raise InputError.at(name, 1, 1, "file.survey_export", file=name)
    if len(raw) > MAX_BYTES:
        raise InputError.at(name, 1, 1, "file.too_large", limit=MAX_BYTES // 1024)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.at(name, 1, 1, "file.utf16")
    nul = raw.find(b"\x00")
    if nul >= 0:
        even, odd = raw[:512:2].count(0), raw[1:512:2].count(0)
        if len(raw) >= 4 and max(even, odd) >= 0.35 * len(raw[:512]) and min(even, odd) == 0:
            raise InputError.at(name, 1, 1, "file.utf16")  # UTF-16 without a byte-order mark
        line, col = _byte_position(raw, nul)
        raise InputError.at(name, line, col, "file.binary")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(raw, exc.start)
        raise InputError.at(name, line, col, "file.not_utf8") from None


def parse_bytes(raw: bytes, name: str, *, parse: Parser | None = None) -> Document:
    """Decode and parse bytes read from ``name`` (with ``parse``, :func:`parse_text` by default)."""
    return (parse or parse_text)(decode(raw, name), name)


def parse_text(text: str, name: str) -> Document:
    """Parse one YAML document from text."""
    import yaml

    builder = _Builder(name)
    loader = _loader()(text)
    try:
        builder.run(loader.get_event)
    except yaml.MarkedYAMLError as exc:
        raise InputError([_syntax_problem(exc, text, name)]) from None
    except yaml.YAMLError as exc:  # reader errors: control characters
        bad = re.search(_NOT_YAML_CHAR, text)
        if bad is None:
            raise InputError.at(name, 1, 1, "yaml.syntax", detail=str(exc).splitlines()[0]) from None
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - text.rfind("\n", 0, bad.start())
        raise InputError(
            [
                Problem(
                    SourceRef(name, line, col),
                    "yaml.control_char",
                    {"char": f"U+{ord(bad.group()):04X}"},
                    "hint.control_char",
                )
            ]
        ) from None
    finally:
        loader.dispose()
    if builder.documents == 0 or builder.root is _EMPTY or builder.root is None:
        raise InputError.at(name, 1, 1, "yaml.empty")
    return Document(name, builder.root, builder.values, builder.keys, builder.raw)


#: Characters YAML does not allow in a file (control characters such as ESC or BEL, surrogates,
#: non-characters), sought only when a file fails: compiled then (by :func:`re.search`), not
#: on every start.
_NOT_YAML_CHAR = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
_CLOSING = {"[": "]", "{": "}"}


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, name: str) -> Problem:
    """A YAML syntax error in words for someone editing the file in Notepad: the usual
    mistakes get their own message and hint, at the place to fix; others keep libyaml's."""
    problem, context = exc.problem or "", exc.context or ""

    def at(mark: Any, code: str, hint: str | None = None, **params: Any) -> Problem:
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        return Problem(SourceRef(name, line, col), code, params, hint, params)

    def char(mark: Any) -> str:
        return _char_at(text, mark.line + 1, mark.column + 1) if mark is not None else ""

    here, start = exc.problem_mark or exc.context_mark, exc.context_mark or exc.problem_mark
    if char(here) == "\t" or "tab" in problem:
        return at(here, "yaml.tab")
    if "quoted scalar" in context and "end of stream" in problem:
        return at(start, "yaml.unclosed_quote", "hint.close_quote", quote=char(start))
    if "flow" in context and "expected ','" in problem.replace("did not find", ""):
        opening = char(start)
        return at(
            start, "yaml.unclosed_flow", "hint.close_flow", open=opening, close=_CLOSING.get(opening, "]")
        )
    if "escape" in problem or "hexdecimal" in problem:
        return at(here, "yaml.bad_escape", "hint.escape")
    if "cannot start any token" in problem or "mapping keys are not allowed" in problem:
        return at(here, "yaml.bad_start", "hint.quote", char=char(here))
    if "mapping values are not allowed" in problem and here is not None:
        before = _row(text, here.line + 1)[: here.column]
        if len(before.strip()) > 1024:  # YAML's limit for a key written without "? "
            return Problem(
                SourceRef(name, here.line + 1, len(before) - len(before.lstrip()) + 1),
                "yaml.long_key",
                {"limit": 1024},
            )
        if ": " not in before and not before.rstrip().endswith(":"):  # the line's first colon
            misplaced = _misindented(text, here.line + 1, continued=True)
            if misplaced is not None:
                return _indent_problem(name, misplaced)
        return at(here, "yaml.colon", "hint.colon")
    if "could not find expected ':'" in problem:
        return at(start, "yaml.missing_colon", "hint.missing_colon")
    if (
        "expected key" in problem or "expected <block end>" in problem or "'-' indicator" in problem
    ) and here is not None:
        if not _row(text, here.line + 1)[: here.column].strip():
            misplaced = _misindented(text, here.line + 1, continued=False)
            if misplaced is not None:
                return _indent_problem(name, misplaced)
            return at(here, "yaml.indent", "hint.indent")
        return at(here, "yaml.after_value", "hint.after_value")
    if "node content" in problem and char(here).strip():
        return at(here, "yaml.unexpected", "hint.quote", char=char(here))
    if "alias" in context or "anchor" in context:
        return at(start, "yaml.alias", "hint.alias")
    if "tag handle" in problem and here is not None:
        written = _row(text, here.line + 1)[here.column :].split()
        return at(here, "yaml.tag", tag=written[0] if written else "!")
    return at(here, "yaml.syntax", detail=problem or context or "syntax error")


def _indent_problem(name: str, where: tuple[int, int]) -> Problem:
    return Problem(SourceRef(name, *where), "yaml.indent", {}, "hint.indent")


_KEY = re.compile(
    r"^(?P<indent>[ ]*(?:-[ ]+)*)(?P<key>[^#\s][^:#]*?):(?:[ ]+(?P<value>[^#\s].*?))?[ ]*(?:#.*)?$"
)


def _content_above(rows: list[str], index: int) -> int | None:
    """The index of the nearest row above ``index`` with something on it (not only a comment)."""
    for i in range(index - 1, -1, -1):
        body = rows[i].strip()
        if body and not body.startswith("#"):
            return i
    return None


def _misindented(text: str, line: int, *, continued: bool) -> tuple[int, int] | None:
    """Where the indentation goes wrong, when a parse error at ``line`` (1-based) comes from a
    line indented differently from its neighbours: ``(line, column)`` of that line. Two cases:
    the line above (a ``key: value``) was moved left, so ``line`` reads as if it went on from
    that value; or ``line`` itself is indented further than the lines it belongs with. None
    when the error is not about indentation (``continued``: YAML read ``line`` as more of the
    value above, which also happens when the line above lacks its colon)."""
    rows = text.split("\n")
    e = line - 1
    if not 0 <= e < len(rows):
        return None
    p = _content_above(rows, e)
    above = _KEY.match(rows[p]) if p is not None else None
    if p is None or above is None or (continued and above.group("value") is None):
        return None  # nothing above, or a line without a colon above: not an indentation problem
    here = _KEY.match(rows[e])
    if here is None:
        return None
    k_here, k_above = len(here.group("indent")), len(above.group("indent"))
    if k_here > k_above:
        q = _content_above(rows, p)
        before = _KEY.match(rows[q]) if q is not None else None
        if before is not None:
            k_before = len(before.group("indent"))
            opens = before.group("value") is None
            if k_before >= k_here or (opens and k_above <= k_before < k_here):
                return (p + 1, len(rows[p]) - len(rows[p].lstrip(" ")) + 1)  # the line above moved left
    elif continued:
        return None
    return (line, len(rows[e]) - len(rows[e].lstrip(" ")) + 1)


def _row(text: str, line: int) -> str:
    """Line ``line`` (1-based) of ``text``, or "" past the end."""
    rows = text.split("\n", line)
    return rows[line - 1] if len(rows) >= line else ""


def _char_at(text: str, line: int, col: int) -> str:
    lines = text.split("\n", line)
    if len(lines) < line:
        return ""
    row = lines[line - 1]
    return row[col - 1] if 0 < col <= len(row) else ""


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


_EMPTY = object()
_SMALL_INTS = {str(i): i for i in range(10)}


#: The first characters of the plain scalars YAML 1.1 may read as other than text (the keys of
#: PyYAML's implicit resolvers: bool, float, int, merge, null, timestamp, value, yaml); a plain
#: scalar that starts otherwise is text. Of these, the letters start only the bool and null words.
_TYPED_FIRST = frozenset("yYnNtTfFoO~-+0123456789.<=!&*")
_WORD_FIRST = frozenset("yYnNtTfFoO")
_WORDS = frozenset(
    f(w)
    for w in ("yes", "no", "true", "false", "on", "off", "null")
    for f in (str.lower, str.title, str.upper)
)
_DECIMAL = re.compile(r"0|[1-9][0-9]*")
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def plain_scalar(value: str) -> Any:
    """The value of a plain (unquoted) scalar written ``value``, resolved as YAML 1.1 does
    (``4``, ``yes``, dates); a value too large or impossible stays text. Text, a whole number
    and a day are read here; anything else by PyYAML's resolver (imported then)."""
    small = _SMALL_INTS.get(value)
    if small is not None:  # the answers 1..5
        return small
    first = value[:1]
    if first and (first not in _TYPED_FIRST or (first in _WORD_FIRST and value not in _WORDS)):
        return value  # text: ``ja``, ``nei``, an id, a name
    if _DECIMAL.fullmatch(value):
        return int(value)
    day = _DAY.fullmatch(value)
    if day is not None:
        try:
            return dt.date(int(day[1]), int(day[2]), int(day[3]))
        except ValueError:
            return value  # no such day: text, as PyYAML's constructor leaves it
    return _resolved(value)


def _scalar(event: Any) -> Any:
    """A scalar's value: plain scalars resolved (:func:`plain_scalar`), quoted ones kept as text."""
    if event.implicit[0] and event.tag is None:
        return plain_scalar(event.value)
    return event.value


class _Builder:
    """Turns a stream of parser events into plain data with positions.

    One tight loop (this is the hot path of ``batch``): every node is placed in its parent
    as soon as it starts; a frame on the stack is ``[container, path, pending key, is_map]``.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.root: Any = _EMPTY
        self.documents = 0
        self.values: dict[Path_, tuple[int, int]] = {}
        self.keys: dict[Path_, tuple[int, int]] = {}
        self.raw: dict[Path_, str] = {}

    def _fail(self, event: Any, code: str, /, **params: Any) -> InputError:
        m = event.start_mark
        return InputError.at(self.name, m.line + 1, m.column + 1, code, **params)

    def run(self, get_event: Any) -> None:
        """Consume every event from ``get_event`` (libyaml's parser)."""
        import yaml

        _SCALAR, _MAPPING_START, _SEQUENCE_START = (
            yaml.ScalarEvent,
            yaml.MappingStartEvent,
            yaml.SequenceStartEvent,
        )
        _ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        values, keys, raw = self.values, self.keys, self.raw
        stack: list[list[Any]] = []
        nodes = 0
        while (event := get_event()) is not None:
            kind = event.__class__
            if kind is _SCALAR or kind is _MAPPING_START or kind is _SEQUENCE_START:
                if event.anchor is not None:
                    self._alias(event)
                tag = event.tag
                if (
                    tag is not None
                    and tag != "!"
                    and not (event.implicit[0] if kind is _SCALAR else event.implicit)
                ):
                    raise self._fail(event, "yaml.tag", tag=tag.replace("tag:yaml.org,2002:", "!!"))
                nodes += 1
                if nodes > MAX_NODES:
                    raise self._fail(event, "yaml.too_many_nodes", limit=MAX_NODES)
                mark = event.start_mark
                position = (mark.line + 1, mark.column + 1)
                if stack:
                    frame = stack[-1]
                    parent = frame[0]
                    if frame[3]:  # in a mapping: a key, or the value of the pending key
                        key = frame[2]
                        if key is None:
                            if kind is not _SCALAR:
                                raise self._fail(event, "yaml.complex_key")
                            key = event.value
                            path = frame[1] + (key,)
                            if key in parent or path in keys:
                                first = keys.get(path, (0, 0))[0]
                                raise self._fail(event, "yaml.duplicate_key", key=key, first=first)
                            keys[path] = position
                            frame[2] = key
                            continue
                        path = frame[1] + (key,)
                        frame[2] = None
                    else:
                        key = len(parent)
                        path = frame[1] + (key,)
                else:
                    parent, key, path = None, None, ()
                if kind is _SCALAR:
                    value = _scalar(event)
                    if value is True or value is False:
                        raw[path] = event.value
                else:
                    if len(stack) >= MAX_DEPTH:
                        raise self._fail(event, "yaml.too_deep", limit=MAX_DEPTH)
                    value = {} if kind is _MAPPING_START else []
                    stack.append([value, path, None, kind is _MAPPING_START])
                values[path] = position
                if parent is None:
                    self.root = value
                elif type(parent) is dict:
                    parent[key] = value
                else:
                    parent.append(value)
            elif kind in _ENDS:
                stack.pop()
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise self._fail(event, "yaml.many_documents")
            elif kind is yaml.AliasEvent:
                self._alias(event)

    def _alias(self, event: Any) -> None:
        m = event.start_mark
        raise InputError(
            [Problem(SourceRef(self.name, m.line + 1, m.column + 1), "yaml.alias", hint="hint.alias")]
        )
