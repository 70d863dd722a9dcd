"""The terminal report: rich, readable at 80 columns, colour only when asked for."""

from __future__ import annotations

import io
from pathlib import Path

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from samarbeid.assessment import Assessment, Evidence
from samarbeid.i18n import t
from samarbeid.render.common import evidence_text
from samarbeid.render.escape import plain

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


def _level(level: str, lang: str) -> Text:
    return Text(f"{LEVEL_MARK[level]} {t(f'level.{level}', lang)}", style=LEVEL_STYLE[level])


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _pct(value: float) -> str:
    return f"{round(value * 100):d} %"


def _parts(a: Assessment):  # type: ignore[no-untyped-def]
    lang = a.lang
    p = a.project
    yield Text(f"{t('r.title', lang)}: {plain(p.name or p.id)}", style="bold")
    meta = [x for x in (p.kommune, p.entreprenor) if x]
    line = " × ".join(plain(x) for x in meta)
    extra = [f"id: {p.id}"]
    if p.phase:
        extra.append(f"{t('r.phase', lang)}: {t(f'phase.{p.phase}', lang)}")
    if p.assessed:
        extra.append(f"{t('r.assessed', lang)}: {p.assessed.isoformat()}")
    yield Text(" · ".join([line, *extra] if line else extra), style="dim")
    yield Text("")
    overall = Text(f"{t('r.overall', lang)}: ", style="bold")
    overall.append_text(_level(a.level, lang))
    overall.append(f"   {t('r.score', lang)} {_num(a.score)} · {t('r.coverage', lang).lower()} "
                   f"{_pct(a.coverage)}")
    yield overall
    if a.status != "complete":
        yield Text(t("r.in_progress", lang), style="yellow")
    answered_roles = {r.role for r in a.respondents if r.answered or r.vet_ikke or r.ikke_relevant}
    if len(answered_roles) == 1:
        (only,) = answered_roles
        yield Text(t("r.one_sided", lang, role=t(f"role.{only}", lang)), style="yellow")
    yield Text("")

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(t("r.dimension", lang))
    table.add_column(t("r.score", lang), justify="right")
    table.add_column(t("r.level", lang))
    table.add_column(t("r.coverage", lang), justify="right")
    table.add_column(t("role.kommune", lang).capitalize(), justify="right")
    table.add_column(t("role.entreprenor", lang).capitalize(), justify="right")
    for dim in (a.dimensions.forstaelse, a.dimensions.forankring, a.dimensions.forpliktelse):
        table.add_row(dim.title, _num(dim.score), _level(dim.level, lang), _pct(dim.coverage),
                      _num(dim.roles.kommune), _num(dim.roles.entreprenor))
    yield table

    yield Text(f"{t('r.findings', lang)} ({len(a.findings)})", style="bold underline")
    if not a.findings:
        yield Text(t("r.no_findings", lang))
    for f in a.findings:
        head = Text(f"[{t(f'severity.{f.severity}', lang).upper()}] ", style=SEVERITY_STYLE[f.severity])
        head.append(f.title, style="bold")
        head.append(f"  ({f.id})", style="dim")
        yield Text("")
        yield head
        body = Table.grid(padding=(0, 1))
        body.add_column(style="dim", no_wrap=True)
        body.add_column(overflow="fold")
        body.add_row(t("r.why", lang), f.why)
        body.add_row(t("r.action", lang), f.action)
        for ev in f.evidence:
            body.add_row(t("r.evidence", lang), _evidence(ev, lang))
        body.add_row(t("r.sources", lang), "; ".join(f.sources))
        yield Padding(body, (0, 0, 0, 2))
    yield Text("")

    yield Text(t("r.divergences", lang), style="bold underline")
    if not a.divergences:
        yield Text(t("r.no_divergences", lang))
    else:
        div = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        div.add_column(t("r.question", lang), overflow="fold")
        div.add_column(t("role.kommune", lang).capitalize(), justify="right")
        div.add_column(t("role.entreprenor", lang).capitalize(), justify="right")
        div.add_column(t("r.kind", lang))
        for d in a.divergences:
            div.add_row(d.question, f"{d.kommune:g}", f"{d.entreprenor:g}", t(f"kind.{d.kind}", lang))
        yield div
    if a.shared_weaknesses:
        yield Text(t("r.shared_weaknesses", lang), style="bold underline")
        for w in a.shared_weaknesses:
            yield Text(f"  • {w.question}: {w.text}", overflow="fold")
    yield Text("")

    if a.unanswered:
        yield Text(t("r.unanswered", lang), style="bold underline")
        yield Text(t("r.unanswered_count", lang, count=len(a.unanswered)))
        by_who: dict[str, list[str]] = {}
        for u in a.unanswered:
            mark = "?" if u.reason == "vet_ikke" else ""
            by_who.setdefault(u.respondent, []).append(u.question + mark)
        for who, qids in by_who.items():
            yield Text(f"  {plain(who)}: {', '.join(qids)}", overflow="fold")
        yield Text(f"  (? = {t('value.vet_ikke', lang)})", style="dim")
        yield Text("")

    yield Text(t("r.respondents", lang), style="bold underline")
    resp = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for col in ("r.role", "r.unit", "r.name"):
        resp.add_column(t(col, lang), overflow="fold")
    resp.add_column(t("r.answered_col", lang), justify="right")
    resp.add_column(t("r.file", lang), no_wrap=True)
    for r in a.respondents:
        resp.add_row(t(f"role.{r.role}", lang), plain(r.unit or ""), plain(r.name or ""),
                     f"{r.answered}/{r.questions}", f"{plain(Path(r.file).name)}:{r.line}")
    yield resp
    yield Text(t("r.footnote", lang), style="dim")
    yield Text(t("r.generated", lang, version=a.tool.version, rubric=a.rubric.id,
                 rubric_version=a.rubric.version), style="dim")


def _evidence(ev: Evidence, lang: str) -> Text:
    return Text(plain(evidence_text(ev, lang)))
