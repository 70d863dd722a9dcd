"""The checklist engine (samarbeid.interview.engine): what is asked next, answering, skipping, going
back, and what a typed key means. Pure: no files, no terminal, no message catalogue."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from samarbeid.interview.engine import (
    Answer,
    Back,
    Help,
    Interview,
    Invalid,
    Quit,
    Skip,
    choices,
    is_low,
    needs_reason,
    numbered,
    parse_key,
    plan,
)
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import Value

KOMMUNE_QS = ["felles-mal", "roller", "forankringsplan", "politisk", "koordinator"]
ENTREPRENOR_QS = ["felles-mal", "roller", "forankringsplan", "koordinator", "kapasitet"]


def ids(interview: Interview) -> list[str]:
    return [s.question.id for s in interview.steps]


# ---- the plan -------------------------------------------------------------------------


def test_one_role_gets_only_its_questions_in_rubric_order(mini: Rubric) -> None:
    """A single role is asked exactly its own questions, grouped by dimension, numbered 1..n."""
    steps = plan(mini, ["kommune"])
    assert [s.question.id for s in steps] == KOMMUNE_QS
    assert [(s.number, s.total) for s in steps] == [(n, 5) for n in range(1, 6)]
    assert {s.role for s in steps} == {"kommune"}


def test_steps_are_grouped_by_dimension_even_when_the_rubric_mixes_them(mini: Rubric) -> None:
    """Questions listed out of dimension order are still asked dimension by dimension."""
    qs = list(mini.questions)
    shuffled = replace(mini, questions=[qs[4], qs[0], qs[2], qs[1], qs[3], qs[5]])
    dims = [s.question.dimension for s in plan(shuffled, ["kommune"])]
    assert dims == sorted(dims, key=["forstaelse", "forankring", "forpliktelse"].index)


def test_workshop_asks_each_question_to_each_party_in_turn(mini: Rubric) -> None:
    """With two roles, a question shared by both is asked to kommune, then entreprenør, then
    the next question; one-role questions are asked to that role only."""
    steps = plan(mini, ["kommune", "entreprenor"])
    assert [(s.question.id, s.role) for s in steps] == [
        ("felles-mal", "kommune"),
        ("felles-mal", "entreprenor"),
        ("roller", "kommune"),
        ("roller", "entreprenor"),
        ("forankringsplan", "kommune"),
        ("forankringsplan", "entreprenor"),
        ("politisk", "kommune"),
        ("koordinator", "kommune"),
        ("koordinator", "entreprenor"),
        ("kapasitet", "entreprenor"),
    ]
    assert [s.number for s in steps] == [1, 1, 2, 2, 3, 3, 4, 5, 5, 6]
    assert {s.total for s in steps} == {6}


def test_start_refuses_repeated_roles(mini: Rubric) -> None:
    """The same role twice is a programming error, not a workshop."""
    with pytest.raises(ValueError, match="distinct"):
        Interview.start(mini, ["kommune", "kommune"])


# ---- answering, skipping, resuming ----------------------------------------------------


def test_answering_records_the_value_and_moves_to_the_next_question(mini: Rubric) -> None:
    """An answer is stored for the current party and the next unanswered question follows."""
    it = Interview.start(mini, ["kommune"])
    assert it.current is not None and it.current.question.id == "felles-mal"
    after = it.answer(4)
    assert after.answers[0] == {"felles-mal": 4}
    assert after.current is not None and after.current.question.id == "roller"
    assert it.answers[0] == {}  # the old state is untouched


def test_resuming_starts_at_the_first_unanswered_question_and_never_asks_answered_ones(mini: Rubric) -> None:
    """Given earlier answers, only the questions without one are visited, in order."""
    it = Interview.start(mini, ["kommune"], [{"felles-mal": 5, "forankringsplan": "ja"}])
    visited = []
    while it.current is not None:
        visited.append(it.current.question.id)
        it = it.answer("vet_ikke")
    assert visited == ["roller", "politisk", "koordinator"]
    assert it.answers[0]["felles-mal"] == 5


def test_a_fully_answered_respondent_is_done_at_once(mini: Rubric) -> None:
    """Nothing is asked when every question already has an answer."""
    answers = {q: "vet_ikke" for q in KOMMUNE_QS}
    it = Interview.start(mini, ["kommune"], [answers])
    assert it.done and it.current is None
    assert it.answered_count() == it.total() == 5


def test_skip_leaves_the_question_unanswered_and_does_not_ask_it_again(mini: Rubric) -> None:
    """A skipped question stays without an answer and is not revisited in this session."""
    it = Interview.start(mini, ["kommune"]).skip()
    assert it.current is not None and it.current.question.id == "roller"
    while it.current is not None:
        it = it.answer("vet_ikke")
    assert "felles-mal" not in it.answers[0]
    assert [s.question.id for s in it.unanswered()] == ["felles-mal"]


def test_invalid_values_are_refused(mini: Rubric) -> None:
    """Only the question's own values are accepted: no other scale, no booleans, no
    ikke_relevant where the rubric does not allow it."""
    it = Interview.start(mini, ["kommune"])
    for bad in ("ja", 6, 0, True, "ikke_relevant"):
        with pytest.raises(ValueError):
            it.answer(bad)


def test_answering_after_the_end_is_an_error(mini: Rubric) -> None:
    """A finished interview has no current question to answer or skip."""
    it = Interview.start(mini, ["kommune"], [{q: "vet_ikke" for q in KOMMUNE_QS}])
    with pytest.raises(ValueError, match="finished"):
        it.answer(3)
    with pytest.raises(ValueError, match="finished"):
        it.skip()


# ---- going back -----------------------------------------------------------------------


def test_back_returns_to_the_previous_answer_and_lets_it_change(mini: Rubric) -> None:
    """``b`` goes to the question answered last; the new answer replaces the old one and
    the session continues where it was."""
    it = Interview.start(mini, ["kommune"]).answer(4).answer(2)
    assert it.current is not None and it.current.question.id == "forankringsplan"
    it = it.back()
    assert it.current is not None and it.current.question.id == "roller"
    it = it.answer(5)
    assert it.answers[0] == {"felles-mal": 4, "roller": 5}
    assert it.current is not None and it.current.question.id == "forankringsplan"


def test_back_twice_walks_the_history_of_this_session(mini: Rubric) -> None:
    """Repeated ``b`` steps back through the answers in the order they were given."""
    it = Interview.start(mini, ["kommune"]).answer(4).answer(2).back().back()
    assert it.current is not None and it.current.question.id == "felles-mal"
    it = it.answer(1)
    assert it.current is not None and it.current.question.id == "forankringsplan"


def test_back_goes_to_a_skipped_question_and_asks_it(mini: Rubric) -> None:
    """Going back to a skipped question makes it pending again."""
    it = Interview.start(mini, ["kommune"]).skip().back()
    assert it.current is not None and it.current.question.id == "felles-mal"
    assert it.skipped == frozenset()


def test_back_at_the_start_of_a_resumed_session_reaches_the_earlier_answer(mini: Rubric) -> None:
    """After a resume the history is empty, so ``b`` goes to the question before this one."""
    it = Interview.start(mini, ["kommune"], [{"felles-mal": 3, "roller": 3}])
    assert it.can_go_back
    it = it.back()
    assert it.current is not None and it.current.question.id == "roller"
    assert it.value_of(it.current) == 3


def test_back_on_the_very_first_question_changes_nothing(mini: Rubric) -> None:
    """There is nothing before the first question: ``back`` is a no-op and says so."""
    it = Interview.start(mini, ["kommune"])
    assert not it.can_go_back
    assert it.back() == it


def test_skip_on_a_revisited_question_keeps_its_answer(mini: Rubric) -> None:
    """Going back and then skipping leaves the earlier answer as it was."""
    it = Interview.start(mini, ["kommune"]).answer(4).back().skip()
    assert it.answers[0] == {"felles-mal": 4}
    assert it.current is not None and it.current.question.id == "roller"


# ---- workshop --------------------------------------------------------------------------


def test_workshop_closes_a_question_only_after_every_party(mini: Rubric) -> None:
    """The reveal point comes when both parties have answered the shared question."""
    it = Interview.start(mini, ["kommune", "entreprenor"])
    first = it.current
    assert first is not None
    it = it.answer(4)
    assert not it.closes_question(first)
    second = it.current
    assert second is not None and second.role == "entreprenor"
    it = it.answer(2)
    assert it.closes_question(second)
    assert [it.value_of(s) for s in it.same_question(second)] == [4, 2]
    assert it.answers == ({"felles-mal": 4}, {"felles-mal": 2})


def test_workshop_counts_per_party(mini: Rubric) -> None:
    """Progress counts can be read per party and in all."""
    it = Interview.start(mini, ["kommune", "entreprenor"], [{"felles-mal": 4}, {}])
    assert (it.answered_count(0), it.answered_count(1), it.answered_count()) == (1, 0, 1)
    assert (it.total(0), it.total(1), it.total()) == (5, 5, 10)


def test_workshop_counts_questions_as_the_intro_and_the_header_do(mini: Rubric) -> None:
    """«n av N spørsmål» counts questions, as «[n/N]» and the intro do: a question is answered
    when every party asked has answered it on the scale, and a shared question counts once."""
    it = Interview.start(
        mini, ["kommune", "entreprenor"], [{"felles-mal": 4, "roller": "vet_ikke"}, {"roller": 2}]
    )
    assert (
        it.question_count() == len(set(KOMMUNE_QS) | set(ENTREPRENOR_QS)) == {s.total for s in it.steps}.pop()
    )
    assert it.questions_scored() == 0  # felles-mal waits for the entreprenør, roller has «vet ikke»
    it = it.answer(3)
    assert it.questions_scored() == 1


# ---- comments ------------------------------------------------------------------------


def test_comment_is_one_line_and_empty_removes_it(mini: Rubric) -> None:
    """Comments are stored per party and question, collapsed to one line."""
    it = Interview.start(mini, ["kommune"])
    step = it.current
    assert step is not None
    it = it.comment(step, "  Ingen  har\n tid \t ")
    assert it.comment_of(step) == "Ingen har tid"
    assert it.comment(step, "").comment_of(step) is None


@pytest.mark.parametrize(
    ("value", "low"),
    [
        (1, True),
        (2, True),
        ("nei", True),
        (3, False),
        (5, False),
        ("delvis", False),
        ("ja", False),
        ("vet_ikke", False),
        ("ikke_relevant", False),
        (None, False),
        (True, False),
    ],
)
def test_low_answers_offer_a_comment(value: object, low: bool) -> None:
    """1–2 and nei are low; nothing else is."""
    assert is_low(value) is low  # type: ignore[arg-type]


def test_ikke_relevant_asks_for_a_reason() -> None:
    """Only ikke_relevant asks why."""
    assert needs_reason("ikke_relevant") and not needs_reason("vet_ikke")


# ---- keys ----------------------------------------------------------------------------


def test_numbers_are_always_scale_steps_and_letters_mean_vet_ikke_and_ikke_relevant(mini: Rubric) -> None:
    """A digit is a step on the question's scale and nothing else: enighet 1–5, status 1 nei,
    2 delvis, 3 ja; «4» on a status question and «6» anywhere are not choices. «Vet ikke»
    and «ikke relevant» have the same letters on every question (ikke relevant only where
    the rubric allows it)."""
    felles, politisk, koordinator = (mini.by_id[q] for q in ("felles-mal", "politisk", "koordinator"))
    assert choices(felles) == [1, 2, 3, 4, 5, "vet_ikke"]
    assert choices(politisk) == ["nei", "delvis", "ja", "vet_ikke", "ikke_relevant"]
    assert numbered(felles) == [1, 2, 3, 4, 5]
    assert numbered(politisk) == ["nei", "delvis", "ja"]
    assert [parse_key(str(n), felles) for n in range(1, 7)] == [
        Answer(1),
        Answer(2),
        Answer(3),
        Answer(4),
        Answer(5),
        Invalid("6"),
    ]
    assert [parse_key(str(n), politisk) for n in range(1, 6)] == [
        Answer("nei"),
        Answer("delvis"),
        Answer("ja"),
        Invalid("4"),
        Invalid("5"),
    ]
    keys: dict[str, Value] = {"v": "vet_ikke", "i": "ikke_relevant"}
    for q in (felles, politisk, koordinator):
        assert parse_key("v", q, None, keys) == Answer("vet_ikke")
        assert parse_key(" V ", q, None, keys) == Answer("vet_ikke")
    assert parse_key("i", politisk, None, keys) == Answer("ikke_relevant")
    assert parse_key("i", koordinator, None, keys) == Invalid("i")  # not allowed there
    assert parse_key("i", felles, None, keys) == Invalid("i")
    assert parse_key("v", felles) == Invalid("v")  # no letters given: none known


@pytest.mark.parametrize(
    ("key", "action"),
    [("?", Help()), ("b", Back()), ("B", Back()), (" s ", Skip()), ("q", Quit()), ("Q\n", Quit())],
)
def test_command_keys(mini: Rubric, key: str, action: object) -> None:
    """? b s q are understood in either case and with surrounding spaces."""
    assert parse_key(key, mini.by_id["felles-mal"]) == action


LABELS: dict[Value, list[str]] = {"ja": ["ja", "yes"], "vet_ikke": ["vet ikke", "don't  know"]}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("ja", "ja"),
        ("JA", "ja"),
        ("yes", "ja"),
        ("delvis", "delvis"),
        ("vet ikke", "vet_ikke"),
        ("vet_ikke", "vet_ikke"),
        ("don't know", "vet_ikke"),
        ("ikke  relevant", "ikke_relevant"),
    ],
)
def test_value_words_are_understood_too(mini: Rubric, key: str, value: str) -> None:
    """Typing a value id or one of the labels given for it answers like its number."""
    assert parse_key(key, mini.by_id["politisk"], LABELS) == Answer(value)


def test_labels_come_from_the_caller(mini: Rubric) -> None:
    """Without labels only the ids are words; the engine knows no language."""
    assert parse_key("yes", mini.by_id["politisk"]) == Invalid("yes")
    assert parse_key("vet ikke", mini.by_id["politisk"]) == Answer("vet_ikke")


def test_the_engine_imports_no_messages_and_does_no_io() -> None:
    """samarbeid.interview.engine stays pure: no message catalogue, no terminal, no files."""
    import ast
    import inspect

    import samarbeid.interview.engine as engine

    tree = ast.parse(inspect.getsource(engine))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert imported <= {
        "__future__",
        "collections.abc",
        "dataclasses",
        "typing",
        "samarbeid.rubric.model",
        "samarbeid.vocab",
    }


@pytest.mark.parametrize("key", ["", "  ", "0", "7", "-1", "1.5", "x", "ja", "٣", "bb", "99999999999"])
def test_anything_else_is_invalid_never_an_error(mini: Rubric, key: str) -> None:
    """Out-of-range numbers, other scales' words, non-ASCII digits and noise are Invalid."""
    assert parse_key(key, mini.by_id["felles-mal"]) == Invalid(key.strip())


# ---- properties ----------------------------------------------------------------------

ACTIONS = st.lists(st.sampled_from(["answer", "skip", "back"]), max_size=40)


@settings(max_examples=150, deadline=None)
@given(actions=ACTIONS, workshop=st.booleans())
def test_no_answered_question_is_asked_unless_the_user_goes_back(
    mini: Rubric, actions: list[str], workshop: bool
) -> None:
    """Whatever the keys, the next question is never one already answered unless the last
    key was ``b``; every stored answer is valid; the session always ends."""
    roles = ["kommune", "entreprenor"] if workshop else ["kommune"]
    it = Interview.start(mini, roles)
    for action in actions:
        step = it.current
        if step is None:
            break
        if action == "answer":
            it = it.answer(choices(step.question)[0])
        elif action == "skip":
            it = it.skip()
        else:
            it = it.back()
        if action != "back" and it.current is not None:
            assert it.value_of(it.current) is None
    for party, role in enumerate(roles):
        for qid, value in it.answers[party].items():
            assert role in mini.by_id[qid].roles and value in mini.by_id[qid].values()
    answered = 0
    while it.current is not None:  # answering always moves forward
        it = it.answer("vet_ikke")
        answered += 1
        assert answered <= len(it.steps)
