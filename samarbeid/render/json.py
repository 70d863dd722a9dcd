"""The JSON report: the stable contract of docs/design.md §7.

The language-free assessment is turned into plain data by msgspec's compiled core (no
serialiser is built per run, unlike a pydantic adapter); this module then adds the localised
texts (titles, why, action, sources, question wording) where a reader expects them, and
msgspec encodes the result in one pass. Evidence and every number are the same in
every language. pydantic is imported only for the JSON Schema (``samarbeid schema``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import msgspec

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from samarbeid.render.words import Words
    from samarbeid.result.assessment import Assessment
    from samarbeid.rubric.model import Rubric

#: The localised fields the JSON adds to each part of the assessment, in the order they
#: are written after the part's first fields. Declared once: the writer and the JSON Schema
#: (``samarbeid schema report``) both follow it.
LOCALISED: dict[str, tuple[str, ...]] = {
    "Finding": ("aliases", "title", "mechanism", "why", "action", "sources"),
    "DimensionResult": ("title",),
    "Divergence": ("text",),
    "SharedWeakness": ("text",),
    "FindingRef": ("title",),
    "SeverityChange": ("title",),
    "ActionFollowUp": ("title",),
    "Priority": ("title", "why", "action"),
    "NotApplicable": ("text",),
}


@lru_cache(maxsize=1)
def adapter() -> TypeAdapter[Any]:
    """The pydantic adapter that describes an assessment (its JSON Schema): of the dataclass
    mirror of its Structs (:mod:`samarbeid.mirror`)."""
    from pydantic import TypeAdapter

    from samarbeid.mirror import mirror
    from samarbeid.result import history
    from samarbeid.result.assessment import Assessment

    # the parts made only with an earlier round or a plan, which the assessment names for
    # types only, are resolved in the namespace of their module
    return TypeAdapter(mirror(Assessment, vars(history)))


class _Texts(dict[tuple[str, int, str | None], dict[str, Any]]):
    """Each problem's localised fields per (problem id, grade, raising escalation), in one
    language, made the first time a finding asks for them and kept with the rubric: a batch
    writes them for thousands of findings, a report for a handful of its 200-odd. Each
    question's wording is kept the same way (:meth:`with_text`)."""

    def __init__(self, rubric: Rubric, lang: str) -> None:
        from samarbeid.render.words import Words

        super().__init__()
        self.words = Words(rubric, lang)
        #: the first fields of a part about one question, by question and dimension
        self.questions: dict[tuple[str, str], dict[str, str]] = {}
        #: each dimension's title, and each problem's brief why, by id
        self.titles: dict[str, str] = {}
        self.briefs: dict[str, str] = {}

    def dimension(self, dim: str) -> str:
        """A dimension's title."""
        title = self.titles.get(dim)
        if title is None:
            title = self.titles[dim] = self.words.dimension(dim)
        return title

    def brief(self, problem: str) -> str:
        """Why a problem matters, in one sentence."""
        brief = self.briefs.get(problem)
        if brief is None:
            brief = self.briefs[problem] = self.words.brief(problem)
        return brief

    def with_text(self, d: dict[str, Any]) -> dict[str, Any]:
        """A part about one question (a divergence, a shared weakness, a question that does
        not apply) with the question's wording after its id and dimension."""
        key = d["question"], d["dimension"]
        head = self.questions.get(key)
        if head is None:
            head = self.questions[key] = {
                "question": key[0],
                "dimension": key[1],
                "text": self.words.question(key[0]),
            }
        return {**head, **d}

    def __missing__(self, key: tuple[str, int, str | None]) -> dict[str, Any]:
        from samarbeid.result.assessment import FindingRef

        problem, grade, escalation = key
        w = self.words
        ref = FindingRef(problem, w.rule(problem).levels[grade].severity, grade, escalation)
        texts = self[key] = {
            "aliases": list(w.rule(ref).aliases),
            "title": w.title(ref),
            "mechanism": w.mechanism(ref),
            "why": w.why(ref),
            "action": w.action(ref),
            "sources": w.sources(ref),
        }
        return texts


_TEXTS: dict[tuple[int, str], _Texts] = {}


def _problem_texts(rubric: Rubric, lang: str) -> _Texts:
    """The problems' texts in ``lang`` for ``rubric`` (one :class:`_Texts` per rubric and
    language)."""
    cached = _TEXTS.get((id(rubric), lang))
    if cached is not None and cached.words.rubric is rubric:
        return cached
    texts = _TEXTS[id(rubric), lang] = _Texts(rubric, lang)
    return texts


def to_data(assessment: Assessment, rubric: Rubric, lang: str) -> dict[str, Any]:
    """The assessment as data for :func:`dumps` and :func:`compact`, with its texts in
    ``lang``: plain data, and the Structs of the result where no words are added."""
    texts = _problem_texts(rubric, lang)
    w = texts.words
    # The parts that get no words (the answers a finding rests on, what was left open, the
    # respondents: most of a result) stay Structs, which msgspec's encoder writes as the
    # objects ``to_builtins`` makes of them; the rest becomes plain data to add words to.
    a = assessment
    raw: dict[str, Any] = _builtins(msgspec.structs.replace(a, findings=[], respondents=[], unanswered=[]))
    raw["respondents"], raw["unanswered"] = a.respondents, a.unanswered
    out: dict[str, Any] = {}
    for key, value in raw.items():
        out[key] = value
        if key == "rubric":
            out["lang"] = lang
    out["dimensions"] = {d: {"title": texts.dimension(d), **v} for d, v in raw["dimensions"].items()}
    for point in out["trend"]:  # each point's dimensions are titled too, as the schema says
        point["dimensions"] = {d: {"title": texts.dimension(d), **v} for d, v in point["dimensions"].items()}
    out["findings"] = [
        {
            "id": f.id,
            "severity": f.severity,
            "dimension": f.dimension,
            "grade": f.grade,
            "escalation": f.escalation,
            **texts[f.id, f.grade, f.escalation],
            "evidence": f.evidence,
            "accepted": f.accepted,
        }
        for f in a.findings
    ]
    out["priorities"] = [
        {
            "finding": p["finding"],
            "severity": p["severity"],
            "dimension": p["dimension"],
            "grade": p["grade"],
            "escalation": p["escalation"],
            "title": texts[p["finding"], p["grade"], p["escalation"]]["title"],
            "why": texts.brief(p["finding"]),
            "action": texts[p["finding"], p["grade"], p["escalation"]]["action"],
            "actors": p["actors"],
        }
        for p in raw["priorities"]
    ]
    out["not_applicable"] = [texts.with_text(n) for n in raw["not_applicable"]]
    out["divergences"] = [texts.with_text(d) for d in raw["divergences"]]
    out["shared_weaknesses"] = [texts.with_text(d) for d in raw["shared_weaknesses"]]
    baseline = raw["baseline"]
    if baseline is not None:
        findings = baseline["findings"]
        baseline["findings"] = {
            k: [{**ref, "title": texts[ref["id"], ref["grade"], ref["escalation"]]["title"]} for ref in refs]
            for k, refs in findings.items()
        }
    out["follow_up"] = [_with_title(item, w) for item in raw["follow_up"]]
    return out


def _with_title(item: dict[str, Any], w: Words) -> dict[str, Any]:
    """An action followed up, with its problem's title after the problem id."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        out[key] = value
        if key == "problem":
            out["title"] = w.title(value)
    return out


def schema() -> dict[str, Any]:
    """The JSON Schema of one project's JSON report, localised fields included."""
    data: dict[str, Any] = adapter().json_schema(mode="serialization")
    data.setdefault("properties", {})
    data["properties"] = _insert_after(
        data["properties"], "rubric", "lang", {"type": "string", "title": "Lang"}
    )
    data["required"] = [*data.get("required", []), "lang"]
    for name, fields in LOCALISED.items():
        part = data["$defs"][name]
        for field in fields:
            if field in ("sources", "aliases"):
                kind: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
            elif field == "mechanism":
                kind = {"anyOf": [{"type": "string"}, {"type": "null"}]}
            else:
                kind = {"type": "string"}
            part["properties"][field] = {**kind, "title": field.capitalize()}
            part["required"] = [*part.get("required", []), field]
    return data


def batch_schema() -> dict[str, Any]:
    """The JSON Schema of ``samarbeid batch --format json``: many projects in one document."""
    from pydantic import TypeAdapter

    from samarbeid.result.portfolio import ErrorData, StandingData, SummaryData

    project = schema()
    defs = project.pop("$defs")
    parts = TypeAdapter(tuple[list[ErrorData], SummaryData, StandingData]).json_schema()
    defs.update(parts.pop("$defs", {}))
    errors, summary, standing = parts["prefixItems"]
    head = {k: project["properties"][k] for k in ("schema_version", "tool", "rubric", "lang")}
    return {
        "$defs": {**defs, "Project": project},
        "type": "object",
        "title": "Batch",
        "properties": {
            **head,
            # each project: the report, then where it stands over time (docs/design.md §7)
            "projects": {"type": "array", "items": {"allOf": [{"$ref": "#/$defs/Project"}, standing]}},
            "errors": errors,
            "summary": summary,
        },
        "required": [*head, "projects", "errors", "summary"],
        "additionalProperties": False,
    }


def _insert_after(props: dict[str, Any], after: str, key: str, value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in props.items():
        out[k] = v
        if k == after:
            out[key] = value
    return out


def _builtins(data: Any) -> Any:
    """``data`` as plain data: Structs and dataclasses as dicts, enums as their ids, dates as ISO text,
    tuples and sets as lists (what pydantic's ``dump_python(mode="json")`` gave)."""
    return msgspec.to_builtins(data)


#: Where msgspec writes a number otherwise than the standard library's ``repr``: in exponent
#: form (``1e-7``, ``1e16`` against ``1e-07``, ``1e+16``) and below 0.0001 (``0.000061``
#: against ``6.1e-05``). Only a rubric's threshold could be such a number (every other one is
#: a score or a coverage rounded to 0.1 or 0.001); text that looks like one only costs the
#: slower path.
_NOT_AS_REPR = re.compile(rb"[0-9][eE][-+]?[0-9]|0\.0000")


def dumps(data: Any) -> str:
    """Deterministic, readable JSON with æøå intact: two spaces of indent, as the standard
    library's ``json.dumps(data, ensure_ascii=False, indent=2)`` writes it, byte for byte."""
    text = msgspec.json.format(msgspec.json.encode(data), indent=2)
    if _NOT_AS_REPR.search(text):  # rare: let the standard library write its numbers its way
        import json

        return json.dumps(_builtins(data), ensure_ascii=False, indent=2) + "\n"
    return text.decode() + "\n"


def compact(data: Any) -> bytes:
    """JSON-ready data as one line of JSON in UTF-8 (for batch output, which spills and copies
    it as these bytes), by msgspec's compiled encoder: no spaces, æøå intact, numbers as
    pydantic wrote them before.

    msgspec writes a number otherwise than pydantic only from 1e16 up (``1e16``, where recent
    pydantic writes ``1e+16``), and no result holds such a number: its numbers are counts, scores and gaps on
    the 0–100 scale (the scales' points, :data:`samarbeid.vocab.SCALES`), coverages (0–1),
    changes between two scores, and the thresholds a rubric sets, which it must keep within
    0–100 (``ThresholdTest.below``). ``tests/unit/test_json_encoding.py`` holds both the
    writers and those bounds. So the line is not searched for such a number (a search cost
    more than the encoding: some 60 µs for a project's 40 KB line)."""
    return msgspec.json.encode(data)


def render_json(assessment: Assessment, rubric: Rubric, lang: str) -> str:
    """One project's report as a JSON document."""
    return dumps(to_data(assessment, rubric, lang))
