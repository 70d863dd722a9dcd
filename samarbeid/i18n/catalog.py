"""Loading the gettext catalogues with the standard library only (fast start-up, no Babel).

The catalogues live in ``samarbeid/locale/<lang>/LC_MESSAGES/<domain>.po``. A source tree
(and an editable install) has only the ``.po`` files; a wheel has only the ``.mo`` files that
its build hook compiled with Babel (``hatch_build.py``). Either way the result is a
:class:`gettext.GNUTranslations`: a ``.po`` file is parsed by the small reader below and handed
to gettext as an in-memory ``.mo``, so the plural rule always comes from the catalogue's own
``Plural-Forms`` header and lookups behave the same in both cases. That ``.mo`` is kept in the
user's cache (:func:`compiled`), so a ``.po`` is parsed again only once it has changed.
"""

from __future__ import annotations

import functools
import gettext
import hashlib
import io
import re
import struct
from collections.abc import Callable
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

#: The tool's own words, keyed by message code.
DOMAIN = "samarbeid"
#: click's and typer's English messages (the msgids are their English texts); not needed for English.
CLICK_DOMAIN = "click"


def catalogue_path(lang: str, domain: str = DOMAIN) -> Path:
    """Where the ``.po`` source of a catalogue lives (it may be absent in a wheel)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


class Catalogue(gettext.GNUTranslations):
    """A gettext catalogue that can also list its message ids."""

    # Set by GNUTranslations._parse (typeshed does not declare them).
    _catalog: dict[str | tuple[str, int], str]
    #: The catalogue's plural rule, from its ``Plural-Forms`` header: count → form index.
    plural: Callable[[int], int]

    def codes(self) -> tuple[str, ...]:
        """Every msgid (a plural entry once), sorted; without the header."""
        ids = {key[0] if isinstance(key, tuple) else key for key in self._catalog}
        return tuple(sorted(i for i in ids if i))

    @functools.cached_property
    def _plurals(self) -> frozenset[str]:
        return frozenset(key[0] for key in self._catalog if isinstance(key, tuple))

    def plurals(self) -> frozenset[str]:
        """The msgids of the plural entries."""
        return self._plurals


@functools.cache
def translations(lang: str, domain: str = DOMAIN) -> Catalogue | None:
    """The catalogue of ``domain`` in ``lang``, or ``None`` when there is none."""
    po = catalogue_path(lang, domain)
    if po.is_file():  # a source tree: the .po is the truth, so it can never be stale
        return Catalogue(io.BytesIO(compiled(po)))
    mo = po.with_suffix(".mo")
    if mo.is_file():  # an installed wheel
        with mo.open("rb") as fp:
            return Catalogue(fp)
    return None


def compiled(po: Path) -> bytes:
    """The ``.mo`` of the ``.po`` file ``po``: kept in the user's cache (:mod:`samarbeid.cache`)
    under the ``.po``'s bytes, so a source tree reads a catalogue as fast as a wheel does."""
    from samarbeid import cache

    source = po.read_bytes()
    key = hashlib.sha256(source).digest()
    kept = cache.load("catalogue", str(po), key)
    if kept is not None:
        return kept
    mo = mo_bytes(read_po(source.decode("utf-8")))
    cache.store("catalogue", str(po), key, mo)
    return mo


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r"\\(.)")
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+\"(.*)\"\s*$")


def _unquote(text: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def read_po(text: str) -> dict[str, str]:
    """The entries of a ``.po`` file as gettext stores them in a ``.mo``: ``msgid`` → ``msgstr``;
    a plural entry as ``msgid\\0msgid_plural`` → the forms joined by ``\\0``. Fuzzy and obsolete
    entries are left out, as ``pybabel compile`` does."""
    entries: dict[str, str] = {}
    fields: dict[str, str] = {}
    key = ""
    fuzzy = False

    def flush() -> None:
        nonlocal fuzzy
        if "msgid" in fields and not (fuzzy and fields["msgid"]):
            msgid = fields["msgid"]
            if "msgid_plural" in fields:
                forms = sorted((k for k in fields if k.startswith("msgstr[")), key=lambda k: int(k[7:-1]))
                msgid += "\0" + fields["msgid_plural"]
                value = "\0".join(fields[k] for k in forms)
            else:
                value = fields.get("msgstr", "")
            if "msgctxt" in fields:
                msgid = fields["msgctxt"] + "\x04" + msgid
            if value.replace("\0", ""):
                entries[msgid] = value
        fields.clear()
        fuzzy = False

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        match = _KEYWORD.match(line)
        starts_entry = line.startswith("#") or (match is not None and match.group(1) in ("msgid", "msgctxt"))
        if starts_entry and any(k.startswith("msgstr") for k in fields):
            flush()
        if line.startswith("#"):
            fuzzy = fuzzy or (line.startswith("#,") and "fuzzy" in line)
            continue  # comments, including obsolete (#~) entries
        if match:
            key = match.group(1)
            fields[key] = _unquote(match.group(2))
        elif line.startswith('"') and line.endswith('"') and key:
            fields[key] += _unquote(line[1:-1])
        else:
            raise ValueError(f"line {number}: cannot read {raw!r}")
    flush()
    return entries


def mo_bytes(entries: dict[str, str]) -> bytes:
    """A GNU ``.mo`` file (little-endian, no hash table) holding ``entries``."""
    ids = sorted(entries)
    keys = [i.encode("utf-8") for i in ids]
    values = [entries[i].encode("utf-8") for i in ids]
    count = len(ids)
    key_table = 7 * 4
    value_table = key_table + count * 8
    data_start = value_table + count * 8
    offsets: list[int] = []
    blob = io.BytesIO()
    for item in (*keys, *values):
        offsets += [len(item), data_start + blob.tell()]
        blob.write(item + b"\0")
    header = struct.pack("<7I", 0x950412DE, 0, count, key_table, value_table, 0, 0)
    return header + struct.pack(f"<{4 * count}I", *offsets) + blob.getvalue()
