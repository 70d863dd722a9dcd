"""The dataclass mirror of a Struct (samarbeid.mirror): what pydantic describes for the JSON
Schema, and validates a file by, is the Struct, field for field; what it validates comes back
as the Structs."""

from __future__ import annotations

import dataclasses
import typing
from typing import Annotated, Literal, Optional, Union

import msgspec
import pytest
from pydantic import ValidationError

from samarbeid.mirror import WrittenAs, mirror
from samarbeid.record import Record, data_of, validated
from samarbeid.result import history
from samarbeid.result.assessment import Assessment, Finding
from samarbeid.result.evidence import AnswerEvidence
from samarbeid.rubric.conditions import (
    AllCondition,
    AnswerCondition,
    AnswerTest,
    NotCondition,
    PhaseCondition,
)
from samarbeid.rubric.model import Rubric, Text
from samarbeid.vocab import Phase, RoleOrAny


class Leaf(msgspec.Struct, frozen=True):
    """A part."""

    n: int


class Tagged(msgspec.Struct, frozen=True, tag_field="kind", tag="tagged"):
    x: int


class Whole(msgspec.Struct, frozen=True):
    """The whole.

    Over two paragraphs."""

    a: Leaf
    b: list[Leaf]
    c: tuple[Leaf, ...]
    d: dict[str, Leaf]
    e: Leaf | None
    f: Optional[Leaf]  # the older spellings, mirrored as they are
    g: Union[Leaf, Tagged]
    h: Annotated[list[Leaf | None], "kept"]
    i: Literal["x", "y"] = "x"
    j: int | None = None
    k: list[Leaf] = []


def test_the_mirror_is_a_dataclass_of_the_same_name_place_and_words() -> None:
    made = mirror(Whole)
    assert dataclasses.is_dataclass(made)
    assert made.__dataclass_params__.frozen
    assert (made.__name__, made.__qualname__, made.__module__) == ("Whole", "Whole", __name__)
    assert made.__doc__ == Whole.__doc__
    no_doc = mirror(Tagged)
    assert no_doc.__doc__.startswith("Tagged(")  # as a dataclass without one writes it


def test_the_fields_keep_their_order_and_defaults() -> None:
    fields = dataclasses.fields(mirror(Whole))
    assert [f.name for f in fields] == list(Whole.__struct_fields__)
    by_name = {f.name: f for f in fields}
    assert by_name["a"].default is dataclasses.MISSING
    assert by_name["i"].default == "x"
    assert by_name["j"].default is None
    assert by_name["k"].default_factory is list


def test_a_struct_inside_any_type_is_replaced_by_its_mirror() -> None:
    hints = typing.get_type_hints(mirror(Whole), include_extras=True)
    leaf = hints["a"]  # one mirror per Struct within one mirroring
    assert dataclasses.is_dataclass(leaf) and leaf.__name__ == "Leaf"
    tagged = typing.get_args(hints["g"])[1]
    assert hints["b"] == list[leaf]
    assert hints["c"] == tuple[leaf, ...]
    assert hints["d"] == dict[str, leaf]
    assert hints["e"] == leaf | None
    assert hints["f"] == Optional[leaf]
    assert hints["g"] == Union[leaf, tagged]
    assert dataclasses.is_dataclass(tagged)
    assert hints["h"] == Annotated[list[leaf | None], "kept"]
    assert hints["i"] == Literal["x", "y"]


def test_a_tagged_struct_has_its_tag_first_as_a_fixed_default() -> None:
    fields = dataclasses.fields(mirror(Tagged))
    assert [f.name for f in fields] == ["kind", "x"]
    assert fields[0].default == "tagged" and not fields[0].init
    assert typing.get_type_hints(mirror(Tagged))["kind"] == Literal["tagged"]
    made = mirror(AnswerEvidence)
    assert [f.name for f in dataclasses.fields(made)][:2] == ["kind", "question"]


def test_types_named_for_types_only_are_found_in_the_namespace_given() -> None:
    made = mirror(Assessment, vars(history))
    hints = typing.get_type_hints(made, include_extras=True)
    (follow_up,) = typing.get_args(hints["follow_up"])
    assert dataclasses.is_dataclass(follow_up) and follow_up.__name__ == "ActionFollowUp"
    (finding,) = typing.get_args(hints["findings"])
    assert [f.name for f in dataclasses.fields(finding)] == list(Finding.__struct_fields__)


def test_a_type_without_a_struct_is_kept_as_it_is() -> None:
    kind = dict[str, list[int | None]]
    assert mirror(kind) is kind
    assert mirror(int) is int


# ---- the records of the file formats: what pydantic validates through the mirrors --------------


def test_a_record_without_a_default_after_one_with_is_mirrored_keyword_only() -> None:
    made = mirror(Text)
    assert [f.name for f in dataclasses.fields(made)] == ["nb", "nn", "en"]
    assert made(nb="a", en="b") == made(en="b", nb="a")
    assert made.__pydantic_config__ is Record.__pydantic_config__


def test_a_key_written_as_another_is_the_mirror_field_alias() -> None:
    (values,) = [f for f in dataclasses.fields(mirror(AnswerTest)) if f.name == "values"]
    assert values.metadata["alias"] == "in"
    hint = typing.get_type_hints(mirror(AnswerTest), include_extras=True)["values"]
    assert not any(isinstance(m, WrittenAs) for m in hint.__metadata__)  # only the min_length rule
    (problems,) = [f for f in dataclasses.fields(mirror(Rubric)) if f.name == "problems"]
    assert problems.metadata["validation_alias"].choices == ["problems", "rules"]


def test_a_condition_inside_a_condition_is_a_mirror_too() -> None:
    made = mirror(AllCondition)
    (inner,) = typing.get_args(typing.get_args(typing.get_type_hints(made)["all"])[0])[:1]
    assert dataclasses.is_dataclass(inner) and inner.__name__ == "AnswerCondition"


def test_what_pydantic_validates_comes_back_as_the_records() -> None:
    data = {
        "all": [
            {"answer": {"question": "q", "in": [1, "vet_ikke"], "role": "kommune"}},
            {"not": {"phase": ["operation"]}},
        ]
    }
    got = validated(AllCondition, data)
    assert got == AllCondition(
        all=[
            AnswerCondition(answer=AnswerTest(question="q", values=[1, "vet_ikke"], role=RoleOrAny.kommune)),
            NotCondition(not_=PhaseCondition(phase=[Phase("operation")])),
        ]
    )
    assert type(got.all[1].not_) is PhaseCondition  # type: ignore[union-attr]
    assert got.evaluate is got.evaluate  # compiled once, kept in the record's __dict__


def test_a_file_written_under_the_older_key_is_read_too() -> None:
    text = Text(nb="x", en="x")
    data = {"rubric": 1, "id": "r", "version": "1.0.0", "title": data_of(text), "sources": {}}
    data |= {"dimensions": {}, "questions": [], "rules": []}
    with pytest.raises(ValidationError) as caught:  # no question: too short, but read as a rubric
        validated(Rubric, data)
    assert [e["type"] for e in caught.value.errors()] == ["too_short"]
