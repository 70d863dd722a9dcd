"""The case library and the measurement script (benchmarks/validity.py, docs/validity.md).

These tests check that the library is well formed and that the script's JSON has its keys.
They never pin the figures: the script measures the rubric, it does not test it.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import msgspec
import pytest

from samarbeid.load.answers import load_submission
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import Severity
from testkit import ROOT

SCRIPT = ROOT / "benchmarks" / "validity.py"
CASE_FILES = sorted((ROOT / "benchmarks" / "cases").glob("*.yaml"))


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("validity", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["validity"] = module
    spec.loader.exec_module(module)
    return module


validity = _load_script()


def _outcomes() -> list[str]:
    return [validity.parse_header(path).outcome for path in CASE_FILES]


def test_the_library_has_enough_cases_failures_and_successes() -> None:
    assert len(CASE_FILES) >= 40
    assert _outcomes().count("failure") >= 15
    assert _outcomes().count("success") >= 15


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_every_case_is_encoded_before_its_outcome(path: Path, default_rubric: Rubric) -> None:
    """The rules of docs/validity.md, «Encoded before the outcome»: a moment strictly before
    the outcome became known, ``project.assessed`` not after it, every statement cited and
    known by then, none quoting the outcome, and no results answer at phase ``ending``."""
    header = validity.parse_header(path)
    assert header.moment.last < header.outcome_known.first
    assert validity.timing_problems(path, default_rubric) == []


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_every_source_is_cited_by_title_not_by_a_local_path(path: Path) -> None:
    for source in validity.parse_header(path).sources:
        assert not re.search(r"(^|[\s(])/\w", source), f"{path.name}: a local path, not a citation: {source}"
        dated = re.search(r"\b(19|20)\d\d\b", source) or "undated" in source
        assert dated, f"{path.name}: a source gives its date or says it is undated: {source}"


_GOOD = """# case: x
# source: [1] A report, a publisher, 2016, https://example.org/
# moment: 2016-09 — what was known then
# outcome: failure
# outcome-known: 2017
# outcome-note: It ended «for lack of money». Source: [1].
# factor: none — nothing documented
# encoded-by: x
samarbeid: 1
project: {id: x, phase: PHASE, assessed: ASSESSED}
respondents:
  - role: kommune
    answers:
      ANSWER
"""


def _case(tmp_path: Path, **edits: str) -> Path:
    text = _GOOD
    for old, new in {"PHASE": "operation", "ASSESSED": "2016-09-15", **edits}.items():
        text = text.replace(old, new)
    text = text.replace(
        "ANSWER", edits.get("ANSWER", "samarbeidsavtale: ja  # «an agreement» ([1], 2016-09)")
    )
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_well_formed_case_keeps_the_rules(tmp_path: Path, default_rubric: Rubric) -> None:
    assert validity.timing_problems(_case(tmp_path), default_rubric) == []


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        ({"2016-09 — what": "2017 — what"}, "is not before the outcome became known"),
        ({"ASSESSED": "2016-10-01"}, "is after the moment"),
        ({"ANSWER": "samarbeidsavtale: ja  # «an agreement» ([1], 2016-10)"}, "after the moment"),
        ({"ANSWER": "samarbeidsavtale: ja  # no quote and no date"}, "has no «quote»"),
        (
            {"ANSWER": "samarbeidsavtale: ja  # «money ran out: for lack of money» ([1], 2016-09)"},
            "quotes the outcome",
        ),
        ({"PHASE": "ending"}, "needs an avtale-slutt signal"),
        (
            {"ANSWER": "resultater-oppnadd: 1  # «no results» ([1], 2016-09)", "PHASE": "ending"},
            "at phase ending",
        ),
        (
            {"ANSWER": "avtale-lopetid: ja  # «four more years» ([1], 2016-09)", "PHASE": "ending"},
            "says twelve more months",
        ),
        (
            {"ANSWER": "samarbeidsavtale: ja  # «signed» ([1], 2016-10); «an agreement» ([1], 2016-09)"},
            "cites 2016-10, after the moment",
        ),
        (
            {"ANSWER": "resultater-oppnadd: 4  # «good results» ([1], 2016-09)"},
            "a source that reports the outcome",
        ),
    ],
)
def test_after_the_fact_encoding_is_caught(
    tmp_path: Path, default_rubric: Rubric, edit: dict[str, str], problem: str
) -> None:
    path = tmp_path / "x.yaml"
    text = _case(tmp_path).read_text(encoding="utf-8")
    for old, new in edit.items():
        if old not in ("ANSWER", "PHASE", "ASSESSED"):
            text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    if {"ANSWER", "PHASE", "ASSESSED"} & edit.keys():
        path = _case(tmp_path, **{k: v for k, v in edit.items() if k in ("ANSWER", "PHASE", "ASSESSED")})
    problems = validity.timing_problems(path, default_rubric)
    assert any(problem in p for p in problems), problems


def test_a_citation_names_a_declared_source(tmp_path: Path) -> None:
    path = _case(tmp_path, ANSWER="samarbeidsavtale: ja  # «an agreement» ([2], 2016-09)")
    with pytest.raises(validity.CaseError, match=r"\[2\] is not one of the header's sources"):
        validity.answer_lines(path, 1)
    earlier = _case(tmp_path, ANSWER="samarbeidsavtale: ja  # «x» ([2], 2016); «an agreement» ([1], 2016-09)")
    with pytest.raises(validity.CaseError, match=r"\[2\] is not one of the header's sources"):
        validity.answer_lines(earlier, 1)


@pytest.mark.parametrize(
    ("note", "problem"),
    [
        ("It ended «for lack of money».", "ends with the sources that report the outcome"),
        ("It ended «for lack of money». Source: [2].", "names a source the header does not have"),
    ],
)
def test_an_outcome_note_names_the_sources_that_report_the_outcome(
    tmp_path: Path, note: str, problem: str
) -> None:
    path = _case(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("It ended «for lack of money». Source: [1].", note),
        encoding="utf-8",
    )
    with pytest.raises(validity.CaseError, match=problem):
        validity.parse_header(path)


def test_an_interim_result_from_another_source_keeps_the_rules(
    tmp_path: Path, default_rubric: Rubric
) -> None:
    path = _case(tmp_path, ANSWER="resultater-oppnadd: 4  # an interim result: «good so far» ([2], 2016-09)")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "# moment:", "# source: [2] A newsletter, a provider, 2016, https://example.org/n\n# moment:"
        ),
        encoding="utf-8",
    )
    assert validity.timing_problems(path, default_rubric) == []


def test_a_signal_has_a_known_key_and_a_citation(tmp_path: Path) -> None:
    text = _case(tmp_path).read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        text.replace("# encoded-by", "# signal: kjopere — x «y» ([1], 2016)\n# encoded-by"), encoding="utf-8"
    )
    with pytest.raises(validity.CaseError, match="a signal is"):
        validity.parse_header(bad)
    good = tmp_path / "good.yaml"
    good.write_text(
        text.replace(
            "# encoded-by", "# signal: antall-kjopere — one buyer «one kommune» ([1], 2016-09)\n# encoded-by"
        ),
        encoding="utf-8",
    )
    [signal] = validity.parse_header(good).signals
    assert (signal.key, signal.cited.known.text) == ("antall-kjopere", "2016-09")


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2016", "2016-01-01", "2016-12-31"),
        ("2016-02", "2016-02-01", "2016-02-29"),
        ("2016-12-05", "2016-12-05", "2016-12-05"),
    ],
)
def test_a_partial_date_means_a_span(text: str, first: str, last: str) -> None:
    when = validity.When.parse(text)
    assert (when.first.isoformat(), when.last.isoformat()) == (first, last)


@pytest.mark.parametrize("text", ["16-09", "2016-13", "2016-02-30", "September 2016"])
def test_a_bad_date_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        validity.When.parse(text)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_every_case_validates(path: Path, default_rubric: Rubric) -> None:
    submission = load_submission([path], default_rubric)
    assert submission.project.id == path.stem
    assert submission.project.phase is not None


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_every_case_has_a_well_formed_header(path: Path) -> None:
    header = validity.parse_header(path)
    assert header.name and header.note
    assert header.sources and all(len(source) > 10 for source in header.sources)
    assert header.factors or header.no_factor
    for factor in header.factors:
        assert factor.text
        assert factor.quote, f"{path.name}: a factor quotes its source «…»"


def test_factors_name_rules_the_rubric_has(default_rubric: Rubric) -> None:
    cases = validity.load_cases(ROOT / "benchmarks" / "cases", default_rubric)
    assert validity.unknown_rules(cases, default_rubric) == []


def test_a_malformed_header_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("# case: x\n# source: y\n# outcome: maybe\n", encoding="utf-8")
    with pytest.raises(validity.CaseError):
        validity.parse_header(bad)


def test_json_has_the_required_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert validity.main(["--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"cases", "outcomes", "signals", "recall", "auc", "false_alarms", "gate"} <= data.keys()
    assert sum(data["outcomes"].values()) == len(CASE_FILES)
    assert set(data["signals"]) == set(validity.SIGNALS)
    assert len(data["cases"]) == len(CASE_FILES)
    assert {"score", "plain_mean", "max_severity", "risk", "tool"} <= data["auc_detail"].keys()
    assert all(isinstance(data[k], (int, float)) for k in ("recall", "auc", "false_alarms"))
    for block in ("in_sample", "cross_validated"):
        assert set(data[block]) == {"recall", "recall_high", "auc", "false_alarms", "gate"}
        assert set(data[block]["gate"]) == {"failures_failing_share", "successes_passing_share"}
        assert all(isinstance(data[block][k], (int, float)) for k in ("recall", "recall_high", "auc"))
    assert set(data["answered"]) == {q for qs in validity.SIGNAL_QUESTIONS.values() for q in qs}
    for case in data["cases"]:
        assert {
            "id",
            "outcome",
            "moment",
            "outcome_known",
            "score",
            "level",
            "findings",
            "factors",
            "signals",
        } <= case.keys()


def test_an_invalid_case_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.yaml").write_text(
        "# case: x\n# source: [1] a source, 2020\n# moment: 2020 — x\n# outcome: failure\n"
        "# outcome-known: 2021\n# outcome-note: x. Source: [1].\n"
        "# factor: - — x «y» ([1], 2020)\n# encoded-by: x\nsamarbeid: 1\nproject: {id: broken}\n"
        "respondents: [{role: kommune, answers: {no-such-question: 3}}]\n",
        encoding="utf-8",
    )
    assert validity.main(["--cases", str(tmp_path)]) == 2
    assert "broken.yaml" in capsys.readouterr().err


# ---- the fit and leave-one-out, on a rubric with escalations (rubric 3's shape) ----------------
# (Structs, as the rubric's records are)


class _Escalation(msgspec.Struct, frozen=True):
    id: str


class _Problem(msgspec.Struct, frozen=True):
    escalations: tuple[_Escalation, ...]


class _Rubric(msgspec.Struct, frozen=True):
    problems: tuple[_Problem, ...]


RUBRIC3 = _Rubric((_Problem((_Escalation("corroborated"), _Escalation("repeated"))),))


@dataclass(frozen=True)
class _Case:
    """A case whose one problem, «gap», is high when an escalation it triggers is kept."""

    outcome: str
    triggers: tuple[str, ...] = ("corroborated",)

    def findings(self, rubric: Any) -> list[Any]:
        kept = [e for e in self.triggers if e in validity.escalation_ids(rubric)]
        if kept:
            return [validity.Found("gap", Severity.high, kept[0])]
        return [validity.Found("gap", Severity.medium)]


@dataclass(frozen=True)
class _Scored:
    outcome: str
    factor_rules: tuple[tuple[str, ...], ...]
    findings: list[Any]
    risk: int
    gate_failed: bool


def _scored(case: _Case, rubric: Any) -> _Scored:
    findings = case.findings(rubric)
    return _Scored(
        outcome=case.outcome,
        factor_rules=(("gap",),) if case.outcome == "failure" else (),
        findings=findings,
        risk=sum(f.severity.weight for f in findings),
        gate_failed=any(f.severity.at_least(Severity.high) for f in findings),
    )


def test_the_fit_drops_an_escalation_that_alarms_on_a_training_success() -> None:
    assert validity.escalation_ids(validity.fit(RUBRIC3, [_Case("failure")])) == {"corroborated", "repeated"}
    fitted = validity.fit(RUBRIC3, [_Case("failure"), _Case("success")])
    assert validity.escalation_ids(fitted) == {"repeated"}
    assert validity.fit(RUBRIC3, [_Case("mixed")]) is RUBRIC3


def test_the_fit_looks_again_after_dropping() -> None:
    """Without its first escalation the success's finding takes its severity from the next."""
    fitted = validity.fit(RUBRIC3, [_Case("success", triggers=("corroborated", "repeated"))])
    assert validity.escalation_ids(fitted) == frozenset()


def test_the_default_rubric_fitted_without_an_escalation_scores_without_it(default_rubric: Rubric) -> None:
    """The fit works on the real models: a rubric copied without one escalation no longer raises
    the finding it raised, and the default rubric is left as it was."""
    from samarbeid.score.scoring import assess
    from testkit import best, submission

    every = {e.id for p in default_rubric.problems for e in p.escalations}
    assert validity.escalation_ids(default_rubric) == every
    fitted = validity.without_escalations(default_rubric, frozenset({"penger-og-avtale-ut"}))
    assert validity.escalation_ids(fitted) == every - {"penger-og-avtale-ut"}
    assert validity.escalation_ids(default_rubric) == every
    respondents = [best(default_rubric, role) for role in ("kommune", "entreprenor")]
    for r in respondents:
        r["answers"].update({"finansiering-varer": "nei", "avtale-lopetid": "nei", "flere-kjopere": "ja"})

    def money(rubric: Rubric) -> tuple[str, str | None]:
        a = assess(rubric, submission(rubric, *respondents))
        (f,) = [f for f in a.findings if f.id == "finansiering-uten-drift"]
        return str(f.severity), f.escalation

    assert money(default_rubric) == ("high", "penger-og-avtale-ut")
    assert money(fitted) == ("medium", None)


def test_in_sample_and_cross_validated_differ_when_an_escalation_alarms_on_a_success() -> None:
    """In-sample the fit has seen the success and drops the escalation that alarms on it;
    left out, the success is scored by a rubric fitted on the failure alone, which keeps it."""
    cases = [_Case("success"), _Case("failure")]
    inside = validity.prediction(validity.in_sample(RUBRIC3, cases, _scored))
    crossed = validity.prediction(validity.leave_one_out(RUBRIC3, cases, _scored))
    assert (inside["false_alarms"], crossed["false_alarms"]) == (0, 1)
    assert (inside["auc"], crossed["auc"]) == (0.5, 0.0)
    assert inside["gate"]["successes_passing_share"] == 1.0
    assert crossed["gate"]["successes_passing_share"] == 0.0
    assert inside["recall"] == crossed["recall"] == 1.0
    assert inside["recall_high"] == crossed["recall_high"] == 0.0
