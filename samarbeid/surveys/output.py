"""Imported respondents → the text of an answer file: a new one, or an existing one with them
added.

The text is made by the answer-file writer (:func:`samarbeid.answerwriter.updated`), the
same one ``init`` and ``assess`` write with: a new file is laid out like ``init``'s; an
existing file (already read by the safe reader) keeps everything in it, comments included,
and gets only the respondents whose role and ``source`` it does not hold yet. Either text is
read back with the safe reader before it is returned. ``samarbeid import --into`` computes
the new text inside the writer's lock, from the file as it is then
(:func:`samarbeid.answerwriter.edit`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from samarbeid.answerfile import FORMAT_VERSION, AnswerFile, RespondentEntry
from samarbeid.answerwriter import updated
from samarbeid.load.answers import LoadedFile
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import Source


@dataclass(frozen=True)
class Result:
    """The new text of the answer file and how many respondents were added and skipped."""

    text: str
    added: int
    known: int
    #: the sources of known respondents whose answers in the export differ from the file's
    changed: tuple[str, ...] = ()


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
    for entry in map(RespondentEntry.model_validate, entries):
        if submission(entry) not in seen:
            seen.add(submission(entry))
            out.append(entry)
    return out


def new_file(project: dict[str, Any], entries: Sequence[dict[str, Any]], rubric: Rubric, name: str) -> Result:
    """The text of a new answer file holding ``entries``."""
    respondents = fresh(entries)
    model = AnswerFile.model_validate({"samarbeid": FORMAT_VERSION, "project": project})
    return Result(updated(None, model, [], rubric, added=respondents, name=name), len(respondents), 0)


def into_file(
    loaded: LoadedFile, text: str, entries: Sequence[dict[str, Any]], rubric: Rubric, name: str
) -> Result:
    """The text of the answer file ``text`` (read by the safe reader as ``loaded``) with the
    ``entries`` it does not hold yet added; ``text`` itself when it holds them all."""
    have = {submission(e): e for e in loaded.model.respondents if e.source}
    respondents = fresh(entries)
    new = [e for e in respondents if submission(e) not in have]
    changed = tuple(
        e.source or ""
        for e in respondents
        if submission(e) in have and _said(have[submission(e)]) != _said(e)
    )
    if not new:
        return Result(text, 0, len(respondents), changed)
    out = updated(text, loaded.model, [], rubric, added=new, name=name)
    return Result(out, len(new), len(respondents) - len(new), changed)


def _said(entry: RespondentEntry) -> tuple[object, object]:
    """What a respondent answered and commented, to tell an edited submission from the same."""
    return entry.answers, entry.comments
