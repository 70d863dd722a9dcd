"""Read one YAML document safely, keeping the source position of every key and value.

Only plain data is accepted: mappings, sequences and scalars. Anchors, aliases, tags,
duplicate keys, several documents, deep nesting and very large files are refused with a
positioned error before any object graph is built, so a hostile file stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from samarbeid.errors import InputError, SourceRef

try:  # libyaml's C parser when present: several times faster
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 100_000

Path_ = tuple[str | int, ...]

_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_CONSTRUCT = {
    "tag:yaml.org,2002:null": lambda node: None,
    "tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool,
    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": _CONSTRUCTOR.construct_yaml_timestamp,
}


@dataclass(frozen=True)
class Document:
    """A parsed YAML document: plain Python data and where each part stands."""

    file: str
    data: Any
    values: dict[Path_, tuple[int, int]]
    keys: dict[Path_, tuple[int, int]]
    #: the text as written, for scalars read as true/false (``yes``, ``on``, …)
    raw: dict[Path_, str]

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


def read_file(path: Path, display: str | None = None) -> Document:
    """Read and parse ``path``; every failure is an :class:`InputError`."""
    name = display if display is not None else str(path)
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise InputError.at(name, 1, 1, "file.is_dir") from None
    except FileNotFoundError:
        raise InputError.at(name, 1, 1, "file.not_found") from None
    except OSError as exc:
        raise InputError.at(name, 1, 1, "file.unreadable", reason=exc.strerror or str(exc)) from None
    return parse_bytes(raw, name)


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text (a BOM is fine); anything else is a clear error."""
    if len(raw) > MAX_BYTES:
        raise InputError.at(name, 1, 1, "file.too_large", limit=MAX_BYTES // 1024)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.at(name, 1, 1, "file.utf16")
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _byte_position(raw, nul)
        raise InputError.at(name, line, col, "file.binary")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(raw, exc.start)
        raise InputError.at(name, line, col, "file.not_utf8") from None


def parse_bytes(raw: bytes, name: str) -> Document:
    """Decode and parse bytes read from ``name``."""
    return parse_text(decode(raw, name), name)


#: Text with none of these can hold no anchor, alias or tag, and is read on the fast path.
#: (``- - - x`` nests on one line: a long run of indicators counts like deep indentation,
#: which keeps libyaml's recursive composer far from the C stack's end)
_SPECIAL = re.compile(rf"[&*!]|^[ ?:-]{{{MAX_DEPTH}}}", re.MULTILINE)
FAST_PATH_MAX_CHARS = 256 * 1024


def parse_text(text: str, name: str) -> Document:
    """Parse one YAML document from text.

    Ordinary answer files (small, no ``& * !``, shallow) are composed by libyaml in C and
    walked once; anything else, and every file with an error, goes through the event-based
    reader, which refuses hostile constructs before building anything.
    """
    if len(text) <= FAST_PATH_MAX_CHARS and text.count("[") + text.count("{") < MAX_DEPTH \
            and _SPECIAL.search(text) is None:
        try:
            return _fast(text, name)
        except (yaml.YAMLError, _NotSimple):
            pass  # the careful reader gives the positioned error
    return _careful(text, name)


class _NotSimple(Exception):
    """The fast path met something only the careful reader handles."""


def _fast(text: str, name: str) -> Document:
    root = yaml.compose(text, Loader=_Loader)
    if root is None:
        raise _NotSimple
    values: dict[Path_, tuple[int, int]] = {}
    keys: dict[Path_, tuple[int, int]] = {}
    raw: dict[Path_, str] = {}

    def walk(node: Any, path: Path_) -> Any:
        mark = node.start_mark
        values[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            construct = _CONSTRUCT.get(node.tag)
            if construct is None:
                if node.tag != "tag:yaml.org,2002:str":
                    raise _NotSimple
                return node.value
            try:
                value = construct(node)
            except (ValueError, OverflowError):  # 2024-13-45, a 5000-digit number: kept as text
                raise _NotSimple from None
            if isinstance(value, bool):
                raw[path] = node.value
            return value
        if len(path) >= MAX_DEPTH:  # the careful reader gives the positioned error
            raise _NotSimple
        if isinstance(node, yaml.SequenceNode):
            return [walk(item, (*path, i)) for i, item in enumerate(node.value)]
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _NotSimple
            key = key_node.value
            if key in mapping:
                raise _NotSimple
            kmark = key_node.start_mark
            keys[path + (key,)] = (kmark.line + 1, kmark.column + 1)  # noqa: RUF005 (mypy misreads (*a, b) here)
            mapping[key] = walk(value_node, (*path, key))
        return mapping

    data = walk(root, ())
    if data is None:
        raise _NotSimple
    return Document(name, data, values, keys, raw)


def _careful(text: str, name: str) -> Document:
    builder = _Builder(name)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = exc.problem or exc.context or "syntax error"
        if _char_at(text, line, col) == "\t" or "tab" in detail:
            raise InputError.at(name, line, col, "yaml.tab") from None
        raise InputError.at(name, line, col, "yaml.syntax", detail=detail) from None
    except yaml.YAMLError as exc:  # reader errors (control characters) and the like
        raise InputError.at(name, 1, 1, "yaml.syntax", detail=str(exc).splitlines()[0]) from None
    if builder.documents == 0 or builder.root is _EMPTY or builder.root is None:
        raise InputError.at(name, 1, 1, "yaml.empty")
    return Document(name, builder.root, builder.values, builder.keys, builder.raw)


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


class _Builder:
    """Turns a stream of parser events into plain data with positions."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.root: Any = _EMPTY
        self.documents = 0
        self.values: dict[Path_, tuple[int, int]] = {}
        self.keys: dict[Path_, tuple[int, int]] = {}
        self.raw: dict[Path_, str] = {}
        # each frame: [container, path, pending key (mappings only)]
        self.stack: list[list[Any]] = []
        self.nodes = 0

    def _fail(self, event: Any, code: str, /, **params: Any) -> InputError:
        m = event.start_mark
        return InputError.at(self.name, m.line + 1, m.column + 1, code, **params)

    def feed(self, event: Any) -> None:
        kind = type(event)
        if kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise self._fail(event, "yaml.many_documents")
            return
        if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
            return
        if kind is yaml.AliasEvent or getattr(event, "anchor", None) is not None:
            raise self._fail(event, "yaml.alias")
        if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            done, done_path, _ = self.stack.pop()
            self._place(done, done_path, event, done=True)
            return
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._fail(event, "yaml.too_many_nodes", limit=MAX_NODES)
        tag = event.tag
        if tag is not None and tag != "!":
            implicit = event.implicit[0] if kind is yaml.ScalarEvent else event.implicit
            if not implicit:
                raise self._fail(event, "yaml.tag", tag=tag.replace("tag:yaml.org,2002:", "!!"))
        if kind is yaml.ScalarEvent:
            frame = self.stack[-1] if self.stack else None
            if frame is not None and isinstance(frame[0], dict) and frame[2] is None:
                self._key(frame, event)
                return
            self._place(self._scalar(event), None, event, done=False)
            return
        if len(self.stack) >= MAX_DEPTH:
            raise self._fail(event, "yaml.too_deep", limit=MAX_DEPTH)
        container: Any = {} if kind is yaml.MappingStartEvent else []
        path = self._child_path(event)
        m = event.start_mark
        self.values[path] = (m.line + 1, m.column + 1)
        self.stack.append([container, path, None])

    def _child_path(self, event: Any) -> Path_:
        if not self.stack:
            return ()
        container, path, key = self.stack[-1]
        if isinstance(container, dict):
            if key is None:  # a mapping or sequence used as a key
                raise self._fail(event, "yaml.complex_key")
            return (*path, key)
        return (*path, len(container))

    def _key(self, frame: list[Any], event: Any) -> None:
        container, path, _ = frame
        key = event.value
        if key in container or (*path, key) in self.keys:
            first = self.keys.get((*path, key), (0, 0))[0]
            raise self._fail(event, "yaml.duplicate_key", key=key, first=first)
        m = event.start_mark
        self.keys[path + (key,)] = (m.line + 1, m.column + 1)  # noqa: RUF005 (mypy misreads (*a, b) here)
        frame[2] = key

    def _scalar(self, event: Any) -> Any:
        if event.implicit[0] and event.tag is None:
            tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, (True, False))  # type: ignore[no-untyped-call]
            construct = _CONSTRUCT.get(tag)
            if construct is not None:
                try:
                    return construct(yaml.ScalarNode(tag, event.value))
                except (ValueError, OverflowError):
                    return event.value
        return event.value

    def _place(self, value: Any, path: Path_ | None, event: Any, *, done: bool) -> None:
        if not self.stack:
            self.root = value
            if path is None:
                m = event.start_mark
                self.values[()] = (m.line + 1, m.column + 1)
            return
        frame = self.stack[-1]
        container, parent, key = frame
        path = (*parent, key) if isinstance(container, dict) else (*parent, len(container))
        if not done:
            m = event.start_mark
            self.values[path] = (m.line + 1, m.column + 1)
            if isinstance(value, bool):
                self.raw[path] = event.value
        if isinstance(container, dict):
            container[key] = value
            frame[2] = None
        else:
            container.append(value)
