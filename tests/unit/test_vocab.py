"""Each closed vocabulary is declared once (samarbeid/vocab.py), and every member has what a
person needs to see it: words in every language, and a style and a shape where it is drawn."""

from __future__ import annotations

import pytest

from samarbeid.i18n import LANGS, codes
from samarbeid.render.templated import environment, severity_bars
from samarbeid.render.terminal import LEVEL_MARK, LEVEL_STYLE, SEVERITY_STYLE
from samarbeid.vocab import (
    SCALES,
    ActionStatus,
    Dimension,
    DivergenceKind,
    FailOn,
    FollowUp,
    Level,
    NoAnswer,
    Phase,
    Role,
    Severity,
    Status,
    Vocab,
)

#: Each vocabulary, and the message codes each member needs ({} is the member's id).
MESSAGES: list[tuple[type[Vocab], tuple[str, ...]]] = [
    (Role, ("role.{}", "role.def.{}")),
    (Level, ("level.{}", "level.short.{}")),
    (Severity, ("severity.{}",)),
    (Phase, ("phase.{}",)),
    (Status, ("status.{}",)),
    (DivergenceKind, ("kind.{}",)),
    (NoAnswer, ("value.{}",)),
    (ActionStatus, ("action_status.{}",)),
    (FollowUp, ("follow.{}",)),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("vocab", "patterns"), MESSAGES, ids=[v.__name__ for v, _ in MESSAGES])
def test_every_member_has_its_words_in_every_language(
    vocab: type[Vocab], patterns: tuple[str, ...], lang: str
) -> None:
    known = set(codes(lang))
    missing = [p.format(m.value) for m in vocab for p in patterns if p.format(m.value) not in known]
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_scale_value_has_a_label(lang: str) -> None:
    known = set(codes(lang))
    assert [v for scale in SCALES.values() for v in scale if f"value.{v}" not in known] == []


def test_every_level_and_severity_has_a_terminal_style_and_mark() -> None:
    assert set(LEVEL_STYLE) == set(LEVEL_MARK) == set(Level)
    assert len(set(LEVEL_MARK.values())) == len(Level)  # a shape each: colour is never alone
    assert set(SEVERITY_STYLE) == set(Severity)


def test_every_level_has_its_own_picture_in_html() -> None:
    module = environment().get_template("_icons.html.j2").make_module({"t": lambda code, **_: code})
    pictures = {str(module.level_shape(level)) for level in Level}  # type: ignore[attr-defined]
    assert len(pictures) == len(Level)


def test_severity_bars_fall_with_the_severity() -> None:
    assert [severity_bars(s) for s in Severity] == [4, 3, 2, 1, 0]


def test_fail_on_is_never_or_a_severity() -> None:
    assert [m.value for m in FailOn] == ["never", *Severity.ids()]
    assert FailOn.never.severity is None
    assert all(FailOn(s.value).severity is s for s in Severity)


def test_members_are_their_ids_in_text_and_json() -> None:
    import json

    assert f"{Role.kommune}" == str(Role.kommune) == "kommune"
    assert json.dumps({"d": Dimension.forankring}) == '{"d": "forankring"}'
    assert f"{Severity.high:>6}" == "  high"
