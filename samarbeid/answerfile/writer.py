"""The one writer of the answer-file format, used by ``init`` and ``assess``.

* :func:`blank` is the file ``samarbeid init`` writes: every question of the chosen roles as
  an empty placeholder, with comments on the scales, the wording and the schema line.
* :func:`save` writes the respondents of an ``assess`` session into a file. An existing file
  is read with the safe reader (:mod:`samarbeid.yamlread` and :mod:`samarbeid.load`) first;
  only once it has passed is it rewritten with ruamel.yaml's round-trip mode, which keeps the
  user's comments, the schema line, the layout and everything outside the session's blocks.
  The text about to be written is read back with the safe reader and must say exactly what
  the session means; if it does not, the file is written plainly instead (without comments,
  but never wrong).

The key order of the format is the field order of the models in :mod:`samarbeid.answerfile`;
answers and comments follow the rubric's order.
"""

from __future__ import annotations

import enum
import io
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from samarbeid.answerfile import AnswerFile, RespondentEntry
from samarbeid.errors import InputError
from samarbeid.fileio import write_atomic
from samarbeid.load import load_bytes
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import Role, Status

#: The schema file the blank file's first line points editors to.
SCHEMA_FILE = "samarbeid-answers.schema.json"

Value = int | str

_DIRECTIVE = "%YAML 1.1\n---\n"


def blank(rubric: Rubric, roles: Sequence[str], *, project_id: str, lang: str) -> str:
    """The text of a blank answer file for ``roles``: ``samarbeid init``'s output."""
    from samarbeid.render.templated import render_named

    text = render_named(
        "answers.yaml.j2",
        lang,
        rubric=rubric,
        roles=list(roles),
        project_id=project_id,
        schema_file=SCHEMA_FILE,
    )
    return text if text.endswith("\n") else text + "\n"


@dataclass
class Block:
    """One respondent as an ``assess`` session writes it."""

    role: Role | str
    unit: str | None
    name: str | None
    status: Status | str
    answers: Mapping[str, Value] = field(default_factory=dict)
    comments: Mapping[str, str] = field(default_factory=dict)

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """Like :attr:`samarbeid.load.Response.identity` (a session is never an imported respondent)."""
        return (str(self.role), _norm(self.unit), _norm(self.name), "")


def _norm(text: str | None) -> str:
    return (text or "").strip().casefold()


def _identity(entry: RespondentEntry) -> tuple[str, str, str, str]:
    return (str(entry.role), _norm(entry.unit), _norm(entry.name), entry.source or "")


def save(path: Path, blocks: Sequence[Block], rubric: Rubric, *, model: AnswerFile) -> AnswerFile:
    """Write ``blocks`` into the answer file at ``path`` (atomically) and return what the file
    now holds.

    When ``path`` exists it is read, checked with the safe reader (an invalid file raises
    :class:`~samarbeid.errors.InputError` and is left alone) and rewritten in place: the
    respondents of ``blocks`` get their answers, comments and status, everything else is kept,
    comments included. When it does not, the file is written from ``model`` (the project's
    details and any respondents known before)."""
    try:
        raw: bytes | None = path.read_bytes()
    except FileNotFoundError:
        raw = None
    if raw is not None:
        model = load_bytes(raw, str(path), rubric).model
    text = updated(
        raw.decode("utf-8-sig") if raw is not None else None, model, blocks, rubric, name=str(path)
    )
    write_atomic(path, text)
    return AnswerFile.model_validate(document(model, blocks, rubric))


def updated(
    text: str | None, model: AnswerFile, blocks: Sequence[Block], rubric: Rubric, *, name: str = "<answers>"
) -> str:
    """The new text of an answer file: ``text`` (already validated as ``model``) with the
    respondents of ``blocks`` written in; ``text`` None makes a new file from ``model``."""
    data = document(model, blocks, rubric)
    if text is not None:
        try:
            new = _round_trip(text, model, blocks, rubric)
        except Exception:  # an unusual layout ruamel.yaml cannot keep: write plainly
            new = None
        if new is not None and _reads_as(new, data, rubric, name):
            return new
    return _dump(data)


# ---- the file as plain data ---------------------------------------------------------------


def document(model: AnswerFile, blocks: Sequence[Block], rubric: Rubric) -> dict[str, Any]:
    """The answer file as plain data in the format's key order: the respondents of ``blocks``
    carry their answers and status; everything else in ``model`` (other respondents, accepted
    risks) stays. Blank placeholders (no value) are left out."""
    out_blocks: list[dict[str, Any]] = []
    placed: set[int] = set()
    for entry in model.respondents:
        k = _match(entry, blocks, placed)
        if k is None:
            out_blocks.append(
                _fields(
                    entry,
                    {
                        "answers": {q: v for q, v in entry.answers.items() if v is not None},
                        "comments": {q: c for q, c in entry.comments.items() if c},
                    },
                )
            )
        else:
            placed.add(k)
            out_blocks.append(_fields(entry, _ours(blocks[k], rubric)))
    for k, block in enumerate(blocks):
        if k not in placed:
            out_blocks.append(_fields(None, _ours(block, rubric)))
    data: dict[str, Any] = _plain(
        _fields(model, {"status": file_status(model, blocks, rubric), "respondents": out_blocks})
    )
    return data


def _plain(value: Any) -> Any:
    """``value`` with every vocabulary member (``Role.kommune``) as its plain id."""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def file_status(model: AnswerFile, blocks: Sequence[Block], rubric: Rubric) -> Status:
    """``complete`` when every respondent is: the session's by their status, the others by
    theirs (or, without one, by having answered every question)."""
    complete: list[bool] = []
    placed: set[int] = set()
    for entry in model.respondents:
        k = _match(entry, blocks, placed)
        if k is None:
            complete.append(
                entry.status == Status.complete
                or (
                    entry.status is None
                    and all(entry.answers.get(q.id) is not None for q in rubric.questions_for(entry.role))
                )
            )
        else:
            placed.add(k)
            complete.append(blocks[k].status == Status.complete)
    complete += [b.status == Status.complete for k, b in enumerate(blocks) if k not in placed]
    return Status.complete if complete and all(complete) else Status.in_progress


def _match(entry: RespondentEntry, blocks: Sequence[Block], placed: set[int]) -> int | None:
    k = next((i for i, b in enumerate(blocks) if b.identity == _identity(entry)), None)
    return None if k is None or k in placed else k


def _in_rubric_order(mapping: Mapping[str, Any], rubric: Rubric) -> dict[str, Any]:
    order = {q.id: i for i, q in enumerate(rubric.questions)}
    return {k: mapping[k] for k in sorted(mapping, key=lambda q: order.get(q, len(order)))}


def _ours(block: Block, rubric: Rubric) -> dict[str, Any]:
    return {
        "role": str(block.role),
        "unit": block.unit,
        "name": block.name,
        "status": str(block.status),
        "answers": _in_rubric_order(block.answers, rubric),
        "comments": _in_rubric_order(block.comments, rubric),
    }


def _fields(model: BaseModel | None, override: dict[str, Any]) -> dict[str, Any]:
    """A model as plain data in its fields' order, with ``override`` applied; fields that
    are None or left at their default are left out (``answers`` and ``comments`` stay)."""
    kind: type[BaseModel] = type(model) if model is not None else RespondentEntry
    data = model.model_dump(exclude_defaults=True) if model is not None else {}
    out: dict[str, Any] = {}
    for name in kind.model_fields:
        value = override[name] if name in override else data.get(name)
        if value is not None:
            out[name] = value
    return out


# ---- YAML text ----------------------------------------------------------------------------


def _yaml(mapping: int = 2, offset: int = 2) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    # The safe reader is YAML 1.1: strings like ``no``, ``on`` or ``1:20`` must be quoted.
    yaml.version = (1, 1)
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long comment over several lines
    yaml.indent(mapping=mapping, sequence=mapping + offset, offset=offset)
    return yaml


def _text(yaml: Any, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    text = out.getvalue()
    return text.removeprefix(_DIRECTIVE)


def _dump(data: dict[str, Any]) -> str:
    """Plain data as the text of a new answer file, laid out like ``samarbeid init``'s."""
    return _text(_yaml(), data)


def _indents(text: str) -> tuple[int, int]:
    """The file's mapping indent and the offset of its ``-`` under a key (``init``: 2 and 2;
    PyYAML's dumper: 2 and 0)."""
    mapping, offset = None, None
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for above, line in itertools.pairwise(lines):
        if not above.rstrip().endswith(":") or above.startswith((" ", "-")):
            continue
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        if body.startswith("- "):
            offset = indent if offset is None else offset
        elif indent and mapping is None:
            mapping = indent
    return (mapping or 2, offset if offset is not None else 2)


def _round_trip(text: str, model: AnswerFile, blocks: Sequence[Block], rubric: Rubric) -> str | None:
    """``text`` with the session's blocks written in, keeping comments and layout; None when
    the document is not laid out as expected."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = _yaml(*_indents(text))
    doc = yaml.load(text)
    if not isinstance(doc, CommentedMap):
        return None
    file_order = list(AnswerFile.model_fields)
    seq = doc.get("respondents")
    if seq is None:
        seq = CommentedSeq()
        _put(doc, "respondents", seq, file_order)
    if not isinstance(seq, CommentedSeq) or len(seq) != len(model.respondents):
        return None
    if blocks:
        seq.fa.set_block_style()
    placed: set[int] = set()
    for i, entry in enumerate(model.respondents):
        k = _match(entry, blocks, placed)
        if k is not None:
            placed.add(k)
            if not isinstance(seq[i], CommentedMap):
                return None
            _update_block(seq[i], blocks[k], rubric)
    for k, block in enumerate(blocks):
        if k not in placed:
            seq.append(CommentedMap(_ours_new(block, rubric)))
    status = str(file_status(model, blocks, rubric))
    if doc.get("status") != status:
        _put(doc, "status", status, file_order)
    return _text(yaml, doc)


def _ours_new(block: Block, rubric: Rubric) -> dict[str, Any]:
    return {k: v for k, v in _ours(block, rubric).items() if v is not None}


def _update_block(entry: Any, block: Block, rubric: Rubric) -> None:
    """Write the session's status, answers and comments into one respondent's mapping; the
    answers and comments that stay the same, and blank placeholders, are left as they are."""
    from ruamel.yaml.comments import CommentedMap

    entry_order = list(RespondentEntry.model_fields)
    questions = [q.id for q in rubric.questions]
    if entry.get("status") != str(block.status):
        _put(entry, "status", str(block.status), entry_order)
    for key, wanted in (("answers", block.answers), ("comments", block.comments)):
        current = entry.get(key)
        if current is None:
            if not wanted:
                continue
            current = CommentedMap()
            _put(entry, key, current, entry_order)
        for qid in [q for q, v in current.items() if v is not None and q not in wanted]:
            del current[qid]  # a comment deleted in the session (or an answer replaced)
        for qid, value in _in_rubric_order(wanted, rubric).items():
            if qid not in current or current[qid] != value:
                _put(current, qid, value, questions)
        if len(current):
            current.fa.set_block_style()


def _put(mapping: Any, key: str, value: Any, order: Sequence[str]) -> None:
    """Set ``key`` in a round-trip mapping: in place when it is there (its comment stays),
    else inserted after the last key that comes before it in ``order``."""
    if key in mapping:
        mapping[key] = value
        return
    rank = {k: i for i, k in enumerate(order)}
    mine = rank.get(key, len(order))
    position = 0
    for i, existing in enumerate(mapping):
        if rank.get(existing, len(order)) < mine:
            position = i + 1
    mapping.insert(position, key, value)


def _reads_as(text: str, data: dict[str, Any], rubric: Rubric, name: str) -> bool:
    """Whether the safe reader reads ``text`` as ``data`` (blank placeholders aside)."""
    try:
        got = load_bytes(text.encode("utf-8"), name, rubric).model
    except InputError:
        return False
    return _meaning(got) == _meaning(AnswerFile.model_validate(data))


def _meaning(model: AnswerFile) -> dict[str, Any]:
    data = model.model_dump()
    for entry in data["respondents"]:
        entry["answers"] = {q: v for q, v in entry["answers"].items() if v is not None}
        entry["comments"] = {q: c for q, c in entry["comments"].items() if c}
    return data
