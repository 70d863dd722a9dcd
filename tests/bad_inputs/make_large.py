"""Write the large hostile files of the corpus, which are too big to keep in git.

Their expected errors (``NAME.expected``) are committed like the others; the files themselves
are made here, at test time (``tests/cli/test_bad_inputs.py``) or by hand:

    python tests/bad_inputs/make_large.py
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent

HEAD = b"""samarbeid: 1
project:
  id: heimdal-leseglede
  name: Leseglede i barnehagen
status: in_progress
"""


def _too_large() -> bytes:
    """3 MiB: a valid file followed by a pasted log, over the 2 MiB limit."""
    line = b"# 2024-03-05 12:00:00 INFO lest inn svar fra Kari Nordmann, Barnehage\n"
    return b"# Fiendtlig: 3 MiB, over grensen paa 2 MiB.\n" + HEAD + line * (3 * 1024 * 1024 // len(line))


def _too_many_nodes() -> bytes:
    """150 000 list items in one comment: over the limit of 100 000 elements."""
    return (
        b"# Fiendtlig: 150 000 elementer i en liste.\n"
        + HEAD
        + b"respondents:\n  - role: kommune\n    comments:\n      felles-mal: ["
        + b"0," * 150_000
        + b"0]\n"
    )


def _long_key() -> bytes:
    """A 500 000-character question id: the message shows the start of it only."""
    return (
        b"# Fiendtlig: en sporsmaals-id paa 500 000 tegn.\n"
        + HEAD
        + b"respondents:\n  - role: kommune\n    answers:\n      ? felles-mal-"
        + b"x" * 500_000
        + b"\n      : 4\n"
    )


def _long_plain_key() -> bytes:
    """A 500 000-character key written the usual way: over YAML's limit for keys."""
    return (
        b"# Fiendtlig: en nokkel paa 500 000 tegn.\n"
        + HEAD
        + b"respondents:\n  - role: kommune\n    answers:\n      felles-mal-"
        + b"x" * 500_000
        + b": 4\n"
    )


def _long_value() -> bytes:
    """A 1 000 000-character answer: the message shows the start of it only."""
    return (
        b"# Fiendtlig: et svar paa 1 000 000 tegn.\n"
        + HEAD
        + b"respondents:\n  - role: kommune\n    answers:\n      felles-mal: "
        + b"4" * 1_000_000
        + b"x\n"
    )


def _many_bad_roles() -> bytes:
    """10 000 respondents with a wrong role: only the first 50 errors are shown."""
    return (
        b"# Fiendtlig: 10 000 respondenter med ugyldig rolle.\n"
        + HEAD
        + b"respondents:\n"
        + b"  - role: kommun\n" * 10_000
    )


CASES: dict[str, Callable[[], bytes]] = {
    "stor-fil": _too_large,
    "mange-elementer": _too_many_nodes,
    "lang-nokkel": _long_key,
    "lang-nokkel-uten-sporsmalstegn": _long_plain_key,
    "lang-verdi": _long_value,
    "mange-feil-roller": _many_bad_roles,
}


def write(folder: Path = HERE) -> list[Path]:
    """Write every large case to ``folder`` (skipping files already there and unchanged)."""
    paths = []
    for name, make in CASES.items():
        path = folder / f"{name}.yaml"
        raw = make()
        if not path.is_file() or path.stat().st_size != len(raw) or path.read_bytes() != raw:
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_bytes(raw)
            tmp.replace(path)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write():
        print(written)
