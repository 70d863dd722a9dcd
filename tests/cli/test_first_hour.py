"""A new user's first hour with an answer file (issue 15, the answer-file side; issue 14 §2):
comments filled in by hand, ``init --id`` with free text, project details that differ between
merged files, and the Norwegian words people type for statuses, roles and phases.

The indentation errors are pinned by the cases ``innrykk-*`` in ``tests/bad_inputs/``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from samarbeid.answerwriter import Block, blank, updated
from samarbeid.i18n import t
from samarbeid.load.answers import load_bytes
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import ALIASES, Lang, Phase, Role, Status, Vocab
from testkit import ROOT, Cli

EXAMPLE = ROOT / "examples" / "sunt-samarbeid.yaml"

# ---- comments in the blank file ----------------------------------------------------------------


def _uncomment_examples(text: str) -> str:
    """``text`` with the commented example line under each ``comments:`` made a real line, as
    a person would do it: delete the ``#`` and the space after it."""
    return re.sub(r"(    comments:[^\n]*\n      )# ", r"\1", text)


@pytest.mark.parametrize("lang", list(Lang))
def test_uncommenting_inits_example_comment_gives_a_valid_file_with_that_comment(
    lang: Lang, default_rubric: Rubric
) -> None:
    text = blank(default_rubric, list(Role), project_id="p", lang=lang)
    assert "comments: {}" not in text
    filled = _uncomment_examples(text)
    assert filled != text
    model = load_bytes(filled.encode(), "p.yaml", default_rubric).model
    for entry in model.respondents:
        first = default_rubric.questions_for(entry.role)[0].id
        assert entry.comments == {first: t("init.c_comment_example", lang)}


def test_a_comment_added_on_the_line_under_comments_is_read(default_rubric: Rubric) -> None:
    """What the README shows: a comment on the line under ``comments:``, indented like the answers."""
    text = blank(default_rubric, [Role.kommune], project_id="p", lang="nb")
    added = text.replace(
        "    comments:", "    comments:\n      felles-mal: Vi er ikke enige om målet ennå.", 1
    )
    model = load_bytes(added.encode(), "p.yaml", default_rubric).model
    assert model.respondents[0].comments == {"felles-mal": "Vi er ikke enige om målet ennå."}


def test_empty_answers_and_comments_are_none(default_rubric: Rubric) -> None:
    text = "samarbeid: 1\nproject:\n  id: p\nrespondents:\n  - role: kommune\n    answers:\n    comments:\n"
    entry = load_bytes(text.encode(), "p.yaml", default_rubric).model.respondents[0]
    assert entry.answers == {} and entry.comments == {}


def test_the_writer_fills_in_comments_under_inits_example_and_keeps_it(default_rubric: Rubric) -> None:
    text = blank(default_rubric, list(Role), project_id="p", lang="nb")
    model = load_bytes(text.encode(), "p.yaml", default_rubric).model
    block = Block(Role.kommune, None, None, Status.in_progress, {"felles-mal": 4}, {"felles-mal": "Et mål"})
    new = updated(text, model, [block], default_rubric)
    assert new.count("# felles-mal: " + t("init.c_comment_example", "nb")) == 2  # the example stays
    again = load_bytes(new.encode(), "p.yaml", default_rubric).model
    assert again.respondents[0].comments == {"felles-mal": "Et mål"}
    assert again.respondents[1].comments == {}
    # the other block is as init wrote it: its example can still be uncommented
    other = new[new.index("- role: entreprenor") :]
    assert load_bytes((new[: -len(other)] + _uncomment_examples(other)).encode(), "p.yaml", default_rubric)


# ---- init --id ----------------------------------------------------------------------------------


def test_init_makes_a_free_text_id_into_an_id_and_says_so(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "k.yaml"
    result = cli("init", "--id", "Mitt Prosjekt", target)
    assert result.exit_code == 0, result.stderr
    assert "Bruker id-en mitt-prosjekt." in result.stderr
    assert "  id: mitt-prosjekt  #" in target.read_text(encoding="utf-8")
    assert cli("validate", target).exit_code == 0


@pytest.mark.parametrize("given", ["!!!", "—", "   "])
def test_init_refuses_an_id_nothing_is_left_of(cli: Cli, tmp_path: Path, given: str) -> None:
    target = tmp_path / "k.yaml"
    result = cli("--lang", "en", "init", "--id", given, target)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f'error: --id "{given}" cannot be made into an id: use lower-case letters a–z, digits and '
        "hyphens, for example --id k"
    )
    assert not target.exists()


def test_init_keeps_an_id_that_is_one(cli: Cli, tmp_path: Path) -> None:
    result = cli("init", "--id", "heimdal-2", tmp_path / "k.yaml")
    assert result.exit_code == 0 and "id-en" not in result.stderr


# ---- merging files whose project details differ ------------------------------------------------


def _split(tmp_path: Path, **changes: str) -> tuple[Path, Path]:
    """The example as two files, one per party; the entreprenør's with ``changes`` to its project.
    The kommune's comes first in path order, so its details name the project."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    files = []
    for role, extra in ((Role.kommune, {}), (Role.entreprenor, changes)):
        part = dict(data, project={**data["project"], **extra})
        part["respondents"] = [r for r in data["respondents"] if r["role"] == role]
        path = tmp_path / f"{len(files) + 1}-{role}.yaml"
        path.write_text(yaml.safe_dump(part, allow_unicode=True, sort_keys=False), encoding="utf-8")
        files.append(path)
    return files[0], files[1]


def test_merging_files_with_different_project_details_warns_once_per_field(cli: Cli, tmp_path: Path) -> None:
    kommune, entreprenor = _split(
        tmp_path, phase="pilot", name="Drivkraft", entreprenor="drivkraft  ungdom sa"
    )
    result = cli("report", kommune, entreprenor, "-f", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["project"]["phase"] == "operation"
    assert report["project"]["name"] == "Drivkraft – fritidstilbud for ungdom i utenforskap"
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"{entreprenor}:4:9: warning: name er 'Drivkraft' her, men 'Drivkraft – fritidstilbud for ungdom i "
        f"utenforskap' i {kommune}; rapporten bruker 'Drivkraft – fritidstilbud for ungdom i utenforskap' "
        "— skriv det samme i alle filene til prosjektet",
        f"{entreprenor}:7:10: warning: phase er 'pilot' her, men 'drift' i {kommune}; rapporten bruker "
        "'drift' — skriv det samme i alle filene til prosjektet",
    ]  # entreprenor differs only in case and spacing: no warning


def test_the_same_phase_in_other_words_is_no_difference(cli: Cli, tmp_path: Path) -> None:
    kommune, entreprenor = _split(tmp_path, phase="drift")
    result = cli("report", kommune, entreprenor)
    assert result.exit_code == 0 and "warning" not in result.stderr


def test_merge_warnings_are_in_english_with_lang_en(cli: Cli, tmp_path: Path) -> None:
    kommune, entreprenor = _split(tmp_path, phase="avslutning")
    result = cli("--lang", "en", "report", kommune, entreprenor)
    assert result.stderr.strip() == (
        f"{entreprenor}:7:10: warning: phase is 'ending' here but 'operation' in {kommune}; "
        "the report uses 'operation' — write the same in every file of the project"
    )


# ---- Norwegian words as aliases ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "role", "phase", "want"),
    [
        ("ferdig", "entreprenør", "drift", ("complete", "entreprenor", "operation")),
        ("Ferdig", "Kommunen", "Idé", ("complete", "kommune", "idea")),
        ("under arbeid", "sosial entreprenør", "ide", ("in_progress", "entreprenor", "idea")),
        ("pågår", "kommune", "planlegging", ("in_progress", "kommune", "planning")),
        ("ikkje ferdig", "entreprenøren", "avslutting", ("in_progress", "entreprenor", "ending")),
        ("complete", "entreprenor", "avslutning", ("complete", "entreprenor", "ending")),
    ],
)
def test_norwegian_words_are_read_as_the_ids(
    cli: Cli, tmp_path: Path, status: str, role: str, phase: str, want: tuple[str, str, str]
) -> None:
    path = tmp_path / "n.yaml"
    path.write_text(
        f"samarbeid: 1\nproject:\n  id: p\n  phase: {phase}\nstatus: {status}\n"
        f"respondents:\n  - role: {role}\n    status: {status}\n    answers:\n      felles-mal: 4\n",
        encoding="utf-8",
    )
    result = cli("report", path, "-f", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["status"], report["respondents"][0]["role"], report["project"]["phase"]) == want


@pytest.mark.parametrize("vocab", [Role, Status, Phase])
@pytest.mark.parametrize("lang", [Lang.nb, Lang.nn])
def test_every_word_the_tool_says_for_a_member_is_read_back(vocab: type[Vocab], lang: Lang) -> None:
    """What the report and assess call a status, a role or a phase, a person may write."""
    for member in vocab:
        word = t(f"{vocab.__name__.lower()}.{member.value}", lang)
        assert vocab.parse(word) is member, (word, member)


def test_aliases_are_data_each_naming_a_member_and_no_id() -> None:
    for vocab, words in ALIASES.items():
        for word, target in words.items():
            assert vocab(target).value == target
            assert word not in vocab.ids()


def test_init_offers_the_phases_in_the_users_words(default_rubric: Rubric) -> None:
    text = blank(default_rubric, [Role.kommune], project_id="p", lang="nb")
    assert "  phase:  # idé | planlegging | pilot | drift | avslutning\n" in text
    filled = text.replace("  phase:", "  phase: drift", 1)
    assert load_bytes(filled.encode(), "p.yaml", default_rubric).model.project.phase == "operation"


def test_the_schema_takes_the_norwegian_words_too(cli: Cli) -> None:
    """An editor checking the file against `samarbeid schema answers` accepts what samarbeid reads."""
    import jsonschema  # type: ignore[import-untyped]

    schema = json.loads(cli("schema", "answers").stdout)
    data = {
        "samarbeid": 1,
        "project": {"id": "p", "phase": "drift"},
        "status": "under arbeid",
        "respondents": [{"role": "entreprenør", "status": "ferdig", "answers": None, "comments": None}],
    }
    jsonschema.validate(data, schema)
    data["status"] = "ferdg"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
