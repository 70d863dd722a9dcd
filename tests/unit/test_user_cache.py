"""The user's cache (samarbeid.cache) gives back only what this code stored under this key, and
never stops a run: a corrupt, foreign or unreadable file is a miss, an unwritable folder is
no cache. The checked rubric and the compiled templates read back from it are the same as
made anew."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from pathlib import Path

import pytest

from samarbeid import cache
from samarbeid.i18n import catalog
from samarbeid.pipeline import assess_files
from samarbeid.render import ReportFormat, render_report, templated
from samarbeid.rubric import load
from samarbeid.rubric.model import Rubric
from testkit import MINI

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "inderoy-helsefag.yaml"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "samarbeid"


def only_file(folder: Path) -> Path:
    (path,) = [p for p in folder.iterdir() if not p.name.startswith(".")]
    return path


def test_what_is_stored_is_given_back_under_its_key_only(folder: Path) -> None:
    cache.store("test", "slot", b"key", b"payload")
    assert cache.load("test", "slot", b"key") == b"payload"
    assert cache.load("test", "slot", b"other key") is None
    assert cache.load("test", "other slot", b"key") is None
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert oct(only_file(folder).stat().st_mode & 0o777) == "0o600"


def test_a_slot_holds_one_file_whatever_its_key(folder: Path) -> None:
    cache.store("test", "slot", b"first", b"1")
    cache.store("test", "slot", b"second", b"2")
    assert cache.load("test", "slot", b"second") == b"2"
    assert cache.load("test", "slot", b"first") is None
    assert len(list(folder.iterdir())) == 1


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "other header"])
def test_a_damaged_file_is_a_miss(folder: Path, damage: str) -> None:
    cache.store("test", "slot", b"key", b"payload" * 100)
    path = only_file(folder)
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[-10] ^= 1
    elif damage == "truncate":
        del data[-1]
    elif damage == "empty":
        data.clear()
    else:
        data[:4] = b"xxxx"
    path.write_bytes(bytes(data))
    assert cache.load("test", "slot", b"key") is None


def test_a_file_written_by_other_code_is_a_miss(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.store("test", "slot", b"key", b"payload")
    monkeypatch.setattr(cache, "fingerprint", lambda: b"another version")
    assert cache.load("test", "slot", b"key") is None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no owners and modes")
def test_a_file_or_folder_others_may_write_is_a_miss(folder: Path) -> None:
    cache.store("test", "slot", b"key", b"payload")
    path = only_file(folder)
    path.chmod(0o620)
    assert cache.load("test", "slot", b"key") is None
    path.chmod(0o600)
    folder.chmod(0o777)
    assert cache.load("test", "slot", b"key") is None
    cache.store("test", "slot", b"key", b"new")  # nor is anything written there
    folder.chmod(0o700)
    assert cache.load("test", "slot", b"key") == b"payload"


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="chown needs root")
def test_a_file_of_another_user_is_a_miss(folder: Path) -> None:
    cache.store("test", "slot", b"key", b"payload")
    os.chown(only_file(folder), 65534, -1)
    assert cache.load("test", "slot", b"key") is None


def test_an_unwritable_cache_is_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    cache.store("test", "slot", b"key", b"payload")
    assert cache.load("test", "slot", b"key") is None


def fresh(path: Path | None) -> Rubric:
    load._load.cache_clear()
    return load.load_rubric(path)


@pytest.mark.parametrize("path", [None, MINI])
def test_the_rubric_read_back_is_the_rubric_checked(
    folder: Path, path: Path | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = fresh(path)
    monkeypatch.setattr(load, "_checked", lambda *args: pytest.fail("not read from the cache"))
    kept = fresh(path)
    assert kept == made
    assert [p.levels for p in kept.problems] == [p.levels for p in made.problems]


def test_a_damaged_or_edited_rubric_is_checked_anew(folder: Path, tmp_path: Path) -> None:
    made = fresh(None)
    path = only_file(folder)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    assert fresh(None) == made  # checked anew
    own = tmp_path / "rubric.yaml"
    shutil.copy(MINI, own)
    assert fresh(own).version == "0.1.0"
    own.write_text(own.read_text(encoding="utf-8").replace("0.1.0", "0.2.0", 1), encoding="utf-8")
    assert fresh(own).version == "0.2.0"


def test_a_compiled_template_read_back_renders_the_same(folder: Path) -> None:
    rubric = load.load_rubric()
    a = assess_files([EXAMPLE], rubric, as_of=dt.date(2026, 12, 6), baselines=(), warnings=[])

    def render() -> str:
        templated.environment.cache_clear()
        return render_report(a, ReportFormat.html, rubric=rubric, lang="nb")

    made = render()
    assert any(p.name.startswith("template-") for p in folder.iterdir())
    assert render() == made
    for path in folder.iterdir():
        path.write_bytes(path.read_bytes()[:-3])  # damaged: compiled anew
    assert render() == made


#: the repository's own catalogue (an installed wheel holds only the compiled .mo)
SOURCE_PO = (
    Path(__file__).resolve().parents[2] / "samarbeid" / "locale" / "nb" / "LC_MESSAGES" / "samarbeid.po"
)


def test_a_catalogue_read_back_is_the_one_its_po_compiles_to(folder: Path, tmp_path: Path) -> None:
    po = tmp_path / "nb.po"
    po.write_bytes(SOURCE_PO.read_bytes())
    made = catalog.mo_bytes(catalog.read_po(po.read_text(encoding="utf-8")))
    assert catalog.compiled(po) == made
    assert any(p.name.startswith("catalogue-") for p in folder.iterdir())
    assert catalog.compiled(po) == made  # read back
    own = tmp_path / "samarbeid.po"
    own.write_text('msgid "cli.app"\nmsgstr "Første"\n', encoding="utf-8")
    first = catalog.compiled(own)
    own.write_text('msgid "cli.app"\nmsgstr "Andre"\n', encoding="utf-8")  # edited: compiled anew
    assert catalog.Catalogue(io.BytesIO(catalog.compiled(own))).gettext("cli.app") == "Andre"
    assert first != catalog.compiled(own)
