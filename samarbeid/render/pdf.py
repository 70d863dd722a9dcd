"""PDF: the printed report, the portfolio and the paper questionnaire, drawn with fpdf2.

A4, DejaVu Sans embedded (shipped in ``samarbeid/fonts/``, so æøå and «» print on every
machine and nothing is fetched), the document's title and language in its metadata. The
content mirrors the printed HTML report, from the same :class:`Words`; nothing here knows a
file path or a command line.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from samarbeid import __version__
from samarbeid.render.escape import plain
from samarbeid.render.templated import capital
from samarbeid.render.words import Words
from samarbeid.result.assessment import Assessment
from samarbeid.rubric.model import Rubric
from samarbeid.score.scoring import LEVEL_BANDS
from samarbeid.vocab import Dimension, Level, Role, Severity, Status, UnansweredReason

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FONT = "DejaVu"

#: the colours of the levels and severities (red, yellow, green, grey), as in the HTML report
LEVEL_RGB = {
    Level.red: (192, 38, 45),
    Level.yellow: (214, 150, 0),
    Level.green: (38, 128, 72),
    Level.inconclusive: (120, 120, 120),
}
SEVERITY_RGB = {
    Severity.critical: (150, 20, 30),
    Severity.high: (192, 38, 45),
    Severity.medium: (214, 150, 0),
    Severity.low: (60, 110, 170),
    Severity.info: (120, 120, 120),
}
PARTY_RGB = {Role.kommune: (45, 95, 160), Role.entreprenor: (200, 110, 30)}
TEXT_RGB = (25, 25, 25)
MUTED_RGB = (95, 95, 95)
TRACK_RGB = (232, 232, 232)


class _Document(FPDF):
    """A4 pages with the shared fonts, the title in the metadata and in each page's footer
    (with the page's number), and the language."""

    def __init__(self, title: str, lang: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = title
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=16)
        self.set_title(title)
        self.set_lang(lang)
        self.set_creator(f"samarbeid {__version__}")
        self.set_text_color(*TEXT_RGB)
        self.add_page()

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED_RGB)
        self.cell(0, 4, f"{self.footer_text} · {self.page_no()}", align="R")
        self.set_text_color(*TEXT_RGB)

    # -- blocks of text --

    def heading(self, text: str, size: float = 13) -> None:
        """A section heading, kept with at least a few lines of what follows."""
        if self.will_page_break(size + 14):
            self.add_page()
        self.ln(2.5)
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, plain(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.ln(1)

    def para(
        self,
        text: str,
        *,
        size: float = 9.5,
        bold: bool = False,
        indent: float = 0,
        rgb: tuple[int, int, int] = TEXT_RGB,
        gap: float = 1,
    ) -> None:
        """A paragraph, wrapped to the page, ``indent`` millimetres in from the left margin.
        Control characters from an answer file are shown as ``\\x`` codes, as in HTML."""
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*rgb)
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, size * 0.45, plain(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.set_text_color(*TEXT_RGB)
        self.ln(gap)

    def labelled(self, label: str, text: str, *, indent: float = 0, size: float = 9) -> None:
        """«Label: text», the label in bold, wrapped as one paragraph."""
        margin = self.l_margin
        self.set_left_margin(margin + indent)
        self.set_x(margin + indent)
        self.set_font(FONT, "B", size)
        self.write(size * 0.45, f"{label}: ")
        self.set_font(FONT, "", size)
        self.write(size * 0.45, plain(text))
        self.set_left_margin(margin)
        self.ln(size * 0.45 + 0.6)

    def mark(self, rgb: tuple[int, int, int], label: str, *, size: float = 8) -> None:
        """A small coloured tag (a level, a severity) at the current position, text after it."""
        self.set_font(FONT, "B", size)
        width = self.get_string_width(label) + 3
        self.set_fill_color(*rgb)
        self.set_text_color(255, 255, 255)
        self.cell(width, size * 0.5, label, fill=True, align="C")
        self.set_text_color(*TEXT_RGB)
        self.cell(2, size * 0.5, "")

    def bar(self, label: str, value: float | None, rgb: tuple[int, int, int], text: str) -> None:
        """One bar of 0–100 on a grey track with the level bands' borders marked."""
        label_w, track_w, h = 42.0, 100.0, 3.6
        y = self.get_y()
        self.set_font(FONT, "", 8.5)
        self.set_x(self.l_margin + 4)
        self.cell(label_w - 4, h, label)
        x = self.l_margin + label_w
        self.set_fill_color(*TRACK_RGB)
        self.rect(x, y + 0.4, track_w, h - 0.8, style="F")
        if value is not None:
            self.set_fill_color(*rgb)
            self.rect(x, y + 0.4, track_w * max(0.0, min(value, 100.0)) / 100, h - 0.8, style="F")
        self.set_draw_color(255, 255, 255)
        self.set_line_width(0.5)
        for band in LEVEL_BANDS[1:]:
            self.line(x + track_w * band.start / 100, y, x + track_w * band.start / 100, y + h)
        self.set_xy(x + track_w + 3, y)
        self.cell(0, h, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.ln(0.8)

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` millimetres fit on this one."""
        if self.will_page_break(height):
            self.add_page()

    def data(self) -> bytes:
        """The finished document."""
        return bytes(self.output())


def _percent(w: Words, coverage: float) -> str:
    return w.t("fmt.percent", value=round(coverage * 100))


def report_pdf(a: Assessment, rubric: Rubric, lang: str, *, detail: bool = False) -> bytes:
    """The report of one project as a PDF: the printed HTML report's content, in ``lang``."""
    w = Words(rubric, lang)
    p = a.project
    name = p.name or p.id
    title = f"{w.t('r.title')}: {name}"
    doc = _Document(title, lang)
    doc.para(w.t("r.title"), size=10, bold=True, rgb=MUTED_RGB, gap=0)
    doc.para(name, size=18, bold=True, gap=1)
    meta = []
    if p.kommune or p.entreprenor:
        meta.append(f"{p.kommune or ''} × {p.entreprenor or ''}")
    if p.phase:
        meta.append(f"{w.t('r.phase')}: {w.t(f'phase.{p.phase}')}")
    if p.assessed:
        meta.append(f"{w.t('r.assessed')}: {p.assessed.isoformat()}")
    if meta:
        doc.para(" · ".join(meta), size=9, rgb=MUTED_RGB, gap=3)
    _overall(doc, w, a)
    _priorities(doc, w, a)
    _dimensions(doc, w, a)
    _change(doc, w, a)
    _follow_up(doc, w, a)
    _findings(doc, w, a, detail=detail)
    _divergences(doc, w, a)
    _open_answers(doc, w, a)
    doc.ln(3)
    doc.para(w.t("r.footnote"), size=7.5, rgb=MUTED_RGB)
    generated = w.t(
        "r.generated", version=a.tool.version, rubric=a.rubric.id, rubric_version=a.rubric.version
    )
    doc.para(generated, size=7.5, rgb=MUTED_RGB)
    return doc.data()


def _overall(doc: _Document, w: Words, a: Assessment) -> None:
    doc.set_font(FONT, "B", 13)
    doc.cell(doc.get_string_width(w.t("r.overall")) + 3, 7, w.t("r.overall"))
    doc.mark(LEVEL_RGB[a.level], w.level(a.level).upper(), size=11)
    doc.ln(8)
    numbers = f"{w.t('r.score')} {w.num(a.score)} · {w.t('r.coverage').lower()} {_percent(w, a.coverage)}"
    doc.para(numbers, size=9, rgb=MUTED_RGB)
    doc.para(w.verdict(a), size=10)
    if a.status is not Status.complete:
        doc.para(w.t("r.in_progress"), size=9, rgb=MUTED_RGB)
    roles = a.roles_answered()
    if len(roles) == 1:
        doc.para(w.t("r.one_sided", role=w.t(f"role.def.{next(iter(roles))}")), size=9, rgb=MUTED_RGB)


def _priorities(doc: _Document, w: Words, a: Assessment) -> None:
    doc.heading(w.t("r.first"))
    if not a.priorities:
        doc.para(w.t("h.no_priorities"))
        return
    by_id = {f.id: f for f in a.findings}
    for n, pr in enumerate(a.priorities, 1):
        f = by_id[pr.finding]
        doc.keep(26)
        doc.set_font(FONT, "B", 10.5)
        doc.cell(7, 5.5, f"{n}.")
        doc.mark(SEVERITY_RGB[pr.severity], w.t(f"severity.{pr.severity}"))
        doc.set_font(FONT, "B", 10.5)
        doc.multi_cell(0, 5, w.title(f), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        doc.para(w.action(f), indent=7, size=9.5)
        doc.labelled(w.t("r.who"), w.actors(pr.actors), indent=7)
        doc.labelled(w.t("r.why"), w.brief(f), indent=7)
        doc.ln(1.5)


def _dimensions(doc: _Document, w: Words, a: Assessment) -> None:
    doc.heading(w.t("h.dimensions"))
    for key in Dimension:
        d = a.dimensions[key]
        doc.keep(20)
        doc.set_font(FONT, "B", 10)
        doc.cell(doc.get_string_width(w.dimension(key)) + 3, 5.5, w.dimension(key))
        doc.mark(LEVEL_RGB[d.level], w.level(d.level))
        doc.set_font(FONT, "", 8.5)
        doc.set_text_color(*MUTED_RGB)
        doc.cell(0, 5.5, f"{w.t('r.coverage').lower()} {_percent(w, d.coverage)}")
        doc.set_text_color(*TEXT_RGB)
        doc.ln(6.5)
        doc.bar(w.t("r.score"), d.score, LEVEL_RGB[d.level], w.num(d.score))
        for role in Role:
            score = d.roles.of(role)
            doc.bar(capital(w.t(f"role.{role}")), score, PARTY_RGB[role], w.num(score))
        doc.ln(1.5)


def _change(doc: _Document, w: Words, a: Assessment) -> None:
    """The trend over the earlier assessments, and the change since the latest of them."""
    if len(a.trend) > 1:
        doc.heading(w.t("r.trend"))
        for point in a.trend:
            when = point.assessed.isoformat() if point.assessed else "–"
            doc.para(f"{when}: {w.level(point.level)}, {w.t('r.score').lower()} {w.num(point.score)}", size=9)
    b = a.baseline
    if b is None:
        return
    doc.heading(w.t("b.title_dated", date=b.assessed.isoformat()) if b.assessed else w.t("b.title"))
    doc.para(f"{w.t('r.overall')}: {w.level(b.level)} → {w.level(a.level)}", size=9.5, bold=True)
    for key, d in b.dimensions.items():
        doc.para(f"{w.dimension(key)}: {w.num(d.before)} → {w.num(d.after)} ({w.signed(d.change)})", size=9)
    for label, refs in ((w.t("b.new"), b.findings.new), (w.t("b.resolved"), b.findings.resolved)):
        doc.para(f"{label} ({len(refs)})", size=9.5, bold=True, gap=0.3)
        for ref in refs:
            doc.para(f"– {w.title(ref)} ({w.t(f'severity.{ref.severity}')})", size=9, indent=4, gap=0.3)
    doc.para(f"{w.t('b.open')}: {len(b.findings.open)}", size=9.5, bold=True)
    if b.findings.changed:
        doc.para(w.t("b.changed"), size=9.5, bold=True, gap=0.3)
        for c in b.findings.changed:
            before, after = w.t(f"severity.{c.before}"), w.t(f"severity.{c.after}")
            doc.para(f"– {w.title(c)} ({before} → {after})", size=9, indent=4, gap=0.3)


def _follow_up(doc: _Document, w: Words, a: Assessment) -> None:
    """The actions of the tiltaksplan, how each stands, with its owner and deadline."""
    if not a.follow_up:
        return
    doc.heading(w.t("f.title"))
    for item in a.follow_up:
        doc.keep(12)
        doc.para(f"{w.t(f'follow.{item.state}')}: {w.title(item.problem)}", size=9.5, bold=True, gap=0.3)
        facts = [item.owner] if item.owner else []
        if item.deadline is not None:
            facts.append(w.t("f.deadline", date=item.deadline.isoformat()))
        if facts:
            doc.para(" · ".join(facts), size=9, indent=4, rgb=MUTED_RGB)


def _findings(doc: _Document, w: Words, a: Assessment, *, detail: bool) -> None:
    doc.heading(f"{w.t('r.findings')} ({len(a.findings)})")
    if not a.findings:
        doc.para(w.t("r.no_findings"))
        return
    for f in a.findings:
        doc.keep(16)
        doc.set_font(FONT, "B", 9.5)
        doc.mark(SEVERITY_RGB[f.severity], w.t(f"severity.{f.severity}"), size=7.5)
        heading = w.title(f)
        if f.accepted:
            heading += f" ({w.accepted_label(f)})"
        doc.set_font(FONT, "B", 9.5)
        doc.multi_cell(0, 4.5, heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        doc.labelled(w.t("r.action"), w.action(f), indent=4, size=8.5)
        if detail:
            doc.labelled(w.t("r.why"), w.why(f), indent=4, size=8.5)
            for ev in f.evidence:
                doc.para(f"– {w.evidence(ev)}", size=8, indent=6, rgb=MUTED_RGB, gap=0.3)
            sources = w.sources(f)
            if sources:
                doc.labelled(w.t("r.sources"), "; ".join(sources), indent=4, size=8)
        if f.accepted:
            doc.para(f"{capital(w.accepted_label(f))}: {w.accepted_text(f)}", size=8, indent=4)
        doc.ln(1.2)


def _divergences(doc: _Document, w: Words, a: Assessment) -> None:
    doc.heading(w.t("r.divergences"))
    if len(a.roles_answered()) < 2:
        doc.para(w.t("r.no_comparison"))
        return
    if not a.divergences:
        doc.para(w.t("r.no_divergences"))
    for d in a.divergences:
        doc.keep(10)
        doc.para(w.asked_both(d.question), size=9, bold=True, gap=0.3)
        gap = w.t(
            "ev.divergence",
            kommune=w.num(d.kommune, 0),
            entreprenor=w.num(d.entreprenor, 0),
            gap=w.num(d.gap, 0),
        )
        doc.para(f"{capital(gap)} · {w.t(f'kind.{d.kind}')}", size=8.5, indent=4, rgb=MUTED_RGB, gap=1.2)
    if a.shared_weaknesses:
        doc.para(w.t("r.shared_weaknesses"), size=10, bold=True)
        for sw in a.shared_weaknesses:
            doc.para(f"– {w.question(sw.question)}", size=9, indent=4, gap=0.5)


def _open_answers(doc: _Document, w: Words, a: Assessment) -> None:
    if not (a.unanswered or a.not_applicable):
        return
    doc.heading(w.t("h.open_answers"))
    for qid, kinds in w.open_answers(a):
        doc.keep(10)
        doc.para(w.question(qid), size=8.5, bold=True, gap=0.2)
        parts = []
        for kind, people in kinds:
            label = w.t("r.missing").lower() if kind == UnansweredReason.missing else w.t(f"value.{kind}")
            who = ", ".join(f"{person} («{reason}»)" if reason else person for person, reason in people)
            parts.append(f"{label}: {who}")
        doc.para("; ".join(parts), size=8, indent=4, rgb=MUTED_RGB, gap=0.8)


# -- the portfolio --


def portfolio_pdf(
    w: Words,
    rows: Sequence[dict[str, Any]],
    *,
    counts: str,
    levels: str,
    common: Sequence[tuple[str, str]],
    errors: Sequence[str],
    gone: Sequence[str] = (),
) -> bytes:
    """The portfolio of a batch as a PDF: the totals, one block per project in the order
    given (its level, date and change, risk, the three dimensions and what to do first), the
    projects of an earlier portfolio not in this one, the most common findings with their
    next step, and the errors."""
    title = w.t("p.title")
    doc = _Document(title, w.lang)
    doc.para(title, size=18, bold=True, gap=1)
    doc.para(counts, size=9.5, rgb=MUTED_RGB, gap=0.5)
    doc.para(levels, size=9.5, rgb=MUTED_RGB, gap=2)
    if not rows:
        doc.para(w.t("p.no_projects"))
    else:
        doc.heading(w.t("p.projects"))
    for row in rows:
        doc.keep(36)
        level = Level(row["level"])
        doc.set_font(FONT, "B", 11)
        doc.mark(LEVEL_RGB[level], w.level(level))
        doc.set_font(FONT, "B", 11)
        doc.multi_cell(0, 5.5, plain(row["name"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        facts = [x for x in (row["kommune"], row["assessed"]) if x]
        facts.append(f"{w.t('p.risk')} {row['risk']}")
        doc.para(" · ".join(facts), size=8.5, rgb=MUTED_RGB, indent=4)
        for dim, score, dim_level in row["scores"]:
            doc.bar(w.dimension(dim), score, LEVEL_RGB[Level(dim_level)], w.num(score))
        if row["first"]:
            doc.para(w.t("p.first"), size=8.5, bold=True, indent=4, gap=0.3)
        for n, text in enumerate(row["first"], 1):
            doc.para(f"{n}. {text}", size=8.5, indent=6, gap=0.3)
        if row["more"]:
            doc.para(w.t("p.more", count=row["more"]), size=8, indent=6, rgb=MUTED_RGB)
        doc.ln(3)
    if gone:
        doc.heading(w.t("p.gone"))
        for line in gone:
            doc.para(line, size=9, gap=0.5)
    if common:
        doc.heading(w.t("p.common"))
        doc.para(w.t("p.common_intro"), size=8.5, rgb=MUTED_RGB)
        for heading, action in common:
            doc.keep(12)
            doc.para(heading, size=9, bold=True, gap=0.3)
            doc.labelled(w.t("r.action"), action, indent=4, size=8.5)
    if errors:
        doc.heading(w.t("p.errors"))
        for line in errors:
            doc.para(line, size=8.5, gap=0.5)
    doc.ln(3)
    doc.para(w.t("r.footnote"), size=7.5, rgb=MUTED_RGB)
    return doc.data()


# -- the paper questionnaire --


class FormItem(Protocol):
    """One question of the paper questionnaire (:class:`samarbeid.surveys.forms.Item`)."""

    @property
    def number(self) -> int: ...
    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def help(self) -> str: ...
    @property
    def options(self) -> Sequence[tuple[str, str]]: ...


class FormSection(Protocol):
    """The questions of one dimension (:class:`samarbeid.surveys.forms.Section`)."""

    @property
    def title(self) -> str: ...
    @property
    def items(self) -> Sequence[FormItem]: ...


def form_pdf(
    title: str, lang: str, *, lead: str, fields: Sequence[str], comment: str, sections: Sequence[FormSection]
) -> bytes:
    """The paper questionnaire of one role: the same questions, help and boxes as the printed
    HTML form, with a line for a comment under each."""
    doc = _Document(title, lang)
    doc.para(title, size=16, bold=True, gap=1.5)
    doc.para(lead, size=9.5, gap=3)
    for label in fields:
        _write_line(doc, label)
    for section in sections:
        doc.heading(section.title)
        for item in section.items:
            doc.keep(14 + 5 * len(item.options))
            doc.para(f"{item.number}. {item.text}  [{item.id}]", size=9.5, bold=True, gap=0.3)
            if item.help:
                doc.para(item.help, size=8, indent=5, rgb=MUTED_RGB, gap=0.5)
            for _value, option in item.options:
                doc.set_x(doc.l_margin + 6)
                y = doc.get_y()
                doc.set_draw_color(*TEXT_RGB)
                doc.set_line_width(0.25)
                doc.rect(doc.get_x(), y + 0.6, 3, 3)
                doc.set_x(doc.get_x() + 5)
                doc.set_font(FONT, "", 9)
                doc.cell(0, 4.4, option, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
            _write_line(doc, comment, size=8.5)
            doc.ln(2)
    return doc.data()


def _write_line(doc: _Document, label: str, *, size: float = 9.5) -> None:
    """«Label: ______»: a label and a line to write on, to the right margin."""
    doc.set_font(FONT, "", size)
    doc.set_x(doc.l_margin)
    width = doc.get_string_width(label + ":") + 2
    doc.cell(width, 6, f"{label}:")
    y = doc.get_y() + 5
    doc.set_draw_color(*MUTED_RGB)
    doc.set_line_width(0.2)
    doc.line(doc.l_margin + width, y, doc.w - doc.r_margin, y)
    doc.ln(7.5)
