"""``samarbeid rubric show|check|docs``: the questionnaire and the problems it can show."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from samarbeid.commands import emit
from samarbeid.errors import ExitCode
from samarbeid.fileio import refuse_overwriting
from samarbeid.i18n import Count, t
from samarbeid.render.json import dumps
from samarbeid.render.templated import render_named
from samarbeid.rubric import DEFAULT_RUBRIC, load_rubric
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import RubricFormat


def as_data(rubric: Rubric, lang: str) -> dict[str, Any]:
    """The rubric for tooling: questions and problems with their ids and allowed values."""
    return {
        "rubric": {"id": rubric.id, "version": rubric.version, "title": rubric.title.get(lang)},
        "dimensions": [{"id": d, "title": dim.title.get(lang)} for d, dim in rubric.dimensions.items()],
        "questions": [
            {
                "id": q.id,
                "dimension": q.dimension,
                "roles": list(q.roles),
                "scale": q.scale,
                "weight": q.weight,
                "values": q.values(),
                "text": {role: q.wording(role, lang) for role in q.roles},
            }
            for q in rubric.questions
        ],
        # "rules" is the key tooling relies on (docs/design.md); each entry is a problem
        "rules": [
            {
                "id": r.id,
                "aliases": r.aliases,
                "severity": r.severity,
                "dimension": r.dimension,
                "title": r.title.get(lang),
                "grades": [
                    {"severity": g.severity, "title": r.title_at(i).get(lang)} for i, g in enumerate(r.levels)
                ],
                "escalations": [
                    {
                        "id": e.id,
                        "severity": e.severity,
                        "title": e.title.get(lang),
                        "mechanism": e.mechanism.get(lang),
                    }
                    for e in r.escalations
                ],
            }
            for r in rubric.problems
        ],
    }


def as_text(rubric: Rubric, lang: str) -> str:
    """A compact plain-text listing."""
    lines = [f"{rubric.title.get(lang)} ({rubric.id} {rubric.version})", ""]
    for dim_id, dim in rubric.dimensions.items():
        lines.append(f"{dim.title.get(lang)}: {dim.description.get(lang)}")
        for q in rubric.questions:
            if q.dimension == dim_id:
                roles = " + ".join(t(f"role.{role}", lang) for role in q.roles)
                lines.append(f"  {q.id}  [{q.scale}, {t('doc.weight', lang)} {q.weight}, {roles}]")
                lines.append(f"      {q.wording(q.roles[0], lang)}")
        lines.append("")
    lines.append(t("doc.rules", lang))
    severity = {r.severity: t(f"severity.{r.severity}", lang) for r in rubric.problems}
    width = max((len(word) for word in severity.values()), default=0)
    for r in rubric.problems:
        lines.append(f"  {severity[r.severity]:<{width}}  {r.id}: {r.title.get(lang)}")
    return "\n".join(lines) + "\n"


def as_markdown(rubric: Rubric, lang: str) -> str:
    """The rubric's documentation (``docs/rubric.md``)."""
    titles = {dim: text.title.get(lang) for dim, text in rubric.dimensions.items()}
    return render_named(
        "rubric.md.j2",
        lang,
        rubric=rubric,
        when=lambda part: part.when.describe(titles, lang),
        when_not=lambda escalation: escalation.unless.describe(titles, lang) if escalation.unless else None,
    )


def show(fmt: RubricFormat, *, lang: str, rubric_path: Path | None) -> ExitCode:
    """Print the rubric in ``fmt``."""
    rubric = load_rubric(rubric_path)
    if fmt is RubricFormat.json:
        text = dumps(as_data(rubric, lang))
    elif fmt is RubricFormat.markdown:
        text = as_markdown(rubric, lang)
    else:
        text = as_text(rubric, lang)
    emit(text, None, has_output_option=False)
    return ExitCode.OK


def check(*, lang: str, rubric_path: Path | None) -> ExitCode:
    """Load the rubric with every check; problems are raised as input errors."""
    rubric = load_rubric(rubric_path)
    print(
        t(
            "rubric.ok",
            lang,
            file=rubric_path or DEFAULT_RUBRIC.name,
            id=rubric.id,
            version=rubric.version,
            questions=Count("n.questions", len(rubric.questions)),
            rules=Count("n.rules", len(rubric.problems)),
        ),
        file=sys.stderr,
    )
    return ExitCode.OK


def docs(output: Path | None, *, lang: str, rubric_path: Path | None) -> ExitCode:
    """Write the Markdown documentation to ``output`` or stdout."""
    refuse_overwriting(output, [rubric_path])
    emit(as_markdown(load_rubric(rubric_path), lang), output)
    return ExitCode.OK
