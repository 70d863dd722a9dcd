"""Imported respondents → an answer file: a new one, or added to an existing one.

A new file is a plain safe YAML dump, read back with the safe reader before it is written.
``--into`` re-reads the existing file (it must be a valid answer file, with its project
block), keeps everything in it, and appends only the respondents whose ``source`` it does
not hold yet; the text is rewritten in ruamel.yaml's round-trip mode so the user's comments
stay, and written plainly only if that text would not read back as meant.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from samarbeid.answerfile import FORMAT_VERSION, AnswerFile, RespondentEntry
from samarbeid.answerfile.writer import file_status, meaning
from samarbeid.errors import InputError
from samarbeid.load import load_bytes
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import Status


@dataclass(frozen=True)
class Result:
    """The new text of the answer file and how many respondents were added and skipped."""

    text: str
    added: int
    known: int


def key(entry: RespondentEntry | dict[str, Any]) -> tuple[str, str]:
    """What makes an imported respondent the same one again: role and source."""
    if isinstance(entry, RespondentEntry):
        return (str(entry.role), entry.source or "")
    return (str(entry["role"]), str(entry.get("source") or ""))


def fresh(entries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """``entries`` without repeats (the same export given twice)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for entry in entries:
        if key(entry) not in seen:
            seen.add(key(entry))
            out.append(entry)
    return out


def new_file(project: dict[str, Any], entries: Sequence[dict[str, Any]], rubric: Rubric, name: str) -> Result:
    """The text of a new answer file holding ``entries``."""
    entries = fresh(entries)
    data: dict[str, Any] = {
        "samarbeid": FORMAT_VERSION,
        "project": project,
        "status": Status.in_progress.value,
        "respondents": entries,
    }
    model = AnswerFile.model_validate(data)
    data["status"] = str(file_status(model, [], rubric))
    text = _plain(data)
    load_bytes(text.encode("utf-8"), name, rubric)  # never write what the reader would refuse
    return Result(text, len(entries), 0)


def into_file(raw: bytes, entries: Sequence[dict[str, Any]], rubric: Rubric, name: str) -> Result:
    """The text of the answer file ``raw`` with the ``entries`` it does not hold yet added."""
    model = load_bytes(raw, name, rubric).model
    have = {key(e) for e in model.respondents if e.source}
    entries = fresh(entries)
    new = [e for e in entries if key(e) not in have]
    text = raw.decode("utf-8-sig")
    if not new:
        return Result(text, 0, len(entries))
    merged = AnswerFile.model_validate(
        {**model.model_dump(exclude_defaults=True), "respondents": [*model.respondents, *new]}
    )
    status = file_status(merged, [], rubric)
    wanted = meaning(merged.model_copy(update={"status": status}))
    try:
        out: str | None = _round_trip(text, new, str(status))
    except Exception:  # a layout ruamel.yaml cannot keep: write plainly
        out = None
    if out is None or not _reads_as(out, wanted, rubric, name):
        data = merged.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        data = {"samarbeid": FORMAT_VERSION, **data, "status": str(status)}
        out = _plain({k: data[k] for k in AnswerFile.model_fields if k in data})
    load_bytes(out.encode("utf-8"), name, rubric)
    return Result(out, len(new), len(entries) - len(new))


def _plain(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)


def _round_trip(text: str, new: Sequence[dict[str, Any]], status: str) -> str | None:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    rt = YAML(typ="rt")
    rt.version = (1, 1)  # the safe reader is YAML 1.1: `no`, `on` … must be quoted
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=2, sequence=4, offset=2)
    doc = rt.load(text)
    if not isinstance(doc, CommentedMap):
        return None
    seq = doc.get("respondents")
    if seq is None:
        seq = CommentedSeq()
        doc["respondents"] = seq
    if not isinstance(seq, CommentedSeq):
        return None
    seq.fa.set_block_style()
    for entry in new:
        seq.append(CommentedMap(entry))
    doc["status"] = status
    buf = io.StringIO()
    rt.dump(doc, buf)
    return buf.getvalue().removeprefix("%YAML 1.1\n---\n")


def _reads_as(text: str, wanted: dict[str, Any], rubric: Rubric, name: str) -> bool:
    try:
        got = load_bytes(text.encode("utf-8"), name, rubric).model
    except InputError:
        return False
    return meaning(got) == wanted


def project_id(raw: bytes, name: str, rubric: Rubric) -> str:
    """The project id of the answer file ``raw`` (which must be valid)."""
    return load_bytes(raw, name, rubric).model.project.id
