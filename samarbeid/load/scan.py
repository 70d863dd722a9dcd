"""An answer file's project id, read from the first lines of the file without parsing it.

``batch`` groups a project's files before any is scored (so each is scored once), and a
baseline folder is narrowed to the project's own files before any is read in full. Both take
the id from :func:`project_id`, which reads only the head of a file and understands only the
standard layout that ``init``, ``assess`` and ``import`` write::

    samarbeid: 1
    project:
      id: inderoy-arbeidstrening
      ...

Anything else (a flow mapping, a quoted or block key, an anchor, a tab, a document marker, a
line break YAML knows and Python does not, the id not among the first lines …) gives None:
"not known", and the caller reads the file in full. So a file is never grouped or passed over
by a wrong id: where this gives an id, YAML gives the same string, or the file is refused when
it is read (a slug that YAML takes for a number, a date or a boolean, say).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from samarbeid.domain import is_slug

#: How much of a file is looked at: the id stands in the first few lines.
HEAD_BYTES = 4096

#: the project mapping's key, on a line of its own
_PROJECT = re.compile(r"project:(?: +#.*)?")
#: a top-level key with a plain scalar on its line (``samarbeid: 1``, ``status: complete``)
_TOP = re.compile(r"[a-z_]+: +[^\s'\"&*!|>\[\]{}%@`#,?:-][^\t]*")
#: a key of the project mapping with a plain scalar (or a quoted one, closed on its line)
_KEY = re.compile(
    r"( +)([a-z_]+):(?: +(?:[^\s'\"&*!|>\[\]{}%@`#,?:-][^\t]*|'[^'\n]*'|\"[^\"\\\n]*\"))?(?: +#.*)?"
)
#: the id's value: a slug, plain or quoted, and perhaps a comment
_ID = re.compile(r"(?:([a-z0-9-]+)|'([a-z0-9-]+)'|\"([a-z0-9-]+)\")(?: +#.*)?")
#: characters YAML reads as line breaks where Python's str.split("\n") does not
_BREAKS = re.compile("[\r\x85\u2028\u2029]")


def project_id(path: Path | str) -> str | None:
    """The project id in the head of the answer file at ``path``, or None when the head is
    not in the standard layout (or the file cannot be read: its full read reports that)."""
    try:
        # O_NONBLOCK: a FIFO does not wait for a writer (a regular file ignores it)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        head = os.read(fd, HEAD_BYTES)
    except OSError:
        return None
    finally:
        os.close(fd)
    return id_in(head)


def id_in(head: bytes) -> str | None:
    """The project id in ``head`` (the first bytes of an answer file), or None."""
    in_project = False
    indent = None
    for line in _lines(head.decode("utf-8", errors="replace")):
        if _BREAKS.search(line):
            return None
        if not line.strip() or line.lstrip(" ").startswith("#"):
            continue
        if not in_project:
            if _PROJECT.fullmatch(line):
                in_project = True
            elif _TOP.fullmatch(line) is None or line.startswith("project:"):
                return None
            continue
        key = _KEY.fullmatch(line)
        if key is None or (indent is not None and len(key.group(1)) != indent):
            return None  # a nested or continued value, or the end of the mapping
        indent = len(key.group(1))
        if key.group(2) == "id":
            found = _ID.fullmatch(line[indent + len("id:") :].lstrip(" "))
            if found is None:
                return None
            value = next(v for v in found.groups() if v is not None)
            return value if is_slug(value) else None
    return None


def _lines(text: str) -> Iterator[str]:
    """The whole lines of ``text`` (the last, perhaps cut off at HEAD_BYTES, is left out),
    without their line feeds, or a CRLF's carriage return; only as far as they are read."""
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start : end - 1] if end > start and text[end - 1] == "\r" else text[start:end]
        start = end + 1
