"""The short report (the default) and the detailed one (--detail), in the terminal and in
Markdown: what to do first, one screen, no file:line or ids for the client, «ikke relevant»
with its reasons, and a trend over several assessments."""

from __future__ import annotations

import json
import re

import pytest

from samarbeid.i18n import t
from samarbeid.rubric import load_rubric
from testkit import ROOT, Cli

INDEROY = "examples/inderoy-helsefag.yaml"
#: ``file.yaml:12``: evidence pointing into an answer file
FILE_LINE = re.compile(r"\.ya?ml:\d+")


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def report(cli: Cli, *args: str) -> str:
    result = cli("report", INDEROY, *args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def flat(text: str) -> str:
    """``text`` with its lines joined (the terminal wraps at 80 columns)."""
    return " ".join(text.split())


def question_ids() -> set[str]:
    return {q.id for q in load_rubric().questions}


def test_terminal_default_fits_a_screen_and_puts_the_most_severe_first(cli: Cli) -> None:
    out = report(cli)  # not a terminal: 80 columns
    lines = out.splitlines()
    assert len(lines) <= 80
    assert max(len(line) for line in lines) <= 80
    first = lines.index(t("r.first", "nb"))
    assert first < 8  # right after the overall level
    numbered = [line for line in lines[first:] if re.match(r"\d\. ", line)]
    assert [line[:2] for line in numbered] == ["1.", "2.", "3."]
    assert "KRITISK" in numbered[0]
    ranks = ["KRITISK", "HØY", "MIDDELS", "LAV"]
    seen = [next(i for i, r in enumerate(ranks) if f" {r} " in line) for line in numbered]
    assert seen == sorted(seen)
    assert "Kommunen" in out and "--detail" in lines[-1]


def test_terminal_default_has_no_file_line_and_detail_has(cli: Cli) -> None:
    assert not FILE_LINE.search(report(cli))
    detail = report(cli, "--detail")
    assert " inderoy-helsefag.yaml:50" in detail and "examples/" not in detail  # the name, not the path
    assert "(mangler-koordinator)" in detail


def test_terminal_default_names_questions_by_their_text(cli: Cli) -> None:
    out = report(cli)
    assert "Det er avtalt hvordan og hvor ofte den sosiale entreprenøren" in out
    words = set(re.findall(r"[\w-]+", out))
    assert not words & {q for q in question_ids() if "-" in q}


def test_markdown_default_is_for_the_client(cli: Cli) -> None:
    out = report(cli, "-f", "markdown")
    assert not FILE_LINE.search(out)
    assert "`" not in out.split("\n", 3)[3]  # no ids in code spans after the heading
    words = set(re.findall(r"[\w-]+", out))
    assert not words & {q for q in question_ids() if "-" in q}
    assert "Kommunen svarte «nei»" in out
    assert "## Gjør dette først" in out
    # the sources once, numbered, at the end; each finding cites them by number
    references = out.split("## Kilder\n", 1)[1]
    assert references.lstrip().startswith("1. ")
    assert "**Kilder:** [1]" in out


def test_markdown_detail_has_ids_and_file_line(cli: Cli) -> None:
    out = report(cli, "-f", "markdown", "--detail")
    assert FILE_LINE.search(out)
    assert "`mangler-koordinator`" in out


@pytest.mark.parametrize("fmt", ["terminal", "markdown"])
@pytest.mark.parametrize("detail", [(), ("--detail",)])
def test_an_ikke_relevant_reason_appears(cli: Cli, fmt: str, detail: tuple[str, ...]) -> None:
    """In the terminal (the working report) always; in Markdown with --comments."""
    shown = ("--comments",) if fmt == "markdown" else ()
    out = flat(report(cli, "-f", fmt, *detail, *shown))
    assert "Kurset er utsatt to ganger og har ikke hatt én deltaker ennå." in out
    assert t("value.vet_ikke", "nb") in out.lower()  # next to «vet ikke»


@pytest.mark.parametrize("fmt", ["terminal", "markdown"])
def test_three_assessments_give_a_trend_in_date_order(cli: Cli, fmt: str) -> None:
    out = flat(report(cli, "-f", fmt, "--baseline", "examples/tidligere"))
    trend = out.split(t("r.trend", "nb"), 1)[1]
    dates = re.findall(r"\b20\d\d-\d\d-\d\d\b", trend.split(t("b.title_dated", "nb", date="")[:10], 1)[0])
    assert dates == ["2020-03-01", "2020-09-01", "2021-06-15"]
    assert "rød" in trend and "gul" in trend
    # changes since the latest baseline list new findings by title
    data = json.loads(report(cli, "-f", "json", "--baseline", "examples/tidligere"))
    new = [f["title"] for f in data["baseline"]["findings"]["new"]]
    assert new
    assert all(title in out.split(t("b.new", "nb"), 1)[1] for title in new)


def test_one_baseline_gives_no_trend_table(cli: Cli) -> None:
    out = report(cli, "--baseline", "examples/tidligere/inderoy-helsefag-2020.yaml")
    assert t("r.trend", "nb") not in out
    assert "Endring siden vurderingen 2020-09-01" in out


@pytest.mark.parametrize(
    ("lang", "one", "many"), [("nb", "1 svar", "3 svar"), ("en", "1 answer", "3 answers")]
)
def test_answers_are_counted_in_the_right_form(lang: str, one: str, many: str) -> None:
    assert t("n.answers", lang, count=1) == one
    assert t("n.answers", lang, count=3) == many


def test_english_short_report_says_who_acts(cli: Cli) -> None:
    out = flat(report(cli, "--lang", "en"))
    assert "Do this first" in out and "Who: The municipality" in out and "Who: Both" in out
    assert "3 answers" in out
