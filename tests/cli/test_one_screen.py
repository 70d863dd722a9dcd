"""The terminal report's first screen tells the story: at 80×24 the level, why it is what it
is, and the three things to do first; then a few lines of other findings, a legend for the
numbers, and a mark on an expired accepted risk among the priorities."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from samarbeid.i18n import t
from samarbeid.pipeline import assess_files
from samarbeid.render import ReportFormat, render_report
from samarbeid.render.terminal import MAX_FINDING_LINES
from samarbeid.render.words import Words
from samarbeid.result.assessment import Assessment
from samarbeid.rubric import load_rubric
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import Level, Severity
from testkit import ROOT, Cli

INDEROY = ROOT / "examples" / "inderoy-helsefag.yaml"
SCREEN = 24  # lines of an 80×24 terminal


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric()


@pytest.fixture(scope="module")
def inderoy(rubric: Rubric) -> Assessment:
    return assess_files([INDEROY], rubric, as_of=None)


def terminal(a: Assessment, rubric: Rubric, lang: str = "nb") -> list[str]:
    return render_report(a, ReportFormat.terminal, rubric=rubric, lang=lang, width=80).splitlines()


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_first_screen_holds_the_level_its_reason_and_the_three_priorities(
    inderoy: Assessment, rubric: Rubric, lang: str
) -> None:
    lines = terminal(inderoy, rubric, lang)
    w = Words(rubric, lang)
    screen = "\n".join(lines[:SCREEN])
    assert f"{t('r.overall', lang)}: ○ {w.level(Level.red)}" in screen
    assert w.level_reason(inderoy) in screen  # one line, right under the level
    assert len(inderoy.priorities) == 3
    for p in inderoy.priorities:
        assert w.title(p) in screen
        assert w.brief(p).split()[-1] in screen  # each priority whole, to its last word
    assert max(len(line) for line in lines) <= 80


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_other_findings_take_at_most_eight_lines_then_say_how_many_more(
    inderoy: Assessment, rubric: Rubric, lang: str
) -> None:
    lines = terminal(inderoy, rubric, lang)
    first = {p.finding for p in inderoy.priorities}
    rest = [f for f in inderoy.findings if f.id not in first]
    assert len(rest) > MAX_FINDING_LINES == 8
    heading = lines.index(f"{t('r.other_findings', lang)} ({len(rest)})")
    more = t("r.and_more_detail", lang, count=len(rest) - MAX_FINDING_LINES)
    assert lines[heading + MAX_FINDING_LINES + 1] == more
    assert more.endswith("(--detail)")


def test_the_whole_default_report_keeps_the_readmes_promise(inderoy: Assessment, rubric: Rubric) -> None:
    """The README: the first screen holds level, why and the tiltak; under 60 lines in all."""
    assert len(terminal(inderoy, rubric)) < 60
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "den første skjermen (24 linjer à 80 tegn)" in readme
    assert "under 60 linjer i alt" in readme


def _with(a: Assessment, score: float, level: Level, severity: Severity) -> Assessment:
    """``a`` with another score and level, and its first finding at ``severity`` (the rest
    info), to make each reason for a level."""
    findings = [msgspec.structs.replace(f, severity=Severity.info) for f in a.findings]
    findings[0] = msgspec.structs.replace(findings[0], severity=severity)
    return msgspec.structs.replace(a, score=score, level=level, findings=findings)


@pytest.mark.parametrize(
    ("score", "level", "severity", "code"),
    [
        (80.0, Level.red, Severity.critical, "h.cap.critical"),  # green band, red all the same
        (60.0, Level.red, Severity.critical, "h.cap.critical"),
        (80.0, Level.yellow, Severity.high, "h.cap.high"),  # green band, capped at yellow
        (60.0, Level.yellow, Severity.high, "r.band.yellow"),  # the band says it already
        (40.0, Level.red, Severity.medium, "r.band.red"),
        (80.0, Level.green, Severity.low, "r.band.green"),
    ],
)
@pytest.mark.parametrize("fmt", [ReportFormat.terminal, ReportFormat.markdown])
def test_the_headline_says_why_the_level_is_what_it_is(
    inderoy: Assessment,
    rubric: Rubric,
    fmt: ReportFormat,
    score: float,
    level: Level,
    severity: Severity,
    code: str,
) -> None:
    a = _with(inderoy, score, level, severity)
    out = " ".join(render_report(a, fmt, rubric=rubric, lang="nb", width=80).split())
    reason = t(code, "nb", yellow=50, green=75)
    assert reason in out
    if fmt is ReportFormat.terminal:  # the reason comes before «Gjør dette først»
        assert out.index(reason) < out.index(t("r.first", "nb"))


@pytest.mark.parametrize("fmt", ["terminal", "markdown"])
@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_risk_and_coverage_are_explained_in_words(cli: Cli, fmt: str, lang: str) -> None:
    result = cli("report", INDEROY, "-f", fmt, "--lang", lang)
    out = " ".join(result.stdout.split())
    weights = {"nb": "kritisk 8, høy 4, middels 2, lav 1", "nn": "kritisk 8, høg 4", "en": "high 4"}
    assert weights[lang] in out
    assert {"nb": "Dekning er", "nn": "Dekning er", "en": "Coverage is"}[lang] in out


def test_an_expired_accepted_priority_is_marked_in_the_terminal(tmp_path: Path, cli: Cli) -> None:
    """A priority whose acceptance has run out is back among the priorities, marked
    «akseptert, utløpt» as in Markdown."""
    file = tmp_path / "inderoy.yaml"
    file.write_text(
        INDEROY.read_text(encoding="utf-8")
        + "accepted:\n  - rule: mangler-koordinator\n    reason: Ny koordinator i januar.\n"
        "    by: Rådmannen\n    until: 2021-01-31\n",
        encoding="utf-8",
    )
    out = cli("report", file, "--as-of", "2021-06-15").stdout
    first = " ".join(out.split(t("r.first", "nb"), 1)[1].split(t("r.dimension", "nb"), 1)[0].split())
    assert f"Ingen koordinator i kommunen med tid til samarbeidet [{t('r.accepted_expired', 'nb')}]" in first
    markdown = cli("report", file, "--as-of", "2021-06-15", "-f", "markdown").stdout
    assert t("r.accepted_expired", "nb") in markdown
