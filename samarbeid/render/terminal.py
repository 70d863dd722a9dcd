"""The terminal report: rich, readable at 80 columns, colour only when asked for."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from samarbeid.assessment import Assessment
from samarbeid.i18n import t
from samarbeid.render.common import (
    accepted_label,
    accepted_text,
    answered_roles,
    evidence_text,
    who_text,
)
from samarbeid.render.escape import plain
from samarbeid.render.numbers import num, signed

LEVEL_STYLE = {"green": "bold green", "yellow": "bold yellow", "red": "bold red", "inconclusive": "bold"}
LEVEL_MARK = {"green": "●", "yellow": "◐", "red": "○", "inconclusive": "?"}
SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan", "info": "dim"}


def render_terminal(a: Assessment, *, color: bool = False, width: int = 80) -> str:
    """The report as terminal text (with ANSI colour when ``color``)."""
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, highlight=False, emoji=False,
                      markup=False, legacy_windows=False)
    for part in _parts(a):
        console.print(part)
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def level_text(level: str, lang: str) -> Text:
    """A level as mark and word, coloured (colour is never the only signal)."""
    return Text(f"{LEVEL_MARK[level]} {t(f'level.{level}', lang)}", style=LEVEL_STYLE[level])


def _pct(value: float) -> str:
    return f"{round(value * 100):d} %"


def _heading(text: str) -> RenderableType:
    return Text("\n" + text, style="bold underline")


def _items(rows: list[tuple[str, Text | str]]) -> Table:
    """Label–text rows with a hanging indent."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, text in rows:
        grid.add_row(label, text if isinstance(text, Text) else Text(text))
    return grid


def _parts(a: Assessment) -> Iterator[RenderableType]:
    lang = a.lang
    yield from _header(a, lang)
    yield _dimensions(a, lang)
    yield from _baseline(a, lang)
    yield from _findings(a, lang)
    yield from _divergences(a, lang)
    yield from _unanswered(a, lang)
    yield from _respondents(a, lang)
    yield Text("\n" + t("r.footnote", lang), style="dim")
    yield Text(t("r.generated", lang, version=a.tool.version, rubric=a.rubric.id,
                 rubric_version=a.rubric.version), style="dim")


def _header(a: Assessment, lang: str) -> Iterator[RenderableType]:
    p = a.project
    yield Text(f"{t('r.title', lang)}: {plain(p.name or p.id)}", style="bold")
    parties = " × ".join(plain(x) for x in (p.kommune, p.entreprenor) if x)
    meta = [f"id: {p.id}"]
    if p.phase:
        meta.append(f"{t('r.phase', lang)}: {t(f'phase.{p.phase}', lang)}")
    if p.assessed:
        meta.append(f"{t('r.assessed', lang)}: {p.assessed.isoformat()}")
    yield Text(" · ".join([parties, *meta] if parties else meta), style="dim")
    overall = Text(f"\n{t('r.overall', lang)}: ", style="bold")
    overall.append_text(level_text(a.level, lang))
    overall.append(f"   {t('r.score', lang)} {num(a.score, lang)} · "
                   f"{t('r.coverage', lang).lower()} {_pct(a.coverage)}")
    yield overall
    if a.status != "complete":
        yield Text(t("r.in_progress", lang), style="yellow")
    roles = answered_roles(a)
    if len(roles) == 1:
        yield Text(t("r.one_sided", lang, role=t(f"role.def.{roles.pop()}", lang)), style="yellow")
    yield Text("")


def _dimensions(a: Assessment, lang: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(t("r.dimension", lang))
    table.add_column(t("r.score", lang), justify="right")
    table.add_column(t("r.level", lang), no_wrap=True)
    table.add_column(t("r.coverage", lang), justify="right")
    table.add_column(t("role.kommune", lang).capitalize(), justify="right")
    table.add_column(t("role.entreprenor", lang).capitalize(), justify="right")
    for dim in (a.dimensions.forstaelse, a.dimensions.forankring, a.dimensions.forpliktelse):
        table.add_row(dim.title, num(dim.score, lang), level_text(dim.level, lang), _pct(dim.coverage),
                      num(dim.roles.kommune, lang), num(dim.roles.entreprenor, lang))
    return table


def _baseline(a: Assessment, lang: str) -> Iterator[RenderableType]:
    b = a.baseline
    if b is None:
        return
    title = t("b.title_dated", lang, date=b.assessed.isoformat()) if b.assessed else t("b.title", lang)
    yield _heading(title)
    overall = Text(t("r.overall", lang) + ": ")
    overall.append_text(level_text(b.level, lang))
    overall.append(" → ")
    overall.append_text(level_text(a.level, lang))
    yield overall
    yield Text("")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(t("r.dimension", lang))
    table.add_column(t("b.before", lang), justify="right")
    table.add_column(t("b.after", lang), justify="right")
    table.add_column(t("b.change", lang), justify="right")
    for dim_id, dim in b.dimensions.items():
        title = getattr(a.dimensions, dim_id).title
        table.add_row(title, num(dim.before, lang), num(dim.after, lang), signed(dim.change, lang))
    yield table
    rows: list[tuple[str, Text | str]] = []
    for key in ("new", "resolved"):
        refs = getattr(b.findings, key)
        text = ", ".join(f"{f.id} ({t(f'severity.{f.severity}', lang)})" for f in refs)
        rows.append((t(f"b.{key}", lang), text or t("b.none", lang)))
    rows.append((t("b.open", lang), str(len(b.findings.open))))
    changed = [d for d in b.divergences if d.change != "unchanged"]
    if changed:
        rows.append((t("b.divergences", lang), ", ".join(
            f"{d.question} ({t(f'b.gap.{d.change}', lang)})" for d in changed)))
    yield _items(rows)


def _findings(a: Assessment, lang: str) -> Iterator[RenderableType]:
    yield _heading(f"{t('r.findings', lang)} ({len(a.findings)})")
    if not a.findings:
        yield Text(t("r.no_findings", lang))
    for f in a.findings:
        head = Text(f"\n[{t(f'severity.{f.severity}', lang).upper()}] ",
                    style=SEVERITY_STYLE[f.severity])
        head.append(f.title, style="bold")
        head.append(f"  ({f.id})", style="dim")
        if f.accepted is not None:
            head.append(f"  [{accepted_label(f, lang)}]", style="yellow")
        yield head
        rows: list[tuple[str, Text | str]] = [(t("r.why", lang), f.why), (t("r.action", lang), f.action)]
        rows += [(t("r.evidence", lang), plain(evidence_text(ev, lang))) for ev in f.evidence]
        rows.append((t("r.sources", lang), "; ".join(f.sources)))
        if f.accepted is not None:
            rows.append((accepted_label(f, lang).capitalize(),
                         Text(plain(accepted_text(f, lang)), style="yellow")))
        grid = _items(rows)
        grid.padding = (0, 1)
        yield _indent(grid)


def _indent(renderable: RenderableType) -> RenderableType:
    from rich.padding import Padding

    return Padding(renderable, (0, 0, 0, 2))


def _divergences(a: Assessment, lang: str) -> Iterator[RenderableType]:
    yield _heading(t("r.divergences", lang))
    if len(answered_roles(a)) < 2:
        yield Text(t("r.no_comparison", lang))
    elif not a.divergences:
        yield Text(t("r.no_divergences", lang))
    else:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        table.add_column(t("r.question", lang), no_wrap=True)
        table.add_column(t("role.kommune", lang).capitalize(), justify="right")
        table.add_column(t("role.entreprenor", lang).capitalize(), justify="right")
        table.add_column(t("r.kind", lang))
        for d in a.divergences:
            table.add_row(d.question, num(d.kommune, lang, 0), num(d.entreprenor, lang, 0),
                          t(f"kind.{d.kind}", lang))
        yield table
    if a.shared_weaknesses:
        yield _heading(t("r.shared_weaknesses", lang))
        yield _indent(_items([("•", f"{w.question}: {w.text}") for w in a.shared_weaknesses]))


def _unanswered(a: Assessment, lang: str) -> Iterator[RenderableType]:
    if not a.unanswered:
        return
    yield _heading(f"{t('r.unanswered', lang)} ({len(a.unanswered)})")
    groups: dict[str, list[str]] = {}
    for u in a.unanswered:
        who = plain(who_text(u.role, u.respondent, lang))
        groups.setdefault(who, []).append(u.question + ("?" if u.reason == "vet_ikke" else ""))
    yield _indent(_items([("•", f"{who[:1].upper()}{who[1:]}: {', '.join(q)}")
                          for who, q in groups.items()]))
    yield Text(f"  ? = {t('value.vet_ikke', lang)}", style="dim")


def _respondents(a: Assessment, lang: str) -> Iterator[RenderableType]:
    yield _heading(t("r.respondents", lang))
    rows: list[tuple[str, Text | str]] = []
    for r in a.respondents:
        who = plain(who_text(r.role, ", ".join(x for x in (r.unit, r.name) if x) or None, lang))
        count = t("r.answered_of", lang, answered=r.answered, total=r.questions)
        rows.append(("•", f"{who[:1].upper()}{who[1:]}: {count} — {plain(Path(r.file).name)}:{r.line}"))
    yield _indent(_items(rows))
