"""The terminal report: rich, readable at 80 columns, colour only when asked for."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from samarbeid.answerfile import respondent_label
from samarbeid.render.escape import plain
from samarbeid.render.words import Words
from samarbeid.result.assessment import Assessment, NotApplicable
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import FollowUp, Level, Movement, Severity, Status, UnansweredReason

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
#: how an action of the plan stands, as a mark and a style (the words are the catalogue's)
FOLLOW_UP_MARK = {
    FollowUp.fixed: ("✓", "green"),
    FollowUp.still_open: ("!", "bold yellow"),
    FollowUp.overdue: ("✗", "bold red"),
    FollowUp.in_progress: ("…", ""),
    FollowUp.not_started: ("○", "dim"),
}


def render_terminal(
    a: Assessment,
    rubric: Rubric,
    lang: str,
    *,
    color: bool = False,
    width: int = 80,
    detail: bool = False,
    detail_command: str | None = None,
) -> str:
    """The report as terminal text (with ANSI colour when ``color``): a short one whose first
    screen holds the level, why, and what to do first, or with ``detail`` everything (why,
    sources, evidence with file and line). ``detail_command``: the command that gives the
    detailed report, for the last line (by default: run with ``--detail``)."""
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
    w = Words(rubric, lang)
    parts = _detailed(a, w) if detail else _short(a, w, detail_command)
    for part in parts:  # a Text that must not wrap (a command to copy) is printed as one line
        console.print(part, soft_wrap=isinstance(part, Text) and part.no_wrap is True)
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def level_text(level: Level, w: Words) -> Text:
    """A level as mark and word, coloured (colour is never the only signal)."""
    return Text(f"{LEVEL_MARK[level]} {w.t(f'level.{level}')}", style=LEVEL_STYLE[level])


def _pct(value: float, w: Words) -> str:
    """A share as a percentage as the language writes it: ``95 %`` in Norwegian, ``95%`` in English."""
    return w.t("fmt.percent", value=round(value * 100))


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


#: how many divergences the short report lists (the largest gaps first)
MAX_DIVERGENCES = 5
#: how many findings besides the priorities the short report lists, one line each (the most
#: severe first); the rest are counted, and --detail shows them (one more is shown rather
#: than counted)
MAX_FINDING_LINES = 8


def _short(a: Assessment, w: Words, detail_command: str | None) -> Iterator[RenderableType]:
    """The first screen (24 lines at 80 columns) holds the level, why it is what it is, and
    what to do first; then the dimensions with what the numbers mean, a few lines of other
    findings, the largest divergences, what was not known or not relevant, and how to see
    the rest."""
    yield from _header(a, w, detail=False)
    yield from _priorities(a, w)
    yield _dimensions(a, w, detail=False)
    yield Text(w.legend(), style="dim")
    yield from _trend(a, w)
    yield from _baseline(a, w, detail=False)
    yield from _follow_up(a, w)
    yield from _finding_lines(a, w)
    yield from _largest_divergences(a, w)
    yield from _open_answers(a, w)
    if detail_command is None:
        yield Text(w.t("r.detail_hint"), style="dim")
        return
    yield Text(w.t("r.detail_hint_command"), style="dim")
    # the command on one line however narrow the terminal: copy-paste must work
    yield Text(f"  {detail_command}", style="bold", no_wrap=True)


def _detailed(a: Assessment, w: Words) -> Iterator[RenderableType]:
    """Everything: each finding with why, action, evidence (file:line) and sources."""
    yield from _header(a, w, detail=True)
    yield from _priorities(a, w)
    yield _dimensions(a, w, detail=True)
    yield from _trend(a, w)
    yield from _baseline(a, w, detail=True)
    yield from _follow_up(a, w)
    yield from _findings(a, w)
    yield from _divergences(a, w)
    yield from _unanswered(a, w)
    yield from _not_applicable(a, w)
    yield from _respondents(a, w)
    yield Text("\n" + w.t("r.footnote"), style="dim")
    yield Text(
        w.t("r.generated", version=a.tool.version, rubric=a.rubric.id, rubric_version=a.rubric.version),
        style="dim",
    )


def _header(a: Assessment, w: Words, *, detail: bool) -> Iterator[RenderableType]:
    p = a.project
    yield Text(f"{w.t('r.title')}: {plain(p.name or p.id)}", style="bold")
    parties = " × ".join(plain(x) for x in (p.kommune, p.entreprenor) if x)
    meta = [f"id: {plain(p.id)}"] if detail or not parties else []
    if p.phase:
        meta.append(f"{w.t('r.phase')}: {w.t(f'phase.{p.phase}')}")
    if p.assessed:
        meta.append(f"{w.t('r.assessed')}: {p.assessed.isoformat()}")
    yield Text(" · ".join([parties, *meta] if parties else meta), style="dim")
    overall = Text(f"{'' if not detail else chr(10)}{w.t('r.overall')}: ", style="bold")
    overall.append_text(level_text(a.level, w))
    overall.append(
        f"   {w.t('r.score')} {w.num(a.score)} · {w.t('r.risk')} {a.risk}"
        f" · {w.t('r.coverage').lower()} {_pct(a.coverage, w)}"
    )
    yield overall
    yield Text(w.level_reason(a), style="bold" if a.level is Level.inconclusive else "")
    if a.status is not Status.complete:
        yield Text(w.t("r.in_progress"), style="yellow")
    roles = a.roles_answered()
    if len(roles) == 1:
        yield Text(w.t("r.one_sided", role=w.t(f"role.def.{roles.pop()}")), style="yellow")


def _priorities(a: Assessment, w: Words) -> Iterator[RenderableType]:
    """«Gjør dette først»: each priority's title, the action, who acts, and why in a sentence."""
    if not a.priorities:
        yield Text("")
        return
    yield _heading(w.t("r.first"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    findings = {f.id: f for f in a.findings}
    for n, p in enumerate(a.priorities, 1):
        text = Text(f"{w.t(f'severity.{p.severity}').upper()} ", style=SEVERITY_STYLE[p.severity])
        text.append(w.title(p), style="bold")
        finding = findings.get(p.finding)
        if finding is not None and finding.accepted is not None:  # back among the priorities: expired
            text.append(f" [{w.accepted_label(finding)}]", style="yellow")
        text.append("\n" + w.action(p))
        text.append(f"\n{w.t('r.who')}: {w.actors(p.actors)} · {w.t('r.why')}: {w.brief(p)}", style="dim")
        grid.add_row(f"{n}.", text)
    yield grid
    yield Text("")


def _dimensions(a: Assessment, w: Words, *, detail: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD if detail else None, pad_edge=False, show_edge=False)
    # The dimension's title never wraps ("Shared understanding" at 80 columns in English):
    # the role columns, whose headers may take two lines, give way instead.
    table.add_column(w.t("r.dimension"), no_wrap=True)
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
            _pct(dim.coverage, w),
            w.num(dim.roles.kommune),
            w.num(dim.roles.entreprenor),
        )
    return table


def _trend(a: Assessment, w: Words) -> Iterator[RenderableType]:
    """With two or more earlier assessments: score and level overall and per dimension, by
    date (the last row is this assessment)."""
    if len(a.trend) < 3:
        return
    yield _heading(w.t("r.trend"))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(w.t("r.assessed").capitalize(), no_wrap=True)
    table.add_column(w.t("r.overall_short"), no_wrap=True)
    dims = list(a.dimensions)
    for dim_id in dims:
        table.add_column(w.dimension(dim_id), no_wrap=True)
    for point in a.trend:
        cells: list[Text | str] = [point.assessed.isoformat() if point.assessed else "–"]
        cells.append(_scored(point.score, point.level, w))
        for dim_id in dims:
            dim = point.dimensions.get(dim_id)
            cells.append(_scored(dim.score, dim.level, w) if dim else "–")
        table.add_row(*cells)
    yield table


def _scored(score: float | None, level: Level, w: Words) -> Text:
    """A score with its level as mark and short word: «38,9 ○ rød»."""
    text = Text(f"{w.num(score)} ")
    text.append(f"{LEVEL_MARK[level]} {w.t(f'level.short.{level}')}", style=LEVEL_STYLE[level])
    return text


def _baseline(a: Assessment, w: Words, *, detail: bool) -> Iterator[RenderableType]:
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
        lines = [
            f"• {w.title(f)} ({w.t(f'severity.{f.severity}')}{', ' + f.id if detail else ''})" for f in refs
        ]
        rows.append((w.t(f"b.{key}"), "\n".join(lines) or w.t("b.none")))
    rows.append((w.t("b.open"), str(len(b.findings.open))))
    if b.findings.changed:
        lines = [
            f"• {w.title(c)} ({w.t(f'severity.{c.before}')} → {w.t(f'severity.{c.after}')})"
            for c in b.findings.changed
        ]
        rows.append((w.t("b.changed"), "\n".join(lines)))
    changed = [d for d in b.divergences if d.change is not Movement.unchanged]
    if changed:
        lines = [
            f"• {d.question if detail else w.question(d.question)} ({w.t(f'b.gap.{d.change}')})"
            for d in changed
        ]
        rows.append((w.t("b.divergences"), "\n".join(lines)))
    yield _items(rows)


def _follow_up(a: Assessment, w: Words) -> Iterator[RenderableType]:
    """The actions of the tiltaksplan: how each stands (done; done while its problem is still a
    finding; overdue; under way; not started), with its owner and deadline."""
    if not a.follow_up:
        return
    yield _heading(w.t("f.title"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for item in a.follow_up:
        mark, style = FOLLOW_UP_MARK[item.state]
        text = Text(w.t(f"follow.{item.state}"), style=style)
        text.append(f" · {w.title(item.problem)}")
        facts = [plain(item.owner)] if item.owner else []
        if item.deadline is not None:
            facts.append(w.t("f.deadline", date=item.deadline.isoformat()))
        if facts:
            text.append("\n" + " · ".join(facts), style="dim")
        grid.add_row(Text(mark, style=style), text)
    yield grid


def _finding_lines(a: Assessment, w: Words) -> Iterator[RenderableType]:
    """One line per finding that is not a priority already: severity and title (cut to the
    width)."""
    first = {p.finding for p in a.priorities}
    rest = [f for f in a.findings if f.id not in first]
    heading = "r.other_findings" if first else "r.findings"
    yield _heading(f"{w.t(heading)} ({len(rest)})")
    if not a.findings:
        yield Text(w.t("r.no_findings"))
        return
    labels = {s: w.t(f"severity.{s}").upper() for s in Severity}
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True, width=max(len(x) for x in labels.values()))
    grid.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
    shown = rest if len(rest) <= MAX_FINDING_LINES + 1 else rest[:MAX_FINDING_LINES]  # never «… og 1 til»
    for f in shown:
        title = Text(w.title(f), no_wrap=True, overflow="ellipsis")
        if f.accepted is not None:
            title.append(f" [{w.accepted_label(f)}]", style="yellow")
        grid.add_row(Text(labels[f.severity], style=SEVERITY_STYLE[f.severity]), title)
    yield grid
    if len(shown) < len(rest):
        yield Text(w.t("r.and_more_detail", count=len(rest) - len(shown)), style="dim")


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


def _largest_divergences(a: Assessment, w: Words) -> Iterator[RenderableType]:
    """The largest gaps between the parties, by the question's text."""
    if len(a.roles_answered()) < 2 or not a.divergences:
        return
    kommune, entreprenor = w.t("role.kommune"), w.t("role.entreprenor")
    yield _heading(f"{w.t('r.divergences')} ({kommune} / {entreprenor})")
    rows: list[tuple[str, Text | str]] = []
    for d in a.divergences[:MAX_DIVERGENCES]:
        rows.append((f"{w.num(d.kommune, 0):>3} / {w.num(d.entreprenor, 0):>3}", w.question(d.question)))
    if len(a.divergences) > MAX_DIVERGENCES:
        rows.append(("", w.t("r.and_more", count=len(a.divergences) - MAX_DIVERGENCES)))
    yield _items(rows)


def _open_answers(a: Assessment, w: Words) -> Iterator[RenderableType]:
    """Who answered «vet ikke» or left questions open, how many «ikke relevant» answers there
    are, and the reasons given for them."""
    if not a.unanswered and not a.not_applicable:
        return
    counts: dict[str, dict[str, int]] = {}
    for u in a.unanswered:
        by = counts.setdefault(u.reason, {})
        who = plain(w.who(u.role, u.respondent))
        by[who] = by.get(who, 0) + 1
    lines: list[Text] = []
    kinds = (
        (UnansweredReason.vet_ikke, w.t("value.vet_ikke").capitalize(), "n.answers"),
        (UnansweredReason.missing, w.t("r.missing"), "n.questions"),
    )
    for key, label, noun in kinds:
        if key in counts:
            text = Text(f"{label}: ", style="bold")
            items = ", ".join(f"{who} {w.t(noun, count=n)}" for who, n in counts[key].items())
            text.append(items[:1].upper() + items[1:])
            lines.append(text)
    if a.not_applicable:
        text = Text(f"{w.t('r.not_applicable')}: ", style="bold")
        text.append(w.t("n.answers", count=len(a.not_applicable)))
        for sep, n in enumerate(x for x in a.not_applicable if x.reason):
            who = _who(w, n.role, n.respondent) if not sep else plain(w.who(n.role, n.respondent))
            text.append(f"{';' if sep else '.'} {who}: ")
            text.append(f"«{plain(n.reason or '')}»", style="italic")
        lines.append(text)
    yield Text("")
    yield from lines


def _who(w: Words, role: str, respondent: str | None) -> str:
    who = plain(w.who(role, respondent))
    return who[:1].upper() + who[1:]


def _reason(w: Words, n: NotApplicable, *, detail: bool) -> str:
    """«Kommunen (Innvandrertjenesten) om «…»: Kurset er utsatt …»."""
    question = n.question if detail else w.question(n.question, n.role)
    return w.t(
        "r.na_reason", who=_who(w, n.role, n.respondent), question=question, reason=plain(n.reason or "")
    )


def _not_applicable(a: Assessment, w: Words) -> Iterator[RenderableType]:
    """Every «ikke relevant» answer, by whom, with the reason given."""
    if not a.not_applicable:
        return
    yield _heading(f"{w.t('r.not_applicable')} ({len(a.not_applicable)})")
    groups: dict[str, list[str]] = {}
    for n in a.not_applicable:
        text = n.question + (f" ({w.t('r.reason')}: «{plain(n.reason)}»)" if n.reason else "")
        groups.setdefault(_who(w, n.role, n.respondent), []).append(text)
    yield _indent(_items([("•", f"{who}: {', '.join(items)}") for who, items in groups.items()]))


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
        groups.setdefault(who, []).append(u.question + ("?" if u.reason is UnansweredReason.vet_ikke else ""))
    yield _indent(_items([("•", f"{who[:1].upper()}{who[1:]}: {', '.join(q)}") for who, q in groups.items()]))
    yield Text(f"  ? = {w.t('value.vet_ikke')}", style="dim")


def _respondents(a: Assessment, w: Words) -> Iterator[RenderableType]:
    yield _heading(w.t("r.respondents"))
    rows: list[tuple[str, Text | str]] = []
    for r in a.respondents:
        who = plain(w.who(r.role, respondent_label(r.unit, r.name)))
        count = w.t("r.answered_of", answered=r.answered, total=r.questions)
        rows.append(("•", f"{who[:1].upper()}{who[1:]}: {count} — {plain(Path(r.file).name)}:{r.line}"))
    yield _indent(_items(rows))
