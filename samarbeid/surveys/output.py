"""Imported respondents → the text of an answer file: a new one, or an existing one with them
added.

The text is made by the answer-file writer (:func:`samarbeid.answerwriter.updated`), the
same one ``init`` and ``assess`` write with: a new file is laid out like ``init``'s; an
existing file (already read by the safe reader) keeps everything in it, comments included,
and gets the respondents whose role and ``source`` it does not hold yet. A submission it
holds whose answers or comments the export gives otherwise (edited on the platform since
the last import) gets the export's answers and comments in place; its unit, name and status
stay as the file has them. Either text is read back with the safe reader before it is
returned. ``samarbeid import --into`` computes the new text inside the writer's lock, from
the file as it is then (:func:`samarbeid.answerwriter.edit`).

A result the safe reader would refuse for its size (:data:`~samarbeid.parse.yamlread.MAX_BYTES`
or :data:`~samarbeid.parse.yamlread.MAX_NODES`) is refused before it is written, at the
export's row of the first respondent past the limit (:func:`refuse_past_limits`): the size
of each respondent's lines is counted from its data, which costs a thousandth of writing it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from samarbeid.answerfile import FORMAT_VERSION, AnswerFile, RespondentEntry
from samarbeid.answerwriter import Block, document, file_status, kept, meaning, updated
from samarbeid.errors import InputError, Problem, SourceRef
from samarbeid.load.answers import LoadedFile, load_bytes
from samarbeid.parse import yamlread
from samarbeid.record import validated
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import Source, Status
from samarbeid.yamltext import plain_text


@dataclass(frozen=True)
class Result:
    """The new text of the answer file and how many respondents were added and skipped."""

    text: str
    added: int
    known: int
    #: known respondents whose answers in the export differ from the file's, updated from
    #: the export: their source and how many answers and comments changed
    updated: tuple[tuple[str, int], ...] = ()


#: a source as earlier versions wrote it for Microsoft Forms and LimeSurvey, with the answer's
#: time after the id (``msforms:3@2024-03-01T10:02:11``); the same submission as ``msforms:3``
_TIMED = re.compile(rf"((?:{Source.msforms.value}|{Source.limesurvey.value}):\d+)@.*", re.S)


def submission(entry: RespondentEntry) -> tuple[str, str]:
    """What makes an imported respondent the same one again: the role and the source of its
    identity (a second import may map its unit differently), a time written after the id
    by an earlier version left out."""
    who = entry.identity
    timed = _TIMED.fullmatch(who.source)
    return (who.role, timed.group(1) if timed else who.source)


def fresh(entries: Sequence[dict[str, Any]]) -> list[RespondentEntry]:
    """``entries`` as respondents, without repeats (the same export given twice)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for entry in (validated(RespondentEntry, e) for e in entries):
        if submission(entry) not in seen:
            seen.add(submission(entry))
            out.append(entry)
    return out


def new_file(
    project: dict[str, Any],
    entries: Sequence[dict[str, Any]],
    rubric: Rubric,
    name: str,
    where: Mapping[str, SourceRef],
) -> Result:
    """The text of a new answer file holding ``entries`` (``where`` is each one's row in its
    export, by source, for a refusal)."""
    respondents = fresh(entries)
    data = {"samarbeid": FORMAT_VERSION, "project": project}
    refuse_past_limits(_cost(data, 0), respondents, where)
    model = validated(AnswerFile, data)
    return Result(updated(None, model, [], rubric, added=respondents, name=name), len(respondents), 0)


def into_file(
    loaded: LoadedFile,
    text: str,
    entries: Sequence[dict[str, Any]],
    rubric: Rubric,
    name: str,
    where: Mapping[str, SourceRef],
) -> Result:
    """The text of the answer file ``text`` (read by the safe reader as ``loaded``) with the
    ``entries`` it does not hold yet added, and those it holds with other answers updated;
    ``text`` itself when nothing changes."""
    have = {submission(e): e for e in loaded.model.respondents if e.source}
    respondents = fresh(entries)
    new = [e for e in respondents if submission(e) not in have]
    edits = [(have[submission(e)], e) for e in respondents if submission(e) in have]
    blocks = [_block(old, e) for old, e in edits if _said(old) != _said(e)]
    changed = tuple((old.source or "", _differences(old, e)) for old, e in edits if _said(old) != _said(e))
    if not new and not blocks:
        return Result(text, 0, len(respondents), changed)
    document = loaded.document
    refuse_past_limits((len(text.encode()), len(document.values) + len(document.keys)), new, where)
    out = None if blocks else _appended(loaded, text, new, rubric, name)
    if out is None:
        out = updated(text, loaded.model, blocks, rubric, added=new, name=name)
    return Result(out, len(new), len(respondents) - len(new), changed)


_TOP_KEY = re.compile(r"[^\s#-]")
_STATUS = re.compile(r"^status:[ \t]*(\S+)[ \t]*$", re.M)


def _appended(
    loaded: LoadedFile, text: str, new: Sequence[RespondentEntry], rubric: Rubric, name: str
) -> str | None:
    """``text`` with ``new`` written after its last respondent, as lines of text: the
    round trip through ruamel.yaml costs seconds on a file of a thousand respondents, and
    appending touches nothing else. The new lines are the ones a new file would hold (so laid
    out as ``init`` lays a file out), the status line is set when it changes, and the result
    must read back, with the safe reader, as exactly the file with ``new`` added; None when
    the file is not laid out for it (its list not indented as ``init``'s, a flow list, no
    plain status line), and the round trip does it instead."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "respondents:"), None)
    if start is None or not text.endswith("\n"):
        return None
    items = [
        i for i in range(start + 1, len(lines)) if lines[i].strip() and not lines[i].lstrip().startswith("#")
    ]
    if not items or not lines[items[0]].startswith("  - "):
        return None
    # before the next top-level key, after the comments above it, as the round trip puts them
    end = next((i for i in items if _TOP_KEY.match(lines[i])), len(lines))
    model = validated(AnswerFile, {"samarbeid": FORMAT_VERSION, "project": {"id": "x"}})
    block = updated(None, model, [], rubric, added=new, name=name).split("\nrespondents:\n", 1)[1]
    out = "".join([*lines[:end], block, *lines[end:]])
    status = str(file_status(loaded.model, [], rubric, new))
    found = _STATUS.findall(out)
    if found != [status]:
        if len(found) != 1:
            return None
        out = _STATUS.sub(f"status: {status}", out, count=1)
    wanted = meaning(validated(AnswerFile, document(loaded.model, [], rubric, new)))
    try:
        got = load_bytes(out.encode(), name, rubric).model
    except InputError:
        return None
    return out if meaning(got) == wanted else None


def _said(entry: RespondentEntry) -> tuple[dict[str, object], dict[str, str]]:
    """What a respondent answered and commented (blank placeholders left out), to tell an
    edited submission from the same."""
    answers = {q: v for q, v in entry.answers.items() if v is not None}
    return answers, {q: c for q, c in entry.comments.items() if c}


def _differences(old: RespondentEntry, new: RespondentEntry) -> int:
    """How many answers and comments ``new`` gives otherwise than ``old``."""
    (answers, comments), (new_answers, new_comments) = _said(old), _said(new)
    changed = sum(answers.get(q) != new_answers.get(q) for q in {*answers, *new_answers})
    return changed + sum(comments.get(q) != new_comments.get(q) for q in {*comments, *new_comments})


def _block(old: RespondentEntry, new: RespondentEntry) -> Block:
    """The respondent ``old`` of the file with the answers and comments of ``new`` (the same
    submission in a newer export); who it is, and its status, stay as the file has them."""
    answers, comments = _said(new)
    return Block(
        old.role,
        old.unit,
        old.name,
        old.status or Status.complete,
        answers,  # type: ignore[arg-type]  # the export's values are the question's
        comments,
        source=old.source,
    )


def refuse_past_limits(
    base: tuple[int, int], respondents: Sequence[RespondentEntry], where: Mapping[str, SourceRef]
) -> None:
    """Refuse, at its row in the export, the first respondent past the safe reader's limits on
    an answer file's bytes and nodes, counting from ``base`` (the bytes and nodes of the file
    without them). Counted from the data as the writer lays it out; a string the writer quotes
    is counted as JSON writes it, near enough, and the writer's own check stays behind it."""
    size, nodes = base
    for count, entry in enumerate(respondents):
        more, more_nodes = _cost(kept(entry), 4)
        size, nodes = size + more, nodes + more_nodes
        if size > yamlread.MAX_BYTES or nodes > yamlread.MAX_NODES:
            problem = Problem(
                where.get(entry.source or "", SourceRef("-", 1, 1)),
                "import.result_too_large",
                {
                    "size": yamlread.MAX_BYTES // (1024 * 1024),
                    "nodes": yamlread.MAX_NODES,
                    "count": count,
                },
            )
            raise InputError([problem])


def _cost(value: Any, indent: int) -> tuple[int, int]:
    """The bytes and nodes of a mapping's lines at ``indent`` (``key: value`` a line each, a
    nested mapping under its ``key:``)."""
    size, nodes = 0, 1
    for key, item in value.items():
        line = indent + len(key.encode()) + 2  # "key:" and the line's end
        if isinstance(item, dict) and item:
            more, more_nodes = _cost(item, indent + 2)
            size, nodes = size + line + more, nodes + 1 + more_nodes
        else:
            size, nodes = size + line + 1 + _scalar_size(item), nodes + 2
    return size, nodes


def _scalar_size(value: Any) -> int:
    if isinstance(value, str):
        return (
            len(value.encode()) if plain_text(value) else len(json.dumps(value, ensure_ascii=False).encode())
        )
    if isinstance(value, dict):
        return 2  # {}
    return len(str(value))
