"""The command line in the user's language: help, usage errors and click's own messages.

typer 0.29 vendors click (``typer._click``) and writes its messages as plain English f-strings,
so gettext cannot reach them. Instead the translation happens where the words come out:

- :class:`LocalisedGroup` is the root command (``typer.Typer(cls=LocalisedGroup)``). Its
  :meth:`~LocalisedGroup.main` decides the language *before* click parses (``--lang X`` or
  ``--lang=X`` in argv, then ``SAMARBEID_LANG``, then bokmål) and renders usage errors itself.
  The message codes used as help texts in ``cli.py`` are replaced by their text when the first
  help formatter is made, so a run that writes no help (``--version``) loads no catalogue.
- :class:`LocalisedFormatter` translates the usage prefix, the section headings and the
  bracketed extras (``[default: …]``, ``[required]``) as the help is written.
- Click's English messages are looked up in the ``click`` catalogue
  (``samarbeid/locale/<lang>/LC_MESSAGES/click.po``), whose msgids are click's texts with their
  variable parts as ``{placeholders}``; a message matches a msgid as a pattern, and the parts
  named ``message`` are translated in turn (``Invalid value for {name}: {message}``).
- :func:`vocab_parser` and :func:`parse_date` read option values as people type them: a
  vocabulary's Norwegian spellings (:data:`samarbeid.vocab.ALIASES`) with a did-you-mean, and
  a date as DD.MM.ÅÅÅÅ or ÅÅÅÅ-MM-DD; their errors are already in the language of the run.
- Help and usage show readable metavars (``FIL...``, ``TEKST``, ``DATO``, ``[nb|nn|en]``) in
  the language, instead of typer's ``<list[Path]>`` and ``{files}...``.

tests/cli/test_cli_language.py pins the messages of the installed typer; when typer rewords one,
that test fails and the catalogue gets the new wording.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar, get_args

import typer
from typer._click.core import Context
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer._click.formatting import HelpFormatter
from typer._click.globals import get_current_context
from typer.core import TyperArgument, TyperGroup
from typer.exceptions import Abort

from samarbeid.i18n import t
from samarbeid.i18n.catalog import CLICK_DOMAIN, Catalogue, translations
from samarbeid.vocab import CLOSE_ENOUGH, DEFAULT_LANG, Lang, Vocab

V = TypeVar("V", bound=Vocab)

#: Help texts in cli.py are message codes with this prefix.
CODE_PREFIX = "cli."
LANG_ENV = "SAMARBEID_LANG"


def language_from(argv: Sequence[str], environ: dict[str, str] | os._Environ[str]) -> str:
    """The language of this run, known before click parses: the last valid ``--lang X`` or
    ``--lang=X`` before ``--``, else ``SAMARBEID_LANG``, else bokmål. An invalid value is left
    for click to report (in the fallback language)."""
    found: str | None = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = (
            argv[i + 1]
            if arg == "--lang" and i + 1 < len(argv)
            else (arg.partition("=")[2] if arg.startswith("--lang=") else None)
        )
        if value in Lang.ids():
            found = value
    if found is not None:
        return found
    env = environ.get(LANG_ENV, "")
    return env if env in Lang.ids() else DEFAULT_LANG.value


def current_lang() -> str:
    """The language of the run being parsed (bokmål outside one)."""
    ctx = get_current_context(silent=True)
    root = ctx.find_root().command if ctx is not None else None
    return root.lang if isinstance(root, LocalisedGroup) else DEFAULT_LANG.value


def _invalid(text: str) -> Exception:
    """A value error whose message is shown as it is (pydantic adds no «Value error, »)."""
    from pydantic_core import PydanticCustomError

    return PydanticCustomError("samarbeid", "{text}", {"text": text})


def vocab_parser(cls: type[V]) -> Callable[[Any], V]:
    """A typer ``parser`` for a vocabulary: its id or a Norwegian spelling
    (``--fail-on kritisk``, ``--role entreprenør``), without regard to case; otherwise an
    error that lists the ids and suggests the closest word."""

    def parse(value: Any) -> V:
        if isinstance(value, cls):
            return value
        found = cls.parse(str(value))
        if found is not None:
            return found
        lang = current_lang()
        choices = ", ".join(f"'{c}'" for c in cls.ids())
        typed = str(value).strip().casefold()
        import difflib  # only for a mistyped word: start-up stays light

        close = difflib.get_close_matches(typed, cls.words(), n=1, cutoff=CLOSE_ENOUGH)
        if close:
            raise _invalid(t("cli.choice.close", lang, value=value, choices=choices, suggestion=close[0]))
        raise _invalid(t("cli.choice.unknown", lang, value=value, choices=choices))

    return parse


def parse_date(value: Any) -> dt.date:
    """A typer ``parser`` for a date: DD.MM.ÅÅÅÅ or ÅÅÅÅ-MM-DD (:func:`samarbeid.domain.read_date`)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    from samarbeid.domain import read_date  # only when a date is given

    found = read_date(str(value))
    if found is None:
        raise _invalid(t("cli.date.bad", current_lang(), value=value))
    return found


#: what a path parameter names, where its type alone does not tell (a file or a folder)
_PATH_WORDS = {"files": "file", "exports": "file", "paths": "path", "baseline": "path"}


def metavar(param: Any, lang: str) -> str:
    """A readable metavar for ``param`` in ``lang``: its choices (``[nb|nn|en]``) or a word
    for its kind of value (``FIL``, ``MAPPE``, ``TEKST``, ``TALL``, ``DATO``)."""
    desc = param.type_descriptor
    if desc.choices:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in desc.choices) + "]"
    kind = desc.annotation
    if desc.is_list:
        kind = get_args(kind)[0]
    if param.name in _PATH_WORDS:
        word = _PATH_WORDS[param.name]
    elif isinstance(kind, type) and issubclass(kind, Path):
        info = desc.parameter_info
        word = "file" if not info.dir_okay else "dir" if not info.file_okay else "path"
    elif kind is int:
        word = "number"
    elif kind in (dt.date, dt.datetime):
        word = "date"
    else:
        word = "text"
    return t(f"cli.metavar.{word}", lang)


class ReadableArgument(TyperArgument):
    """An argument shown by its metavar: ``FIL...`` in usage, help and errors, with no type after
    it (typer would write ``{files}... `` and ``files... <list[Path]>``, and ``'files'`` in errors)."""

    readable = ""

    def _shown(self) -> str:
        return self.readable + ("..." if self.nargs != 1 else "")

    def _usage_display_name(self) -> str:
        return self._shown() if self.required else f"[{self._shown()}]"

    def _rich_display_name(self) -> str:
        return self._shown()

    def display_type_rich(self, ctx: Context) -> str | None:
        return None

    def get_error_hint(self) -> str:
        """The argument as usage shows it (``'FIL...'``), not its Python name (``'files'``)."""
        return f"'{self._shown()}'"


class ClickWords:
    """click's English in one language (English itself has no catalogue: identity)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    @functools.cached_property
    def catalogue(self) -> Catalogue | None:
        """click's catalogue in the language, read when a text is first asked for (a run
        without help or an error reads none)."""
        return translations(self.lang, CLICK_DOMAIN)

    def text(self, english: str) -> str:
        """An exact text such as ``Options``; unchanged when the catalogue lacks it."""
        return self.catalogue.gettext(english) if self.catalogue is not None else english

    def message(self, english: str) -> str:
        """A whole message, matched against the catalogue's patterns."""
        return self._translate(english)[1]

    def _translate(self, english: str) -> tuple[int, str]:
        """The reading of ``english`` that leaves the least text untranslated, and its translation:
        a part named ``message`` is translated in turn, every other part is kept as it is."""
        if self.catalogue is None:
            return len(english), english
        exact = self.catalogue.gettext(english)
        if exact != english:
            return 0, exact
        best = (len(english), english)
        for msgid, pattern in _patterns(self.lang):
            match = pattern.fullmatch(english)
            if match is None:
                continue
            left, parts = 0, {}
            for key, value in match.groupdict().items():
                if key == "message":
                    part_left, parts[key] = self._translate(value)
                else:
                    part_left, parts[key] = len(value), self.text(value) if key == "label" else value
                left += part_left
            if left < best[0]:
                best = (left, self.catalogue.gettext(msgid).format(**parts))
        return best


@functools.cache
def _patterns(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The catalogue's msgids with placeholders, as regular expressions (most literal first)."""
    catalogue = translations(lang, CLICK_DOMAIN)
    if catalogue is None:
        return ()
    found = []
    for msgid in catalogue.codes():
        pieces = re.split(r"\{(\w+)\}", msgid)
        if len(pieces) == 1:
            continue
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(pieces))
        found.append((-sum(len(p) for p in pieces[::2]), msgid, re.compile(regex, re.DOTALL)))
    return tuple((msgid, pattern) for _, msgid, pattern in sorted(found))


class LocalisedFormatter(HelpFormatter):
    """Writes help with the usage prefix, headings and bracketed extras in the language."""

    def __init__(self, words: ClickWords, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.words = words

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = self.words.text("Usage:") + " "
        for english in ("[OPTIONS]", "COMMAND [ARGS]..."):
            args = args.replace(english, self.words.text(english))
        super().write_usage(prog, args, prefix)

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        with super().section(self.words.text(name)):
            yield

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, self._help(text)) for term, text in rows], col_max, col_spacing)

    def _help(self, text: str) -> str:
        main, sep, extras = text.rpartition("  [") if text.endswith("]") else (text, "", "")
        if not sep and text.startswith("[") and text.endswith("]"):
            main, sep, extras = "", "[", text[1:]
        main = self.words.text(main) if main else main
        if not sep:
            return main
        parts = "; ".join(self.words.message(p) for p in extras[:-1].split("; "))
        return f"{main}  [{parts}]" if main else f"[{parts}]"


class LocalisedContext(Context):
    """A context whose help formatter speaks the language of the run."""

    def make_formatter(self) -> HelpFormatter:
        root = self.find_root().command
        lang = root.lang if isinstance(root, LocalisedGroup) else DEFAULT_LANG.value
        if isinstance(root, LocalisedGroup) and not root.localised:  # only when help is written
            localise(root, lang)
            root.localised = True
        return LocalisedFormatter(
            ClickWords(lang), width=self.terminal_width, max_width=self.max_content_width
        )


def _use_localised_contexts(command: Any) -> None:
    command.context_class = LocalisedContext
    for sub in getattr(command, "commands", {}).values():
        _use_localised_contexts(sub)


def localise(command: Any, lang: str) -> None:
    """Put the help texts of ``command`` and its subcommands in ``lang`` (a fresh tree from
    ``typer.main.get_command``, built for this one run)."""
    command.context_class = LocalisedContext
    for attr in ("help", "short_help", "epilog"):
        value = getattr(command, attr, None)
        if isinstance(value, str) and value.startswith(CODE_PREFIX):
            setattr(command, attr, t(value, lang))
    if command.short_help is None and command.help:
        command.short_help = first_sentence(command.help)
    for param in command.params:
        for attr in ("help", "metavar"):
            value = getattr(param, attr, None)
            if isinstance(value, str) and value.startswith(CODE_PREFIX):
                setattr(param, attr, t(value, lang))
        if not hasattr(param, "type_descriptor"):
            continue
        if isinstance(param, TyperArgument):
            param.__class__ = ReadableArgument
            setattr(param, "readable", metavar(param, lang))  # noqa: B010 - mypy sees a TyperArgument
        elif param.metavar is None and not param.is_flag and not param.count:
            param.metavar = metavar(param, lang)
    for sub in getattr(command, "commands", {}).values():
        localise(sub, lang)


def first_sentence(text: str) -> str:
    """The first sentence of a help text: its summary in a command list, shown whole (click
    would cut a longer first sentence to the width with «...»)."""
    head, sep, _ = text.partition(". ")
    return head + "." if sep else text


def show_usage_error(exc: UsageError, words: ClickWords) -> None:
    """A usage error as click shows it, in the language: usage, hint, then ``Error: …``."""
    ctx = exc.ctx
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = words.message(f"Try '{ctx.command_path} {ctx.help_option_names[0]}' for help.") + "\n"
        typer.echo(f"{ctx.get_usage()}\n{hint}", err=True, color=ctx.color)
    typer.echo(
        words.message(f"Error: {exc.format_message()}"),
        err=True,
        color=ctx.color if ctx is not None else None,
    )


class LocalisedGroup(TyperGroup):
    """The root command: chooses the language before parsing and speaks it throughout."""

    lang: str = DEFAULT_LANG.value
    #: Whether the help texts are in ``lang`` yet (done when the first formatter is made).
    localised: bool = True

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        self.lang = language_from(argv, os.environ)
        _use_localised_contexts(self)
        self.localised = False
        if not standalone_mode:
            return super().main(argv, prog_name, complete_var, False, windows_expand_args, **extra)
        words = ClickWords(self.lang)
        try:
            code = super().main(argv, prog_name, complete_var, False, windows_expand_args, **extra)
        except NoArgsIsHelpError as exc:
            typer.echo(exc.format_message(), err=True)
            _exit(exc.exit_code)
        except UsageError as exc:
            show_usage_error(exc, words)
            _exit(exc.exit_code)
        except ClickException as exc:
            typer.echo(words.message(f"Error: {exc.format_message()}"), err=True)
            _exit(exc.exit_code)
        except Abort:
            typer.echo(words.text("Aborted!"), err=True)
            _exit(1)
        _exit(code if isinstance(code, int) else 0)


def _exit(code: int) -> NoReturn:
    sys.exit(code)
