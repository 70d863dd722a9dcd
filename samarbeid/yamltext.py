"""Plain data as the text of a new answer file, fast: libyaml's emitter where its bytes are
ruamel.yaml's, ruamel.yaml's own emitter for the rest.

The answer-file writer lays a new file out with ruamel.yaml (:func:`samarbeid.answerwriter._dump`:
YAML 1.1, block style, a list's ``-`` two columns in under its key, lines never folded). Its
emitter is pure Python: 500 imported respondents took 14 s of its time. libyaml's emitter (PyYAML's
``CSafeDumper``) writes the same scalars the same way, except some: strings with a quote, a
line break, a character outside the Basic Multilingual Plane or a control character, strings
long enough to be folded, strings YAML 1.1 and 1.2 read differently, and so on. So the file
is written in chunks, one per top-level key and one per item of ``respondents``; a chunk whose
every scalar is one of the plain kinds :func:`_plain` accepts goes through libyaml (its list
re-indented as ruamel.yaml indents it), any other chunk through ruamel.yaml, so the text is
byte for byte the one ruamel.yaml writes (``tests/unit/test_yamltext.py`` holds them to it,
over random and hostile values). Without libyaml, every chunk goes through ruamel.yaml.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any

import yaml

_CDumper: type | None = getattr(yaml, "CSafeDumper", None)
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"

#: A string both emitters write the same way: letters of the Latin scripts, digits, single
#: inner spaces and the punctuation of ordinary prose, no quote, no ``#``, a ``:`` only inside
#: a word (``nettskjema:31000``), no line break; short enough never to be folded; starting with
#: a letter or digit, never a character YAML gives a meaning (``-``, ``?``, ``%``, …).
_SAFE = re.compile(
    r"[A-Za-z0-9ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ]"
    r"[A-Za-z0-9ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ .,:;()/!?%&+«»–—…_-]{0,999}"
)
#: words YAML 1.1 or 1.2 read as something else than a string: quoted by each emitter in its own way
_RESOLVED = re.compile(
    r"(?i:y|n|yes|no|on|off|true|false|null|nan|inf)|[-+]?[0-9_.,:]*[0-9][0-9_.,:eE+-]*", re.ASCII
)


def _plain(value: Any) -> bool:
    """Whether libyaml writes ``value`` (a scalar, or a mapping of them) as ruamel.yaml does."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain_text(k) and _plain(v) for k, v in value.items())
    if isinstance(value, int):  # bool too
        return True
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return True
    return isinstance(value, str) and plain_text(value)


def plain_text(text: str) -> bool:
    """Whether ``text`` is a string libyaml writes as ruamel.yaml does (as it is, but for a
    few that both quote alike: ``0x1f``)."""
    return (
        _SAFE.fullmatch(text) is not None
        and not text.endswith((" ", ":"))
        and "  " not in text
        and ": " not in text
        and _RESOLVED.fullmatch(text) is None
    )


@functools.lru_cache(maxsize=4096)
def _bare(text: str) -> bool:
    """Whether ``text`` is written as it is, unquoted, by both emitters: one of
    :func:`plain_text`'s strings that YAML 1.1 reads as a string (answer files repeat a few:
    ``ja``, ``complete``, ``kommune``)."""
    return plain_text(text) and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR  # type: ignore[no-untyped-call]


def _bare_mapping(value: dict[str, Any]) -> bool:
    for key, item in value.items():
        if not _bare(key):
            return False
        if isinstance(item, dict):
            if not _bare_mapping(item):
                return False
        elif isinstance(item, str):
            if not _bare(item):
                return False
        elif not isinstance(item, int):  # bool too
            return False
    return True


def _lines(value: dict[str, Any], indent: int, out: list[str]) -> None:
    """A mapping of :func:`_bare` scalars as the emitters lay it out, a line a key."""
    pad = " " * indent
    for key, item in value.items():
        if isinstance(item, dict):
            if item:
                out.append(f"{pad}{key}:\n")
                _lines(item, indent + 2, out)
            else:
                out.append(f"{pad}{key}: {{}}\n")
        elif isinstance(item, bool):
            out.append(f"{pad}{key}: {'true' if item else 'false'}\n")
        else:
            out.append(f"{pad}{key}: {item}\n")


def _libyaml(data: dict[str, Any]) -> str:
    return str(
        yaml.dump(
            data, Dumper=_CDumper, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False
        )
    )


def dump(data: dict[str, Any], slow: Callable[[dict[str, Any]], str]) -> str:
    """``data`` as ``slow`` (ruamel.yaml) writes it, through libyaml wherever the bytes are the same."""
    if _CDumper is None:
        return slow(data)
    chunks: list[str] = []
    for key, value in data.items():
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            chunks.append(f"{key}:\n")
            for item in value:
                if _bare_mapping(item):  # as libyaml would write it, without its representer
                    lines: list[str] = []
                    _lines(item, 4, lines)
                    chunks.append("  - " + "".join(lines)[4:])
                elif _plain(item):  # ``key:\n- a: 1\n  b: 2\n`` → ``  - a: 1\n    b: 2\n``
                    body = _libyaml({key: [item]}).split("\n", 1)[1]
                    chunks.append("".join(f"  {line}" for line in body.splitlines(keepends=True)))
                else:
                    chunks.append(slow({key: [item]}).split("\n", 1)[1])
        else:
            chunks.append(_libyaml({key: value}) if _plain(value) else slow({key: value}))
    return "".join(chunks)
