"""Batch output formats: each writes a whole portfolio to a text stream, project by project."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from samarbeid import __version__
from samarbeid.assessment import SCHEMA_VERSION
from samarbeid.batch import BatchResult, gating
from samarbeid.i18n import Count, t
from samarbeid.render import BatchFormat
from samarbeid.render.escape import csv_cell, md, plain
from samarbeid.render.numbers import num
from samarbeid.rubric.model import DIMENSIONS, SEVERITIES, Rubric


def write_portfolio(result: BatchResult, fmt: BatchFormat, out: IO[str], *, rubric: Rubric,
                    lang: str, fail_on: str, color: bool = False, width: int = 80) -> None:
    """Write ``result`` to ``out`` in ``fmt``."""
    writers: dict[BatchFormat, Callable[..., None]] = {
        BatchFormat.json: _json,
        BatchFormat.jsonl: _jsonl,
        BatchFormat.csv: _csv,
        BatchFormat.junit: _junit,
        BatchFormat.markdown: _markdown,
        BatchFormat.table: _table,
    }
    writers[fmt](result, out, rubric=rubric, lang=lang, fail_on=fail_on, color=color, width=width)


def _header(rubric: Rubric) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "tool": {"name": "samarbeid", "version": __version__},
            "rubric": {"id": rubric.id, "version": rubric.version}}


def _json(result: BatchResult, out: IO[str], *, rubric: Rubric, fail_on: str, **_: Any) -> None:
    head = json.dumps(_header(rubric), ensure_ascii=False)[:-1]
    out.write(head + ', "projects": [')
    for i, line in enumerate(result.raw_reports()):
        out.write(("\n" if i == 0 else ",\n") + line)
    out.write('\n], "errors": ' + json.dumps(result.errors, ensure_ascii=False))
    out.write(', "summary": ' + json.dumps(result.summary.as_dict(fail_on), ensure_ascii=False) + "}\n")


def _jsonl(result: BatchResult, out: IO[str], **_: Any) -> None:
    for line in result.raw_reports():
        out.write(line + "\n")
    for error in result.errors:
        out.write(json.dumps({"error": error}, ensure_ascii=False) + "\n")


def _worst(report: dict[str, Any], n: int = 3) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["accepted"] is None][:n]


CSV_COLUMNS = ["project", "name", "kommune", "entreprenor", "phase", "status", "level", "score",
               *[f"{d}_{k}" for d in DIMENSIONS for k in ("score", "level", "coverage")],
               *[f"findings_{s}" for s in SEVERITIES], "accepted", "gate_failed", "worst_findings",
               "divergences", "files"]


def _csv(result: BatchResult, out: IO[str], *, lang: str, fail_on: str, **_: Any) -> None:
    """Semicolon-separated, decimal comma in bokmål, with a BOM so Excel reads UTF-8."""
    w = csv.writer(out, delimiter=";" if lang == "nb" else ",", lineterminator="\r\n")
    out.write("\ufeff")
    w.writerow(CSV_COLUMNS)
    for report in result.reports():
        p = report["project"]
        dims = report["dimensions"]
        counts = [sum(f["severity"] == s for f in report["findings"]) for s in SEVERITIES]
        row: list[Any] = [p["id"], p["name"], p["kommune"], p["entreprenor"], p["phase"],
                          report["status"], report["level"], num(report["score"], lang, missing="")]
        for d in DIMENSIONS:
            row += [num(dims[d]["score"], lang, missing=""), dims[d]["level"],
                    num(dims[d]["coverage"], lang, 3)]
        row += [*counts, sum(f["accepted"] is not None for f in report["findings"]),
                "yes" if gating(report, fail_on) else "no",
                " ".join(f["id"] for f in _worst(report)), len(report["divergences"]),
                " ".join(report["files"])]
        w.writerow([csv_cell(v) for v in row])


def _junit(result: BatchResult, out: IO[str], *, lang: str, fail_on: str, **_: Any) -> None:
    s = result.summary
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<testsuites name="samarbeid" tests="{s.projects + len(result.errors)}" '
              f'failures="{s.failed}" errors="{len(result.errors)}">\n')
    out.write(f'  <testsuite name="samarbeid" tests="{s.projects + len(result.errors)}" '
              f'failures="{s.failed}" errors="{len(result.errors)}">\n')
    for report in result.reports():
        p = report["project"]
        name = quoteattr(p["id"])
        classname = quoteattr(f"samarbeid.{p['id']}")
        failing = gating(report, fail_on)
        if not failing:
            out.write(f"    <testcase name={name} classname={classname}/>\n")
            continue
        message = "; ".join(f"{f['severity']}: {f['id']}" for f in failing)
        body = "\n".join(f"[{t('severity.' + f['severity'], lang)}] {f['id']}: {f['title']}\n"
                         f"  {t('r.action', lang)}: {f['action']}" for f in failing)
        out.write(f"    <testcase name={name} classname={classname}>\n")
        out.write(f"      <failure message={quoteattr(plain(message))} type={quoteattr(fail_on)}>"
                  f"{escape(plain(body))}</failure>\n")
        out.write("    </testcase>\n")
    for error in result.errors:
        where = f"{error['file']}:{error['line']}:{error['column']}"
        out.write(f"    <testcase name={quoteattr(error['file'])} classname=\"samarbeid.files\">\n")
        out.write(f"      <error message={quoteattr(plain(error['message']))} type=\"input\">"
                  f"{escape(plain(where + ': ' + error['message']))}</error>\n")
        out.write("    </testcase>\n")
    out.write("  </testsuite>\n</testsuites>\n")


def _markdown(result: BatchResult, out: IO[str], *, rubric: Rubric, lang: str, fail_on: str,
              **_: Any) -> None:
    s = result.summary
    titles = [md(rubric.dimensions[d].title.get(lang)) for d in DIMENSIONS]
    out.write(f"# {t('p.title', lang)}\n\n")
    out.write(t("p.counts", lang, projects=Count("n.projects", s.projects), files=Count("n.files", s.files),
                errors=Count("n.errors", len(result.errors)))
              + "\n\n")
    levels = ", ".join(f"{t('level.' + lvl, lang)}: {s.levels[lvl]}"
                       for lvl in ("red", "yellow", "green", "inconclusive"))
    out.write(f"{levels}\n\n")
    out.write(f"| {t('p.project', lang)} | " + " | ".join(titles)
              + f" | {t('r.overall', lang)} | {t('p.worst', lang)} |\n")
    out.write("|---|---:|---:|---:|---|---|\n")
    rule_counts: dict[str, int] = {}
    for report in result.reports():
        p = report["project"]
        dims = report["dimensions"]
        cells = [f"{num(dims[d]['score'], lang)} ({t('level.' + dims[d]['level'], lang)})"
                 for d in DIMENSIONS]
        worst = ", ".join(f"`{f['id']}`" for f in _worst(report))
        label = f"**{md(p['name'] or p['id'])}** (`{p['id']}`)"
        out.write(f"| {label} | " + " | ".join(cells)
                  + f" | {t('level.' + report['level'], lang)} | {worst} |\n")
        for f in report["findings"]:
            rule_counts[f["id"]] = rule_counts.get(f["id"], 0) + 1
    if rule_counts:
        out.write(f"\n## {t('p.common', lang)}\n\n")
        titles_by_id = {r.id: r.title.get(lang) for r in rubric.rules}
        for rid, count in sorted(rule_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]:
            out.write(f"- `{rid}` {md(titles_by_id.get(rid, ''))}: {count}\n")
    if result.errors:
        out.write(f"\n## {t('p.errors', lang)}\n\n")
        for e in result.errors:
            out.write(f"- {md(e['file'])}:{e['line']}:{e['column']}: {md(e['message'])}\n")
    out.write(f"\n*{t('r.footnote', lang)}*\n")


def _table(result: BatchResult, out: IO[str], *, rubric: Rubric, lang: str, color: bool, width: int,
           **_: Any) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from samarbeid.render.terminal import LEVEL_MARK, LEVEL_STYLE

    console = Console(file=out, width=width, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, highlight=False, emoji=False,
                      markup=False)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(f"{t('p.project', lang)} · {t('p.worst', lang).lower()}", ratio=1,
                     overflow="fold")
    for d in DIMENSIONS:
        title = rubric.dimensions[d].title.get(lang)
        table.add_column(title[:5] + ".", justify="right", no_wrap=True)
    table.add_column(t("r.level", lang), no_wrap=True)
    for report in result.reports():
        dims = report["dimensions"]
        cells = [Text(f"{num(dims[d]['score'], lang)} {LEVEL_MARK[dims[d]['level']]}",
                      style=LEVEL_STYLE[dims[d]["level"]] if dims[d]["level"] != "inconclusive" else "")
                 for d in DIMENSIONS]
        level = report["level"]
        project = Text(plain(report["project"]["id"]))
        open_findings = [f for f in report["findings"] if f["accepted"] is None]
        if open_findings:
            more = len(open_findings) - 1
            project.append(f"\n  {open_findings[0]['id']}", style="dim")
            if more:
                project.append(f" ({t('p.more', lang, count=more)})", style="dim")
        table.add_row(project, *cells, Text(f"{LEVEL_MARK[level]} {t('level.short.' + level, lang)}",
                                            style=LEVEL_STYLE[level]))
    if result.index:
        console.print(table)
    for e in result.errors:
        console.print(Text(plain(f"{e['file']}:{e['line']}:{e['column']}: error: {e['message']}")))
