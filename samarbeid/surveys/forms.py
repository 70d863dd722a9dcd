"""The questionnaire of one role for a survey platform (``samarbeid form``).

* ``xlsform``: an XLSForm workbook (sheets ``survey``, ``choices``, ``settings``) that
  KoboToolbox and ODK import as it is: one ``select_one`` per question named by its id,
  choices named by the value ids, labels and hints in every language the tool speaks, a group
  per dimension, a text question for the unit and an optional comment field per question.
* ``nettskjema`` and ``msforms``: these platforms cannot import a form, so a recipe (Markdown)
  with each question's exact wording, its options in order and, for Nettskjema, the codebook
  ids; a form built by it exports into ``samarbeid import`` with no mapping file.
* ``print``: an A4 questionnaire with tick boxes, as HTML to print.

Every word comes from the rubric (questions, help, dimensions) or the message catalogue
(options: ``value.*``); the recipes and the printed form are Jinja2 templates in ``templates/``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from samarbeid.i18n import LANGS, locale, t
from samarbeid.rubric.model import Question, Rubric
from samarbeid.surveys.columns import COMMENT_SUFFIX, UNIT
from samarbeid.surveys.platform import Target
from samarbeid.surveys.values import option_label
from samarbeid.vocab import Dimension, Role, Scale, Value


def language_column(lang: str) -> str:
    """XLSForm's name of a language: its name and code (``Norsk bokmål (nb)``), which pyxform
    and ODK accept without a warning."""
    name = locale(lang).name
    return f"{name[:1].upper()}{name[1:]} ({lang})"


def list_name(question: Question) -> str:
    """The choice list of a question: its scale, with ``_ikke_relevant`` when it allows that."""
    return f"{question.scale}_ikke_relevant" if question.ikke_relevant else str(question.scale)


def comment_name(qid: str) -> str:
    """The name (and codebook id) of a question's comment field."""
    return f"{qid}{COMMENT_SUFFIX}"


def _labels(column: str, text: Any) -> dict[str, str]:
    """``{"label::Norsk bokmål (nb)": …, "label::English (en)": …}`` from a rubric text or a
    message code (every language the tool speaks: a third one adds a column)."""
    out = {}
    for lang in LANGS:
        value = text(lang) if callable(text) else text.get(lang)
        out[f"{column}::{language_column(lang)}"] = value
    return out


def xlsform_sheets(rubric: Rubric, role: Role, lang: str) -> dict[str, list[dict[str, Any]]]:
    """The XLSForm as sheets of rows (each a dict of column → cell), in the form pyxform's
    ``convert`` also takes."""
    survey: list[dict[str, Any]] = [
        {"type": "text", "name": UNIT, **_labels("label", lambda lg: t("form.unit", lg))},
    ]
    lists: dict[str, list[Value]] = {}
    questions = rubric.questions_for(role)
    for dimension in Dimension:
        mine = [q for q in questions if q.dimension is dimension]
        if not mine:
            continue
        survey.append(
            {
                "type": "begin_group",
                "name": str(dimension),
                **_labels("label", rubric.dimensions[dimension].title),
            }
        )
        for q in mine:
            lists.setdefault(list_name(q), q.values())
            survey.append(
                {
                    "type": f"select_one {list_name(q)}",
                    "name": q.id,
                    **_labels("label", getattr(q.text, role)),
                    **_labels("hint", q.help),
                }
            )
            survey.append(
                {
                    "type": "text",
                    "name": comment_name(q.id),
                    **_labels("label", lambda lg: t("form.comment", lg)),
                }
            )
        survey.append({"type": "end_group", "name": str(dimension)})
    choices = [
        {"list_name": name, "name": str(value), **_labels("label", lambda lg, v=value: option_label(v, lg))}
        for name, values in lists.items()
        for value in values
    ]
    settings = [
        {
            "form_title": f"{rubric.title.get(lang)} ({t(f'role.{role}', lang)})",
            "form_id": f"samarbeid_{role}",
            "version": rubric.version,
            "default_language": language_column(lang),
        }
    ]
    return {"survey": survey, "choices": choices, "settings": settings}


def xlsform_bytes(sheets: dict[str, list[dict[str, Any]]]) -> bytes:
    """The sheets as an ``.xlsx`` workbook."""
    from openpyxl import Workbook

    book = Workbook()
    for sheet in list(book.worksheets):
        book.remove(sheet)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        columns: list[str] = []
        for row in rows:
            columns += [c for c in row if c not in columns]
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(c, "") for c in columns])
        for cells in sheet.iter_rows():
            for cell in cells:  # a text starting with «=» stays text, never a live formula
                if cell.data_type == "f":
                    cell.data_type = "s"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


@dataclass(frozen=True)
class Item:
    """One question as a recipe or a printed form shows it."""

    number: int
    id: str
    text: str
    help: str
    options: list[tuple[str, str]]  # (value id, label)
    comment_id: str


@dataclass(frozen=True)
class Section:
    """The questions of one dimension."""

    title: str
    items: list[Item]


def sections(rubric: Rubric, role: Role, lang: str) -> list[Section]:
    """The role's questions by dimension, numbered through, in ``lang``."""
    out: list[Section] = []
    number = 0
    for dimension in Dimension:
        items = []
        for q in rubric.questions_for(role):
            if q.dimension is not dimension:
                continue
            number += 1
            items.append(
                Item(
                    number,
                    q.id,
                    q.wording(role, lang),
                    q.help.get(lang),
                    [(str(v), option_label(v, lang)) for v in q.values()],
                    comment_name(q.id),
                )
            )
        if items:
            out.append(Section(rubric.dimensions[dimension].title.get(lang), items))
    return out


def document(rubric: Rubric, role: Role, target: Target, lang: str) -> str:
    """The recipe (``nettskjema``, ``msforms``) or the printed form (``print``) as text."""
    from samarbeid.render.templated import render_named

    template = {Target.print: "form-print.html.j2"}.get(target, f"form-{target}.md.j2")
    return render_named(
        template,
        lang,
        title=rubric.title.get(lang),
        rubric=rubric,
        role=str(role),
        sections=sections(rubric, role, lang),
        unit_id=UNIT,
        scales=[str(s) for s in Scale],
    )


def document_pdf(rubric: Rubric, role: Role, lang: str) -> bytes:
    """The printed form (``print``) as a PDF, with the content of ``form-print.html.j2``."""
    from samarbeid.render.pdf import form_pdf

    role_word = t(f"role.{role}", lang)
    return form_pdf(
        f"{rubric.title.get(lang)} ({role_word})",
        lang,
        lead=t("form.print.lead", lang, role=role_word),
        fields=[t("form.unit", lang), t("form.print.date", lang)],
        comment=t("form.comment", lang),
        sections=sections(rubric, role, lang),
    )
