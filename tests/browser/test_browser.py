"""The HTML report in a real headless Chromium: the pictures render, nothing is fetched.

Needs Debian's ``chromium`` (or ``SAMARBEID_CHROMIUM=/path/to/chrome``). Without one the tests
skip, except in CI (``CI`` or ``SAMARBEID_REQUIRE_BROWSER=1`` set), where they fail.
A screenshot and a PDF of the report are left in ``test-artifacts/`` for a person to look at.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from html import unescape as html_unescape
from pathlib import Path
from typing import Any

import pytest

from browserkit import ARTIFACTS, REQUIRED, chromium, find_browser, page_requests, png_size
from samarbeid.load.answers import load_submission
from samarbeid.render import ReportFormat, render_report
from samarbeid.render.words import Words
from samarbeid.rubric import load_rubric
from samarbeid.score.scoring import assess
from testkit import ROOT, Pdf

EXAMPLE = sorted((ROOT / "examples" / "delt").glob("*.yaml"))  # both parties, with divergences
SCREEN = (1200, 2400)


# Injected into a copy of the report (never into the report itself, which has no script and
# forbids scripts): measures what the browser drew and writes it into the DOM as JSON.
MEASURE = """<script>
(() => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height}; };
  const root = document.documentElement;
  const out = {clientWidth: root.clientWidth, scrollWidth: root.scrollWidth, charts: []};
  for (const svg of document.querySelectorAll('svg.chart')) {
    out.charts.push({
      kind: svg.classList.contains('chart--dimensions') ? 'dimensions' : 'divergences',
      box: box(svg),
      title: (svg.querySelector(':scope > title') || {}).textContent || '',
      markers: [...svg.querySelectorAll('g.marker')].map((g) => ({
        role: g.dataset.role, dimension: g.dataset.dimension || null,
        shape: g.querySelector('circle, path').tagName, fill: getComputedStyle(g).fill,
        title: g.querySelector('title').textContent, box: box(g)})),
      texts: [...svg.querySelectorAll('text')].map((t) => ({text: t.textContent, box: box(t)})),
    });
  }
  const pre = document.createElement('pre');
  pre.id = 'samarbeid-measurements';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


@pytest.fixture(scope="module")
def browser() -> str:
    path = find_browser()
    if path is None:
        reason = (
            "no Chromium found: install Debian's chromium package "
            "(apt-get install chromium) or set SAMARBEID_CHROMIUM"
        )
        if REQUIRED:
            pytest.fail(f"{reason}; it is required here (CI or SAMARBEID_REQUIRE_BROWSER=1)")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="module")
def report(workdir: Path) -> Path:
    """The HTML report of the two-file example, as the CLI writes it."""
    rubric = load_rubric()
    assessment = assess(rubric, load_submission(EXAMPLE, rubric))
    path = workdir / "rapport.html"
    path.write_text(render_report(assessment, ReportFormat.html, rubric=rubric, lang="nb"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def measured(browser: str, workdir: Path, report: Path) -> dict[str, Any]:
    """What Chromium drew, measured in a copy of the report at about the width of A4 paper."""
    html = report.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    copy = workdir / "measured.html"
    copy.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = chromium(browser, workdir, "measure", "--window-size=720,1200", "--dump-dom", copy.as_uri()).stdout
    found = re.search(r'<pre id="samarbeid-measurements">(.*?)</pre>', dom, re.S)
    assert found, "the measuring script did not run:\n" + dom[-2000:]
    data: dict[str, Any] = json.loads(html_unescape(found.group(1)))
    return data


def test_dimension_picture_draws_a_mark_per_party_and_dimension(measured: dict[str, Any]) -> None:
    """Six marks (2 parties × 3 dimensions), each drawn, with its number in its title."""
    (chart,) = [c for c in measured["charts"] if c["kind"] == "dimensions"]
    marks = {(m["role"], m["dimension"]): m for m in chart["markers"]}
    assert set(marks) == {
        (role, dim)
        for role in ("kommune", "entreprenor")
        for dim in ("forstaelse", "forankring", "forpliktelse")
    }
    assert len(chart["markers"]) == 6
    for mark in chart["markers"]:
        assert mark["box"]["width"] > 10 and mark["box"]["height"] > 10, mark
        assert re.search(r"\d+,\d av 100$", mark["title"]), mark["title"]
    # the two parties differ by shape and by colour
    assert {m["shape"] for m in chart["markers"] if m["role"] == "kommune"} == {"circle"}
    assert {m["shape"] for m in chart["markers"] if m["role"] == "entreprenor"} == {"path"}
    assert marks["kommune", "forankring"]["fill"] != marks["entreprenor", "forankring"]["fill"]
    # a higher score is drawn further right: forankring kommune 58,0 < entreprenør 61,5
    assert marks["kommune", "forankring"]["box"]["left"] < marks["entreprenor", "forankring"]["box"]["left"]


def test_divergence_picture_draws_both_answers_for_every_divergence(measured: dict[str, Any]) -> None:
    """The example has seven divergences: seven rows of two marks."""
    charts = [c for c in measured["charts"] if c["kind"] == "divergences"]
    markers = [m for c in charts for m in c["markers"]]
    assert len(markers) == 14
    assert sorted(m["role"] for m in markers) == ["entreprenor"] * 7 + ["kommune"] * 7
    assert all(m["box"]["width"] > 10 for m in markers)


def test_pictures_fit_the_page_without_cutting_anything_off(measured: dict[str, Any]) -> None:
    """At about A4 width every picture, mark and label lies inside the page and its picture."""
    assert measured["scrollWidth"] <= measured["clientWidth"], "the page scrolls sideways"
    assert len(measured["charts"]) >= 2
    for chart in measured["charts"]:
        svg = chart["box"]
        assert svg["width"] > 300 and svg["height"] > 100, chart["title"]
        assert svg["left"] >= 0 and svg["right"] <= measured["clientWidth"], chart["title"]
        for item in chart["markers"] + chart["texts"]:
            b = item["box"]
            assert b["width"] > 0, item  # text drawn with a real font
            assert svg["left"] - 1 <= b["left"] and b["right"] <= svg["right"] + 1, (chart["title"], item)
            assert svg["top"] - 1 <= b["top"] and b["bottom"] <= svg["bottom"] + 1, (chart["title"], item)


def test_report_renders_and_requests_nothing(browser: str, workdir: Path, report: Path) -> None:
    """The report (no script; its CSP forbids any) is drawn, and the net log shows no request
    from the page; the screenshot is kept as test-artifacts/report-browser.png."""
    netlog = workdir / "report.netlog"
    shot = workdir / "report.png"
    chromium(
        browser,
        workdir,
        "screenshot",
        f"--log-net-log={netlog}",
        f"--screenshot={shot}",
        f"--window-size={SCREEN[0]},{SCREEN[1]}",
        report.as_uri(),
    )
    assert png_size(shot) == SCREEN
    assert shot.stat().st_size > 50_000, "the screenshot looks empty"
    assert page_requests(netlog) == []
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(shot, ARTIFACTS / "report-browser.png")


def test_net_log_check_sees_a_request_when_a_page_makes_one(browser: str, workdir: Path) -> None:
    """The check above is not blind: a page with a remote image shows up in the net log."""
    page = workdir / "canary.html"
    page.write_text(
        '<!DOCTYPE html><title>x</title><img src="http://samarbeid.invalid/x.png" alt="">', encoding="utf-8"
    )
    netlog = workdir / "canary.netlog"
    chromium(browser, workdir, "canary", f"--log-net-log={netlog}", "--dump-dom", page.as_uri())
    assert page_requests(netlog) == ["http://samarbeid.invalid/x.png"]


def test_report_prints_on_a4_pages(browser: str, workdir: Path, report: Path) -> None:
    """The print stylesheet gives A4 pages (kept as test-artifacts/report.pdf)."""
    pdf = workdir / "report.pdf"
    chromium(browser, workdir, "pdf", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes, "no page in the PDF"
    for width, height in boxes:  # A4 is 595.3 × 841.9 points
        assert abs(float(width) - 595.3) < 2 and abs(float(height) - 841.9) < 2, (width, height)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(pdf, ARTIFACTS / "report.pdf")


INDEROY = [ROOT / "examples" / "inderoy-helsefag.yaml"]
MAX_PAGES = 6


def inderoy_report(workdir: Path, name: str, *, detail: bool = False, baselines: bool = False) -> Path:
    """The HTML report of the Inderøy example, as ``report`` writes it (with the two earlier
    assessments in examples/tidligere as baselines when asked)."""
    from samarbeid.pipeline import assess_files

    rubric = load_rubric()
    earlier = [ROOT / "examples" / "tidligere"] if baselines else []
    assessment = assess_files(INDEROY, rubric, as_of=None, baselines=earlier)
    path = workdir / f"{name}.html"
    html = render_report(assessment, ReportFormat.html, rubric=rubric, lang="nb", detail=detail)
    path.write_text(html, encoding="utf-8")
    return path


def pdf_pages(browser: str, workdir: Path, page: Path) -> int:
    pdf = page.with_suffix(".pdf")
    chromium(
        browser, workdir, f"pdf-{page.stem}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()
    )
    return len(re.findall(rb"/MediaBox", pdf.read_bytes()))


def test_inderoy_default_report_prints_on_at_most_six_pages(browser: str, workdir: Path) -> None:
    """A leader's brief: the Inderøy example's default report fits six A4 pages, and every
    finding carries its next step on paper (the evidence stays behind, no ▶ marker, no
    command-line hint); --detail, the working copy, is longer. Both PDFs go to
    test-artifacts/."""
    short = inderoy_report(workdir, "inderoy")
    pages = pdf_pages(browser, workdir, short)
    assert pages <= MAX_PAGES, f"{pages} pages"
    # the browser's font joins fi and ff into ligatures: NFKC takes them apart again
    printed = unicodedata.normalize("NFKC", Pdf(short.with_suffix(".pdf").read_bytes()).words())
    rubric = load_rubric()
    words = Words(rubric, "nb")
    from samarbeid.pipeline import assess_files

    for f in assess_files(INDEROY, rubric, as_of=None).findings:
        assert " ".join(words.action(f).split()) in printed, f.id
    assert "▶" not in printed and "--detail" not in printed
    full = pdf_pages(browser, workdir, inderoy_report(workdir, "inderoy-detail", detail=True))
    assert full > pages
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(short.with_suffix(".pdf"), ARTIFACTS / "inderoy.pdf")


@pytest.fixture(scope="module")
def trend_report(workdir: Path) -> Path:
    return inderoy_report(workdir, "inderoy-trend", baselines=True)


def test_trend_report_requests_nothing(browser: str, workdir: Path, trend_report: Path) -> None:
    """The report with priorities, references, details and the trend loads nothing."""
    netlog = workdir / "trend.netlog"
    chromium(browser, workdir, "trend-net", f"--log-net-log={netlog}", "--dump-dom", trend_report.as_uri())
    assert page_requests(netlog) == []


TREND_MEASURE = """<script>
(() => {
  const svg = document.querySelector('svg.chart--trend');
  const box = (el) => { const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height}; };
  const out = {svg: box(svg), points: [...svg.querySelectorAll('g.trend-point')].map((g) => ({
      series: g.closest('g.trend-series').dataset.series, date: g.dataset.date,
      box: box(g)})),
    texts: [...svg.querySelectorAll('text')].map((t) => ({text: t.textContent, box: box(t)}))};
  const pre = document.createElement('pre');
  pre.id = 'samarbeid-measurements';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def test_trend_chart_draws_three_dated_points_per_row(
    browser: str, workdir: Path, trend_report: Path
) -> None:
    """Chromium draws the trend: four rows of three points, left to right in date order, and
    every label inside the picture."""
    html = trend_report.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    copy = workdir / "trend-measured.html"
    copy.write_text(html.replace("</body>", TREND_MEASURE + "</body>"), encoding="utf-8")
    dom = chromium(browser, workdir, "trend", "--window-size=720,1200", "--dump-dom", copy.as_uri()).stdout
    found = re.search(r'<pre id="samarbeid-measurements">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    data = json.loads(html_unescape(found.group(1)))
    svg = data["svg"]
    assert svg["width"] > 300 and svg["height"] > 200
    dates = ["2020-03-01", "2020-09-01", "2021-06-15"]
    for series in ("overall", "forstaelse", "forankring", "forpliktelse"):
        points = [p for p in data["points"] if p["series"] == series]
        assert [p["date"] for p in points] == dates
        lefts = [p["box"]["left"] for p in points]
        assert lefts == sorted(lefts) and all(p["box"]["width"] > 5 for p in points)
    for item in data["texts"]:
        b = item["box"]
        assert b["width"] > 0, item
        assert svg["left"] - 1 <= b["left"] and b["right"] <= svg["right"] + 1, item
