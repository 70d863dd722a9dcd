"""Batch output formats. Each is a :class:`PortfolioFormat`: one piece per project, rendered
in the worker that scored it, between a head and a tail the main process writes once every
project is in (so a head may carry the totals).

A *ranked* format (``html``) also renders a second, small piece per project, its ``row`` of
an overview sorted worst first; the main process writes those rows (``overview``) between
the head and the pieces, and writes the pieces in the same order.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import string
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from samarbeid import __version__
from samarbeid.errors import Problem
from samarbeid.i18n import Count, locale
from samarbeid.render import BatchFormat
from samarbeid.render.escape import csv_cell, md, plain
from samarbeid.render.words import Words
from samarbeid.result.assessment import SCHEMA_VERSION, Assessment, Finding, FindingRef
from samarbeid.result.portfolio import (
    LEVEL_RANK,
    Gone,
    Standing,
    common_key,
    common_ref,
    error_data,
    gone_data,
    standing_data,
)
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import Dimension, FailOn, Level, Presence, Role, Severity

if TYPE_CHECKING:
    from markupsafe import Markup

    from samarbeid.result.portfolio import BatchResult, Summary, Where


class PortfolioFormat:
    """One batch output format: ``head``, then one ``item`` per project (``separator``
    between two), then ``tail``."""

    separator = ""
    #: whether the format draws an overview of ``row`` pieces, worst first, before the items
    ranked = False

    def __init__(
        self,
        *,
        rubric: Rubric,
        lang: str,
        fail_on: FailOn,
        color: bool = False,
        width: int = 80,
        as_of: dt.date | None = None,
    ) -> None:
        self.rubric = rubric
        self.lang = lang
        self.w = Words(rubric, lang)
        self.fail_on = fail_on
        self.color = color
        self.width = width
        self.as_of = as_of or dt.date.today()

    def head(self, summary: Summary, errors: list[Problem]) -> str:
        """What comes before the projects."""
        return ""

    def item(self, a: Assessment, s: Standing) -> str | bytes:
        """One project's piece (runs in a worker process), with where it stands over time: text,
        or the UTF-8 bytes it is spilled as (a JSON line, which msgspec writes as bytes)."""
        raise NotImplementedError

    def row(self, a: Assessment, s: Standing) -> str | None:
        """One project's row of the ranked overview (runs in a worker process); None for a
        format without one."""
        return None

    def overview(self, result: BatchResult) -> Iterator[str]:
        """What comes between the head and the projects: nothing, or the ranked overview."""
        return iter(())

    def shown(self, result: BatchResult) -> Sequence[tuple[str, Where]]:
        """The projects whose pieces are written, with their addresses, in output order:
        every one."""
        return result.index

    def pieces(self, result: BatchResult) -> Iterator[str]:
        """The pieces of :meth:`shown`, as text."""
        return (result.spill.read(where) for _, where in self.shown(result))

    def tail(self, summary: Summary, errors: list[Problem]) -> str:
        """What comes after the projects."""
        return ""

    def error_line(self, p: Problem) -> str:
        """An error as the one line every format uses: ``FILE:LINE:COL: error: message``."""
        return p.render(self.lang)

    # -- the words every human format uses for a project over time --

    def when(self, s: Standing) -> str:
        """The assessment date, flagged when stale: «2025-01-15 (utdatert)», «uten dato»."""
        if s.assessed is None:
            return self.w.t("p.undated")
        date = s.assessed.isoformat()
        return f"{date} ({self.w.t('p.stale')})" if s.stale else date

    def change(self, s: Standing) -> str:
        """The change since the previous assessment in words: «gul → rød, risiko 30 → 55
        (verre); funn: 2 løst, 3 nye», or why there is none (the first assessment, or new in
        the portfolio of ``--baseline``)."""
        c = s.change
        if c is None:
            return self.w.t("p.new_in_portfolio" if s.presence is Presence.new else "p.first_round")
        t = self.w.t
        return t(
            "p.change_text",
            level_before=t(f"level.short.{c.level_before}"),
            level_now=t(f"level.short.{c.level_now}"),
            risk_before=c.risk_before,
            risk_now=c.risk_now,
            direction=t(f"direction.{c.direction}"),
            resolved=Count("n.resolved", c.resolved),
            new=Count("n.new", c.new),
        )

    def gone_line(self, g: Gone) -> str:
        """A project of the earlier portfolio that is not in this run, in one line."""
        name = f"{g.name} ({g.id})" if g.name else g.id
        date = g.assessed.isoformat() if g.assessed else self.w.t("p.undated")
        return self.w.t(
            "p.gone_line", project=name, date=date, level=self.w.t(f"level.short.{g.level}"), risk=g.risk
        )

    def common_title(self, ref: FindingRef) -> str:
        """A finding among the most common as the projects have it: its title and severity."""
        return f"{self.w.title(ref)} ({self.w.t(f'severity.{ref.severity}')})"


def worst(a: Assessment, n: int = 3) -> list[Finding]:
    """The most severe findings that count for the gate (not accepted, or accepted but expired)."""
    return [f for f in a.findings if f.gating][:n]


def _header(rubric: Rubric, lang: str) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "samarbeid", "version": __version__},
        "rubric": {"id": rubric.id, "version": rubric.version},
        "lang": lang,
    }


class JsonFormat(PortfolioFormat):
    """One JSON document: ``projects``, ``errors``, ``summary``."""

    separator = ","

    def head(self, summary: Summary, errors: list[Problem]) -> str:
        return json.dumps(_header(self.rubric, self.lang), ensure_ascii=False)[:-1] + ', "projects": ['

    def item(self, a: Assessment, s: Standing) -> bytes:
        from samarbeid.render.json import compact, to_data

        return b"\n" + compact({**to_data(a, self.rubric, self.lang), **standing_data(s)})

    def tail(self, summary: Summary, errors: list[Problem]) -> str:
        data = [error_data(p, self.lang) for p in errors]
        return (
            '\n], "errors": '
            + json.dumps(data, ensure_ascii=False)
            + ', "summary": '
            + json.dumps(summary.as_dict(), ensure_ascii=False)
            + "}\n"
        )


class JsonLinesFormat(PortfolioFormat):
    """One project per line, then one ``{"error": …}`` line per error."""

    def item(self, a: Assessment, s: Standing) -> bytes:
        from samarbeid.render.json import compact, to_data

        return compact({**to_data(a, self.rubric, self.lang), **standing_data(s)}) + b"\n"

    def tail(self, summary: Summary, errors: list[Problem]) -> str:
        gone = [json.dumps({"gone": gone_data(g)}, ensure_ascii=False) + "\n" for g in summary.gone]
        return "".join(
            gone
            + [json.dumps({"error": error_data(p, self.lang)}, ensure_ascii=False) + "\n" for p in errors]
        )


CSV_COLUMNS = [
    "project",
    "name",
    "kommune",
    "entreprenor",
    "phase",
    "status",
    "level",
    "score",
    "risk",
    "assessed",
    "stale",
    "previous",
    "level_before",
    "risk_before",
    "change",
    "findings_resolved",
    "findings_new",
    "baseline",
    *[f"{d}_{k}" for d in Dimension for k in ("score", "level", "coverage")],
    *[f"findings_{s}" for s in Severity],
    "accepted",
    "gate_failed",
    "worst_findings",
    "divergences",
    "files",
]


class CsvFormat(PortfolioFormat):
    """One row per project; the delimiter and decimal mark of the language, and a BOM so that
    Excel reads UTF-8."""

    def _row(self, cells: list[Any]) -> str:
        out = io.StringIO()
        csv.writer(out, delimiter=locale(self.lang).csv_delimiter, lineterminator="\r\n").writerow(
            [csv_cell(v) for v in cells]
        )
        return out.getvalue()

    def head(self, summary: Summary, errors: list[Problem]) -> str:
        return "\ufeff" + self._row(CSV_COLUMNS)

    def item(self, a: Assessment, s: Standing) -> str:
        p = a.project
        num = self.w.num
        c = s.change
        row: list[Any] = [
            p.id,
            p.name,
            p.kommune,
            p.entreprenor,
            p.phase,
            a.status,
            a.level,
            num(a.score) if a.score is not None else "",
            a.risk,
            _date(s.assessed),
            "" if s.stale is None else _yes(s.stale),
            *(
                ["", "", "", "", "", ""]
                if c is None
                else [_date(c.since), c.level_before, c.risk_before, c.direction, c.resolved, c.new]
            ),
            s.presence or "",
        ]
        for d in Dimension:
            dim = a.dimensions[d]
            row += [num(dim.score) if dim.score is not None else "", dim.level, num(dim.coverage, 3)]
        row += [
            *[sum(f.severity is s for f in a.findings) for s in Severity],
            sum(f.accepted is not None for f in a.findings),
            _yes(bool(a.failing(self.fail_on))),
            " ".join(f.id for f in worst(a)),
            len(a.divergences),
            " ".join(a.files),
        ]
        return self._row(row)

    def tail(self, summary: Summary, errors: list[Problem]) -> str:
        # the earlier portfolio's projects that are not in this run: what that portfolio
        # knew of them, and «gone» in the baseline column
        rows = []
        for g in summary.gone:
            cells: dict[str, Any] = {
                "project": g.id,
                "name": g.name,
                "previous": _date(g.assessed),
                "level_before": g.level,
                "risk_before": g.risk,
                "baseline": Presence.gone,
                "files": " ".join(g.files),
            }
            rows.append(self._row([cells.get(column, "") for column in CSV_COLUMNS]))
        return "".join(rows)


def _date(day: dt.date | None) -> str:
    return "" if day is None else day.isoformat()


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


class JunitFormat(PortfolioFormat):
    """One JUnit XML document: a testcase per project, failing when it fails the gate; the
    failure's ``type`` is the worst severity among the findings that fail it."""

    def head(self, summary: Summary, errors: list[Problem]) -> str:
        tests = summary.projects + len(errors) + len(summary.gone)
        counts = f'tests="{tests}" failures="{summary.failed}" errors="{len(errors)}"'
        if summary.gone:
            counts += f' skipped="{len(summary.gone)}"'
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="samarbeid" {counts}>\n'
            f'  <testsuite name="samarbeid" {counts}>\n'
        )

    def item(self, a: Assessment, s: Standing) -> str:
        from xml.sax.saxutils import escape, quoteattr  # only when JUnit is written

        name = quoteattr(a.project.id)
        classname = quoteattr(f"samarbeid.{a.project.id}")
        failing = a.failing(self.fail_on)
        properties = self._properties(s)
        if not failing:
            return f"    <testcase name={name} classname={classname}>\n{properties}    </testcase>\n"
        t = self.w.t
        message = "; ".join(f"{f.severity}: {f.id}" for f in failing)
        kind = min((f.severity for f in failing), key=lambda s: s.rank)
        body = "\n".join(
            f"[{t(f'severity.{f.severity}')}] {f.id}: {self.w.title(f)}\n"
            f"  {t('r.action')}: {self.w.action(f)}"
            for f in failing
        )
        return (
            f"    <testcase name={name} classname={classname}>\n{properties}"
            f"      <failure message={quoteattr(plain(message))} type={quoteattr(str(kind))}>"
            f"{escape(plain(body))}</failure>\n    </testcase>\n"
        )

    def _properties(self, s: Standing) -> str:
        """The project over time as the testcase's properties (the CSV's column names and
        values; an empty value is left out), and the change in words."""
        from xml.sax.saxutils import quoteattr

        c = s.change
        values: dict[str, Any] = {
            "assessed": _date(s.assessed),
            "stale": "" if s.stale is None else _yes(s.stale),
            "previous": "" if c is None else _date(c.since),
            "level_before": "" if c is None else c.level_before,
            "risk_before": "" if c is None else c.risk_before,
            "change": "" if c is None else c.direction,
            "findings_resolved": "" if c is None else c.resolved,
            "findings_new": "" if c is None else c.new,
            "baseline": s.presence or "",
            "summary": f"{self.when(s)} · {self.change(s)}",
        }
        lines = [
            f"        <property name={quoteattr(k)} value={quoteattr(plain(str(v)))}/>\n"
            for k, v in values.items()
            if v != ""
        ]
        return "      <properties>\n" + "".join(lines) + "      </properties>\n"

    def tail(self, summary: Summary, errors: list[Problem]) -> str:
        from xml.sax.saxutils import escape, quoteattr

        out = []
        for g in summary.gone:
            out.append(
                f"    <testcase name={quoteattr(g.id)} classname={quoteattr(f'samarbeid.{g.id}')}>\n"
                f"      <skipped message={quoteattr(plain(self.gone_line(g)))}/>\n    </testcase>\n"
            )
        for p in errors:
            message = p.message(self.lang)
            out.append(
                f'    <testcase name={quoteattr(plain(p.where.file))} classname="samarbeid.files">\n'
                f'      <error message={quoteattr(plain(message))} type="input">'
                f"{escape(plain(self.error_line(p)))}</error>\n    </testcase>\n"
            )
        return "".join(out) + "  </testsuite>\n</testsuites>\n"


class MarkdownFormat(PortfolioFormat):
    """A table of projects (with their kommune), the most common findings, and the errors."""

    def head(self, summary: Summary, errors: list[Problem]) -> str:
        t = self.w.t
        titles = [md(self.w.dimension(d)) for d in Dimension]
        levels = ", ".join(
            f"{t(f'level.{lvl}')}: {summary.levels[lvl]}"
            for lvl in (Level.red, Level.yellow, Level.green, Level.inconclusive)
        )
        return (
            f"# {t('p.title')}\n\n"
            + t(
                "p.counts",
                projects=Count("n.projects", summary.projects),
                files=Count("n.files", summary.files),
                errors=Count("n.errors", len(errors)),
            )
            + f"\n\n{levels}\n\n"
            + f"| {t('p.project')} | {md(self._kommune_label)} | "
            + " | ".join(titles)
            + f" | {t('r.overall')} | {t('p.assessed')} | {t('p.change')} | {t('p.worst')} |\n"
            + "|---|---|---:|---:|---:|---|---|---|---|\n"
        )

    def item(self, a: Assessment, s: Standing) -> str:
        t = self.w.t
        p = a.project
        cells = [
            f"{self.w.num(a.dimensions[d].score)} ({t(f'level.{a.dimensions[d].level}')})" for d in Dimension
        ]
        label = f"**{md(p.name or p.id)}** (`{p.id}`)"
        kommune = md(p.kommune) if p.kommune else "–"
        findings = "; ".join(md(self.w.title(f)) for f in worst(a))
        level = t(f"level.{a.level}")
        over_time = f"{md(self.when(s))} | {md(self.change(s))}"
        return f"| {label} | {kommune} | " + " | ".join(cells) + f" | {level} | {over_time} | {findings} |\n"

    @property
    def _kommune_label(self) -> str:
        word = self.w.t("role.kommune")
        return word[:1].upper() + word[1:]

    def tail(self, summary: Summary, errors: list[Problem]) -> str:
        t = self.w.t
        out = []
        if summary.gone:
            out.append(f"\n## {t('p.gone')}\n\n")
            out.extend(f"- {md(self.gone_line(g))}\n" for g in summary.gone)
        if summary.rules:
            out.append(f"\n## {t('p.common')}\n\n")
            for ref, count in summary.common()[:10]:
                out.append(f"- {md(self.common_title(ref))}: {count}\n")
        if errors:
            out.append(f"\n## {t('p.errors')}\n\n")
            out.extend(f"- {md(self.error_line(p))}\n" for p in errors)
        out.append(f"\n*{t('r.footnote')}*\n")
        return "".join(out)


class TableFormat(PortfolioFormat):
    """A table for the terminal. Every row is its own rich table with the same fixed column
    widths, so rows rendered in different processes line up."""

    def _table(self, *, header: bool) -> Any:
        from rich import box
        from rich.table import Table

        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, show_header=header, expand=True)
        t = self.w.t
        table.add_column(f"{t('p.project')} · {t('p.worst').lower()}", ratio=1, overflow="fold")
        for d in Dimension:
            table.add_column(self.w.dimension(d)[:5] + ".", justify="right", no_wrap=True, width=7)
        from samarbeid.render.terminal import LEVEL_MARK

        widest = max(len(f"{LEVEL_MARK[lvl]} {t(f'level.short.{lvl}')}") for lvl in Level)
        table.add_column(t("r.level"), no_wrap=True, width=max(widest, len(t("r.level"))))
        return table

    def _print(self, renderable: Any) -> str:
        from rich.console import Console

        out = io.StringIO()
        console = Console(
            file=out,
            width=self.width,
            force_terminal=self.color,
            no_color=not self.color,
            color_system="standard" if self.color else None,
            highlight=False,
            emoji=False,
            markup=False,
        )
        console.print(renderable)
        return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())

    def head(self, summary: Summary, errors: list[Problem]) -> str:
        if not summary.projects:
            return ""
        return self._print(self._table(header=True)).rstrip("\n") + "\n"

    def item(self, a: Assessment, s: Standing) -> str:
        from rich.padding import Padding
        from rich.text import Text

        from samarbeid.render.terminal import LEVEL_MARK, LEVEL_STYLE

        t = self.w.t
        table = self._table(header=False)
        cells = []
        for d in Dimension:
            dim = a.dimensions[d]
            style = LEVEL_STYLE[dim.level] if dim.level is not Level.inconclusive else ""
            cells.append(Text(f"{self.w.num(dim.score)} {LEVEL_MARK[dim.level]}", style=style))
        level = Text(f"{LEVEL_MARK[a.level]} {t(f'level.short.{a.level}')}", style=LEVEL_STYLE[a.level])
        table.add_row(Text(plain(a.project.id)), *cells, level)
        # under the row, across the whole width: the worst finding, and the date and change
        out = self._print(table)
        counting = worst(a, len(a.findings))
        if counting:
            out += self._print(self._worst_line(counting))
        over_time = Text(f"{plain(self.when(s))} · {self.change(s)}", style="dim")
        return out + self._print(Padding(over_time, (0, 0, 0, 2)))

    def _worst_line(self, counting: list[Finding]) -> Any:
        """``  title (+N til)`` on one line: the title cut to fit, the count always whole."""
        from rich.text import Text

        more = f" ({self.w.t('p.more', count=len(counting) - 1)})" if len(counting) > 1 else ""
        title = Text(f"  {self.w.title(counting[0])}", style="dim")
        title.truncate(self.width - len(more), overflow="ellipsis")
        title.append(more, style="dim")
        return title

    def tail(self, summary: Summary, errors: list[Problem]) -> str:
        # The errors go to stderr, one line each (commands/batch.py), where a table on a
        # terminal cannot wrap them and a redirected table does not mix them with its rows.
        # The earlier portfolio's projects that are not in this run end the table.
        if not summary.gone:
            return ""
        return f"\n{self.w.t('p.gone')}:\n" + "".join(f"  {plain(self.gone_line(g))}\n" for g in summary.gone)


def css_string(text: str) -> Markup:
    """``text`` safe inside a double-quoted CSS string in a ``<style>`` element: everything but
    letters, digits and spaces as a CSS escape (so no quote, backslash or ``</style>``)."""
    from markupsafe import Markup

    return Markup("".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text))


#: the portfolio picture: marks per line, and the size of a mark's cell and of a group's label
#: The HTML page's size, in bytes: under 2 MB, where a browser, a mail attachment and a
#: funder's patience all still hold it
HTML_BUDGET = 1_990_000
WAFFLE_COLUMNS = 40
WAFFLE_CELL = 24
WAFFLE_LABEL = 30


class HtmlFormat(PortfolioFormat):
    """One self-contained HTML page (``templates/portfolio.html.j2``): the levels at a glance,
    a picture with a mark per project, the matrix of projects against the dimensions worst
    first, the most common findings, the errors, then a short section per project.

    Size: the page stays under 2 MB (:data:`HTML_BUDGET`) up to 5 000 projects. Every
    repeated picture is a ``<use>`` of a shape drawn once, and a project's section names its
    findings by title and links to the one place (the common findings) where the next step is
    written out. Every project is in the picture and the matrix; the sections go to the
    worst projects first, as many as the budget holds (about 1 100 of 5 000 generated ones): past that, a
    line under the heading says how many have one, and the matrix names the others without
    a link. A funder reads the worst first; ``samarbeid report`` gives any project in full."""

    ranked = True
    #: how many of the pieces (worst first) :meth:`overview` found room for
    _shown: int | None = None

    @cached_property
    def _m(self) -> Any:
        from samarbeid.i18n import tn
        from samarbeid.render.templated import environment

        w = self.w

        def plural(code: str, n: int, **params: Any) -> str:
            return tn(code, n, self.lang, **params)

        def who(roles: list[Any]) -> str:
            if len(set(roles)) == len(Role):
                return w.t("p.both")
            names = [w.t(f"role.def.{r}") for r in roles]
            return names[0] if len(names) == 1 else w.t("p.and", a=", ".join(names[:-1]), b=names[-1])

        context = {
            "lang": self.lang,
            "t": w.t,
            "tn": plural,
            "num": w.num,
            "title": w.title,
            "action": w.action,
            "common_title": self.common_title,
            "change": self.change,
            "gone_line": self.gone_line,
            "dim_title": w.dimension,
            "who": who,
            "css": css_string,
            # a finding's entry among the common findings, by its problem's place in the
            # rubric, its grade and raising escalation: short, since every project links its
            # priorities to it
            "anchor": self._anchor,
            "dims": list(Dimension),
            "levels": sorted(Level, key=LEVEL_RANK.__getitem__),
            "as_of": self.as_of,
            "version": __version__,
            "rubric": self.rubric,
        }
        return environment().get_template("portfolio.html.j2").make_module(context)

    def head(self, summary: Summary, errors: list[Problem]) -> str:
        counts = self.w.t(
            "p.counts",
            projects=Count("n.projects", summary.projects),
            files=Count("n.files", summary.files),
            errors=Count("n.errors", len(errors)),
        )
        return str(self._m.head(summary, errors, counts))

    @cached_property
    def _anchors(self) -> dict[tuple[str, int, str | None], str]:
        """The id of each finding's entry among the common findings, by (problem, grade,
        raising escalation, as :func:`common_key` counts them): «f12» for the problem's most
        severe grade, then «f12a», «f12b» … for its other grades and its escalations. Short,
        since every project links its priorities to one."""
        anchors = {}
        for i, p in enumerate(self.rubric.problems, 1):
            keys = [*((None, g) for g in range(len(p.levels))), *((e.id, 0) for e in p.escalations)]
            for n, (escalation, grade) in enumerate(keys):
                suffix = "" if n == 0 else string.ascii_lowercase[n - 1] if n <= 26 else f"-{n}"
                anchors[p.id, grade, escalation] = f"f{i}{suffix}"
        return anchors

    def _anchor(self, f: Finding | FindingRef) -> str:
        ref = common_ref(common_key(f))
        return self._anchors[ref.id, ref.grade, ref.escalation]

    def row(self, a: Assessment, s: Standing) -> str:
        return str(self._m.row(a, s))

    def item(self, a: Assessment, s: Standing) -> str:
        by_id = {f.id: f for f in a.findings}
        first = [(by_id[p.finding], p.actors) for p in a.priorities if p.finding in by_id]
        return str(self._m.section(a, s, first))

    def overview(self, result: BatchResult) -> Iterator[str]:
        marks = []
        groups = []
        y = 0
        current: Level | None = None
        column = 0
        for _, level, _ in result.ranking:
            if level is not current:
                if current is not None:
                    y += WAFFLE_CELL
                groups.append((level, y + WAFFLE_LABEL - 10))
                y += WAFFLE_LABEL
                current, column = level, 0
            elif column == WAFFLE_COLUMNS:
                y += WAFFLE_CELL
                column = 0
            marks.append((level, column * WAFFLE_CELL, y))
            column += 1
        height = y + WAFFLE_CELL if marks else 0
        picture = str(self._m.picture(result.summary, groups, marks, WAFFLE_COLUMNS * WAFFLE_CELL, height))
        summary = result.summary
        common = summary.common()
        error_lines = [self.error_line(p) for p in result.errors]

        def between(shown: int) -> str:
            return str(self._m.between(summary, result.errors, common, error_lines, shown, len(result.index)))

        fixed = sum(
            len(part.encode())
            for part in (
                self.head(summary, result.errors),
                picture,
                between(0),
                self.tail(summary, result.errors),
            )
        )
        # the rows without their links, then for each section (worst first) its link back
        room = HTML_BUDGET - fixed - sum(where[2] - _link_size(pid) for pid, _, where in result.ranking)
        shown = 0
        for pid, where in result.index:
            if where[2] + _link_size(pid) > room:
                break
            room -= where[2] + _link_size(pid)
            shown += 1
        self._shown = shown
        yield picture
        for n, (pid, row) in enumerate(zip((p for p, _, _ in result.ranking), result.rows(), strict=True)):
            # a project without a section is named without a link
            yield row if n < shown else row.replace(_link(pid), "", 1).replace("</a>", "", 1)
        yield between(shown)

    def shown(self, result: BatchResult) -> Sequence[tuple[str, Where]]:
        """The sections :meth:`overview` found room for, worst first."""
        return result.index[: self._shown]

    def tail(self, summary: Summary, errors: list[Problem]) -> str:
        return str(self._m.tail(summary))


def _link(pid: str) -> str:
    """The start of a matrix row's link to its project's section (``portfolio.html.j2``)."""
    return f'<a href="#p-{pid}">'


def _link_size(pid: str) -> int:
    return len(_link(pid).encode()) + len("</a>")


class PdfFormat(PortfolioFormat):
    """One PDF (:func:`samarbeid.render.pdf.portfolio_pdf`), worst first like the HTML page:
    each worker renders its project's words as a JSON line, and :meth:`document` draws the
    pages once every project is in. A PDF is bytes, so it is never written as pieces."""

    ranked = True

    def item(self, a: Assessment, s: Standing) -> str:
        w = self.w
        p = a.project
        by_id = {f.id: f for f in a.findings}
        first = [by_id[pr.finding] for pr in a.priorities if pr.finding in by_id]
        row = {
            "name": p.name or p.id,
            "kommune": p.kommune or "",
            "assessed": f"{w.t('p.assessed')} {self.when(s)} · {self.change(s)}",
            "level": a.level.value,
            "risk": a.risk,
            "scores": [(d.value, a.dimensions[d].score, a.dimensions[d].level.value) for d in Dimension],
            "first": [f"{w.title(f)}: {w.action(f)}" for f in first],
            "more": max(0, len(a.findings) - len(first)),
        }
        return json.dumps(row, ensure_ascii=False) + "\n"

    def document(self, result: BatchResult) -> bytes:
        """The whole portfolio as a PDF."""
        from samarbeid.render.pdf import portfolio_pdf

        summary = result.summary
        t = self.w.t
        counts = t(
            "p.counts",
            projects=Count("n.projects", summary.projects),
            files=Count("n.files", summary.files),
            errors=Count("n.errors", len(result.errors)),
        )
        levels = ", ".join(
            f"{t(f'level.{lvl}')}: {summary.levels[lvl]}" for lvl in sorted(Level, key=LEVEL_RANK.__getitem__)
        )
        common = [
            (f"{self.common_title(ref)}: {count}", self.w.action(ref)) for ref, count in summary.common()[:10]
        ]
        return portfolio_pdf(
            self.w,
            [json.loads(piece) for piece in result.pieces()],
            counts=f"{t('p.as_of', date=self.as_of.isoformat())}. {counts}",
            levels=levels,
            common=common,
            # a file by its name, never its folders: the PDF leaves the room
            errors=[
                f"{PurePath(p.where.file).name}:{p.where.line}: {p.message(self.lang)}" for p in result.errors
            ],
            gone=[self.gone_line(g) for g in summary.gone],
        )


FORMATS: dict[BatchFormat, type[PortfolioFormat]] = {
    BatchFormat.table: TableFormat,
    BatchFormat.json: JsonFormat,
    BatchFormat.jsonl: JsonLinesFormat,
    BatchFormat.csv: CsvFormat,
    BatchFormat.junit: JunitFormat,
    BatchFormat.markdown: MarkdownFormat,
    BatchFormat.html: HtmlFormat,
    BatchFormat.pdf: PdfFormat,
}


def portfolio_format(fmt: BatchFormat, **kwargs: Any) -> PortfolioFormat:
    """The writer of ``fmt``."""
    return FORMATS[fmt](**kwargs)


def write_portfolio(result: BatchResult, fmt: PortfolioFormat, out: Any) -> None:
    """Write a whole batch to the text stream ``out``."""
    out.write(fmt.head(result.summary, result.errors))
    for text in fmt.overview(result):  # before the pieces: it chooses those shown
        out.write(text)
    raw = _utf8_bytes(out)
    if raw is None:
        for i, piece in enumerate(fmt.pieces(result)):
            out.write(fmt.separator + piece if i else piece)
    else:
        # the pieces copied as they were spilled, neither decoded nor encoded again; pieces
        # that lie one after the other in a spill file (a worker renders its projects in id
        # order) are read as one
        out.flush()
        separator = fmt.separator.encode()
        shown = (where for _, where in fmt.shown(result))
        for i, where in enumerate(shown if separator else _runs(shown)):
            if i and separator:
                raw.write(separator)
            raw.write(result.spill.raw(where))
        raw.flush()
    out.write(fmt.tail(result.summary, result.errors))


#: the most bytes of adjacent pieces read from a spill file at a time
RUN = 1 << 20


def _runs(addresses: Iterable[Where]) -> Iterator[Where]:
    """``addresses``, each run of pieces that follow one another in the same spill file
    merged into one address (of at most :data:`RUN` bytes, unless a piece alone is more)."""
    run: Where | None = None
    for pid, offset, length in addresses:
        if run is not None and run[0] == pid and run[1] + run[2] == offset and run[2] + length <= RUN:
            run = (pid, run[1], run[2] + length)
            continue
        if run is not None:
            yield run
        run = (pid, offset, length)
    if run is not None:
        yield run


def _utf8_bytes(out: Any) -> Any:
    """The byte stream under ``out`` when ``out`` is a plain text file whose text reaches it
    unchanged (UTF-8, no ``\\r\\n`` for ``\\n``); else None. A wrapper or a subclass (the
    standard output made safe for a closed pipe) may do more on a write, and keeps it."""
    import codecs
    import os

    if type(out) is not io.TextIOWrapper or os.linesep != "\n":
        return None
    try:
        return out.buffer if codecs.lookup(out.encoding).name == "utf-8" else None
    except LookupError:
        return None
