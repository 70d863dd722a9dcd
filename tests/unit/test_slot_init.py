"""slot_init: the result classes a batch makes by the thousand set their slots themselves,
and are made exactly as the dataclass they are would make them."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
from typing import Any

import pytest

import samarbeid.result
from samarbeid.result import slots
from samarbeid.result.slots import slot_init


def _using_slot_init() -> list[type[Any]]:
    found = []
    for info in pkgutil.walk_packages(samarbeid.result.__path__, "samarbeid.result."):
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if (
                inspect.isclass(cls)
                and cls.__module__ == module.__name__
                and getattr(cls.__init__, "__module__", None) == slots.__name__
            ):
                found.append(cls)
    return found


CLASSES = _using_slot_init()


def test_the_hot_result_classes_use_it() -> None:
    names = {cls.__name__ for cls in CLASSES}
    assert {"AnswerEvidence", "Finding", "Unanswered", "NotApplicable", "RespondentSummary"} <= names


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_init_has_the_dataclass_signature(cls: type[Any]) -> None:
    self = inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    expected = inspect.Signature(
        [self]
        + [
            inspect.Parameter(
                f.name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default,
                annotation=f.type,
            )
            for f in dataclasses.fields(cls)
            if f.init
        ],
        return_annotation=None,
    )
    assert inspect.signature(cls.__init__) == expected
    assert cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_init_sets_every_field_and_the_instance_stays_frozen(cls: type[Any]) -> None:
    fields = dataclasses.fields(cls)
    given = {f.name: object() for f in fields if f.init}
    made = cls(*given.values())
    assert made == cls(**given) and hash(made) == hash(cls(**given))
    for f in fields:
        assert getattr(made, f.name) is (given[f.name] if f.init else f.default)
    required = {f.name: given[f.name] for f in fields if f.init and f.default is dataclasses.MISSING}
    defaulted = cls(**required)
    for f in fields:
        if f.default is not dataclasses.MISSING:
            assert getattr(defaulted, f.name) == f.default
    assert not hasattr(made, "__dict__")
    for f in fields:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(made, f.name, None)


def test_it_takes_only_what_it_can_make_alike() -> None:
    @dataclasses.dataclass(slots=True)
    class Mutable:
        a: int

    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Factory:
        a: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            pass

    @dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
    class KeywordOnly:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Unset:
        a: int = dataclasses.field(init=False)

    for cls in (Mutable, Unslotted, Factory, Checked, KeywordOnly, Unset):
        with pytest.raises(TypeError):
            slot_init(cls)
