"""The HTML report: self-contained, escaped, accessible, printable, and the same content as
the Markdown report. (tests/browser/test_browser.py opens it in a real browser.)"""

from __future__ import annotations

import itertools
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from samarbeid.i18n import t
from samarbeid.render.templated import environment
from samarbeid.vocab import Level, Severity
from testkit import DATA, MINI, ROOT, Cli, answer_file, best, example_projects, worst

NAME_ATTACK = "<script>alert(1)</script>"
COMMENT_ATTACK = '"><img src=x onerror=alert(1)>'


def render(cli: Cli, *args: str | Path) -> str:
    result = cli("report", *args, "--format", "html")
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


@pytest.fixture
def example(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Render an example project (by name) in a language: (HTML text, JSON report)."""
    monkeypatch.chdir(ROOT)

    def make(name: str, lang: str = "nb", *extra: str) -> tuple[str, dict[str, Any]]:
        files = example_projects()[name]
        data = json.loads(cli("report", *files, *extra, "--format", "json", "--lang", lang).stdout)
        return render(cli, *files, *extra, "--lang", lang), data

    return make


def parse(html: str) -> ET.Element:
    """The report is well-formed markup (void elements are self-closed), so a strict XML
    parser reads it; that also proves every element is closed."""
    return ET.fromstring(html)


def classes(el: ET.Element) -> list[str]:
    return (el.get("class") or "").split()


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [el for el in root.iter() if name in classes(el)]


def text(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def chart(root: ET.Element, kind: str) -> list[ET.Element]:
    return [svg for svg in root.iter("svg") if f"chart--{kind}" in classes(svg)]


ALL_EXAMPLES = [(name, lang) for name in example_projects() for lang in ("nb", "en")]


@pytest.mark.parametrize(("name", "lang"), ALL_EXAMPLES, ids=[f"{n}-{lang}" for n, lang in ALL_EXAMPLES])
def test_report_is_one_file_that_loads_nothing_and_runs_no_script(example: Any, name: str, lang: str) -> None:
    """No script, stylesheet link, image, frame or font: every reference is to a part of the
    page itself, and that part exists."""
    html, _ = example(name, lang)
    root = parse(html)
    forbidden = {
        "script",
        "link",
        "img",
        "iframe",
        "object",
        "embed",
        "audio",
        "video",
        "source",
        "base",
        "form",
        "use",
        "image",
        "foreignObject",
    }
    assert not [el.tag for el in root.iter() if el.tag in forbidden]
    ids = {el.get("id") for el in root.iter()}
    for el in root.iter():
        for attr, value in el.attrib.items():
            assert not attr.startswith("on"), (el.tag, attr)
            if attr.rsplit("}", 1)[-1] in {"href", "src", "action", "formaction", "poster", "data", "srcset"}:
                assert value.startswith("#") and value[1:] in ids, (el.tag, attr, value)
    css = "".join(style.text or "" for style in root.iter("style"))
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", html)
    (csp,) = [m for m in root.iter("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp.get("content", "").startswith("default-src 'none'")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_document_language_follows_the_report_language(example: Any, lang: str) -> None:
    """``<html lang>`` is nb or en, and so are the words."""
    html, _ = example("delt", lang)
    root = parse(html)
    assert root.get("lang") == lang
    assert text(root.find(".//h1")).startswith(t("r.title", lang))  # type: ignore[arg-type]


def test_text_from_answer_files_is_escaped(cli: Cli, tmp_path: Path) -> None:
    """A project name with <script> and a comment with "><img …> show as text, not markup."""
    source = (DATA / "mini-answers.yaml").read_text(encoding="utf-8")
    source = source.replace("name: Miniprosjekt", "name: '<script>alert(1)</script>'")
    source = source.replace("unit: Oppvekst", "unit: '<b>Oppvekst</b>'")
    source = source.replace("forankringsplan: Ikke startet.", f"forankringsplan: '{COMMENT_ATTACK}'")
    path = tmp_path / "angrep.yaml"
    path.write_text(source, encoding="utf-8")
    html = render(cli, "--rubric", MINI, path, "--names", "--comments")
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    root = parse(html)
    assert not [el for el in root.iter() if el.tag in ("script", "img", "b") or "onerror" in el.attrib]
    assert text(root.find(".//title")) == f"Samarbeidshelse: {NAME_ATTACK}"  # type: ignore[arg-type]
    assert NAME_ATTACK in text(root.find(".//h1"))  # type: ignore[arg-type]
    assert any(COMMENT_ATTACK in text(li) for li in root.iter("li"))


def test_dimension_picture_marks_each_party_where_its_score_lies(example: Any) -> None:
    """One mark per party and dimension, at x0 + score × width / 100 on its track, titled
    with the number in words."""
    html, data = example("delt")
    (svg,) = chart(parse(html), "dimensions")
    assert svg.get("role") == "img"
    for row in by_class(svg, "dimension"):
        dim = row.get("data-dimension")
        (track,) = by_class(row, "track")
        x0, width = float(track.get("x", "")), float(track.get("width", ""))
        marks = by_class(row, "marker")
        assert [m.get("data-role") for m in marks] == ["kommune", "entreprenor"]
        for mark in marks:
            score = data["dimensions"][dim]["roles"][mark.get("data-role")]
            shape = mark.find("circle") if mark.get("data-role") == "kommune" else mark.find("path")
            assert shape is not None
            x = float(shape.get("cx") or re.match(r"M([\d.]+)", shape.get("d", "")).group(1))  # type: ignore[union-attr]
            assert x == pytest.approx(x0 + score * width / 100, abs=0.06)
            assert text(mark.find("title")).endswith(f"{score:.1f}".replace(".", ",") + " av 100")  # type: ignore[arg-type]


def test_parties_at_opposite_ends_are_drawn_at_opposite_ends(
    cli: Cli, default_rubric: Any, tmp_path: Path
) -> None:
    """All best from the municipality and all worst from the entrepreneur: 100 at the right end
    of every track, 0 at the left, the words say so, and the parties disagree everywhere."""
    path = tmp_path / "ytterpunkter.yaml"
    path.write_text(
        answer_file([best(default_rubric, "kommune"), worst(default_rubric, "entreprenor")]), encoding="utf-8"
    )
    root = parse(render(cli, path))
    (svg,) = chart(root, "dimensions")
    for row in by_class(svg, "dimension"):
        (track,) = by_class(row, "track")
        left = float(track.get("x", ""))
        right = left + float(track.get("width", ""))
        kommune, entreprenor = by_class(row, "marker")
        assert float(kommune.find("circle").get("cx", "")) == pytest.approx(right)  # type: ignore[union-attr]
        assert entreprenor.find("path").get("d", "").startswith(f"M{left:.1f} ")  # type: ignore[union-attr]
        assert text(kommune) == "Kommunen: 100,0 av 100"
        assert text(entreprenor) == "Entreprenøren: 0,0 av 100"
    rows = [g for svg in chart(root, "divergences") for g in by_class(svg, "divergence")]
    assert rows and all("uenige" in text(g) for g in rows)


def test_one_sided_report_marks_only_the_party_that_answered(example: Any) -> None:
    """Only the municipality answered: three circles, no diamonds, «Ingen svar fra entreprenøren»
    in words, and no divergence picture but the reason why."""
    html, _ = example("ensidig-besvart")
    root = parse(html)
    (svg,) = chart(root, "dimensions")
    assert [m.get("data-role") for m in by_class(svg, "marker")] == ["kommune"] * 3
    assert [text(el) for el in by_class(svg, "missing")] == ["Ingen svar fra entreprenøren"] * 3
    assert "Ingen svar fra entreprenøren." in text(svg.find("desc"))  # type: ignore[arg-type]
    assert chart(root, "divergences") == []
    assert t("r.no_comparison", "nb") in text(root)
    assert t("r.one_sided", "nb", role="kommunen") in text(root)


def test_divergence_picture_has_both_answers_and_the_kind_in_words(example: Any) -> None:
    """Every divergence is a row with both parties' marks and «uenige» or «begge svake»; the
    line between them is solid for disagreement and dashed for a shared weakness."""
    html, data = example("delt")
    root = parse(html)
    rows = [g for svg in chart(root, "divergences") for g in by_class(svg, "divergence")]
    assert [g.get("data-question") for g in rows] == [d["question"] for d in data["divergences"]]
    for g, d in zip(rows, data["divergences"], strict=True):
        assert [m.get("data-role") for m in by_class(g, "marker")] == ["kommune", "entreprenor"]
        assert t(f"kind.{d['kind']}", "nb") in text(g)
        assert f"gapline--{d['kind']}" in {c for el in g.iter() for c in classes(el)}
    css = "".join(s.text or "" for s in root.iter("style"))
    assert re.search(r"\.gapline--shared_weakness \{[^}]*stroke-dasharray", css)


def test_many_divergences_are_split_into_pictures_that_fit_a_page(example: Any) -> None:
    """Twenty-eight divergences become two pictures of fourteen rows, numbered 1/2 and 2/2."""
    html, data = example("uenige-parter")
    assert len(data["divergences"]) == 28
    svgs = chart(parse(html), "divergences")
    assert [len(by_class(svg, "divergence")) for svg in svgs] == [14, 14]
    assert [text(svg.find("title"))[-5:] for svg in svgs] == ["(1/2)", "(2/2)"]  # type: ignore[arg-type]


def test_every_picture_has_a_text_alternative(example: Any) -> None:
    """Each SVG is either decoration next to a word (aria-hidden) or an image whose <title>
    and <desc> say what it shows, numbers included."""
    html, _ = example("uenige-parter")
    root = parse(html)
    pictures = 0
    for svg in root.iter("svg"):
        if svg.get("aria-hidden") == "true":
            continue
        pictures += 1
        assert svg.get("role") == "img"
        ids = (svg.get("aria-labelledby") or "").split()
        labels = {el.get("id"): el for el in svg if el.tag in ("title", "desc")}
        assert ids and set(ids) == set(labels), ids
        assert all(text(el) for el in labels.values())
        assert re.search(r"\d", text(labels[ids[-1]]))
    assert pictures == 3  # the dimensions, and the divergences in two parts


def test_levels_are_shown_by_word_and_shape_not_by_colour_alone() -> None:
    """The four levels have four different shapes, and a level badge always carries the word."""
    module = (
        environment()
        .get_template("_icons.html.j2")
        .make_module({"t": lambda code, **params: t(code, "nb", **params)})
    )
    shapes = {level: str(module.level_shape(level)) for level in Level}  # type: ignore[attr-defined]
    kinds = {level: tuple(re.findall(r"<(circle|path)", shape)) for level, shape in shapes.items()}
    assert len(set(kinds.values())) == len(Level), kinds
    for level in Level:
        badge = str(module.level_badge(level))  # type: ignore[attr-defined]
        assert badge.endswith(f"{t('level.' + level, 'nb')}</span>")
    severities = {
        s: str(module.severity_icon(s)).count('class="on"')  # type: ignore[attr-defined]
        for s in Severity
    }
    assert severities == {"critical": 4, "high": 3, "medium": 2, "low": 1, "info": 0}


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("inderoy-helsefag", "red"),
        ("delt", "yellow"),
        ("sunt-samarbeid", "green"),
        ("under-arbeid", "inconclusive"),
    ],
)
def test_overall_level_is_named_and_explained(example: Any, name: str, level: str) -> None:
    """The overall level in words, with what it means; the knock-out rule when a critical
    finding forces red."""
    html, data = example(name)
    assert data["level"] == level
    root = parse(html)
    (verdict,) = by_class(root, "verdict")
    assert f"verdict--{level}" in classes(verdict)
    assert text(verdict.find(".//h2")) == f"Samlet nivå: {t('level.' + level, 'nb')}"  # type: ignore[arg-type]
    assert t(f"h.meaning.{level}", "nb") in text(verdict)
    critical = any(f["severity"] == "critical" for f in data["findings"])
    assert (t("h.cap.critical", "nb") in text(verdict)) is critical


def test_inconclusive_dimensions_get_no_colour(example: Any) -> None:
    """Below 60 % coverage the track is grey: the number is shown, the colour is not."""
    html, data = example("under-arbeid")
    (svg,) = chart(parse(html), "dimensions")
    for row in by_class(svg, "dimension"):
        zones = {c for el in by_class(row, "zone") for c in classes(el) if c.startswith("zone--")}
        inconclusive = data["dimensions"][row.get("data-dimension")]["level"] == "inconclusive"
        assert zones == ({"zone--none"} if inconclusive else {"zone--red", "zone--yellow", "zone--green"})


def test_numbers_have_a_decimal_comma_in_bokmal_and_a_point_in_english(example: Any) -> None:
    """Skår 63,2 and 100 % (nb); score 63.2 and 100% (en)."""
    nb, _ = example("delt", "nb")
    en, _ = example("delt", "en")
    assert "Skår 63,2 · dekning 100 %" in nb
    assert "Score 63.2 · coverage 100%" in en


def test_findings_show_why_next_step_evidence_and_sources(example: Any) -> None:
    """With --detail each finding is an article, in order of severity, with its severity in
    words, why it matters, the next step, every piece of evidence and every source."""
    html, data = example("inderoy-helsefag", "nb", "--detail")
    articles = by_class(parse(html), "finding")
    assert len(articles) == len(data["findings"]) == 15
    for article, f in zip(articles, data["findings"], strict=True):
        assert f"sev--{f['severity']}" in classes(article)
        heading = text(article.find("h3"))  # type: ignore[arg-type]
        assert heading == f"{t('severity.' + f['severity'], 'nb')}: {f['title']}"
        body = text(article)
        assert f["id"] in body and f["why"] in body and f["action"] in body
        (action,) = by_class(article, "action")[1:]
        assert text(action) == f["action"]
        assert len(article.findall(".//dd/ul[@class='sources']/li")) == len(f["sources"])
        evidence = [li for ul in article.findall(".//dd/ul") if ul.get("class") is None for li in ul]
        assert len(evidence) == len(f["evidence"])


def test_unanswered_and_dont_know_are_listed_per_respondent(example: Any) -> None:
    """Every open question and every «vet ikke», grouped by who left it."""
    html, data = example("inderoy-helsefag")
    root = parse(html)
    section = next(s for s in root.iter("section") if s.get("aria-labelledby") == "unanswered-h")
    (listing,) = by_class(section, "unanswered")
    items = listing.findall(".//li")
    assert len(items) == len(data["unanswered"]) == 23
    assert sum("vet ikke" in text(li) for li in items) == sum(
        u["reason"] == "vet_ikke" for u in data["unanswered"]
    )
    # Helse og omsorg has one respondent: not named, so the party's (docs/personvern.md)
    assert [text(dt) for dt in listing.iter("dt")] == ["Kommunen", "Entreprenøren"]


def test_who_answered_table_and_versions_are_shown(example: Any) -> None:
    """Role, unit, name and answered share of every respondent (with --names); tool and rubric
    versions."""
    html, data = example("delt", "nb", "--names")
    root = parse(html)
    (table,) = by_class(root, "respondents")
    rows = table.findall("./tbody/tr")
    assert len(rows) == len(data["respondents"])
    for row, r in zip(rows, data["respondents"], strict=True):
        cells = [text(c) for c in row]
        assert cells[0] == t(f"role.{r['role']}", "nb").capitalize()
        assert cells[1:4] == [r["unit"] or "", r["name"] or "", f"{r['answered']}/{r['questions']}"]
    footer = text(root.find(".//footer"))  # type: ignore[arg-type]
    assert (
        t(
            "r.generated",
            "nb",
            version=data["tool"]["version"],
            rubric=data["rubric"]["id"],
            rubric_version=data["rubric"]["version"],
        )
        in footer
    )


def test_structure_is_semantic(example: Any) -> None:
    """One h1; headings never skip a level; every section is labelled by its own heading;
    every table header cell has a scope."""
    html, _ = example("uenige-parter")
    root = parse(html)
    body = root.find("body")
    assert body is not None and [el.tag for el in body] == ["header", "main", "footer"]
    levels = [int(el.tag[1]) for el in root.iter() if re.fullmatch(r"h[1-6]", str(el.tag))]
    assert levels[0] == 1 and levels.count(1) == 1 and max(levels) <= 3
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    sections = list(root.iter("section"))
    assert len(sections) >= 5
    for section in sections:
        heading = section.find(f".//*[@id='{section.get('aria-labelledby')}']")
        assert heading is not None and heading.tag in ("h2", "h3"), section.get("aria-labelledby")
    cells = list(root.iter("th"))
    assert cells and all(th.get("scope") in ("col", "row") for th in cells)


def test_print_stylesheet_is_a4_and_keeps_pictures_and_findings_whole(example: Any) -> None:
    """@page A4; in print no picture, finding or table row is split across pages, and there
    are no ink-wasting backgrounds."""
    html, _ = example("delt")
    css = "".join(s.text or "" for s in parse(html).iter("style"))
    assert re.search(r"@page \{[^}]*size: A4", css)
    print_css = css[css.index("@media print") :]
    kept = {
        s.strip()
        for rule in re.findall(r"([^{}]+)\{\s*break-inside: avoid; \}", print_css)
        for s in rule.split(",")
    }
    assert {"figure", ".finding", "tr", ".verdict"} <= kept, print_css
    assert re.search(r"\.verdict, \.note \{ background: none; \}", print_css)
    assert ".chart { display: block; width: 100%; height: auto;" in css


def test_report_can_be_written_to_a_file(cli: Cli, tmp_path: Path) -> None:
    """``--format html --output FILE`` writes the same document as stdout."""
    out = tmp_path / "rapport.html"
    result = cli(
        "--rubric",
        MINI,
        "report",
        DATA / "mini-answers.yaml",
        "-f",
        "html",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="nb">')
    assert html == render(cli, "--rubric", MINI, DATA / "mini-answers.yaml")


@pytest.mark.parametrize(
    ("as_of", "label"), [("2025-01-01", "akseptert"), ("2031-01-01", "akseptert, utløpt")]
)
def test_accepted_risk_is_marked_with_who_until_when_and_why(
    cli: Cli, tmp_path: Path, as_of: str, label: str
) -> None:
    """An accepted finding says so (or that the acceptance has expired), by whom, until when
    and why, with the reason escaped."""
    source = (DATA / "mini-answers.yaml").read_text(encoding="utf-8")
    path = tmp_path / "akseptert.yaml"
    path.write_text(
        source + "accepted:\n  - rule: mangler-forankringsplan\n"
        "    reason: 'Planen <kommer> i mars.'\n    by: Kari Nordmann\n    until: 2030-12-31\n",
        encoding="utf-8",
    )
    root = parse(render(cli, "--rubric", MINI, path, "--as-of", as_of, "--detail"))
    accepted = [a for a in by_class(root, "finding") if by_class(a, "accepted")]
    assert len(accepted) == 1
    (finding,) = accepted
    assert "mangler-forankringsplan" in text(finding)
    assert [text(el) for el in by_class(finding, "accepted")] == [label]
    assert f"{label.capitalize()} til 2030-12-31 av Kari Nordmann: Planen <kommer> i mars." in text(finding)


def test_missing_project_fields_are_left_out_not_printed_as_none(cli: Cli, tmp_path: Path) -> None:
    """A project with an entrepreneur but no kommune, phase or date shows no «None»."""
    source = (DATA / "mini-answers.yaml").read_text(encoding="utf-8")
    for line in ("  kommune: Testkommune\n", "  phase: pilot\n", "  assessed: 2024-05-01\n"):
        assert line in source
        source = source.replace(line, "")
    path = tmp_path / "uten-kommune.yaml"
    path.write_text(source, encoding="utf-8")
    html = render(cli, "--rubric", MINI, path)
    assert "None" not in html
    assert [text(span) for span in parse(html).findall(".//p[@class='meta']/span")] == [
        "× Test AS",
        "id: mini-prosjekt",
    ]


FILE_LINE = re.compile(r"\.ya?ml:\d+")


def question_ids(default_rubric: Any) -> set[str]:
    return {q.id for q in default_rubric.questions}


def visible_words(root: ET.Element) -> str:
    """The text a reader sees: everything but the stylesheet and attribute values."""
    body = root.find("body")
    assert body is not None
    return text(body)


def test_default_report_is_for_the_client_and_detail_gives_everything(
    example: Any, default_rubric: Any
) -> None:
    """By default no file:line, no question id (question texts instead) and no command-line
    hint in the text; every finding shows its next step. With --detail the ids, the files'
    names (never their folders) and lines, and why each finding matters are back."""
    html, data = example("inderoy-helsefag")
    words = visible_words(parse(html))
    assert not FILE_LINE.search(words)
    ids = {q for q in question_ids(default_rubric) if "-" in q}  # a plain word may be a word
    assert not [q for q in ids if re.search(rf"(?<![\w-]){re.escape(q)}(?![\w-])", words)]
    assert "Kommunen svarte «nei»" in words
    assert data["findings"][0]["why"] not in words
    assert "--" not in words and "examples/" not in words
    assert all(f["action"] in words for f in data["findings"])

    detailed, _ = example("inderoy-helsefag", "nb", "--detail")
    words = visible_words(parse(detailed))
    assert FILE_LINE.search(words)
    assert " inderoy-helsefag.yaml:50" in words and "examples/" not in words
    assert all(f["id"] in words and f["why"] in words for f in data["findings"])
    assert "koordinator-tid" in words


def test_sources_are_listed_once_and_numbered(example: Any) -> None:
    """Every source the findings cite is a numbered reference at the end, once; each finding
    points to its references by number."""
    html, data = example("inderoy-helsefag")
    root = parse(html)
    (section,) = [s for s in root.iter("section") if s.get("aria-labelledby") == "references-h"]
    refs = [text(li) for li in section.iter("li")]
    cited = {s for f in data["findings"] for s in f["sources"]}
    assert sorted(refs) == sorted(cited) and len(refs) == len(set(refs))
    for details in by_class(root, "finding"):
        links = [a.get("href") for a in details.iter("a")]
        assert links and all(re.fullmatch(r"#source-\d+", h or "") for h in links)


def test_priorities_come_right_after_the_overall_level(example: Any) -> None:
    """«Gjør dette først» follows the overall level: at most three, the most severe first,
    each with its title, the next step, who acts and why in one sentence."""
    html, data = example("inderoy-helsefag")
    root = parse(html)
    main = root.find("body/main")
    assert main is not None
    sections = list(main)
    assert "overview" in classes(sections[0]) and by_class(sections[0], "verdict")
    assert sections[1].get("aria-labelledby") == "priorities-h"
    assert text(sections[1].find("h2")) == "Gjør dette først"  # type: ignore[arg-type]
    items = by_class(sections[1], "priority")
    assert 1 <= len(items) <= 3 and len(items) == len(data["priorities"])
    ranks = [Severity(p["severity"]).rank for p in data["priorities"]]
    assert ranks == sorted(ranks) and data["priorities"][0]["severity"] == "critical"
    for li, p in zip(items, data["priorities"], strict=True):
        assert li.get("data-finding") == p["finding"]
        assert p["title"] in text(li.find("h3"))  # type: ignore[arg-type]
        assert text(by_class(li, "priority-action")[0]) == p["action"]
        assert text(by_class(li, "priority-who")[0]) in {"Kommunen", "Den sosiale entreprenøren", "Begge"}
        why = text(by_class(li, "priority-why")[0])
        assert why and why.count(". ") == 0


def test_not_applicable_answers_are_shown_with_their_reasons(example: Any) -> None:
    """«Ikke relevant» answers sit with «vet ikke», each with its reason (or that none was given),
    with --comments."""
    html, data = example("inderoy-helsefag", "nb", "--comments")
    root = parse(html)
    section = next(s for s in root.iter("section") if s.get("aria-labelledby") == "unanswered-h")
    (listing,) = by_class(section, "not-applicable")
    words = text(listing)
    assert "«Kurset er utsatt to ganger og har ikke hatt én deltaker ennå.»" in words
    assert len(listing.findall(".//li")) == len(data["not_applicable"]) == 6
    assert "Resultatene vi avtalte med den sosiale entreprenøren, er nådd så langt." in words
    assert "ingen begrunnelse gitt" in words


def test_three_assessments_give_a_three_point_trend_chart(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """With two earlier assessments the trend is an SVG image with a title and a description,
    a row for the overall score and each dimension, and three dated points in order, each
    with its number and level in words."""
    monkeypatch.chdir(ROOT)
    args = ("examples/inderoy-helsefag.yaml", "--baseline", "examples/tidligere")
    data = json.loads(cli("report", *args, "--format", "json").stdout)
    root = parse(render(cli, *args))
    (svg,) = chart(root, "trend")
    assert svg.get("role") == "img"
    ids = (svg.get("aria-labelledby") or "").split()
    assert [el.tag for el in svg if el.get("id") in ids] == ["title", "desc"]
    dates = [p["assessed"] for p in data["trend"]]
    assert dates == ["2020-03-01", "2020-09-01", "2021-06-15"]
    assert [text(el) for el in by_class(svg, "trend-date")] == dates
    desc = text(svg.find("desc"))  # type: ignore[arg-type]
    assert [desc.index(d) for d in dates] == sorted(desc.index(d) for d in dates)
    rows = by_class(svg, "trend-series")
    assert [g.get("data-series") for g in rows] == ["overall", "forstaelse", "forankring", "forpliktelse"]
    overall = by_class(rows[0], "trend-point")
    assert [g.get("data-date") for g in overall] == dates
    assert [float(g.get("data-score", "")) for g in overall] == [p["score"] for p in data["trend"]]
    for g, p in zip(overall, data["trend"], strict=True):
        level = t("level." + p["level"], "nb")
        expected = f"Samlet, {p['assessed']}: {p['score']:.1f} av 100, {level}".replace(".", ",")
        assert text(g.find("title")) == expected  # type: ignore[arg-type]
    # the change since the latest baseline stays, its findings by title
    (baseline,) = [s for s in root.iter("section") if s.get("aria-labelledby") == "baseline-h"]
    assert "2020-09-01" in text(baseline.find("h2"))  # type: ignore[arg-type]
    new = " ".join(text(li) for li in baseline.findall(".//ul[@class='change-list']/li"))
    assert data["baseline"]["findings"]["new"]
    assert all(f["title"] in new for f in data["baseline"]["findings"]["new"])
    assert not [f["id"] for f in data["baseline"]["findings"]["new"] if f["id"] in new]


def test_one_assessment_draws_no_trend(example: Any) -> None:
    html, _ = example("inderoy-helsefag")
    assert chart(parse(html), "trend") == []
