"""Anonymous by default wherever a result leaves the room (docs/personvern.md): in every format
of ``report`` and ``batch`` no respondent is named without ``--names``, a unit of fewer than
three respondents merges into its party, and no free-text comment appears in a shared format
without ``--comments``; the terminal, the working report, keeps the comments."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from samarbeid.rubric import load_rubric
from testkit import DATA, Cli, answer_file, assess

#: a unit with one respondent: named only with --names
SMALL = "Barnevernet"
#: a unit with three respondents: named by default
LARGE = "Oppvekst"
NAMES = ["Kari Nordmann", "Ola Hansen", "Per Pettersen", "Siri Lund", "Amina Yusuf"]
#: answer comments, one per respondent, and the reason one gives for «ikke relevant»
COMMENTS = [f"Bare vi på kontoret vet dette, sa nummer {i}." for i in range(len(NAMES))]
REASON = "Vi har ingen anskaffelse, sa hun som leder teamet."

REPORT_FORMATS = ["terminal", "markdown", "html", "json"]
BATCH_FORMATS = ["table", "json", "jsonl", "csv", "junit", "markdown", "html"]
#: the formats that show the answers behind the findings (the others show projects only)
SHOWS_ANSWERS = {("report", f) for f in REPORT_FORMATS} | {("batch", "json"), ("batch", "jsonl")}
#: the formats that show free-text comments: the shared ones only with --comments
SHOWS_COMMENTS = SHOWS_ANSWERS - {("report", "terminal")}
CASES = [("report", f) for f in REPORT_FORMATS] + [("batch", f) for f in BATCH_FORMATS]


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project: a unit of one (named), a unit of three (named), and a named entrepreneur,
    each with a comment and a question left open; one answers «ikke relevant» with a reason."""
    rubric = load_rubric()
    units = [SMALL, LARGE, LARGE, LARGE, None]
    roles = ["kommune"] * 4 + ["entreprenor"]
    respondents = []
    for i, (role, unit, name) in enumerate(zip(roles, units, NAMES, strict=True)):
        questions = rubric.questions_for(role)
        values = {q.id: q.values()[0] for q in questions[1:]}  # the worst answer; the first left open
        entry: dict[str, Any] = {"role": role, "name": name, "answers": values}
        if unit is not None:
            entry["unit"] = unit
        entry["comments"] = {questions[1].id: COMMENTS[i]}
        respondents.append(entry)
    open_to = next(q for q in rubric.questions_for("kommune") if "ikke_relevant" in q.values())
    respondents[0]["answers"][open_to.id] = "ikke_relevant"
    respondents[0]["comments"][open_to.id] = REASON
    path = tmp_path_factory.mktemp("personvern") / "svar.yaml"
    path.write_text(answer_file(respondents), encoding="utf-8")
    return path


def run(cli: Cli, command: str, fmt: str, path: Path, *flags: str) -> str:
    """The output, its lines joined (the terminal wraps long lines)."""
    extra = ("--jobs", "1", "--exit-zero") if command == "batch" else ()
    result = cli(command, path, "--format", fmt, *extra, *flags)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout) if fmt in ("json", "jsonl") else " ".join(str(result.stdout).split())


@pytest.mark.parametrize(("command", "fmt"), CASES, ids=[f"{c}-{f}" for c, f in CASES])
def test_no_name_small_unit_or_shared_comment_by_default(
    cli: Cli, answers: Path, command: str, fmt: str
) -> None:
    out = run(cli, command, fmt, answers)
    assert not [n for n in NAMES if n in out]
    assert SMALL not in out
    if (command, fmt) in SHOWS_ANSWERS:
        assert LARGE in out  # three respondents: the unit is named
    if (command, fmt) == ("report", "terminal"):
        assert REASON in out  # the working report keeps the comments
    else:
        assert not [c for c in [*COMMENTS, REASON] if c in out]


@pytest.mark.parametrize(("command", "fmt"), CASES, ids=[f"{c}-{f}" for c, f in CASES])
def test_names_and_comments_appear_with_the_flags(cli: Cli, answers: Path, command: str, fmt: str) -> None:
    out = run(cli, command, fmt, answers, "--names", "--comments")
    if (command, fmt) in SHOWS_ANSWERS:
        assert [n for n in NAMES if n in out] == NAMES
        assert SMALL in out
    if (command, fmt) in SHOWS_COMMENTS:
        assert [c for c in [*COMMENTS, REASON] if c in out] == [*COMMENTS, REASON]


@pytest.mark.parametrize(("command", "fmt"), sorted(SHOWS_COMMENTS), ids=lambda x: x)
def test_names_without_comments_shows_no_comment(cli: Cli, answers: Path, command: str, fmt: str) -> None:
    out = run(cli, command, fmt, answers, "--names")
    assert SMALL in out and NAMES[0] in out
    assert not [c for c in [*COMMENTS, REASON] if c in out]


def test_blocks_without_answers_do_not_make_a_unit_large(cli: Cli, tmp_path: Path) -> None:
    """One answering respondent and two empty blocks of the same unit: still merged."""
    rubric = load_rubric()
    values = {q.id: q.values()[0] for q in rubric.questions_for("kommune")}
    respondents = [{"role": "kommune", "unit": SMALL, "answers": values}]
    respondents += [{"role": "kommune", "unit": SMALL, "name": n} for n in NAMES[:2]]
    path = tmp_path / "svar.yaml"
    path.write_text(answer_file(respondents, status="in_progress"), encoding="utf-8")
    assert SMALL not in run(cli, "report", "json", path)


def _shape(data: Any) -> Any:
    """The keys of a JSON document, all the way down (lists by their first item)."""
    if isinstance(data, dict):
        return {k: _shape(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_shape(data[0])] if data else []
    return None


def test_json_keeps_its_shape_and_says_null_for_what_it_hides(cli: Cli, answers: Path) -> None:
    hidden = json.loads(run(cli, "report", "json", answers))
    shown = json.loads(run(cli, "report", "json", answers, "--names", "--comments"))
    assert _shape(hidden) == _shape(shown)
    evidence = [e for f in hidden["findings"] for e in f["evidence"] if e["kind"] == "answer"]
    assert evidence and all(e["name"] is None and e["comment"] is None for e in evidence)
    assert {e["unit"] for e in evidence} == {LARGE, None}
    assert {r["unit"] for r in hidden["respondents"]} == {LARGE, None}
    assert [n["reason"] for n in hidden["not_applicable"]] == [None]
    assert {n["reason"] for n in shown["not_applicable"]} == {REASON}


@pytest.mark.parametrize("names", [False, True])
def test_the_closing_report_of_assess_names_no_one_without_names(tmp_path: Path, names: bool) -> None:
    """`assess` ends with the terminal report, under the same rule (--names shows them)."""
    text = (DATA / "mini-answers.yaml").read_text(encoding="utf-8")
    text = text.replace("unit: Oppvekst", "unit: Oppvekst\n    name: Kari Nordmann").replace(
        "roller: 4", "roller: vet_ikke"
    )
    path = tmp_path / "svar.yaml"
    path.write_text(text, encoding="utf-8")
    run = assess(path, [], "kommune", unit="Oppvekst", name="Kari Nordmann", names=names)
    closing = run.out[run.out.index("Samarbeidshelse") :]
    assert ("Kari Nordmann" in closing) is names
    assert ("Oppvekst" in closing) is names  # a unit of one
