"""Markdown and HTML reports from the Jinja2 templates in ``templates/``.

Jinja2 compiles a template to Python on first use, which takes longer than rendering it; the
compiled code is kept in the user's cache (:class:`CompiledTemplates`), so each template is
compiled once per version of the tool and of the template (docs/design.md §10)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from samarbeid import cache
from samarbeid.answerfile import FORMAT_VERSION
from samarbeid.i18n import t
from samarbeid.render.escape import md, plain
from samarbeid.render.words import Words
from samarbeid.result.assessment import Assessment
from samarbeid.rubric.model import Rubric
from samarbeid.score.scoring import LEVEL_BANDS
from samarbeid.vocab import Severity, scale_tag, vocabularies


def capital(text: str) -> str:
    """``text`` with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def severity_bars(severity: str) -> int:
    """How many of the four bars a severity fills: critical 4 … info 0."""
    return len(Severity) - 1 - Severity(severity).rank


def templates_dir() -> Path:
    """Where the templates are: inside the installed package, or at the top of a checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("samarbeid: report templates not found")  # pragma: no cover


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja2's compiled templates in :mod:`samarbeid.cache`: one slot per template, under the
    template's source and Jinja2's version (the code that compiles it, and the options of
    :func:`environment`, are in the cache's fingerprint of the running code)."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = cache.load("template", bucket.key, self._key(bucket))
        if kept is not None:
            bucket.bytecode_from_string(kept)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        cache.store("template", bucket.key, self._key(bucket), bucket.bytecode_to_string())

    @staticmethod
    def _key(bucket: jinja2.bccache.Bucket) -> bytes:
        return f"{jinja2.__version__}\0{bucket.checksum}".encode()


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The shared Jinja2 environment; HTML templates autoescape."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        bytecode_cache=CompiledTemplates(),
        autoescape=jinja2.select_autoescape(["html.j2"], default_for_string=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md
    env.filters["plain"] = plain
    # a file as a client report names it: without the folders it was typed with
    env.filters["basename"] = lambda path: Path(path).name
    env.globals["severity_bars"] = severity_bars
    # The templates name ids and thresholds through these, never by writing them out
    # (tests/unit/test_declared_once.py): every vocabulary by its class name (Level.green,
    # ``for d in Dimension``), the level bands of the score scale, the answer-file format.
    env.globals.update(vocabularies())
    env.globals["LEVEL_BANDS"] = LEVEL_BANDS
    env.globals["scale_tag"] = scale_tag
    env.globals["FORMAT_VERSION"] = FORMAT_VERSION
    return env


def render_named(name: str, lang: str, **context: Any) -> str:
    """Render the template ``name`` in ``lang`` with the given context (no rubric texts)."""

    def label(code: str, **params: Any) -> str:
        return t(code, lang, **params)

    return environment().get_template(name).render(lang=lang, t=label, **context)


def render_template(assessment: Assessment, rubric: Rubric, lang: str, name: str, **extra: Any) -> str:
    """Render a report template: the assessment, and :class:`Words` for everything said."""
    w = Words(rubric, lang)
    return render_named(
        name,
        lang,
        a=assessment,
        w=w,
        value_label=w.value,
        evidence=w.evidence,
        accepted_label=w.accepted_label,
        accepted_text=w.accepted_text,
        who=w.who,
        num=w.num,
        signed=w.signed,
        title=w.title,
        why=w.why,
        brief=w.brief,
        actors=w.actors,
        references=w.references(assessment.findings),
        findings_by_id={f.id: f for f in assessment.findings},
        action=w.action,
        sources=w.sources,
        dim_title=w.dimension,
        question_text=w.question,
        asked_both=w.asked_both,
        answered_roles=lambda a: a.roles_answered(),
        **extra,
    )
