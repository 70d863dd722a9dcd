"""An answer file's text, block by block: how ``assess`` saves in constant time.

A :class:`Layout` is the text of an answer file as a session last read or wrote it, with what
the safe reader reads in it (the model) and where each respondent's block stands: from the
line of its ``-`` to the next block's (its comments after it included), the last block up to
the next top-level key or the end. With it a save touches only its own lines:

* :func:`edit_entry` changes one respondent's status, answers and comments line by line
  (a value replaced after its key, a key inserted after the one before it in the rubric's
  order, a key deleted with its lines); everything else in the block (comments, blank
  placeholders, the layout) stays. :func:`append_entry` writes a new respondent after the
  last one; :func:`set_status` changes the file's ``status``.
* :func:`realigned` reads what other writers changed since: the blocks whose text is the
  same are kept as they were read, only the changed runs of blocks are read again.

Every change is verified before it is used (:func:`_region`): the new text of the blocks is
read alone by the safe reader, as the value of ``respondents:`` at the same indentation, and
checked against the file format and the rubric; an edit must read back as exactly the entry
meant. Such a run of blocks starts at a ``-`` at the sequence's column and is followed by a
line at that column or left of it (the next block, a top-level key) or by the end of the
file, so the reader reads it the same inside the file: the rest of the file reads as before.
The file's own limits (size, nodes, a respondent twice, ``complete`` with no answers) are
checked on the whole. When a change cannot be made or verified this way the functions
return None and the caller rewrites the file the slow way (ruamel.yaml's round trip).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from msgspec.structs import replace

from samarbeid.answerfile import AnswerFile, Identity, RespondentEntry
from samarbeid.errors import InputError
from samarbeid.load.answers import read_respondents
from samarbeid.parse import yamlread
from samarbeid.record import data_of, names
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import Status, Vocab

#: What the blocks are read under when they are read alone (one line: positions shift by one).
_WRAP = "respondents:\n"


def complete(entry: RespondentEntry, rubric: Rubric) -> bool:
    """Whether a respondent counts as done for the file's ``status``: by its own status, or,
    without one, by having answered every question of its role."""
    if entry.status is not None:
        return entry.status == Status.complete
    return all(entry.answers.get(q.id) is not None for q in rubric.questions_for(entry.role))


@dataclass(frozen=True)
class Blocks:
    """Respondents' blocks, in the file's order: each one's entry, where it starts (in the
    whole text, or in the text of a run of blocks), its YAML nodes, identity and whether it
    is complete."""

    entries: tuple[RespondentEntry, ...] = ()
    starts: tuple[int, ...] = ()
    counts: tuple[int, ...] = ()
    identities: tuple[Identity, ...] = ()
    done: tuple[bool, ...] = ()

    @staticmethod
    def joined(parts: Sequence[Blocks]) -> Blocks:
        """``parts`` one after the other."""
        chain = itertools.chain.from_iterable
        return Blocks(
            tuple(chain(p.entries for p in parts)),
            tuple(chain(p.starts for p in parts)),
            tuple(chain(p.counts for p in parts)),
            tuple(chain(p.identities for p in parts)),
            tuple(chain(p.done for p in parts)),
        )

    def part(self, first: int, last: int, shift: int = 0) -> Blocks:
        """Blocks ``first`` up to ``last``, their starts moved by ``shift``."""
        return Blocks(
            self.entries[first:last],
            tuple(s + shift for s in self.starts[first:last]) if shift else self.starts[first:last],
            self.counts[first:last],
            self.identities[first:last],
            self.done[first:last],
        )


def _blocks(entries: list[RespondentEntry], starts: list[int], counts: list[int], rubric: Rubric) -> Blocks:
    return Blocks(
        tuple(entries),
        tuple(starts),
        tuple(counts),
        tuple(e.identity for e in entries),
        tuple(complete(e, rubric) for e in entries),
    )


@dataclass(frozen=True)
class Layout:
    """An answer file's text, what it says, and where each respondent's block stands."""

    raw: bytes
    text: str
    model: AnswerFile
    blocks: Blocks
    #: where the last block ends: the line of the next top-level key, or the end of the text
    end: int
    #: the column of the blocks' ``-``, and of their keys
    indent: int
    key_indent: int
    #: YAML nodes in the whole file (the reader's node limit)
    nodes: int
    newline: str
    index: dict[Identity, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {who: i for i, who in enumerate(self.blocks.identities)})

    def span(self, i: int) -> tuple[int, int]:
        """Where block ``i`` stands in the text."""
        starts = self.blocks.starts
        return starts[i], starts[i + 1] if i + 1 < len(starts) else self.end

    def find(self, who: Identity) -> RespondentEntry | None:
        """The respondent ``who``, if the file has one."""
        i = self.index.get(who)
        return None if i is None else self.blocks.entries[i]


def layout(raw: bytes, loaded: AnswerFile, doc: yamlread.Document, rubric: Rubric) -> Layout | None:
    """The layout of a file the safe reader has read whole (``doc``, validated as
    ``loaded``); None when its respondents are not laid out as blocks this module edits
    (none yet, a flow sequence, an unusual line break)."""
    text = raw.decode("utf-8-sig")
    n = len(loaded.respondents)
    if not n or _odd_breaks(text) or doc.keys.get(("respondents",), (0, 0))[1] != 1:
        return None
    lines = _line_starts(text)
    starts, indent, key_indent = [], -1, 0
    for i in range(n):
        line, col = doc.values[("respondents", i)]
        start = lines[line - 1]
        dash = _dash_column(text[start : start + col - 1])
        if dash is None or indent not in (-1, dash):
            return None
        indent, key_indent = dash, key_indent or col - 1
        starts.append(start)
    last = doc.values[("respondents", n - 1)][0]
    after = [line for path, (line, _) in doc.keys.items() if len(path) == 1 and line > last]
    return Layout(
        raw,
        text,
        loaded,
        _blocks(list(loaded.respondents), starts, _node_counts(doc, n), rubric),
        lines[min(after) - 1] if after else len(text),
        indent,
        key_indent,
        len(doc.values) + len(doc.keys),
        "\r\n" if "\r\n" in text else "\n",
    )


def _odd_breaks(text: str) -> bool:
    """Whether ``text`` has a line break other than ``\\n`` and ``\\r\\n``: YAML counts them,
    Python's ``find`` does not, so lines would not be where the reader says."""
    return "\x85" in text or "\u2028" in text or "\u2029" in text or text.count("\r") != text.count("\r\n")


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _node_counts(doc: yamlread.Document, n: int) -> list[int]:
    """The YAML nodes (keys too) in each of the ``n`` respondents of ``doc``."""
    counts = [0] * n
    for table in (doc.values, doc.keys):
        for path in table:
            if len(path) > 1 and path[0] == "respondents":
                counts[path[1]] += 1  # type: ignore[index]
    return counts


def _dash_column(before: str) -> int | None:
    """The column of the ``-`` when ``before`` (a line up to a block's first key) is
    spaces, ``-`` and blanks; else None."""
    body = before.lstrip(" ")
    return len(before) - len(body) if body[:1] == "-" and not body[1:].strip(" \t") else None


# ---- verifying a run of blocks -------------------------------------------------------------


def _region(lay: Layout, text: str, rubric: Rubric) -> Blocks | None:
    """``text`` (whole lines, to stand where a run of blocks stood) read alone as the value of
    ``respondents:``; None when the reader refuses it, it holds anything but respondents, a
    respondent is not valid, or one does not start with a ``-`` at the blocks' column. The
    starts are offsets in ``text``."""
    if not text:
        return Blocks()
    if _odd_breaks(text):
        return None
    try:
        doc = yamlread.parse_text(_WRAP + text, "<respondents>")
    except InputError:
        return None
    data = doc.data
    if not isinstance(data, dict) or list(data) != ["respondents"]:
        return None
    if not isinstance(data["respondents"], list):
        return None
    entries = read_respondents(doc, rubric)
    if entries is None:
        return None
    lines = _line_starts(text)
    starts = []
    for i in range(len(entries)):
        line, col = doc.values[("respondents", i)]
        start = lines[line - 2]
        if _dash_column(text[start : start + col - 1]) != lay.indent:
            return None
        starts.append(start)
    return _blocks(entries, starts, _node_counts(doc, len(entries)), rubric)


def _spliced(lay: Layout, first: int, last: int, text: str, run: Blocks) -> Layout | None:
    """``lay`` with blocks ``first`` up to (not including) ``last`` replaced by ``text``, read
    as ``run``; None when the whole file would pass a limit of the reader."""
    x0, x1 = lay.span(first)[0], lay.span(last - 1)[1]
    shift = len(text) - (x1 - x0)
    n = len(lay.blocks.entries)
    blocks = Blocks.joined(
        [lay.blocks.part(0, first), run.part(0, len(run.entries), x0), lay.blocks.part(last, n, shift)]
    )
    return _within_limits(lay, lay.text[:x0] + text + lay.text[x1:], None, blocks, lay.end + shift)


def _within_limits(
    lay: Layout, text: str, raw: bytes | None, blocks: Blocks, end: int, status: Status | None = None
) -> Layout | None:
    """A new layout, once the whole file passes the limits the reader checks on the whole."""
    raw = text.encode("utf-8") if raw is None else raw
    nodes = lay.nodes - sum(lay.blocks.counts) + sum(blocks.counts)
    status = lay.model.status if status is None else status
    if len(raw) > yamlread.MAX_BYTES or nodes > yamlread.MAX_NODES:
        return None
    if len(set(blocks.identities)) < len(blocks.identities):
        return None  # a respondent twice
    answered = any(v is not None for e in blocks.entries for v in e.answers.values())
    if status is Status.complete and not answered:
        return None  # the reader refuses a complete file without answers
    model = replace(lay.model, respondents=list(blocks.entries), status=status)
    return Layout(raw, text, model, blocks, end, lay.indent, lay.key_indent, nodes, lay.newline)


# ---- what other writers changed ------------------------------------------------------------


def realigned(lay: Layout, raw: bytes, rubric: Rubric) -> Layout | None:
    """The layout of ``raw``, the file as another writer left it, from ``lay``: the head and the
    tail (outside the blocks) must be as they were; blocks whose text is the same are kept,
    each run of changed blocks is read again. None when that is not so (the caller reads the
    whole file)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    head, tail = lay.text[: lay.blocks.starts[0]], lay.text[lay.end :]
    end = len(text) - len(tail)
    if end < len(head) or not text.startswith(head) or not text.endswith(tail):
        return None
    cuts = [len(head)]
    marker = "\n" + " " * lay.indent + "-"
    while (found := text.find(marker, cuts[-1], end)) >= 0:
        cuts.append(found + 1)
    pieces = [text[a:b] for a, b in zip(cuts, [*cuts[1:], end], strict=True)]
    where: dict[str, int] = {}
    for j, piece in enumerate(pieces):
        where[piece] = -1 if piece in where else j  # a text twice is no anchor
    n = len(lay.blocks.entries)
    syncs: list[tuple[int, int]] = []
    for i in range(n):
        j = where.get(lay.text[slice(*lay.span(i))], -1)
        if j >= 0 and (not syncs or j > syncs[-1][1]):
            syncs.append((i, j))
    parts: list[Blocks] = []
    kept: tuple[int, int] | None = None  # the first of the blocks kept as they were, since the last run
    at_old, at_new = 0, 0
    for i, j in [*syncs, (n, len(pieces))]:
        if i > at_old or j > at_new:  # a run of changed blocks
            if kept is not None:
                parts.append(lay.blocks.part(kept[0], at_old, cuts[kept[1]] - lay.blocks.starts[kept[0]]))
                kept = None
            x0 = cuts[at_new] if at_new < len(cuts) else end
            x1 = cuts[j] if j < len(cuts) else end
            run = _region(lay, text[x0:x1], rubric)
            if run is None:
                return None
            parts.append(run.part(0, len(run.entries), x0))
        if i < n and kept is None:  # a block as it was, the first of a stretch of them
            kept = (i, j)
        at_old, at_new = i + 1, j + 1
    if kept is not None:
        parts.append(lay.blocks.part(kept[0], n, cuts[kept[1]] - lay.blocks.starts[kept[0]]))
    blocks = Blocks.joined(parts)
    if not blocks.entries:
        return None  # no block left to stand on
    return _within_limits(lay, text, raw, blocks, end)


# ---- writing a change in place -------------------------------------------------------------


@functools.lru_cache(maxsize=512, typed=True)  # 1 and True are not the same scalar
def scalar(value: Any) -> str | None:
    """``value`` as a YAML 1.1 scalar on one line, quoted where the safe reader would read it
    as something else (``no``, ``1:20``); None when it needs more than one line."""
    out = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, width=1 << 30, explicit_end=False)
    out = out.removesuffix("\n...\n").removesuffix("\n")
    return None if "\n" in out or "\r" in out else out


_Dumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass
class _Node:
    """A node of a block as the parser saw it: offsets in the block's text, the line of its
    start and of its last character, and its children."""

    start: int
    end: int
    line: int
    last: int
    kind: str  # "scalar", "map" or "seq"
    flow: bool = False
    style: str | None = None
    #: a mapping's entries by key (the key's node and the value's), in the text's order
    items: dict[str, tuple[_Node, _Node]] = field(default_factory=dict)
    children: list[_Node] = field(default_factory=list)


def _outline(text: str) -> _Node | None:
    """The one respondent in ``text`` (a block's lines) as nodes with offsets, or None."""
    loader = _Loader(_WRAP + text)
    try:
        events = []
        while (event := loader.get_event()) is not None:
            events.append(event)
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    try:
        root, _ = _node(events, 2, len(_WRAP))  # after the stream and the document
    except (ValueError, IndexError):
        return None
    seq = root.items.get("respondents", (None, None))[1] if root.kind == "map" else None
    if seq is None or seq.kind != "seq" or seq.flow or len(seq.children) != 1:
        return None
    return seq.children[0]


_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _node(events: list[Any], at: int, shift: int) -> tuple[_Node, int]:
    """The node whose first event is ``events[at]``, and the index after its last event."""
    event: Any = events[at]
    begin: Any = event.start_mark
    start, line = begin.index - shift, begin.line - 1
    if isinstance(event, yaml.ScalarEvent):
        end: Any = event.end_mark
        last = end.line - 1 - (1 if end.column == 0 and end.index > begin.index else 0)
        return _Node(start, end.index - shift, line, last, "scalar", style=event.style), at + 1
    if not isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
        raise ValueError(event)
    made = _Node(start, start, line, line, "map" if isinstance(event, yaml.MappingStartEvent) else "seq")
    made.flow = bool(event.flow_style)
    at += 1
    while not isinstance(events[at], (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
        if made.kind == "map":
            if not isinstance(events[at], yaml.ScalarEvent):
                raise ValueError(events[at])
            key_text = events[at].value
            key, at = _node(events, at, shift)
            value, at = _node(events, at, shift)
            made.items[key_text] = (key, value)
        else:
            value, at = _node(events, at, shift)
            made.children.append(value)
        made.last = max(made.last, value.last)
    closing: Any = events[at].end_mark
    if made.flow:
        made.end, made.last = closing.index - shift, closing.line - 1
    return made, at + 1


class _Edits:
    """Changes to a block's text, made against the text as it is and applied at once."""

    def __init__(self, text: str, lay: Layout) -> None:
        self.text = text
        self.lines = _line_starts(text)
        self.newline = lay.newline
        self.step = max(lay.key_indent - lay.indent, 1)
        self.changes: list[tuple[int, int, str]] = []

    def line_start(self, line: int) -> int:
        return self.lines[line] if line < len(self.lines) else len(self.text)

    def column(self, node: _Node) -> int:
        return node.start - self.lines[node.line]

    def after(self, node: _Node) -> int:
        """Where the line after ``node`` starts."""
        return self.line_start(node.last + 1)

    def applied(self) -> str:
        out, at = [], 0
        for start, end, text in sorted(self.changes, key=lambda c: (c[0], c[1])):
            out += [self.text[at:start], text]
            at = end
        return "".join([*out, self.text[at:]])

    def insert(self, at: int, lines: list[str]) -> None:
        self.changes.append((at, at, "".join(line + self.newline for line in lines)))

    def set_value(self, key: _Node, value: _Node, new: Any) -> bool:
        """Write ``new`` in place of a one-line scalar value (its comment stays)."""
        text = scalar(new)
        if text is None or value.kind != "scalar" or value.style in ("|", ">"):
            return False
        if not key.line == value.line == value.last:
            return False
        if value.start == value.end:  # an empty value: `q:` or `q:  # comment`
            self.changes.append((value.start, value.start, " " + text))
        else:
            self.changes.append((value.start, value.end, text))
        return True

    def delete(self, key: _Node, value: _Node) -> bool:
        """Take out a key with its value, when they have their lines to themselves."""
        rest = self.text[value.end : self.line_start(value.last + 1)].strip()
        if self.text[self.lines[key.line] : key.start].strip() or (rest and not rest.startswith("#")):
            return False
        self.changes.append((self.lines[key.line], self.line_start(value.last + 1), ""))
        return True

    def line(self, indent: int, key: str, value: Any) -> str | None:
        k, v = scalar(key), scalar(value)
        return None if k is None or v is None else f"{' ' * indent}{k}: {v}"

    def lines_of(self, indent: int, values: dict[str, Any]) -> list[str] | None:
        out = [self.line(indent, k, v) for k, v in values.items()]
        return None if None in out else [x for x in out if x is not None]

    def mapping(
        self, entry: _Node, name: str, old: dict[str, Any], new: dict[str, Any], order: list[str]
    ) -> bool:
        """Make the mapping ``name`` of ``entry`` say ``new`` instead of ``old``."""
        if old == new:
            return True
        rank = {q: i for i, q in enumerate(order)}
        item = entry.items.get(name)
        if item is None:
            children = self.lines_of(self.column(entry) + self.step, new)
            if children is None:
                return False
            return self.add_key(entry, name, f"{' ' * self.column(entry)}{name}:", children)
        key, value = item
        if value.kind == "map" and not value.flow and value.items:
            kept = [q for q in value.items if q in new]
            for q, (k, v) in value.items.items():
                if q not in new and not self.delete(k, v):
                    return False
                if q in new and old.get(q) != new[q] and not self.set_value(k, v, new[q]):
                    return False
            if not kept and not new:  # the last one deleted: an empty mapping, as written new
                if self.text[key.end : key.end + 1] != ":":
                    return False
                self.changes.append((key.end + 1, key.end + 1, " {}"))
                return True
            indent = self.column(next(iter(value.items.values()))[0])
            for q in sorted((q for q in new if q not in value.items), key=lambda q: rank.get(q, len(rank))):
                before = [p for p in kept if rank.get(p, len(rank)) < rank.get(q, len(rank))]
                at = (
                    self.after(value.items[max(before, key=lambda p: rank.get(p, len(rank)))][1])
                    if before
                    else self.lines[next(iter(value.items.values()))[0].line]
                )
                line = self.line(indent, q, new[q])
                if line is None:
                    return False
                self.insert(at, [line])
            return True
        empty = value.kind == "map" and value.flow and not value.items
        empty = empty or (value.kind == "scalar" and self.text[value.start : value.end] in ("", "~", "null"))
        if not empty or key.line != value.line or self.text[key.end : value.start].strip() != ":":
            return False
        children = self.lines_of(self.column(key) + self.step, new)
        if children is None:
            return False
        self.changes.append((key.end, value.end, ":"))
        self.insert(self.line_start(key.line + 1), children)
        return True

    def add_key(self, entry: _Node, name: str, first: str, more: list[str]) -> bool:
        """Insert a key missing from ``entry`` after the one before it in the format's order."""
        fields = names(RespondentEntry)
        before = [k for k in entry.items if k in fields and fields.index(k) < fields.index(name)]
        if not before:
            return False
        self.insert(self.after(entry.items[before[-1]][1]), [first, *more])
        return True


def edit_entry(lay: Layout, i: int, wanted: RespondentEntry, rubric: Rubric) -> Layout | None:
    """``lay`` with respondent ``i`` changed to ``wanted`` (its status, answers and comments)
    in its own lines; None when that cannot be done or verified here."""
    x0, x1 = lay.span(i)
    text = lay.text[x0:x1]
    if not text.endswith("\n"):
        text += lay.newline
    entry = _outline(text)
    if entry is None or entry.kind != "map" or entry.flow:
        return None
    old = lay.blocks.entries[i]
    edits = _Edits(text, lay)
    order = [q.id for q in rubric.questions]
    if old.status != wanted.status and wanted.status is not None:
        item = entry.items.get("status")
        status = str(wanted.status.value)
        line = edits.line(edits.column(entry), "status", status)
        if item is not None:
            done = edits.set_value(*item, status)
        else:
            done = line is not None and edits.add_key(entry, "status", line, [])
        if not done:
            return None
    if not edits.mapping(entry, "answers", old.answers, wanted.answers, order):
        return None
    if not edits.mapping(entry, "comments", old.comments, wanted.comments, order):
        return None
    new_text = edits.applied()
    run = _region(lay, new_text, rubric)
    if run is None or run.entries != (wanted,):
        return None
    return _spliced(lay, i, i + 1, new_text, run)


def append_entry(lay: Layout, wanted: RespondentEntry, rubric: Rubric) -> Layout | None:
    """``lay`` with the new respondent ``wanted`` written after the last one."""
    last = len(lay.blocks.entries) - 1
    x0, x1 = lay.span(last)
    text = lay.text[x0:x1]
    if not text.endswith("\n"):
        text += lay.newline
    edits = _Edits("", lay)
    lines = []
    data = {k: str(v) if isinstance(v, Vocab) else v for k, v in data_of(wanted).items() if v is not None}
    for name, value in data.items():
        if isinstance(value, dict):
            children = edits.lines_of(lay.key_indent + edits.step, value)
            if children is None:
                return None
            lines += [f"{' ' * lay.key_indent}{name}:{'' if value else ' {}'}", *children]
        else:
            line = edits.line(lay.key_indent, name, value)
            if line is None:
                return None
            lines.append(line)
    dash = " " * lay.indent + "-" + " " * (lay.key_indent - lay.indent - 1)
    lines[0] = dash + lines[0][lay.key_indent :]
    new_text = text + "".join(line + lay.newline for line in lines)
    run = _region(lay, new_text, rubric)
    if run is None or run.entries != (lay.blocks.entries[last], wanted):
        return None
    return _spliced(lay, last, last + 1, new_text, run)


def set_status(lay: Layout, status: Status) -> Layout | None:
    """``lay`` with the file's ``status`` set, on its line above the respondents."""
    head = lay.text[: lay.blocks.starts[0]]
    loader = _Loader(head)
    try:
        events = []
        while (event := loader.get_event()) is not None:
            events.append(event)
        root, _ = _node(events, 2, 0)
        before = yamlread.parse_text(head, "<head>").data
    except (yaml.YAMLError, ValueError, IndexError, InputError):
        return None
    finally:
        loader.dispose()
    item = root.items.get("status") if root.kind == "map" else None
    edits = _Edits(head, lay)
    if item is None or not edits.set_value(*item, str(status.value)):
        return None
    new_head = edits.applied()
    try:
        after = yamlread.parse_text(new_head, "<head>").data
    except InputError:
        return None
    if not isinstance(before, dict) or after != {**before, "status": str(status.value)}:
        return None
    shift = len(new_head) - len(head)
    blocks = lay.blocks.part(0, len(lay.blocks.entries), shift)
    return _within_limits(lay, new_head + lay.text[len(head) :], None, blocks, lay.end + shift, status)
