"""The one writer of the answer-file format, used by ``init`` and ``assess``.

* :func:`blank` is the file ``samarbeid init`` writes: every question of the chosen roles as
  an empty placeholder, with comments on the scales, the wording and the schema line.
* :func:`save` writes the respondents of an ``assess`` session into a file. An existing file
  is read with the safe reader (:mod:`samarbeid.yamlread` and :mod:`samarbeid.load`) first;
  only once it has passed is it rewritten with ruamel.yaml's round-trip mode, which keeps the
  user's comments, the schema line, the layout and everything outside the session's blocks.
  The text about to be written is read back with the safe reader and must say exactly what
  the session means; if it does not, the file is written plainly instead (without comments,
  but never wrong). A text the safe reader would refuse (one of the limits in
  :mod:`samarbeid.yamlread` passed) is never written: :class:`Unsavable`.
* :class:`SharedFile` is an answer file that several ``assess`` sessions (and a person with
  an editor) may write at the same time: each save holds a lock around read, merge and write,
  merges the session's blocks into the file as it is now, and stops (:class:`BlockChanged`)
  rather than overwrite a change made elsewhere to the session's own block. A respondent is
  claimed by one session at a time (:class:`InUse`). Writes go through a symlink to its
  target.

The key order of the format is the field order of the models in :mod:`samarbeid.answerfile`;
answers and comments follow the rubric's order.
"""

from __future__ import annotations

import enum
import hashlib
import io
import itertools
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from samarbeid.answerfile import AnswerFile, RespondentEntry
from samarbeid.errors import InputError, Problem, SamarbeidError, UsageError
from samarbeid.fileio import os_reason, write_atomic
from samarbeid.load import load_bytes
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import Phase as PhaseId
from samarbeid.vocab import Role, Status

#: The schema file the blank file's first line points editors to.
SCHEMA_FILE = "samarbeid-answers.schema.json"

Value = int | str

_DIRECTIVE = "%YAML 1.1\n---\n"


def blank(rubric: Rubric, roles: Sequence[str], *, project_id: str, lang: str) -> str:
    """The text of a blank answer file for ``roles``: ``samarbeid init``'s output."""
    from samarbeid.i18n import t
    from samarbeid.render.templated import render_named

    text = render_named(
        "answers.yaml.j2",
        lang,
        rubric=rubric,
        roles=list(roles),
        project_id=project_id,
        schema_file=SCHEMA_FILE,
        phases=[t(f"phase.{p}", lang) for p in PhaseId],  # every one a word the reader takes
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
    """Write ``blocks`` into the answer file at ``path`` (atomically, through a symlink) and
    return what the file now holds.

    When ``path`` exists it is read, checked with the safe reader (an invalid file raises
    :class:`~samarbeid.errors.InputError` and is left alone) and rewritten in place: the
    respondents of ``blocks`` get their answers, comments and status, everything else is kept,
    comments included. When it does not, the file is written from ``model`` (the project's
    details and any respondents known before). No lock and no check of the session's own
    blocks: ``assess`` saves through :class:`SharedFile`."""
    target = target_of(path)
    try:
        raw: bytes | None = target.read_bytes()
    except FileNotFoundError:
        raw = None
    if raw is not None:
        model = load_bytes(raw, str(path), rubric).model
    text, now = _checked(
        raw.decode("utf-8-sig") if raw is not None else None, model, blocks, rubric, str(path)
    )
    write_atomic(target, text)
    return now


def updated(
    text: str | None, model: AnswerFile, blocks: Sequence[Block], rubric: Rubric, *, name: str = "<answers>"
) -> str:
    """The new text of an answer file: ``text`` (already validated as ``model``) with the
    respondents of ``blocks`` written in; ``text`` None makes a new file from ``model``.

    Raises :class:`Unsavable` when the result is a file the safe reader would refuse."""
    return _checked(text, model, blocks, rubric, name)[0]


def _checked(
    text: str | None, model: AnswerFile, blocks: Sequence[Block], rubric: Rubric, name: str
) -> tuple[str, AnswerFile]:
    """The new text and what the safe reader reads in it. The round-trip rewrite is tried
    first, then the plain one; each is read back with the safe reader (every limit of
    :mod:`samarbeid.yamlread` and every check of :mod:`samarbeid.load`) and must say exactly
    what the session means."""
    data = document(model, blocks, rubric)
    candidates: list[str] = []
    if text is not None:
        try:
            new = _round_trip(text, model, blocks, rubric)
        except Exception:  # an unusual layout ruamel.yaml cannot keep: write plainly
            new = None
        if new is not None:
            candidates.append(new)
    candidates.append(_dump(data))
    wanted = meaning(AnswerFile.model_validate(data))
    problems: list[Problem] = []
    for candidate in candidates:
        try:
            got = load_bytes(candidate.encode("utf-8"), name, rubric).model
        except InputError as exc:
            problems = exc.problems
            continue
        if meaning(got) == wanted:
            return candidate, got
    raise Unsavable(name, problems)


class Unsavable(SamarbeidError):
    """The file as it would be written is one the safe reader refuses (a size or node limit,
    say): it is not written. ``problems`` are the reader's (empty when the text read back
    means something else, which would be a bug)."""

    exit_code = UsageError.exit_code

    def __init__(self, file: str, problems: list[Problem]) -> None:
        super().__init__(problems[0].code if problems else "unsavable")
        self.file = file
        self.problems = problems


# ---- a file several sessions share ----------------------------------------------------------

#: How long a save waits for another session's save to finish, in seconds.
LOCK_TIMEOUT = 30.0

Identity = tuple[str, str, str, str]
#: What a respondent's block says, as compared between saves: its answers and comments (its
#: ``status`` is left out: a person tidying the file may drop it without meaning any harm).
Snapshot = tuple[dict[str, Any], dict[str, str]]


def target_of(path: Path) -> Path:
    """The file a write goes to: ``path``, or the file a symlink points to (followed to the
    end), so the link stays a link and the shared file behind it is updated."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def lock_path(target: Path, tag: str = "") -> Path:
    """The lock file next to ``target``: ``.NAME.lock`` (saves), ``.NAME.TAG.lock`` (a respondent)."""
    return target.with_name(f".{target.name}{'.' + tag if tag else ''}.lock")


def identity_tag(identity: Identity) -> str:
    """A short, file-name-safe tag for a respondent: its role and a hash of unit and name."""
    digest = hashlib.sha256("\x00".join(identity).encode("utf-8")).hexdigest()[:12]
    return f"{identity[0]}-{digest}"


def snapshot(entry: RespondentEntry | None) -> Snapshot | None:
    """What a block says (None: there is no block)."""
    if entry is None:
        return None
    return (
        {q: v for q, v in entry.answers.items() if v is not None},
        {q: c for q, c in entry.comments.items() if c},
    )


def find_block(model: AnswerFile, identity: Identity) -> RespondentEntry | None:
    """The respondent with ``identity`` in ``model``, if any."""
    return next((e for e in model.respondents if _identity(e) == identity), None)


class InUse(SamarbeidError):
    """Another session is answering as this respondent in this file."""

    exit_code = UsageError.exit_code

    def __init__(self, identity: Identity) -> None:
        super().__init__(identity)
        self.identity = identity


class BlockChanged(SamarbeidError):
    """The session's own block was changed outside the session since it last saved it (by
    hand, or by a tool that does not take the lock); the save is not made."""

    exit_code = UsageError.exit_code

    def __init__(self, identity: Identity) -> None:
        super().__init__(identity)
        self.identity = identity


class Locked(SamarbeidError):
    """Another save held the file's lock for longer than :data:`LOCK_TIMEOUT`."""

    exit_code = UsageError.exit_code


@dataclass
class Saved:
    """What a :meth:`SharedFile.save` did."""

    model: AnswerFile  # what the file holds now
    joined: bool  # the file was made by someone else after this session started on a new file


class SharedFile:
    """An answer file that one ``assess`` session writes while others may write it too.

    * :meth:`claim` takes a lock per respondent (``.NAME.ROLE-HASH.lock``) for the whole
      session, so the same respondent (role, unit, name) cannot be answered in two sessions
      at once (:class:`InUse`). The lock goes with the process, also when it is killed.
    * :meth:`save` holds ``.NAME.lock`` around reading, merging and writing: the file is read
      as it is now (with the safe reader), the session's blocks are merged into it and the
      result is renamed into place. Before merging, each of the session's blocks must say what
      this session last wrote (or what it read at the start); if it says something else, it
      was edited elsewhere and :class:`BlockChanged` is raised without writing anything.
    * When the session started on a missing file and the file exists at the first save,
      another session made it meanwhile: its project details stay and this session's blocks
      join it (``Saved.joined``).

    The lock files are empty and stay next to the answer file; they are harmless and may be
    deleted whenever no ``assess`` runs on the file.
    """

    def __init__(self, path: Path, rubric: Rubric) -> None:
        from filelock import FileLock

        self.path = path
        self.target = target_of(path)
        self.rubric = rubric
        self.lock = FileLock(str(lock_path(self.target)), timeout=LOCK_TIMEOUT)
        self.claims: list[Any] = []
        self.seen: dict[Identity, Snapshot | None] = {}
        self.existed = self.target.exists()

    def claim(self, identities: Sequence[Identity]) -> None:
        """Take each respondent's lock, without waiting: :class:`InUse` when another session
        holds one (the locks already taken are let go)."""
        from filelock import FileLock, Timeout

        for identity in identities:
            lock = FileLock(str(lock_path(self.target, identity_tag(identity))), timeout=0)
            try:
                lock.acquire()
            except Timeout:
                self.release()
                raise InUse(identity) from None
            except OSError as exc:
                self.release()
                raise UsageError("file.write_failed_at", file=str(self.path), reason=os_reason(exc)) from None
            self.claims.append(lock)

    def release(self) -> None:
        """Let go of the respondents' locks (the process's end does it too)."""
        for lock in self.claims:
            lock.release()
        self.claims = []

    def start(self, model: AnswerFile | None, identities: Sequence[Identity]) -> None:
        """Remember what the session's blocks say in the file as read at the start."""
        self.existed = model is not None
        for identity in identities:
            self.seen[identity] = snapshot(find_block(model, identity)) if model is not None else None

    def save(self, blocks: Sequence[Block], *, model: AnswerFile) -> Saved:
        """Merge ``blocks`` into the file as it is now and write it; ``model`` gives the
        project's details when the file does not exist yet."""
        from filelock import Timeout

        try:
            self.lock.acquire()
        except Timeout:
            raise Locked(str(self.path)) from None
        except OSError as exc:
            raise UsageError("file.write_failed_at", file=str(self.path), reason=os_reason(exc)) from None
        try:
            return self._save(blocks, model)
        finally:
            self.lock.release()

    def _save(self, blocks: Sequence[Block], model: AnswerFile) -> Saved:
        name = str(self.path)
        try:
            raw: bytes | None = self.target.read_bytes()
        except FileNotFoundError:
            raw = None
        joined = False
        if raw is not None:
            model = load_bytes(raw, name, self.rubric).model
            joined = not self.existed
        else:  # a new file: the project's details, and only this session's blocks
            model = model.model_copy(update={"respondents": [], "accepted": []})
        for block in blocks:
            now = snapshot(find_block(model, block.identity)) if raw is not None else None
            if now != self.seen.get(block.identity):
                raise BlockChanged(block.identity)
        text, result = _checked(
            raw.decode("utf-8-sig") if raw is not None else None, model, blocks, self.rubric, name
        )
        write_atomic(self.target, text)
        self.existed = True
        for block in blocks:
            self.seen[block.identity] = snapshot(find_block(result, block.identity))
        return Saved(result, joined)


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


def meaning(model: AnswerFile) -> dict[str, Any]:
    """What a file says, whatever its layout: empty answers and comments left out. A rewrite
    must read back with the same meaning before it replaces a file."""
    data = model.model_dump()
    for entry in data["respondents"]:
        entry["answers"] = {q: v for q, v in entry["answers"].items() if v is not None}
        entry["comments"] = {q: c for q, c in entry["comments"].items() if c}
    return data
