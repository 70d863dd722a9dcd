"""`batch` groups a project's files by the id in their head before scoring (docs/design.md
§6): each file is read once, and every format says byte for byte what the fallback (every
file alone first, then each project's files together) says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import samarbeid.load.answers
import samarbeid.load.scan
from testkit import ROOT, Cli

FORMATS = ["jsonl", "json", "csv", "table", "markdown", "junit", "html"]


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """The examples: one project in one file per party, earlier rounds, a broken file, and a
    file whose head does not tell its id (its project id in quotes, after a flow mapping)."""
    folder = tmp_path / "svar"
    shutil.copytree(ROOT / "examples", folder, ignore=shutil.ignore_patterns("invalid"))
    shutil.copy(ROOT / "examples" / "invalid" / "dobbel-nokkel.yaml", folder / "brutt.yaml")
    text = (ROOT / "examples" / "delt" / "kommune.yaml").read_text(encoding="utf-8")
    (folder / "delt" / "kommune.yaml").write_text(text.replace("samarbeid: 1\n", "samarbeid: {v: 1}\n"))
    return folder


def batch(cli: Cli, folder: Path, fmt: str, out: Path) -> tuple[bytes, str]:
    result = cli("batch", folder, "-f", fmt, "-o", out, "--jobs", "1", "--as-of", "2026-06-01", "--exit-zero")
    return out.read_bytes(), result.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_grouping_first_says_what_the_fallback_says(
    cli: Cli, portfolio: Path, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    grouped = batch(cli, portfolio, fmt, tmp_path / f"a.{fmt}")
    monkeypatch.setattr(samarbeid.load.scan, "project_id", lambda path: None)
    alone = batch(cli, portfolio, fmt, tmp_path / f"b.{fmt}")
    assert grouped == alone
    assert b"strandvik-verkstedet-ung" in grouped[0] and "error" in grouped[1]


def test_one_file_per_party_is_read_once(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    load_file = samarbeid.load.answers.load_file

    def counted(path: Path, *args: object) -> samarbeid.load.answers.LoadedFile:
        read.append(str(path))
        return load_file(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(samarbeid.load.answers, "load_file", counted)
    batch(cli, ROOT / "examples" / "delt", "jsonl", tmp_path / "out.jsonl")
    assert sorted(read) == [str(ROOT / "examples" / "delt" / f) for f in ("entreprenor.yaml", "kommune.yaml")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_gets_the_bytes_standard_output_gets(
    cli: Cli, portfolio: Path, tmp_path: Path, fmt: str
) -> None:
    """The pieces are copied into an ``-o`` file as the bytes they were spilled as, and
    written to standard output as text: the same output either way (for HTML, the same
    sections that the page has room for)."""
    written, _ = batch(cli, portfolio, fmt, tmp_path / f"ut.{fmt}")
    shown = cli("batch", portfolio, "-f", fmt, "--jobs", "1", "--as-of", "2026-06-01", "--exit-zero")
    assert shown.stdout_bytes == written
