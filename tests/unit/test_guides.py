"""The user guides in bokmål and nynorsk (docs/brukerveiledning.md, docs/brukarrettleiing.md):
they cover every command, the nynorsk one is nynorsk, and the README links to them first."""

from __future__ import annotations

import re

import pytest
import typer

from nynorsk import bokmal_words
from samarbeid.cli import app
from testkit import ROOT

GUIDES = {"nb": ROOT / "docs" / "brukerveiledning.md", "nn": ROOT / "docs" / "brukarrettleiing.md"}


def guide(lang: str) -> str:
    return GUIDES[lang].read_text(encoding="utf-8")


def prose(text: str) -> str:
    """The guide's own words: no code blocks, no `code`."""
    return re.sub(r"`[^`\n]*`", " ", re.sub(r"```.*?```", " ", text, flags=re.S))


@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_every_command_is_shown_in_the_guide(lang: str) -> None:
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert len(commands) >= 10
    missing = [c for c in commands if not re.search(rf"samarbeid (?:--lang nn )?{c}\b", guide(lang))]
    assert missing == []


@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_the_guide_covers_what_a_user_does(lang: str) -> None:
    text = guide(lang)
    for needed in (
        "pipx install",
        "--role kommune --role entreprenor",
        "Nettskjema",
        "Microsoft Forms",
        "KoboToolbox",
        "-o rapport.pdf",
        "--names",
        "--comments",
        "tiltaksplan",
        "samarbeid --lang nn batch" if lang == "nn" else "samarbeid batch",
        "prosjekt.yaml:12:11",
        "| 130 |",
    ):
        assert needed in text, needed


def test_the_nynorsk_guide_has_no_bokmal_forms() -> None:
    assert bokmal_words(prose(guide("nn"))) == []


def test_the_bokmal_guide_is_not_nynorsk() -> None:
    nynorsk_only = {"ikkje", "kva", "kven", "korleis", "frå", "berre", "eit", "ein", "dei", "òg", "medan"}
    words = {w.lower() for w in re.findall(r"\w+", prose(guide("nb")))}
    assert words & nynorsk_only == set()


def test_the_readme_links_to_the_guides_before_any_other_document() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\((docs/[^)#]+)", readme)
    assert links[:2] == ["docs/brukerveiledning.md", "docs/brukarrettleiing.md"]
