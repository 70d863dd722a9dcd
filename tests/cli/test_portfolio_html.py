"""`samarbeid batch -f html`: the portfolio page. Every project on the picture and in the
matrix, worst first; anchors that resolve; stale and undated assessments flagged; nothing
from the network; hostile names escaped; errors listed; 2 000 projects under 2 MB."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from samarbeid.result.portfolio import LEVEL_RANK, stale
from samarbeid.vocab import Level
from testkit import ROOT, Cli, answer_file, best

sys.path.insert(0, str(ROOT / "benchmarks"))
from testkit import AS_OF, portfolio

LIMIT = 2_000_000  # bytes: "under 2 MB" read strictly
SEVERITY_NB = {"critical": "kritisk", "high": "høy", "medium": "middels", "low": "lav", "info": "info"}


def batch(cli: Cli, *args: Any) -> Any:
    return cli("batch", *args, "--as-of", AS_OF, "--exit-zero", "--jobs", "2")


class Page(HTMLParser):
    """What the tests look at: ids, links, every URL-like attribute, the picture's marks,
    the matrix rows and the projects' sections in order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.urls: list[tuple[str, str, str]] = []
        self.marks: list[str] = []
        self.rows: list[dict[str, Any]] = []
        self.sections: list[str] = []
        self.stack: list[str] = []
        self.in_waffle = False
        self.in_matrix = False
        self.cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
            if tag == "section" and a["id"].startswith("p-"):
                self.sections.append(a["id"][2:])
        for key in ("href", "src", "xlink:href", "action", "data", "poster", "srcset"):
            if key in a:
                self.urls.append((tag, key, a[key]))
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "svg" and "waffle" in a.get("class", ""):
            self.in_waffle = True
        if self.in_waffle and tag == "use":
            self.marks.append(a["href"].removeprefix("#g-"))
        if tag == "table" and a.get("class") == "mx":
            self.in_matrix = True
        if self.in_matrix and tag == "tr" and self.stack.count("tbody"):
            self.rows.append({"cells": []})
        if self.in_matrix and self.rows and tag in ("td", "th"):
            self.rows[-1]["cells"].append({"class": a.get("class", ""), "text": ""})
        if self.in_matrix and self.rows and tag == "a":
            self.rows[-1]["href"] = a["href"]
        if tag == "tbody":
            self.stack.append("tbody")

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.in_waffle = False
        if tag == "table":
            self.in_matrix = False
        if tag == "tbody" and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.in_matrix and self.rows and self.rows[-1]["cells"]:
            self.rows[-1]["cells"][-1]["text"] += data


@pytest.fixture(scope="module")
def sixty(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """60 generated projects as the HTML page and as JSON."""
    from testkit import Cli

    folder = tmp_path_factory.mktemp("sixty")
    portfolio(folder, 60)
    cli = Cli()
    html = batch(cli, folder, "-f", "html")
    assert html.exit_code == 0, html.output
    data = json.loads(batch(cli, folder, "-f", "json").stdout)
    return {"html": html.stdout, "page": Page(html.stdout), "json": data, "folder": folder}


def test_the_picture_has_a_mark_for_every_project_worst_first(sixty: dict[str, Any]) -> None:
    page, projects = sixty["page"], sixty["json"]["projects"]
    assert len(projects) == 60
    assert '<svg class="waffle"' in sixty["html"]
    assert len(page.marks) == 60
    ranked = sorted(projects, key=lambda p: (LEVEL_RANK[Level(p["level"])], -p["risk"], p["project"]["id"]))
    assert page.marks == [p["level"] for p in ranked]


def test_matrix_and_sections_are_worst_first_then_by_risk_then_id(sixty: dict[str, Any]) -> None:
    page, projects = sixty["page"], sixty["json"]["projects"]
    ranked = sorted(projects, key=lambda p: (LEVEL_RANK[Level(p["level"])], -p["risk"], p["project"]["id"]))
    ids = [p["project"]["id"] for p in ranked]
    assert [r["href"] for r in page.rows] == [f"#p-{i}" for i in ids]
    assert page.sections == ids
    levels = [LEVEL_RANK[Level(p["level"])] for p in ranked]
    assert levels == sorted(levels) and len(set(levels)) > 1
    for row, p in zip(page.rows, ranked, strict=True):
        cells = row["cells"]
        # three dimensions and the overall level: the level's class (its CSS shape) and a number or word
        for cell, dim in zip(cells[2:5], ("forstaelse", "forankring", "forpliktelse"), strict=True):
            assert cell["class"] == p["dimensions"][dim]["level"]
            assert re.fullmatch(r"\d+,\d|–", cell["text"]), cell
        assert cells[5]["class"] == p["level"]
        assert cells[6]["text"] == str(p["risk"])


def test_every_anchor_resolves_and_nothing_comes_from_the_network(sixty: dict[str, Any]) -> None:
    page, html = sixty["page"], sixty["html"]
    assert len(page.ids) == len(set(page.ids)), "an id is used twice"
    ids = set(page.ids)
    for tag, key, url in page.urls:
        assert url.startswith("#"), (tag, key, url)
        assert url[1:] in ids, f"{tag} {key}={url} points nowhere"
    assert len(page.links) >= 60 * 2  # the matrix row and at least one priority per project
    assert not re.search(r"(?i)(https?:|ftp:|//[a-z0-9]|url\s*\(|@import|<script|<link|<img|<iframe)", html)
    assert "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"" in html


def test_stale_and_undated_assessments_are_flagged(sixty: dict[str, Any]) -> None:
    html, projects = sixty["html"], sixty["json"]["projects"]
    as_of = dt.date.fromisoformat(AS_OF)
    old = [
        p
        for p in projects
        if p["project"]["assessed"] and stale(dt.date.fromisoformat(p["project"]["assessed"]), as_of)
    ]
    undated = [p for p in projects if not p["project"]["assessed"]]
    assert old and undated
    assert f"{len(old)} vurderinger er eldre enn 12 måneder." in html
    assert f"{len(undated)} prosjekter har ingen vurderingsdato." in html
    for p in projects:
        pid = p["project"]["id"]
        section = html[html.index(f'<section id="p-{pid}">') :]
        section = section[: section.index("</section>")]
        row = re.search(rf'<tr><td><th><a href="#p-{pid}">.*', html)
        assert row
        if p in old:
            assert "utdatert" in section and "utdatert" in row.group()
        elif p in undated:
            assert "uten dato" in section and "uten dato" in row.group()
        else:
            assert "utdatert" not in section and "utdatert" not in row.group()


def test_sections_have_level_dimensions_and_priorities(sixty: dict[str, Any]) -> None:
    html, projects = sixty["html"], sixty["json"]["projects"]
    for p in projects:
        pid = p["project"]["id"]
        section = html[html.index(f'<section id="p-{pid}">') :]
        section = section[: section.index("</section>")]
        assert f'<b class="{p["level"]}">' in section
        for dim in ("Forståelse", "Forankring", "Forpliktelse"):
            assert dim in section
        for prio in p["priorities"]:
            finding = next(f for f in p["findings"] if f["id"] == prio["finding"])
            assert finding["title"] in section


def test_common_findings_are_counted_as_the_projects_have_them(sixty: dict[str, Any]) -> None:
    """Each problem is counted under the severity and title the projects have: by grade, and an
    escalated finding by its escalation (which words it whatever the grade)."""
    html, projects = sixty["html"], sixty["json"]["projects"]
    common = html[html.index('<section id="common"') :]
    common = common[: common.index("</section>")]
    counts: dict[tuple[str, int | str], int] = {}
    titles = {}
    for p in projects:
        for f in p["findings"]:
            key = (f["id"], f["escalation"] or f["grade"])
            counts[key] = counts.get(key, 0) + 1
            titles[key] = f"{f['title']} ({SEVERITY_NB[f['severity']]})"
    first = re.search(r"<tbody>\s*<tr id=\"f\d+[a-z]*\"><th>(.*?)</th><td class=\"r\">(\d+) ", common)
    assert first and first.group(2) == str(max(counts.values()))
    shown = re.findall(r"<tr id=\"f\d+[a-z]*\"><th>(.*?)</th><td class=\"r\">(\d+) ", common)
    assert sorted((title.replace("&#39;", "'"), int(n)) for title, n in shown) == sorted(
        (titles[k], n) for k, n in counts.items()
    )


def test_hostile_names_are_escaped(cli: Cli, tmp_path: Path) -> None:
    from samarbeid.rubric import load_rubric

    rubric = load_rubric()
    path = tmp_path / "fiendtlig.yaml"
    path.write_text(
        answer_file([best(rubric, "kommune"), best(rubric, "entreprenor")], project_id="fiendtlig")
    )
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "Testprosjekt", "'<script>alert(1)</script>\u202e</style><img src=http://x.invalid/a>'"
    )
    text = text.replace("Testkommune", '\'"><a href="https://evil.invalid">klikk</a>\'')
    path.write_text(text, encoding="utf-8")
    html = batch(cli, path, "-f", "html").stdout
    assert "<script" not in html and "<img" not in html and "</style><" not in html
    assert "https://evil" not in html.replace("&#34;https://evil", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;\\x202e" in html
    assert '<a href="https' not in html


def test_unreadable_files_are_listed_with_their_positioned_message(cli: Cli, tmp_path: Path) -> None:
    portfolio(tmp_path, 3)
    (tmp_path / "broken.yaml").write_text("samarbeid: 1\nproject: [\n", encoding="utf-8")
    result = batch(cli, tmp_path, "-f", "html")
    assert result.exit_code == 2
    errors = result.stdout[result.stdout.index('<section id="errors"') :]
    assert re.search(r"<li><code>[^<]*broken\.yaml:\d+:\d+: [^<]+</code></li>", errors)
    assert '<a href="#errors">' in result.stdout


def test_an_empty_portfolio_is_still_a_page(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("samarbeid: 1\nproject: [\n", encoding="utf-8")
    html = batch(cli, tmp_path, "-f", "html").stdout
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "Ingen prosjekter kunne vurderes." in html and "<table" not in html


def test_english_page(sixty: dict[str, Any]) -> None:
    html = Cli()(
        "batch", sixty["folder"], "-f", "html", "--as-of", AS_OF, "--exit-zero", "--lang", "en"
    ).stdout
    assert '<html lang="en">' in html and "Projects, worst first" in html and "out of date" in html


@pytest.mark.parametrize(
    ("assessed", "as_of", "expected"),
    [
        ("2026-03-01", "2027-03-01", False),
        ("2026-02-28", "2027-03-01", True),
        ("2027-02-27", "2028-02-29", True),
        ("2027-02-28", "2028-02-29", False),
        (None, "2027-03-01", None),
    ],
)
def test_stale_means_more_than_twelve_months(assessed: str | None, as_of: str, expected: bool | None) -> None:
    date = dt.date.fromisoformat(assessed) if assessed else None
    assert stale(date, dt.date.fromisoformat(as_of)) is expected


def test_two_thousand_projects_stay_under_two_megabytes(cli: Cli, tmp_path: Path) -> None:
    portfolio(tmp_path, 2000)
    out = tmp_path / "portefolje.html"
    result = batch(cli, tmp_path, "-f", "html", "-o", out)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    page = Page(html)
    assert len(page.rows) == len(page.marks) == 2000
    assert html.count('<section id="p-') > 1000
    size = out.stat().st_size
    assert size < LIMIT, f"{size} bytes"


def test_past_the_size_budget_the_worst_projects_keep_their_sections(
    cli: Cli, tmp_path: Path, sixty: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from samarbeid.render import portfolio as render

    full = sixty["html"].encode()
    sections = re.findall(rb'<section id="p-.*?</section>\n', full, re.S)
    budget = len(full) - sum(len(s) for s in sections[20:])  # room for 20 sections
    monkeypatch.setattr(render, "HTML_BUDGET", budget)
    html = batch(cli, sixty["folder"], "-f", "html").stdout
    page = Page(html)
    assert len(html.encode()) <= budget
    # an -o file, whose sections are copied as the bytes they were spilled as, has the same
    batch(cli, sixty["folder"], "-f", "html", "-o", tmp_path / "ut.html")
    assert (tmp_path / "ut.html").read_bytes() == html.encode()
    ranked = [r["href"] for r in Page(sixty["html"]).rows]
    shown = len(page.sections)
    assert 15 <= shown < 30  # 20, and the room the rows without a link leave
    # every project in the picture and the matrix; the sections are the worst ones, linked
    assert len(page.marks) == len(page.rows) == 60
    assert [f"#p-{pid}" for pid in page.sections] == ranked[:shown]
    assert [r.get("href") for r in page.rows] == ranked[:shown] + [None] * (60 - shown)
    assert f"Her står de {shown} prosjektene med høyest risiko, av 60;" in html
    ids = set(page.ids)
    assert all(url[1:] in ids for _, _, url in page.urls)
    assert "med høyest risiko, av" not in sixty["html"]
