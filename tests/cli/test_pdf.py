"""PDF from `report`, `batch` and `form --target print`, read back with pypdf: A4, the title
and language in the metadata, the fonts embedded, æøå intact, the content of the printed HTML
(the level and its meaning, the priorities, every finding with its next step), no file path
and no command-line hint, and at most six pages for the Inderøy example. And an output
suffix no format has is refused (exit 2) in every command, never written in another format."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from samarbeid.i18n import t
from testkit import A4, ROOT, Cli, Pdf, example_projects

INDEROY = "examples/inderoy-helsefag.yaml"
MAX_PAGES = 6


def folded(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def here(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT


def report(cli: Cli, *args: str) -> Pdf:
    result = cli("report", INDEROY, "-f", "pdf", *args)
    assert result.exit_code == 0, result.stderr
    return Pdf(result.stdout_bytes)


def data(cli: Cli, *args: str) -> dict[str, Any]:
    return dict(json.loads(cli("report", INDEROY, "-f", "json", *args).stdout))


def assert_client_copy(pdf: Pdf, title: str, lang: str) -> None:
    """What every PDF promises: A4, its title and language, embedded fonts, no path, no hint."""
    assert pdf.sizes == {A4}
    assert pdf.title == title
    assert pdf.lang == lang
    assert pdf.fonts and all(embedded for _, embedded in pdf.fonts), pdf.fonts
    assert all("DejaVu" in name for name, _ in pdf.fonts)
    words = pdf.words()
    assert "examples/" not in words and "/tmp" not in words and str(ROOT) not in words
    assert "--" not in words


def test_report_pdf_has_the_content_of_the_printed_report(cli: Cli, here: Path) -> None:
    pdf = report(cli)
    expected = data(cli)
    name = expected["project"]["name"]
    assert_client_copy(pdf, f"{t('r.title', 'nb')}: {name}", "nb")
    assert pdf.pages <= MAX_PAGES, pdf.pages
    words = pdf.words()
    assert "Inderøy kommune × Maurtuva Vekstgård" in words  # æøå and × intact
    assert f"{t('r.overall', 'nb')} {t('level.red', 'nb').upper()}" in words
    assert t("r.first", "nb") in words
    for p in expected["priorities"]:
        assert folded(p["title"]) in words and folded(p["action"]) in words
    for f in expected["findings"]:
        assert folded(f["title"]) in words, f["id"]
        assert folded(f"{t('r.action', 'nb')}: {f['action']}") in words, f["id"]
        assert folded(f["why"]) not in words  # the why is --detail's
    for d in expected["dimensions"].values():
        assert d["title"] in words
    assert t("r.divergences", "nb") in words and t("h.open_answers", "nb") in words


def test_report_pdf_says_what_the_level_means_as_the_html_report_does(cli: Cli, here: Path) -> None:
    html = cli("report", INDEROY, "-f", "html").stdout
    meaning = re.search(r'<p class="meaning">(.*?)</p>', html, re.S)
    assert meaning is not None
    assert folded(unescape(meaning.group(1))) in report(cli).words()


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_every_example_makes_a_pdf_in_every_language(cli: Cli, here: Path, lang: str) -> None:
    """One-sided, in progress, split over two files, with a trend: each reads back with its
    level and title, and never a path."""
    for name, files in example_projects().items():
        result = cli("report", *files, "-f", "pdf", "--lang", lang, "--baseline", "examples/tidligere")
        assert result.exit_code == 0, (name, result.stderr)
        pdf = Pdf(result.stdout_bytes)
        expected = json.loads(cli("report", *files, "-f", "json", "--lang", lang).stdout)
        project = expected["project"]["name"] or expected["project"]["id"]
        assert_client_copy(pdf, f"{t('r.title', lang)}: {project}", lang)
        assert t(f"level.{expected['level']}", lang).upper() in pdf.words(), name


def test_detail_adds_why_sources_and_file_names_without_folders(cli: Cli, here: Path) -> None:
    words = report(cli, "--detail").words()
    expected = data(cli)
    for f in expected["findings"]:
        assert folded(f["why"]) in words, f["id"]
    assert t("r.sources", "nb") in words
    assert "inderoy-helsefag.yaml:" in words
    assert "examples/" not in words


def test_output_suffix_chooses_pdf_and_the_language_follows_lang(
    cli: Cli, tmp_path: Path, here: Path
) -> None:
    out = tmp_path / "rapport.pdf"
    result = cli("report", INDEROY, "-o", out, "--lang", "nn")
    assert result.exit_code == 0, result.stderr
    pdf = Pdf(out.read_bytes())
    assert pdf.lang == "nn"
    assert t("r.first", "nn") in pdf.words() and t("level.red", "nn").upper() in pdf.words()


def test_pdf_is_never_written_to_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without -o a PDF goes to stdout only when that is a file or a pipe."""
    import io
    import sys

    from samarbeid.commands import emit_bytes
    from samarbeid.errors import UsageError

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    with pytest.raises(UsageError) as raised:
        emit_bytes(b"%PDF-", None)
    assert raised.value.code == "usage.binary_to_terminal"


def test_batch_pdf_is_one_portfolio(cli: Cli, tmp_path: Path, here: Path) -> None:
    out = tmp_path / "portefolje.pdf"
    result = cli("batch", "examples", "-o", out, "--as-of", "2026-06-01", "--jobs", "1")
    assert result.exit_code == 2  # examples/invalid/ holds broken files
    pdf = Pdf(out.read_bytes())
    assert_client_copy(pdf, t("p.title", "nb"), "nb")
    words = pdf.words()
    jsonl = cli("batch", "examples", "-f", "jsonl", "--as-of", "2026-06-01", "--jobs", "1").stdout
    projects = [json.loads(line) for line in jsonl.splitlines() if line.strip()]
    projects = [p for p in projects if "project" in p]
    assert len(projects) >= 5
    for p in projects:
        assert folded(p["project"]["name"]) in words
        for pr in p["priorities"]:
            assert folded(f"{pr['title']}: {pr['action']}") in words
    assert t("p.common", "nb") in words and t("p.errors", "nb") in words
    assert "dobbel-nokkel.yaml:20" in words  # a broken file by its name, not its folders
    assert t("p.stale", "nb") in words  # the 2021 assessment, on 2026-06-01


@pytest.mark.parametrize(("role", "lang"), [("kommune", "nb"), ("entreprenor", "nn"), ("kommune", "en")])
def test_form_print_pdf_is_the_paper_questionnaire(cli: Cli, tmp_path: Path, role: str, lang: str) -> None:
    from samarbeid.rubric import load_rubric
    from samarbeid.vocab import Role

    out = tmp_path / "skjema.pdf"
    result = cli("form", "--target", "print", "--role", role, "--lang", lang, "-o", out)
    assert result.exit_code == 0, result.stderr
    pdf = Pdf(out.read_bytes())
    rubric = load_rubric(None)
    assert_client_copy(pdf, f"{rubric.title.get(lang)} ({t(f'role.{role}', lang)})", lang)
    words = pdf.words()
    questions = rubric.questions_for(Role(role))
    for q in questions:
        assert folded(q.wording(role, lang)) in words, q.id
    assert t("form.comment", lang) in words
    from_flag = cli("form", "--target", "print", "--role", role, "--lang", lang, "-f", "pdf")
    assert Pdf(from_flag.stdout_bytes).words() == words


@pytest.mark.parametrize(
    ("args", "suffixes"),
    [
        (["report", INDEROY, "-o", "{out}/rapport.docx"], ".txt, .md, .markdown, .html, .htm, .json, .pdf"),
        (["batch", "examples", "-o", "{out}/portefolje.xlsx"], ".csv"),
        (["form", "--target", "print", "--role", "kommune", "-o", "{out}/skjema.docx"], ".html, .htm, .pdf"),
        (["form", "--target", "nettskjema", "--role", "kommune", "-o", "{out}/skjema.pdf"], ".md"),
        (["form", "--target", "xlsform", "--role", "kommune", "-o", "{out}/skjema.pdf"], ".xlsx"),
    ],
    ids=["report", "batch", "form-print", "form-nettskjema", "form-xlsform"],
)
def test_a_suffix_no_format_has_is_refused(
    cli: Cli, tmp_path: Path, here: Path, args: list[str], suffixes: str
) -> None:
    """One line, exit 2, the suffixes that work, and no file written."""
    result = cli(*(a.format(out=tmp_path) for a in args))
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and suffixes in line
    assert list(tmp_path.iterdir()) == []


def test_format_for_another_target_than_print_is_refused(cli: Cli, tmp_path: Path) -> None:
    result = cli("form", "--target", "msforms", "--role", "kommune", "-f", "pdf")
    assert result.exit_code == 2
    assert "--target print" in result.stderr


def test_text_from_the_answer_file_cannot_hide_or_reorder_what_the_pdf_says(cli: Cli, tmp_path: Path) -> None:
    """Control characters and bidi overrides in a name or a comment show as \\x codes, as in
    the HTML report; characters outside the font do not stop the PDF."""
    text = (ROOT / INDEROY).read_text(encoding="utf-8")
    text = text.replace("name: Forkurs i helsefag for innvandrere", 'name: "Forkurs \\e[31mrød\\u202e 🙂"', 1)
    answers = tmp_path / "svar.yaml"
    answers.write_text(text, encoding="utf-8")
    result = cli("report", answers, "-f", "pdf", "--detail")
    assert result.exit_code == 0, result.stderr
    words = Pdf(result.stdout_bytes).words()
    assert "Forkurs \\x1b[31mrød\\x202e" in words
    assert "\x1b" not in words and "\u202e" not in words
