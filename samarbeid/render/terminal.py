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
from samarbeid.render.escape import plain
from samarbeid.render.words import Words
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import Level, Severity

LEVEL_STYLE = {
    Level.green: "bold green",
    Level.yellow: "bold yellow",
    Level.red: "bold red",
    Level.inconclusive: "bold",
}
#: a shape per level, so that colour is never the only signal
LEVEL_MARK = {Level.green: "●", Level.yellow: "◐", Level.red: "○", Level.inconclusive: "?"}
SEVERITY_STYLE = {
    Severity.critical: "bold red",
    Severity.high: "red",
    Severity.medium: "yellow",
    Severity.low: "cyan",
    Severity.info: "dim",
}


def render_terminal(
    a: Assessment, rubric: Rubric, lang: str, *, color: bool = False, width: int = 80, detail: bool = False
) -> str:
    """The report as terminal text (with ANSI colour when ``color``)."""
    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    for part in _parts(a, Words(rubric, lang)):
        console.print(part)
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def level_text(level: Level, w: Words) -> Text:
    """A level as mark and word, coloured (colour is never the only signal)."""
    return Text(f"{LEVEL_MARK[level]} {w.t(f'level.{level}')}", style=LEVEL_STYLE[level])


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


def _parts(a: Assessment, w: Words) -> Iterator[RenderableType]:
    yield from _header(a, w)
    yield _dimensions(a, w)
    yield from _baseline(a, w)
    yield from _findings(a, w)
    yield from _divergences(a, w)
    yield from _unanswered(a, w)
    yield from _respondents(a, w)
    yield Text("\n" + w.t("r.footnote"), style="dim")
    yield Text(
        w.t("r.generated", version=a.tool.version, rubric=a.rubric.id, rubric_version=a.rubric.version),
        style="dim",
    )


def _header(a: Assessment, w: Words) -> Iterator[RenderableType]:
    p = a.project
    yield Text(f"{w.t('r.title')}: {plain(p.name or p.id)}", style="bold")
    parties = " × ".join(plain(x) for x in (p.kommune, p.entreprenor) if x)
    meta = [f"id: {p.id}"]
    if p.phase:
        meta.append(f"{w.t('r.phase')}: {w.t(f'phase.{p.phase}')}")
    if p.assessed:
        meta.append(f"{w.t('r.assessed')}: {p.assessed.isoformat()}")
    yield Text(" · ".join([parties, *meta] if parties else meta), style="dim")
    overall = Text(f"\n{w.t('r.overall')}: ", style="bold")
    overall.append_text(level_text(a.level, w))
    overall.append(f"   {w.t('r.score')} {w.num(a.score)} · {w.t('r.coverage').lower()} {_pct(a.coverage)}")
    yield overall
    if a.status != "complete":
        yield Text(w.t("r.in_progress"), style="yellow")
    roles = a.roles_answered()
    if len(roles) == 1:
        yield Text(w.t("r.one_sided", role=w.t(f"role.def.{roles.pop()}")), style="yellow")
    yield Text("")


def _dimensions(a: Assessment, w: Words) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(w.t("r.dimension"))
    table.add_column(w.t("r.score"), justify="right")
    table.add_column(w.t("r.level"), no_wrap=True)
    table.add_column(w.t("r.coverage"), justify="right")
    table.add_column(w.t("role.kommune").capitalize(), justify="right")
    table.add_column(w.t("role.entreprenor").capitalize(), justify="right")
    for dim_id, dim in a.dimensions.items():
        table.add_row(
            w.dimension(dim_id),
            w.num(dim.score),
            level_text(dim.level, w),
            _pct(dim.coverage),
            w.num(dim.roles.kommune),
            w.num(dim.roles.entreprenor),
        )
    return table


def _baseline(a: Assessment, w: Words) -> Iterator[RenderableType]:
    b = a.baseline
    if b is None:
        return
    title = w.t("b.title_dated", date=b.assessed.isoformat()) if b.assessed else w.t("b.title")
    yield _heading(title)
    overall = Text(w.t("r.overall") + ": ")
    overall.append_text(level_text(b.level, w))
    overall.append(" → ")
    overall.append_text(level_text(a.level, w))
    yield overall
    yield Text("")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(w.t("r.dimension"))
    table.add_column(w.t("b.before"), justify="right")
    table.add_column(w.t("b.after"), justify="right")
    table.add_column(w.t("b.change"), justify="right")
    for dim_id, dim in b.dimensions.items():
        title = w.dimension(dim_id)
        table.add_row(title, w.num(dim.before), w.num(dim.after), w.signed(dim.change))
    yield table
    rows: list[tuple[str, Text | str]] = []
    for key in ("new", "resolved"):
        refs = getattr(b.findings, key)
        text = ", ".join(f"{f.id} ({w.t(f'severity.{f.severity}')})" for f in refs)
        rows.append((w.t(f"b.{key}"), text or w.t("b.none")))
    rows.append((w.t("b.open"), str(len(b.findings.open))))
    changed = [d for d in b.divergences if d.change != "unchanged"]
    if changed:
        rows.append(
            (w.t("b.divergences"), ", ".join(f"{d.question} ({w.t(f'b.gap.{d.change}')})" for d in changed))
        )
    yield _items(rows)


def _findings(a: Assessment, w: Words) -> Iterator[RenderableType]:
    yield _heading(f"{w.t('r.findings')} ({len(a.findings)})")
    if not a.findings:
        yield Text(w.t("r.no_findings"))
    for f in a.findings:
        head = Text(f"\n[{w.t(f'severity.{f.severity}').upper()}] ", style=SEVERITY_STYLE[f.severity])
        head.append(w.title(f), style="bold")
        head.append(f"  ({f.id})", style="dim")
        if f.accepted is not None:
            head.append(f"  [{w.accepted_label(f)}]", style="yellow")
        yield head
        rows: list[tuple[str, Text | str]] = [(w.t("r.why"), w.why(f)), (w.t("r.action"), w.action(f))]
        rows += [(w.t("r.evidence"), plain(w.evidence(ev))) for ev in f.evidence]
        rows.append((w.t("r.sources"), "; ".join(w.sources(f))))
        if f.accepted is not None:
            rows.append((w.accepted_label(f).capitalize(), Text(plain(w.accepted_text(f)), style="yellow")))
        grid = _items(rows)
        grid.padding = (0, 1)
        yield _indent(grid)


def _indent(renderable: RenderableType) -> RenderableType:
    from rich.padding import Padding

    return Padding(renderable, (0, 0, 0, 2))


def _divergences(a: Assessment, w: Words) -> Iterator[RenderableType]:
    yield _heading(w.t("r.divergences"))
    if len(a.roles_answered()) < 2:
        yield Text(w.t("r.no_comparison"))
    elif not a.divergences:
        yield Text(w.t("r.no_divergences"))
    else:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        table.add_column(w.t("r.question"), no_wrap=True)
        table.add_column(w.t("role.kommune").capitalize(), justify="right")
        table.add_column(w.t("role.entreprenor").capitalize(), justify="right")
        table.add_column(w.t("r.kind"))
        for d in a.divergences:
            table.add_row(d.question, w.num(d.kommune, 0), w.num(d.entreprenor, 0), w.t(f"kind.{d.kind}"))
        yield table
    if a.shared_weaknesses:
        yield _heading(w.t("r.shared_weaknesses"))
        yield _indent(
            _items([("•", f"{sw.question}: {w.question(sw.question)}") for sw in a.shared_weaknesses])
        )


def _unanswered(a: Assessment, w: Words) -> Iterator[RenderableType]:
    if not a.unanswered:
        return
    yield _heading(f"{w.t('r.unanswered')} ({len(a.unanswered)})")
    groups: dict[str, list[str]] = {}
    for u in a.unanswered:
        who = plain(w.who(u.role, u.respondent))
        groups.setdefault(who, []).append(u.question + ("?" if u.reason == "vet_ikke" else ""))
    yield _indent(_items([("•", f"{who[:1].upper()}{who[1:]}: {', '.join(q)}") for who, q in groups.items()]))
    yield Text(f"  ? = {w.t('value.vet_ikke')}", style="dim")


def _respondents(a: Assessment, w: Words) -> Iterator[RenderableType]:
    yield _heading(w.t("r.respondents"))
    rows: list[tuple[str, Text | str]] = []
    for r in a.respondents:
        who = plain(w.who(r.role, ", ".join(x for x in (r.unit, r.name) if x) or None))
        count = w.t("r.answered_of", answered=r.answered, total=r.questions)
        rows.append(("•", f"{who[:1].upper()}{who[1:]}: {count} — {plain(Path(r.file).name)}:{r.line}"))
    yield _indent(_items(rows))
