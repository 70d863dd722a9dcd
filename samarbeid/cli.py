"""The command line: parses arguments, calls one command, maps errors to exit codes.

Heavy modules (pydantic, yaml, jinja2) are imported inside the commands, so that
``--version`` and ``--help`` start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer

from samarbeid import __version__
from samarbeid.render import BatchFormat, ReportFormat


class Lang(str, Enum):
    nb = "nb"
    en = "en"


class FailOn(str, Enum):
    never = "never"
    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"
    info = "info"


class RubricFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class SchemaChoice(str, Enum):
    answers = "answers"
    report = "report"


class RoleChoice(str, Enum):
    kommune = "kommune"
    entreprenor = "entreprenor"


LangOpt = Annotated[
    Optional[Lang],
    typer.Option("--lang", envvar="SAMARBEID_LANG", help="Language: nb (bokmål) or en.",
                 show_default=False),
]
RubricOpt = Annotated[
    Optional[Path],
    typer.Option("--rubric", help="Use this rubric file instead of the default.",
                 dir_okay=False, show_default=False),
]
AsOfOpt = Annotated[
    Optional[datetime],
    typer.Option("--as-of", formats=["%Y-%m-%d"], show_default=False,
                 help="Judge accepted risks as of this date (YYYY-MM-DD; default today)."),
]
OutputOpt = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", help="Write the result to this file (atomically) instead of stdout.",
                 dir_okay=False, show_default=False),
]

app = typer.Typer(
    name="samarbeid",
    help="Check the health of a collaboration between a kommune and a sosial entreprenør: "
    "forståelse, forankring, forpliktelse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rubric_app = typer.Typer(help="The questionnaire and its rules: show, check or document them.",
                         no_args_is_help=True)
app.add_typer(rubric_app, name="rubric")


class Settings:
    """Global options given before the command."""

    lang: str = "nb"
    rubric: Path | None = None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"samarbeid {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    lang: LangOpt = None,
    rubric: RubricOpt = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Global options; they may also be given after the command."""
    settings = Settings()
    settings.lang = (lang or Lang.nb).value
    settings.rubric = rubric
    ctx.obj = settings


def _lang(ctx: typer.Context, lang: Lang | None) -> str:
    return lang.value if lang is not None else ctx.obj.lang


def _rubric(ctx: typer.Context, rubric: Path | None) -> Path | None:
    return rubric if rubric is not None else ctx.obj.rubric


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _width() -> int:
    import shutil

    return shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else 80


def _as_of(value: datetime | None) -> date:
    return value.date() if value is not None else date.today()


def _run(lang: str, call: Callable[[], Any]) -> NoReturn:
    """Run one command and exit with its code; every error becomes one line on stderr."""
    from samarbeid.errors import ExitCode, InputError, SamarbeidError, UsageError

    try:
        code = call()
    except InputError as exc:
        for line in exc.lines(lang):
            typer.echo(line, err=True)
        code = exc.exit_code
    except UsageError as exc:
        typer.echo(exc.render(lang), err=True)
        code = exc.exit_code
    except SamarbeidError as exc:  # pragma: no cover - no other kinds today
        typer.echo(f"error: {exc}", err=True)
        code = exc.exit_code
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    except BrokenPipeError:
        sys.stderr.close()
        raise typer.Exit(0) from None
    except Exception as exc:
        from samarbeid.i18n import one_line, t

        where = exc.__traceback__
        while where is not None and where.tb_next is not None:
            where = where.tb_next
        site = f"{where.tb_frame.f_code.co_filename}:{where.tb_lineno}" if where else "?"
        detail = f"{type(exc).__name__}: {exc} at {site}"
        typer.echo(one_line(t("internal", lang, detail=detail)), err=True)
        code = ExitCode.INTERNAL
    raise typer.Exit(int(code if code is not None else 0))


@app.command()
def init(
    ctx: typer.Context,
    file: Annotated[Optional[Path], typer.Argument(help="The file to create; stdout when left out.",
                                                   dir_okay=False, show_default=False)] = None,
    role: Annotated[Optional[list[RoleChoice]], typer.Option(
        "--role", help="Only this party's block (repeat for both; default both).",
        show_default=False)] = None,
    project_id: Annotated[Optional[str], typer.Option("--id", help="The project id (a slug).",
                                                      show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    """Write a blank answer file with every question, ready to fill in."""
    from samarbeid.commands import init as command

    lng = _lang(ctx, lang)
    roles = [r.value for r in role] if role else ["kommune", "entreprenor"]
    _run(lng, lambda: command.run(file, roles=roles, project_id=project_id, force=force, lang=lng,
                                  rubric_path=_rubric(ctx, rubric)))


@app.command()
def validate(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Answer files to check.", show_default=False)],
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    """Check answer files; exit 0 when all are valid, 2 otherwise."""
    from samarbeid.commands import validate as command

    lng = _lang(ctx, lang)
    _run(lng, lambda: command.run(files, lang=lng, rubric_path=_rubric(ctx, rubric)))


@app.command()
def report(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(
        help="The project's answer files (one per party, or one for both).", show_default=False)],
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ReportFormat.terminal),
    output: OutputOpt = None,
    fail_on: Annotated[FailOn, typer.Option(
        "--fail-on", help="Exit 1 when a finding has this severity or worse.")] = FailOn.never,
    baseline: Annotated[Optional[list[Path]], typer.Option(
        "--baseline", help="An earlier assessment of the same project (repeat for several files); "
        "the report shows what has changed.", dir_okay=False, show_default=False)] = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    """One project's report: scores, findings, divergences."""
    from samarbeid.commands import report as command

    lng = _lang(ctx, lang)
    _run(lng, lambda: command.run(files, fmt=fmt, output=output,
                                  fail_on=fail_on.value, lang=lng, rubric_path=_rubric(ctx, rubric),
                                  color=_color(), width=_width(), as_of=_as_of(as_of),
                                  baseline=baseline))


@app.command()
def batch(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(
        help="Answer files and folders (searched recursively for .yaml/.yml).", show_default=False)],
    fmt: Annotated[BatchFormat, typer.Option("--format", "-f", help="Output format.")] = (
        BatchFormat.table),
    output: OutputOpt = None,
    jobs: Annotated[Optional[int], typer.Option(
        "--jobs", "-j", help="Worker processes (default: one per core).", show_default=False)] = None,
    fail_on: Annotated[FailOn, typer.Option(
        "--fail-on", help="Exit 1 when a project has a finding of this severity or worse.")] = (
        FailOn.high),
    exit_zero: Annotated[bool, typer.Option(
        "--exit-zero", help="Exit 0 even when the gate fails (never hides input errors).")] = False,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    """Score many projects: an overview, machine-readable results and a CI gate."""
    from samarbeid.commands import batch as command

    lng = _lang(ctx, lang)
    _run(lng, lambda: command.run(paths, fmt=fmt, output=output, jobs=jobs,
                                  fail_on=fail_on.value, exit_zero=exit_zero, lang=lng,
                                  rubric_path=_rubric(ctx, rubric), as_of=_as_of(as_of),
                                  color=_color(), width=_width()))


@app.command()
def assess(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The answer file: created when missing, else resumed.",
                                         dir_okay=False, show_default=False)],
    role: Annotated[list[RoleChoice], typer.Option(
        "--role", help="Who answers; give both roles for a workshop, each party in turn.",
        show_default=False)],
    unit: Annotated[Optional[str], typer.Option("--unit", help="The respondent's unit or service area.",
                                                show_default=False)] = None,
    name: Annotated[Optional[str], typer.Option("--name", help="The respondent's name.",
                                                show_default=False)] = None,
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    """Interactive checklist in the terminal, saved after every answer; resumes FILE."""
    from samarbeid.commands import assess as command

    lng = _lang(ctx, lang)
    _run(lng, lambda: command.run(file, roles=[r.value for r in role], unit=unit, name=name,
                                  lang=lng, rubric_path=_rubric(ctx, rubric), color=_color()))


@app.command()
def schema(
    kind: Annotated[SchemaChoice, typer.Argument(help="Which file format.")] = SchemaChoice.answers,
) -> None:
    """Print the JSON Schema of the answer file or of the JSON report."""
    from samarbeid.commands import schema as command

    _run("nb", lambda: typer.echo(command.run(command.SchemaKind(kind.value)), nl=False))


@rubric_app.command("show")
def rubric_show(
    ctx: typer.Context,
    fmt: Annotated[RubricFormat, typer.Option("--format", "-f", help="Output format.")] = (
        RubricFormat.text),
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    """Show the questionnaire and its rules."""
    from samarbeid.commands import rubric as command

    lng = _lang(ctx, lang)
    _run(lng, lambda: command.show(fmt.value, lang=lng, rubric_path=_rubric(ctx, rubric)))


@rubric_app.command("check")
def rubric_check(
    ctx: typer.Context,
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    """Check a rubric file: every inconsistency with file and line."""
    from samarbeid.commands import rubric as command

    lng = _lang(ctx, lang)
    _run(lng, lambda: command.check(lang=lng, rubric_path=_rubric(ctx, rubric)))


@rubric_app.command("docs")
def rubric_docs(
    ctx: typer.Context,
    output: OutputOpt = None,
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    """The rubric as Markdown documentation (docs/rubric.md)."""
    from samarbeid.commands import rubric as command

    lng = _lang(ctx, lang)
    _run(lng, lambda: command.docs(output, lang=lng, rubric_path=_rubric(ctx, rubric)))


def main() -> None:
    """Console-script entry point."""
    app()
