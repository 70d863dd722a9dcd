"""Text from answer files is escaped in every output: Markdown (no links, HTML or broken
tables), CSV (no formulas in Excel), the terminal (rich markup and ANSI escapes print
literally), HTML (no markup), JUnit (well-formed XML); JSON carries it unchanged."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from samarbeid.render.escape import csv_cell, md, plain
from testkit import DATA, MINI, Cli

NAME = "Lese | [klikk her](https://evil.example/x) <script>alert(1)</script> **fet** `kode` www.evil.example"
KOMMUNE = '=HYPERLINK("https://evil.example";"Klikk")'
ENTREPRENOR = "[bold red]ALARM[/bold red] \x1b[2J\x1b[31mrød\x1b[0m \u202eexe.fdp \u200fRLM\u061cALM"
UNIT = "+47 22 33 44 55"
PERSON = "@SUM(1+1)*cmd|' /C calc'!A0"
OTHER = "-2+3"
COMMENT = "1. ledd\n- punkt\n# Overskrift\n| a | b |\n<img src=x onerror=alert(1)>\r\n\tkari@evil.example"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini example with hostile text in every free-text field that reaches a report."""
    data = yaml.safe_load((DATA / "mini-answers.yaml").read_text(encoding="utf-8"))
    data["project"].update(name=NAME, kommune=KOMMUNE, entreprenor=ENTREPRENOR)
    kommune, entreprenor = data["respondents"]
    kommune.update(unit=UNIT, name=PERSON)
    kommune["comments"]["forankringsplan"] = COMMENT
    entreprenor["name"] = OTHER
    path = tmp_path_factory.mktemp("fiendtlig") / "svar.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


#: the hostile names, units and comments reach every format only when they are shown
SHOWN = ("--names", "--comments")


def report(cli: Cli, path: Path, fmt: str) -> str:
    result = cli("--rubric", MINI, "report", path, "--format", fmt, *SHOWN)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def batch(cli: Cli, path: Path, fmt: str) -> str:
    result = cli(
        "--rubric", MINI, "batch", path, "--format", fmt, "--fail-on", "never", "--jobs", "1", *SHOWN
    )
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


# ---- Markdown ----------------------------------------------------------------------------


def _markdown_tokens(text: str) -> list[Any]:
    markdown_it = pytest.importorskip("markdown_it")
    parser = markdown_it.MarkdownIt("commonmark").enable("table")
    tokens: list[Any] = []
    for token in parser.parse(text):
        tokens += [token, *(token.children or [])]
    return tokens


def _assert_inert_markdown(text: str) -> None:
    """No links, images or HTML; every table row has as many cells as its header; and none of
    the bare URLs, www. names or e-mail addresses GitHub would turn into links."""
    tokens = _markdown_tokens(text)
    kinds = {t.type for t in tokens}
    assert not kinds & {"link_open", "image", "html_inline", "html_block"}
    widths, cells = [], 0
    for t in tokens:
        if t.type == "tr_open":
            cells = 0
        elif t.type in ("th_open", "td_open"):
            cells += 1
        elif t.type == "tr_close":
            widths.append(cells)
        elif t.type == "table_close":
            assert len(set(widths)) == 1, widths
            widths = []
    for autolink in ("https://evil", "www.evil", "kari@evil"):
        assert autolink not in text


def test_markdown_report_has_no_links_html_or_broken_tables(cli: Cli, hostile: Path) -> None:
    """`report -f markdown`: the hostile texts are shown as text, never as markup."""
    text = report(cli, hostile, "markdown")
    _assert_inert_markdown(text)
    heading = next(line for line in text.splitlines() if line.startswith("# "))
    rendered = "".join(t.content for t in _markdown_tokens(heading) if t.type == "text")
    assert rendered.endswith(
        "Lese | [klikk her](https://evil.example/x) <script>alert(1)</script> **fet** `kode` www.evil.example"
    )


def test_markdown_comment_stays_on_its_line(cli: Cli, hostile: Path) -> None:
    """A multi-line comment in the evidence cannot start a list, a heading or a table."""
    text = report(cli, hostile, "markdown")
    (line,) = [row for row in text.splitlines() if "ledd" in row]
    assert line.startswith("- **Grunnlag:**")
    assert "1. ledd - punkt \\# Overskrift \\| a \\| b \\|" in line


def test_batch_markdown_has_no_links_html_or_broken_tables(cli: Cli, hostile: Path) -> None:
    """`batch -f markdown`: the project name cannot break the portfolio table."""
    _assert_inert_markdown(batch(cli, hostile, "markdown"))


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=60))
def test_md_keeps_any_text_inside_one_table_cell(text: str) -> None:
    """Whatever the text, md() keeps it in one cell of one row, without links or HTML."""
    _assert_row(md(text))


def _assert_row(cell: str) -> None:
    tokens = _markdown_tokens(f"| a | b |\n|---|---|\n| {cell} | x |\n")
    assert [t.type for t in tokens].count("td_open") == 2
    assert not {t.type for t in tokens} & {"link_open", "image", "html_inline", "html_block"}


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "![img](http://e.x/p.png)",
        "<http://e.x>",
        "a\\|b",
        "x\\",
        "`|`",
        "&#124;",
        "<b>|</b>",
        "1. a",
        "- a",
        "# a",
    ],
)
def test_md_neutralises_each_markdown_trick(text: str) -> None:
    """Links, images, autolinks, escaped pipes, entities, list and heading starts stay text."""
    _assert_row(md(text))
    assert not md(text).startswith(("1.", "-", "#"))


# ---- CSV -----------------------------------------------------------------------------------


def test_csv_cells_never_start_a_formula(cli: Cli, hostile: Path) -> None:
    """`batch -f csv`: name, kommune and entreprenør reach Excel as text; = + - @ get a '."""
    rows = list(csv.reader(io.StringIO(batch(cli, hostile, "csv").lstrip("\ufeff")), delimiter=";"))
    header, row = rows[0], rows[1]
    cells = dict(zip(header, row, strict=True))
    assert cells["kommune"] == "'" + KOMMUNE
    assert cells["name"] == NAME
    assert all(not cell.startswith(FORMULA_START) for cell in row)


@pytest.mark.parametrize("text", ["=1+1", "+47 22", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0"])
def test_csv_cell_neutralises_every_formula_start(text: str) -> None:
    """Each dangerous first character (= + - @, tab, carriage return) gets a leading '."""
    cell = csv_cell(text)
    assert isinstance(cell, str) and cell.startswith("'")


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=30))
def test_csv_cell_never_starts_a_formula(text: str) -> None:
    """No text becomes a cell that starts like a formula; numbers stay numbers."""
    cell = csv_cell(text)
    assert isinstance(cell, str) and not cell.startswith(FORMULA_START)
    assert csv_cell(3) == 3 and csv_cell(None) == ""


# ---- the terminal ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["report", "batch"])
def test_terminal_prints_markup_and_escapes_literally(cli: Cli, hostile: Path, command: str) -> None:
    """Terminal report and batch table: `[bold red]` is printed as written and ANSI escapes
    and bidi overrides are shown as \\x codes, never sent to the terminal."""
    out = report(cli, hostile, "terminal") if command == "report" else batch(cli, hostile, "table")
    assert not any(c in out for c in "\x1b\u202e\u200f\u061c")
    if command == "report":  # (the batch table shows project ids only)
        shown = "[bold red]ALARM[/bold red] \\x1b[2J\\x1b[31mrød\\x1b[0m \\x202eexe.fdp \\x200fRLM\\x61cALM"
        assert shown in " ".join(out.split())


def test_terminal_colours_are_ours_only(hostile: Path) -> None:
    """With colour on, the only escape sequences are the report's own styles: the file's
    clear-screen code never reaches the terminal."""
    from samarbeid.load.answers import load_submission
    from samarbeid.render.terminal import render_terminal
    from samarbeid.rubric import load_rubric
    from samarbeid.score.scoring import assess

    rubric = load_rubric(MINI)
    out = render_terminal(assess(rubric, load_submission([hostile], rubric)), rubric, "nb", color=True)
    assert "\x1b[2J" not in out and "\\x1b[2J" in out
    assert "[bold red]ALARM" in out


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40))
def test_plain_leaves_no_control_character(text: str) -> None:
    """plain() leaves no character that could move the cursor, recolour or reorder the text."""
    out = plain(text)
    assert not any(
        (ord(c) < 0x20 and c not in "\t\n")
        or 0x7F <= ord(c) <= 0x9F
        or c in "\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        for c in out
    )


# ---- HTML, JUnit, JSON --------------------------------------------------------------------


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _html(cli: Cli, hostile: Path) -> str:
    result = cli("--rubric", MINI, "report", hostile, "--format", "html", *SHOWN)
    if result.exit_code == 2 and "html" in result.stderr:
        pytest.skip("no HTML format yet")
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def test_html_report_shows_the_text_and_runs_nothing(cli: Cli, hostile: Path) -> None:
    """`report -f html`: no script, image or link comes from the file, no event attributes,
    and the texts are shown escaped."""
    html = _html(cli, hostile)
    parser = _Elements()
    parser.feed(html)
    assert not [tag for tag, _ in parser.tags if tag in ("script", "img", "iframe")]
    for tag, attrs in parser.tags:
        assert not [name for name, _ in attrs if name.startswith("on")], tag
        if tag == "a":
            assert not any("evil" in (value or "") for _, value in attrs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_html_report_shows_control_characters_as_codes(cli: Cli, hostile: Path) -> None:
    """`report -f html`: an ESC or a bidi override from the file is shown as a \\x code, as in
    the other formats, so it cannot hide or reorder text (``exe.fdp`` shown as ``pdf.exe``)."""
    html = _html(cli, hostile)
    assert not any(c in html for c in "\x1b\u202e\u200f\u061c")
    assert "\\x202eexe.fdp \\x200fRLM\\x61cALM" in html


def test_junit_stays_well_formed_xml(cli: Cli, hostile: Path) -> None:
    """`batch -f junit` with the hostile texts parses as XML."""
    ET.fromstring(batch(cli, hostile, "junit").encode())


def test_json_carries_the_text_unchanged(cli: Cli, hostile: Path) -> None:
    """The JSON contract gives the text exactly as written: escaping is each format's job."""
    project = json.loads(report(cli, hostile, "json"))["project"]
    assert (project["name"], project["kommune"], project["entreprenor"]) == (NAME, KOMMUNE, ENTREPRENOR)


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_bidi_marks_in_a_unit_are_shown_as_codes(cli: Cli, tmp_path: Path, fmt: str) -> None:
    """A unit with a right-to-left mark (U+200F) and an Arabic letter mark (U+061C), shown
    with --names --detail: each is a \\x code in the terminal, Markdown and HTML, never the
    raw mark."""
    data = yaml.safe_load((DATA / "mini-answers.yaml").read_text(encoding="utf-8"))
    data["respondents"][0]["unit"] = "Helse\u200fomsorg\u061cX"
    path = tmp_path / "svar.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cli("--rubric", MINI, "report", path, "--format", fmt, "--names", "--detail")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\u200f" not in out and "\u061c" not in out
    code = "\\\\x" if fmt == "markdown" else "\\x"  # Markdown escapes the backslash: it renders as one
    assert f"Helse{code}200fomsorg{code}61cX" in out


def test_plain_shows_bidi_marks_as_codes() -> None:
    """The right-to-left, left-to-right and Arabic letter marks reorder text as the
    overrides do: each is shown as a \\x code."""
    assert plain("a\u200fb\u200ec\u061cd") == "a\\x200fb\\x200ec\\x61cd"
