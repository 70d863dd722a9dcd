"""The command line: parses arguments, calls one command, maps errors to exit codes.

Heavy modules (pydantic, yaml, jinja2) are imported inside the commands, so that
``--version`` and ``--help`` start fast. Every help text is a message code (``cli.…``),
put in the user's language by :mod:`samarbeid.i18n.command_line`, which also translates
click's usage errors.

The annotations here are evaluated as the module is read (no ``from __future__ import
annotations``): as strings, typer would compile and evaluate each option's annotation anew on
every run, which costs more than making the few options of the other commands.
"""

import gc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer

from samarbeid import __version__
from samarbeid.i18n.command_line import LANG_ENV, LocalisedGroup, parse_date, vocab_parser
from samarbeid.render import BatchFormat, BatchSort, FormFormat, PlanFormat, ReportFormat
from samarbeid.vocab import (
    DEFAULT_LANG,
    FailOn,
    Lang,
    Phase,
    Role,
    RubricFormat,
    Schema,
    Severity,
    Source,
    Target,
)

LangOpt = Annotated[
    Optional[Lang],
    typer.Option("--lang", envvar=LANG_ENV, help="cli.opt.lang", show_default=False),
]
# Every file a command reads has readable=False: its reader says a file the user may not read
# in one positioned line (file.unreadable, exit 2), as batch does for a file in a folder,
# where click's own check would be a usage error without a place.
RubricOpt = Annotated[
    Optional[Path],
    typer.Option("--rubric", help="cli.opt.rubric", dir_okay=False, show_default=False, readable=False),
]
AsOfOpt = Annotated[
    Optional[date],
    typer.Option("--as-of", parser=parse_date, show_default=False, help="cli.opt.as_of"),
]
OutputOpt = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", help="cli.opt.output", dir_okay=False, show_default=False),
]
NamesOpt = Annotated[bool, typer.Option("--names", help="cli.opt.names")]
CommentsOpt = Annotated[bool, typer.Option("--comments", help="cli.opt.comments")]

app = typer.Typer(
    name="samarbeid",
    cls=LocalisedGroup,
    help="cli.app",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rubric_app = typer.Typer(help="cli.rubric", no_args_is_help=True)
app.add_typer(rubric_app, name="rubric")


#: batch's gate unless --fail-on says otherwise: a high or critical finding fails it
BATCH_FAIL_ON = FailOn(Severity.high)


class Settings:
    """Global options given before the command."""

    lang: str = DEFAULT_LANG.value
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
        bool, typer.Option("--version", callback=_version, is_eager=True, help="cli.opt.version")
    ] = False,
) -> None:
    # Global options; they may also be given after the command.
    settings = Settings()
    settings.lang = (lang or DEFAULT_LANG).value
    settings.rubric = rubric
    ctx.obj = settings


def _lang(ctx: typer.Context, lang: Lang | None) -> str:
    return lang.value if lang is not None else ctx.obj.lang


def _rubric(ctx: typer.Context, rubric: Path | None) -> Path | None:
    return rubric if rubric is not None else ctx.obj.rubric


def _as_of(value: date | None) -> date:
    return value if value is not None else date.today()


def _run(lang: str, call: Callable[[], Any]) -> NoReturn:
    """Run one command and exit with its code (:func:`samarbeid.commands.runner.run_command`)."""
    from samarbeid.commands.runner import run_command

    if not gc.isenabled():  # started by the console script, which holds the collector back
        gc.freeze()  # what start-up made stays: the collector need not walk it again
        gc.enable()
    raise typer.Exit(run_command(lang, call))


def _color() -> bool:
    from samarbeid.tty import wants_color

    return wants_color()


def _width() -> int:
    from samarbeid.tty import width

    return width()


@app.command(help="cli.init")
def init(
    ctx: typer.Context,
    file: Annotated[
        Optional[Path], typer.Argument(help="cli.init.file", dir_okay=False, show_default=False)
    ] = None,
    role: Annotated[
        Optional[list[Role]],
        typer.Option("--role", parser=vocab_parser(Role), help="cli.init.role", show_default=False),
    ] = None,
    project_id: Annotated[Optional[str], typer.Option("--id", help="cli.init.id", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="cli.init.force")] = False,
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    from samarbeid.commands import init as command

    lng = _lang(ctx, lang)
    roles = [r.value for r in role or Role]
    _run(
        lng,
        lambda: command.run(
            file, roles=roles, project_id=project_id, force=force, lang=lng, rubric_path=_rubric(ctx, rubric)
        ),
    )


@app.command(help="cli.validate")
def validate(
    ctx: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(help="cli.validate.files", show_default=False, readable=False)
    ],
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    from samarbeid.commands import validate as command

    lng = _lang(ctx, lang)
    _run(lng, lambda: command.run(files, lang=lng, rubric_path=_rubric(ctx, rubric)))


@app.command(help="cli.report")
def report(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="cli.report.files", show_default=False, readable=False)],
    fmt: Annotated[
        Optional[ReportFormat], typer.Option("--format", "-f", help="cli.report.format", show_default=False)
    ] = None,
    output: OutputOpt = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", parser=vocab_parser(FailOn), help="cli.report.fail_on")
    ] = FailOn.never,
    baseline: Annotated[
        Optional[list[Path]],
        typer.Option("--baseline", help="cli.report.baseline", show_default=False, readable=False),
    ] = None,
    detail: Annotated[bool, typer.Option("--detail", help="cli.report.detail")] = False,
    plan: Annotated[
        Optional[Path],
        typer.Option("--plan", help="cli.report.plan", dir_okay=False, show_default=False, readable=False),
    ] = None,
    names: NamesOpt = False,
    comments: CommentsOpt = False,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    from samarbeid.commands import report as command

    lng = _lang(ctx, lang)
    _run(
        lng,
        lambda: command.run(
            files,
            fmt=fmt,
            output=output,
            fail_on=fail_on,
            lang=lng,
            rubric_path=_rubric(ctx, rubric),
            color=_color(),
            width=_width(),
            as_of=_as_of(as_of),
            baseline=baseline,
            detail=detail,
            plan=plan,
            names=names,
            comments=comments,
        ),
    )


@app.command(help="cli.plan")
def plan(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="cli.plan.files", show_default=False, readable=False)],
    fmt: Annotated[
        Optional[PlanFormat], typer.Option("--format", "-f", help="cli.plan.format", show_default=False)
    ] = None,
    output: OutputOpt = None,
    force: Annotated[bool, typer.Option("--force", help="cli.plan.force")] = False,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    from samarbeid.commands import plan as command

    lng = _lang(ctx, lang)
    _run(
        lng,
        lambda: command.run(
            files,
            fmt=fmt,
            output=output,
            force=force,
            lang=lng,
            rubric_path=_rubric(ctx, rubric),
            as_of=_as_of(as_of),
        ),
    )


@app.command(help="cli.batch")
def batch(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="cli.batch.paths", show_default=False, readable=False)],
    fmt: Annotated[
        Optional[BatchFormat], typer.Option("--format", "-f", help="cli.batch.format", show_default=False)
    ] = None,
    output: OutputOpt = None,
    jobs: Annotated[
        Optional[int], typer.Option("--jobs", "-j", help="cli.batch.jobs", show_default=False)
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", parser=vocab_parser(FailOn), help="cli.batch.fail_on")
    ] = BATCH_FAIL_ON,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="cli.batch.exit_zero")] = False,
    sort: Annotated[
        Optional[BatchSort], typer.Option("--sort", help="cli.batch.sort", show_default=False)
    ] = None,
    names: NamesOpt = False,
    comments: CommentsOpt = False,
    baseline: Annotated[
        Optional[Path],
        typer.Option("--baseline", help="cli.batch.baseline", show_default=False, readable=False),
    ] = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    from samarbeid.commands import batch as command

    lng = _lang(ctx, lang)
    _run(
        lng,
        lambda: command.run(
            paths,
            fmt=fmt,
            output=output,
            jobs=jobs,
            fail_on=fail_on,
            exit_zero=exit_zero,
            lang=lng,
            rubric_path=_rubric(ctx, rubric),
            as_of=_as_of(as_of),
            color=_color(),
            width=_width(),
            sort=sort,
            names=names,
            comments=comments,
            baseline=baseline,
        ),
    )


@app.command(help="cli.assess")
def assess(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="cli.assess.file", dir_okay=False, show_default=False, readable=False)
    ],
    role: Annotated[
        Optional[list[Role]],
        typer.Option("--role", parser=vocab_parser(Role), help="cli.assess.role", show_default=False),
    ] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", help="cli.assess.unit", show_default=False)] = None,
    name: Annotated[Optional[str], typer.Option("--name", help="cli.assess.name", show_default=False)] = None,
    resume: Annotated[bool, typer.Option("--resume", help="cli.assess.resume")] = False,
    names: NamesOpt = False,
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    from samarbeid.commands import assess as command

    lng = _lang(ctx, lang)
    who = role or [_ask_role(ctx, lng)]
    _run(
        lng,
        lambda: command.run(
            file,
            roles=[r.value for r in who],
            unit=unit,
            name=name,
            resume=resume,
            names=names,
            lang=lng,
            rubric_path=_rubric(ctx, rubric),
            color=_color(),
        ),
    )


def _ask_role(ctx: typer.Context, lang: str) -> Role:
    """The party a person at a terminal answers for, asked when ``--role`` is missing
    (:func:`samarbeid.interview.session.ask_party`). Without a terminal, the usage error it
    has always been."""
    from typer._click.exceptions import MissingParameter

    from samarbeid import tty
    from samarbeid.errors import ExitCode
    from samarbeid.interview.session import ask_party

    if not tty.is_interactive():
        param: Any = next(p for p in ctx.command.params if p.name == "role")
        raise MissingParameter(ctx=ctx, param=param)
    try:
        return ask_party(lang, tty.read_line)
    except (EOFError, KeyboardInterrupt):
        typer.echo("")
        raise typer.Exit(ExitCode.INTERRUPTED) from None


@app.command(help="cli.form")
def form(
    ctx: typer.Context,
    target: Annotated[Target, typer.Option("--target", "-t", help="cli.form.target", show_default=False)],
    role: Annotated[
        Role, typer.Option("--role", parser=vocab_parser(Role), help="cli.form.role", show_default=False)
    ],
    output: OutputOpt = None,
    fmt: Annotated[
        Optional[FormFormat], typer.Option("--format", "-f", help="cli.form.format", show_default=False)
    ] = None,
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    from samarbeid.commands import form as command

    lng = _lang(ctx, lang)
    _run(
        lng,
        lambda: command.run(
            target, role=role, output=output, lang=lng, rubric_path=_rubric(ctx, rubric), fmt=fmt
        ),
    )


@app.command("import", help="cli.import")
def import_(
    ctx: typer.Context,
    exports: Annotated[
        list[Path], typer.Argument(help="cli.import.exports", show_default=False, readable=False)
    ],
    role: Annotated[
        Role, typer.Option("--role", parser=vocab_parser(Role), help="cli.import.role", show_default=False)
    ],
    project_id: Annotated[
        Optional[str], typer.Option("--project-id", help="cli.import.project_id", show_default=False)
    ] = None,
    into: Annotated[
        Optional[Path],
        typer.Option("--into", help="cli.import.into", dir_okay=False, show_default=False, readable=False),
    ] = None,
    output: OutputOpt = None,
    source: Annotated[Source, typer.Option("--source", help="cli.import.source")] = Source.auto,
    map_file: Annotated[
        Optional[Path],
        typer.Option("--map", help="cli.import.map", dir_okay=False, show_default=False, readable=False),
    ] = None,
    project_name: Annotated[
        Optional[str], typer.Option("--project-name", help="cli.import.project_name", show_default=False)
    ] = None,
    kommune: Annotated[
        Optional[str], typer.Option("--kommune", help="cli.import.kommune", show_default=False)
    ] = None,
    entreprenor: Annotated[
        Optional[str], typer.Option("--entreprenor", help="cli.import.entreprenor", show_default=False)
    ] = None,
    phase: Annotated[
        Optional[Phase],
        typer.Option("--phase", parser=vocab_parser(Phase), help="cli.import.phase", show_default=False),
    ] = None,
    assessed: Annotated[
        Optional[date],
        typer.Option("--assessed", parser=parse_date, help="cli.import.assessed", show_default=False),
    ] = None,
    partial: Annotated[bool, typer.Option("--partial", help="cli.import.partial")] = False,
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    from samarbeid.commands import import_ as command

    lng = _lang(ctx, lang)
    project = {
        "id": project_id,
        "name": project_name,
        "kommune": kommune,
        "entreprenor": entreprenor,
        "phase": phase.value if phase is not None else None,
        "assessed": assessed,
    }
    _run(
        lng,
        lambda: command.run(
            exports,
            role=role,
            project=project,
            into=into,
            output=output,
            source=source,
            map_file=map_file,
            partial=partial,
            lang=lng,
            rubric_path=_rubric(ctx, rubric),
        ),
    )


@app.command(help="cli.schema")
def schema(
    kind: Annotated[Schema, typer.Argument(help="cli.schema.kind")] = Schema.answers,
) -> None:
    from samarbeid.commands import emit
    from samarbeid.commands import schema as command

    _run(DEFAULT_LANG.value, lambda: emit(command.run(kind), None, has_output_option=False))


@rubric_app.command("show", help="cli.rubric.show")
def rubric_show(
    ctx: typer.Context,
    fmt: Annotated[RubricFormat, typer.Option("--format", "-f", help="cli.opt.format")] = RubricFormat.text,
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    from samarbeid.commands import rubric as command

    lng = _lang(ctx, lang)
    _run(lng, lambda: command.show(fmt, lang=lng, rubric_path=_rubric(ctx, rubric)))


@rubric_app.command("check", help="cli.rubric.check")
def rubric_check(
    ctx: typer.Context,
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    from samarbeid.commands import rubric as command

    lng = _lang(ctx, lang)
    _run(lng, lambda: command.check(lang=lng, rubric_path=_rubric(ctx, rubric)))


@rubric_app.command("docs", help="cli.rubric.docs")
def rubric_docs(
    ctx: typer.Context,
    output: OutputOpt = None,
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    from samarbeid.commands import rubric as command

    lng = _lang(ctx, lang)
    _run(lng, lambda: command.docs(output, lang=lng, rubric_path=_rubric(ctx, rubric)))


#: the group's own options that take a value (their value is not the command's name)
_GROUP_VALUES = frozenset({"--lang", "--rubric"})


def _command_named(args: list[str]) -> str | None:
    """The command ``args`` name, found as click finds it: the first argument that is neither
    one of the group's options nor the value of one; None when there is none."""
    values = iter(args)
    for arg in values:
        if arg in _GROUP_VALUES:
            next(values, None)
        elif not arg.startswith("-"):
            return arg
    return None


def main() -> None:
    """Console-script entry point. typer builds the options of every registered command before
    it runs one (about 12 ms, a twentieth of a report's start-up); when the arguments name a
    command, only that command is registered for the run. Anything else (no command, an
    unknown one, ``--help``) gets the whole command line, with click's list and suggestions."""
    import sys

    from typer.main import get_command_name

    from samarbeid import streams

    streams.install()  # a closed pipe never turns a failed gate into exit 0
    commands, groups = app.registered_commands, app.registered_groups
    name = _command_named(sys.argv[1:])
    chosen = [
        c for c in commands if name == (c.name or (c.callback and get_command_name(c.callback.__name__)))
    ]
    if name is not None and (chosen or any(g.name == name for g in groups)):
        app.registered_commands = chosen
        app.registered_groups = [g for g in groups if g.name == name]
    try:
        app()
    finally:
        app.registered_commands, app.registered_groups = commands, groups
        streams.settle()
