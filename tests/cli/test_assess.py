"""``samarbeid assess`` driven by scripted input: prompting, saving after every answer,
resuming, workshop mode, and every check that must happen before the first question."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from samarbeid.commands import assess as command
from samarbeid.errors import InputError, UsageError
from samarbeid.load.answers import load_file
from samarbeid.rubric.model import Rubric
from samarbeid.tty import clean
from testkit import (
    CTRL_C,
    KOMMUNE_ALL,
    MINI,
    PROJECT,
    TODAY,
    Cli,
    Script,
    answer_file,
    answers,
    assess,
    data,
    write,
)

# ---- a new file -----------------------------------------------------------------------


def test_new_file_asks_the_project_first_and_writes_the_ordinary_format(tmp_path: Path, mini: Rubric) -> None:
    """A missing FILE is created from the project details, in init's key order, and loads
    with the strict loader."""
    file = tmp_path / "inderøy helsefag.yaml"
    run = assess(file, [*PROJECT, "4", "q"])
    assert run.code == 0
    assert "finnes ikke ennå" in run.out
    doc = data(file)
    assert list(doc) == ["samarbeid", "project", "status", "respondents"]
    assert doc["project"] == {
        "id": "inderoy-helsefag",
        "name": "Forkurs i helsefag",
        "kommune": "Inderøy kommune",
        "entreprenor": "Maurtuva Vekstgård",
        "phase": "pilot",
        "assessed": TODAY,
    }
    assert doc["status"] == "in_progress"
    assert doc["respondents"] == [
        {"role": "kommune", "status": "in_progress", "answers": {"felles-mal": 4}, "comments": {}}
    ]
    assert "Inderøy" in file.read_text(encoding="utf-8")  # allow_unicode: no \\u escapes
    load_file(file, mini)


def test_project_id_is_turned_into_a_slug_or_asked_again(tmp_path: Path) -> None:
    """A typed id with capitals and æøå becomes a slug; one with no letters is asked again."""
    file = tmp_path / "p.yaml"
    run = assess(file, ["!!!", "Inderøy Helse", "", "", "", "x", "", "q"])
    assert "Bruk små bokstaver" in run.out
    assert "Skriv et tall fra 1 til 5" in run.out  # the phase «x»
    assert data(file)["project"] == {"id": "inderoy-helse", "assessed": TODAY}


def test_ctrl_c_during_the_project_details_saves_nothing(tmp_path: Path) -> None:
    """Before the file exists there is nothing to save: no file, exit 130, and it says so."""
    file = tmp_path / "p.yaml"
    run = assess(file, ["", "Navn", CTRL_C])
    assert run.code == 130
    assert "Ingenting er lagret" in run.out
    assert not file.exists()


# ---- the questions -------------------------------------------------------------------


def test_question_shows_progress_wording_and_numbered_choices(tmp_path: Path) -> None:
    """``[n/total] Dimension``, the role's wording, the scale numbered with labels, then vet
    ikke and ikke relevant (only where the rubric allows it) with their letters."""
    file = write(
        tmp_path / "p.yaml",
        [{"role": "kommune", "answers": {"felles-mal": 4, "roller": 4, "forankringsplan": "ja"}}],
    )
    run = assess(file, ["q"])
    assert "[4/5] Forankring  politisk" in run.out
    assert "Politikerne står bak." in run.out
    for line in ("   1  nei", "   2  delvis", "   3  ja", "   v  vet ikke", "   i  ikke relevant"):
        assert line in run.out
    assert "? hvorfor  ·  b tilbake  ·  s hopp over  ·  q lagre og avslutt" in run.out


def test_only_the_roles_questions_in_the_roles_wording(tmp_path: Path) -> None:
    """The entrepreneur gets its own wording and its own questions (kapasitet, not politisk)."""
    file = tmp_path / "p.yaml"
    run = assess(file, [*PROJECT, "4", "4", "3", "3", "5"], "entreprenor")
    assert "Kommunen har en koordinator." in run.out
    assert "Vi har kapasitet." in run.out
    assert "Politikerne" not in run.out
    assert answers(file) == {
        "felles-mal": 4,
        "roller": 4,
        "forankringsplan": "ja",
        "koordinator": "ja",
        "kapasitet": 5,
    }


def test_english_wording_and_labels_with_lang_en(tmp_path: Path) -> None:
    """--lang en puts the questions, labels and keys in English; the file keeps value ids."""
    file = write(tmp_path / "p.yaml", [{"role": "kommune", "answers": {}}])
    run = assess(file, ["2", "q"], lang="en")
    assert "We share the goal." in run.out
    assert "   4  agree" in run.out
    assert "? why  ·  b back  ·  s skip  ·  q save and quit" in run.out
    assert "samarbeid assess" in run.out and "--lang en" in run.out
    assert answers(file) == {"felles-mal": 2}


def test_every_answer_is_on_disk_before_the_next_question(tmp_path: Path, mini: Rubric) -> None:
    """The file is rewritten after each answer: whenever input is read, it holds (and
    validly so) every answer given until then."""
    file = tmp_path / "p.yaml"
    on_disk: list[int] = []

    def check() -> None:
        if file.exists():
            on_disk.append(len(load_file(file, mini).responses[0].answers))

    run = assess(file, [*PROJECT, "4", "5", "3", "3", "q"], check=check)
    assert run.code == 0
    assert on_disk == [0, 1, 2, 3, 4]


def test_invalid_keys_repeat_the_question_with_a_hint(tmp_path: Path) -> None:
    """Noise, an empty line and an out-of-range number never crash: the question comes again."""
    file = write(tmp_path / "p.yaml", [{"role": "kommune", "answers": {}}])
    run = assess(file, ["hei", "", "9", "3", "q"])
    flat = " ".join(run.out.split())
    assert (
        "«hei» er ikke et valg her. Skriv et tall fra 1 til 5, «v» for vet ikke, eller ?, b, s eller q."
        in flat
    )
    assert "Skriv et tall fra 1 til 5 og trykk Enter, «v» for vet ikke, eller ?, b, s eller q." in flat
    assert "«9» er ikke et valg her" in run.out
    assert run.out.count("[1/5] Forståelse  felles-mal") == 4
    assert answers(file) == {"felles-mal": 3}


def test_question_mark_shows_why_and_the_source(tmp_path: Path) -> None:
    """``?`` prints the help text and the source's title, then waits for an answer."""
    file = write(tmp_path / "p.yaml", [{"role": "kommune", "answers": {}}])
    run = assess(file, ["?", "4", "q"])
    assert "Hvorfor: Viktig." in run.out
    assert "Kilde: Testkilde" in run.out
    assert answers(file) == {"felles-mal": 4}


def test_b_goes_back_and_changes_the_previous_answer(tmp_path: Path) -> None:
    """``b`` shows the previous question with its current answer marked; the new answer
    replaces it in the file, and the session goes on where it was."""
    file = write(tmp_path / "p.yaml", [{"role": "kommune", "answers": {}}])
    run = assess(file, ["4", "5", "b", "3", "1", "q"])
    assert "   5  helt enig   ← svaret nå" in run.out
    assert answers(file) == {"felles-mal": 4, "roller": 3, "forankringsplan": "nei"}


def test_b_on_the_first_question_says_there_is_nothing_before(tmp_path: Path) -> None:
    """Going back from the first question explains itself and asks again."""
    file = write(tmp_path / "p.yaml", [{"role": "kommune", "answers": {}}])
    run = assess(file, ["b", "q"])
    assert "Dette er det første spørsmålet" in run.out


def test_s_skips_and_the_end_names_what_is_left(tmp_path: Path) -> None:
    """A skipped question stays unanswered; at the end the count and the command to answer
    it are shown."""
    file = tmp_path / "p.yaml"
    run = assess(file, [*PROJECT, "s", "5", "3", "3", "3"])
    assert run.code == 0
    assert "felles-mal" not in answers(file)
    assert "1 spørsmål står ubesvart" in run.out
    assert f"samarbeid assess {file} --role kommune --resume --rubric {MINI}" in run.out


def test_low_answer_offers_a_comment_and_stores_it(tmp_path: Path) -> None:
    """1–2 or nei asks for an optional one-line comment; Enter leaves none; high answers
    are not asked."""
    file = write(tmp_path / "p.yaml", [{"role": "kommune", "answers": {}}])
    run = assess(file, ["2", "Målet er   uklart", "4", "1", "", "q"])
    assert run.out.count("Vil du si hvorfor?") == 2
    doc = data(file)["respondents"][0]
    assert doc["answers"] == {"felles-mal": 2, "roller": 4, "forankringsplan": "nei"}
    assert doc["comments"] == {"felles-mal": "Målet er uklart"}


def test_ikke_relevant_asks_why(tmp_path: Path) -> None:
    """Choosing «ikke relevant» asks for the reason, stored as the question's comment."""
    file = write(
        tmp_path / "p.yaml",
        [{"role": "kommune", "answers": {"felles-mal": 4, "roller": 4, "forankringsplan": "ja"}}],
    )
    run = assess(file, ["i", "Ingen politisk sak", "q"])
    assert "Hvorfor er det ikke relevant?" in run.out
    doc = data(file)["respondents"][0]
    assert doc["answers"]["politisk"] == "ikke_relevant"
    assert doc["comments"] == {"politisk": "Ingen politisk sak"}


def test_a_comment_can_be_kept_or_deleted_when_the_answer_is_changed(tmp_path: Path) -> None:
    """Back on a low answer, the existing comment is shown: Enter keeps it, - deletes it."""
    file = write(tmp_path / "p.yaml", [{"role": "kommune", "answers": {}}])
    assess(file, ["1", "Første", "b", "2", "", "q"])
    assert data(file)["respondents"][0]["comments"] == {"felles-mal": "Første"}
    run = assess(file, ["b", "1", "-", "q"])
    assert "Kommentaren nå: «Første»" in run.out
    assert data(file)["respondents"][0]["comments"] == {}


# ---- stopping and resuming -------------------------------------------------------------


def test_q_saves_quits_and_prints_the_command_to_resume(tmp_path: Path) -> None:
    """``q`` exits 0 with the exact command; resuming asks only what is not answered."""
    file = tmp_path / "p.yaml"
    first = assess(file, [*PROJECT, "4", "5", "q"])
    assert first.code == 0
    assert "2 av 5 spørsmål er besvart" in " ".join(first.out.split())
    assert f"  samarbeid assess {file} --role kommune --resume --rubric {MINI}" in first.out
    second = assess(file, ["3", "3", "3"])
    assert "Fortsetter i" in second.out
    assert "[1/5]" not in second.out and "[2/5]" not in second.out
    assert second.out.index("[3/5]") < second.out.index("[4/5]") < second.out.index("[5/5]")
    assert answers(file) == {
        "felles-mal": 4,
        "roller": 5,
        "forankringsplan": "ja",
        "politisk": "ja",
        "koordinator": "ja",
    }


def test_ctrl_c_saves_and_prints_the_exact_command(tmp_path: Path) -> None:
    """Ctrl-C exits 130, says everything is saved, and names the resume command with the
    respondent's unit and name, quoted for the shell."""
    file = tmp_path / "mitt prosjekt.yaml"
    run = assess(file, [*PROJECT, "4", CTRL_C], unit="Helse og omsorg", name="Kari")
    assert run.code == 130
    assert "Avbrutt. Alle svarene er lagret" in run.out
    who = "--role kommune --unit 'Helse og omsorg' --name Kari --resume"
    expected = f"samarbeid assess '{file}' {who} --rubric {MINI}"
    assert f"  {expected}\n" in run.out
    assert data(file)["respondents"][0]["answers"] == {"felles-mal": 4}


@pytest.mark.parametrize(("lines", "ends"), [([CTRL_C], "Fortsett med:"), (["q"], "Fortsett senere med:")])
def test_the_resume_command_follows_its_announcement_directly(
    tmp_path: Path, lines: list[object], ends: str
) -> None:
    """After Ctrl-C or ``q``, with «vet ikke» answered (which adds a note), the line that
    says how to go on is followed directly by the command: nothing comes between them."""
    file = tmp_path / "p.yaml"
    run = assess(file, [*PROJECT, "v", *lines])
    assert "«Vet ikke» (1)" in run.out  # the note is there, before
    out = run.out.splitlines()
    said = next(n for n, line in enumerate(out) if line.rstrip().endswith(ends))
    assert out[said + 1] == f"  samarbeid assess {file} --role kommune --resume --rubric {MINI}"


def test_ctrl_c_at_the_comment_prompt_keeps_the_answer(tmp_path: Path) -> None:
    """The low answer is saved before its comment is asked, so only the comment is lost."""
    file = write(tmp_path / "p.yaml", [{"role": "kommune", "answers": {}}])
    run = assess(file, ["1", CTRL_C])
    assert run.code == 130
    assert answers(file) == {"felles-mal": 1}


def test_end_of_input_is_treated_like_ctrl_c(tmp_path: Path) -> None:
    """A closed input stream saves and stops like an interruption, never a traceback."""
    file = write(tmp_path / "p.yaml", [{"role": "kommune", "answers": {}}])
    run = assess(file, ["4"])
    assert run.code == 130
    assert answers(file) == {"felles-mal": 4}


def test_resume_finds_the_respondent_by_identity_and_never_duplicates_it(tmp_path: Path) -> None:
    """Unit and name match without case; the existing block is continued, not repeated,
    and its spelling is kept."""
    file = write(
        tmp_path / "p.yaml",
        [
            {"role": "kommune", "unit": "Oppvekst", "name": "Kari Nordmann", "answers": {"felles-mal": 4}},
            {"role": "entreprenor", "answers": {"felles-mal": 2}},
        ],
    )
    run = assess(file, ["5", "q"], unit="oppvekst", name="KARI NORDMANN")
    assert "--unit Oppvekst --name 'Kari Nordmann'" in run.out
    doc = data(file)
    assert [r["role"] for r in doc["respondents"]] == ["kommune", "entreprenor"]
    assert doc["respondents"][0]["unit"] == "Oppvekst"
    assert doc["respondents"][0]["answers"] == {"felles-mal": 4, "roller": 5}
    assert doc["respondents"][1]["answers"] == {"felles-mal": 2}


def test_the_resume_command_after_a_unit_renamed_by_hand_refuses_instead_of_duplicating(
    tmp_path: Path,
) -> None:
    """The printed command resumes (``--resume``): when the unit it names was renamed in the
    file meanwhile, it stops before any question, names the respondents the file has for the
    role, and adds no second block; the same command without the rename resumes."""
    file = write(tmp_path / "p.yaml", [{"role": "entreprenor", "answers": {"felles-mal": 2}}])
    run = assess(file, ["4", "q"], unit="Oppvekst")
    line = next(x for x in run.out.splitlines() if "samarbeid assess" in x)
    assert f"--role kommune --unit Oppvekst --resume --rubric {MINI}" in line
    assert assess(file, ["q"], unit="Oppvekst", resume=True).code == 0
    file.write_text(file.read_text(encoding="utf-8").replace("unit: Oppvekst", "unit: Oppvekst og skole"))
    with pytest.raises(UsageError) as refused:
        assess(file, ["5", "q"], unit="Oppvekst", resume=True)
    said = refused.value.render("nb")
    assert refused.value.code == "assess.not_in_file" and "kommune (Oppvekst og skole)" in said
    assert [r.get("unit") for r in data(file)["respondents"]] == [None, "Oppvekst og skole"]


def test_a_new_unit_in_an_existing_file_is_a_new_respondent(tmp_path: Path, mini: Rubric) -> None:
    """A unit that fits no block adds one respondent, once, however often it is resumed."""
    file = write(tmp_path / "p.yaml", [{"role": "kommune", "unit": "Oppvekst", "answers": {}}])
    assess(file, ["4", "q"], unit="Helse")
    assess(file, ["4", "q"], unit="Helse")
    doc = data(file)
    assert [(r.get("unit"), r["answers"]) for r in doc["respondents"]] == [
        ("Oppvekst", {}),
        ("Helse", {"felles-mal": 4, "roller": 4}),
    ]
    load_file(file, mini)


def test_resuming_an_init_file_uses_its_blank_block(tmp_path: Path, cli: Cli, mini: Rubric) -> None:
    """A file from ``samarbeid init`` is resumed in place: its kommune block gets the
    answers, its blank placeholders stay for the questions not answered yet, and the
    entrepreneur's block stays as it was."""
    file = tmp_path / "p.yaml"
    assert cli("--rubric", MINI, "init", file).exit_code == 0
    blank = data(file)
    assess(file, ["4", "q"])
    doc = data(file)
    assert [r["role"] for r in doc["respondents"]] == ["kommune", "entreprenor"]
    assert doc["respondents"][0]["answers"] == {**blank["respondents"][0]["answers"], "felles-mal": 4}
    assert doc["respondents"][1] == blank["respondents"][1]
    assert load_file(file, mini).responses[0].answers == {"felles-mal": 4}


def test_rewriting_keeps_everything_else_in_the_file(tmp_path: Path, mini: Rubric) -> None:
    """Project details, accepted risks and other respondents (with their comments and their
    blank placeholders, ``question:`` with no value) survive the rewrite unchanged."""
    file = tmp_path / "p.yaml"
    file.write_text(
        "samarbeid: 1\n"
        "project:\n  id: p\n  name: Prosjekt\n  phase: pilot\n  assessed: 2024-03-01\n"
        "status: in_progress\n"
        "respondents:\n"
        "  - role: entreprenor\n    name: Ola\n    answers:\n      felles-mal: 2\n      roller:\n"
        "    comments:\n      felles-mal: Uklart.\n"
        "  - role: kommune\n    answers: {}\n"
        "accepted:\n  - rule: mangler-koordinator\n    reason: Ny koordinator i januar.\n"
        "    by: Rådmannen\n    until: 2030-01-01\n",
        encoding="utf-8",
    )
    before = load_file(file, mini).model
    assess(file, ["4", "q"])
    after = load_file(file, mini).model
    assert after.project == before.project
    assert after.accepted == before.accepted
    assert after.respondents[0] == before.respondents[0]
    assert after.respondents[1].answers == {"felles-mal": 4}


def test_answers_written_by_someone_else_meanwhile_are_kept(tmp_path: Path) -> None:
    """If another process adds a respondent while the session runs, the next save keeps it."""
    file = write(tmp_path / "p.yaml", [{"role": "kommune", "answers": {}}])
    reads = 0

    def other_writer() -> None:
        nonlocal reads
        reads += 1
        if reads == 2:  # after the first answer was saved
            write(
                file,
                [
                    {"role": "kommune", "answers": {"felles-mal": 4}},
                    {"role": "entreprenor", "answers": {"kapasitet": 2}},
                ],
            )

    assess(file, ["4", "5", "q"], check=other_writer)
    doc = data(file)
    assert doc["respondents"][1] == {"role": "entreprenor", "answers": {"kapasitet": 2}}
    assert doc["respondents"][0]["answers"] == {"felles-mal": 4, "roller": 5}


# ---- the end ---------------------------------------------------------------------------


def test_the_end_marks_the_respondent_complete_and_shows_a_one_sided_report(
    tmp_path: Path, mini: Rubric
) -> None:
    """After the last question: the respondent complete, the file not (only one party has
    answered), the report, and a clear note on how the other party adds its answers."""
    file = tmp_path / "p.yaml"
    run = assess(file, [*PROJECT, *KOMMUNE_ALL])
    assert run.code == 0
    doc = data(file)
    assert doc["respondents"][0]["status"] == "complete"
    assert doc["status"] == "in_progress"
    assert "Ferdig: 5 av 5 spørsmål er besvart" in run.out
    assert "Samarbeidshelse: Forkurs i helsefag" in run.out
    assert "Svarene fra entreprenøren mangler" in run.out
    assert f"  samarbeid assess {file} --role entreprenor --rubric {MINI}" in run.out
    load_file(file, mini)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_closing_report_names_a_command_for_the_details_that_works(
    tmp_path: Path, cli: Cli, lang: str
) -> None:
    """The report at the end does not say «run with --detail» (assess has no --detail): it
    names the report command, and that command gives the detailed report."""
    file = tmp_path / "p.yaml"
    run = assess(file, [*PROJECT, *KOMMUNE_ALL], lang=lang)
    assert run.code == 0
    command = (
        f"samarbeid report {file} --detail"
        + (f" --lang {lang}" if lang != "nb" else "")
        + f" --rubric {MINI}"
    )
    last = [line for line in run.out.splitlines() if "--detail" in line]
    assert len(last) == 1 and last[0].endswith(command), last
    detailed = cli(*command.split()[1:])
    assert detailed.exit_code == 0, detailed.stderr
    assert " · id: p · " in detailed.stdout  # the project's id: the detailed report


def test_when_both_parties_have_answered_the_report_is_whole(tmp_path: Path) -> None:
    """With the other party complete in the file, no note about missing answers; the file
    becomes complete."""
    file = write(
        tmp_path / "p.yaml",
        [
            {
                "role": "entreprenor",
                "status": "complete",
                "answers": {
                    "felles-mal": 2,
                    "roller": 4,
                    "forankringsplan": "delvis",
                    "koordinator": "ja",
                    "kapasitet": 3,
                },
            }
        ],
    )
    run = assess(file, KOMMUNE_ALL)
    assert "Samarbeidshelse" in run.out
    assert "mangler" not in run.out.split("Samarbeidshelse")[1]
    doc = data(file)
    assert doc["status"] == "complete"
    assert [r["role"] for r in doc["respondents"]] == ["entreprenor", "kommune"]


def test_an_already_complete_respondent_goes_straight_to_the_report(tmp_path: Path) -> None:
    """Nothing is asked again when every question has an answer."""
    file = write(
        tmp_path / "p.yaml",
        [
            {
                "role": "kommune",
                "answers": {
                    "felles-mal": 4,
                    "roller": 5,
                    "forankringsplan": "ja",
                    "politisk": "ja",
                    "koordinator": "ja",
                },
            }
        ],
    )
    run = assess(file, [])
    assert run.code == 0
    assert run.script.reads == []
    assert "har allerede svart på alle spørsmålene" in run.out
    assert data(file)["respondents"][0]["status"] == "complete"


# ---- workshop -------------------------------------------------------------------------


def test_workshop_asks_each_party_in_turn_with_hidden_answers(tmp_path: Path) -> None:
    """Two roles: each question goes to kommune, then entrepreneur; answers are read
    without echo; both are shown once both have answered, with a note when far apart."""
    file = tmp_path / "p.yaml"
    run = assess(file, [*PROJECT, "5", "1", "Uenige om målet", "q"], "kommune", "entreprenor")
    out = run.out
    assert out.index("Kommunen svarer") < out.index("Entreprenøren svarer") < out.index("Svarene:")
    assert "Svarene: kommunen: 5 helt enig · entreprenøren: 1 helt uenig" in out
    assert "Dere svarer ulikt her" in out
    assert "sosial entreprenør: Vil du si hvorfor?" in out
    assert run.script.reads[len(PROJECT) : len(PROJECT) + 2] == [True, True]
    doc = data(file)
    assert [(r["role"], r["answers"]) for r in doc["respondents"]] == [
        ("kommune", {"felles-mal": 5}),
        ("entreprenor", {"felles-mal": 1}),
    ]
    assert doc["respondents"][1]["comments"] == {"felles-mal": "Uenige om målet"}
    assert "--role kommune --role entreprenor" in out


def test_workshop_does_not_show_the_first_answer_to_the_second_party(tmp_path: Path) -> None:
    """Between the first party's answer and the second party's, nothing names the answer."""
    file = write(
        tmp_path / "p.yaml", [{"role": "kommune", "answers": {}}, {"role": "entreprenor", "answers": {}}]
    )
    run = assess(file, ["3", "q"], "kommune", "entreprenor")
    between = run.out.split("Kommunen svarer")[1]
    assert "svaret nå" not in between and "Svarene" not in between


def test_workshop_refuses_unit_and_name(tmp_path: Path) -> None:
    """--unit/--name describe one person: with two roles it is a usage error."""
    with pytest.raises(UsageError) as info:
        assess(tmp_path / "p.yaml", [], "kommune", "entreprenor", unit="Oppvekst")
    assert info.value.code == "assess.workshop_identity"


# ---- checked before the first question -------------------------------------------------


def test_invalid_existing_file_is_refused_before_any_question(tmp_path: Path) -> None:
    """A broken file gives the usual FILE:LINE:COL lines, and nothing is asked or written."""
    file = tmp_path / "p.yaml"
    file.write_text(
        "samarbeid: 1\nproject:\n  id: x\nrespondents:\n  - role: kommune\n"
        "    answers:\n      felles-mal: 7\n",
        encoding="utf-8",
    )
    before = file.read_bytes()
    script = Script(["4"])
    with pytest.raises(InputError) as info:
        command.run(
            file,
            roles=["kommune"],
            unit=None,
            name=None,
            lang="nb",
            rubric_path=MINI,
            color=False,
            reader=script,
            require_tty=False,
        )
    assert info.value.lines("nb") == [
        f"{file}:7:19: error: ugyldig svar 7 på 'felles-mal'; tillatt: 1, 2, 3, 4, 5, vet_ikke"
    ]
    assert script.reads == []
    assert file.read_bytes() == before


def test_a_newer_file_format_is_refused_before_any_question(tmp_path: Path) -> None:
    """``samarbeid: 2`` is not silently rewritten as version 1."""
    file = tmp_path / "p.yaml"
    file.write_text("samarbeid: 2\nproject:\n  id: x\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        assess(file, ["4"])
    assert "ukjent filformat samarbeid: 2" in info.value.lines("nb")[0]


def test_answers_for_another_rubric_are_refused_before_any_question(tmp_path: Path) -> None:
    """A file answered against another rubric fails with the unknown question and a hint."""
    file = write(tmp_path / "p.yaml", [{"role": "kommune", "answers": {"roller": 4}}])
    script = Script(["4"])
    with pytest.raises(InputError) as info:
        command.run(
            file,
            roles=["kommune"],
            unit=None,
            name=None,
            lang="nb",
            rubric_path=None,
            color=False,
            reader=script,
            require_tty=False,
        )
    assert "ukjent spørsmål 'roller'" in info.value.lines("nb")[0]
    assert script.reads == []


def test_unwritable_folder_is_refused_before_any_question(tmp_path: Path) -> None:
    """A FILE in a folder that does not exist fails at once (exit 2), before the details."""
    script = Script(["", "", "", "", ""])
    with pytest.raises(UsageError) as info:
        command.run(
            tmp_path / "finnes-ikke" / "p.yaml",
            roles=["kommune"],
            unit=None,
            name=None,
            lang="nb",
            rubric_path=MINI,
            color=False,
            reader=script,
            require_tty=False,
        )
    assert info.value.code == "file.write_failed_at"
    assert script.reads == []


def test_ambiguous_respondent_is_refused_before_any_question(tmp_path: Path) -> None:
    """Two kommune blocks and no --unit/--name: the user is told to pick one."""
    file = write(
        tmp_path / "p.yaml",
        [{"role": "kommune", "unit": "A", "answers": {}}, {"role": "kommune", "unit": "B", "answers": {}}],
    )
    with pytest.raises(UsageError) as info:
        assess(file, ["4"])
    assert info.value.render("nb") == (
        f"error: {file} har flere respondenter for kommune: kommune (A); kommune (B); "
        "velg med --unit og/eller --name"
    )


def test_without_a_terminal_assess_refuses_with_exit_2(cli: Cli, tmp_path: Path) -> None:
    """No TTY (a pipe, CI): exit 2 and a message pointing to init and report; no file."""
    file = tmp_path / "p.yaml"
    result = cli("assess", file, "--role", "kommune")
    assert result.exit_code == 2
    assert "trenger en interaktiv terminal" in result.stderr
    assert f"samarbeid init {file}" in result.stderr and f"samarbeid report {file}" in result.stderr
    assert not file.exists()


def test_without_a_terminal_the_installed_command_refuses_too(tmp_path: Path) -> None:
    """The real console script with stdin from /dev/null exits 2 with one line on stderr."""
    exe = Path(sys.executable).with_name("samarbeid")
    proc = subprocess.run(
        [str(exe), "--lang", "en", "assess", str(tmp_path / "p.yaml"), "--role", "kommune"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: assess is a checklist for the terminal")
    assert proc.stderr.count("\n") == 1


def test_assess_is_listed_in_the_help(cli: Cli) -> None:
    """``samarbeid --help`` names the command."""
    assert "assess" in cli("--help").stdout


def test_role_is_required(cli: Cli, tmp_path: Path) -> None:
    """``--role`` has no default: a usage error, exit 2."""
    assert cli("assess", tmp_path / "p.yaml").exit_code == 2


# ---- helpers ---------------------------------------------------------------------------


def test_typed_lines_lose_escape_sequences_and_control_characters() -> None:
    """Arrow keys and bells typed into a comment do not end up in the file."""
    assert clean("Ingen \x1b[Akoordinator\x07\r\n") == "Ingen koordinator"


def test_value_labels_in_both_languages_answer_like_their_number(tmp_path: Path) -> None:
    """The words a user may type come from the prompting side: «enig» and "agree" both
    answer 4, whatever --lang is."""
    file = write(tmp_path / "p.yaml", [{"role": "kommune", "answers": {}}])
    assess(file, ["agree", "helt enig", "q"])
    assert answers(file) == {"felles-mal": 4, "roller": 5}


def test_the_closing_report_judges_accepted_risks_by_today(tmp_path: Path) -> None:
    """The closing report is ``samarbeid report`` as of today: an acceptance whose date has
    passed shows as «akseptert, utløpt», as in ``report``."""
    file = tmp_path / "p.yaml"
    file.write_text(
        answer_file([{"role": "kommune", "answers": {}}], status="in_progress")
        + "accepted:\n- rule: mangler-koordinator\n  reason: Ny koordinator i januar.\n"
        "  by: Rådmannen\n  until: 2024-01-31\n",
        encoding="utf-8",
    )
    run = assess(file, ["4", "4", "3", "3", "1", ""])  # koordinator: nei
    assert run.code == 0
    # The acceptance ran out on 31 January: the finding counts again, as in ``report``.
    assert "KRITISK Ingen koordinator" in run.out


def test_the_level_and_what_to_do_first_are_the_last_thing_on_the_screen(tmp_path: Path) -> None:
    """The closing report is longer than a 24-line window: the level and the priorities are said
    again at its end, so they have not scrolled away when the session ends."""
    run = assess(tmp_path / "p.yaml", [*PROJECT, *KOMMUNE_ALL])
    assert run.code == 0
    tail = run.out.rstrip().splitlines()[-12:]
    assert any(line.startswith("Samlet nivå: ") for line in tail), tail
    assert any(line.startswith("1. ") for line in tail), tail
