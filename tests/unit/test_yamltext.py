"""A new answer file's text is byte for byte ruamel.yaml's, whichever emitter wrote each part
(samarbeid.yamltext), over random and hostile values; and without libyaml it is ruamel.yaml's alone."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from samarbeid import yamltext
from samarbeid.answerwriter import _dump, _dump_slow

TRICKY = [
    *"abc æøÅ:#-'\"\\{}[],&*!|>%@`?~=<\t.0123456789eE+xyz/«»–",
    "\u200f", "\u202e", "😀", "\x07", "\x7f", "\xa0", "\ufeff", "\u0301", "\x1b", "\x00",
    "\ue000", "\ufffe", "\n", "\r", "\x85", "\u2028",
]  # fmt: skip
WORDS = [
    "nettskjema:31000", "kobo:uuid-1-2", "a:b", "a: b", "a:", ":a", "1:20", "12:30:00", "no", "yes",
    "on", "off", "Y", "n", "null", "true", "~", "0x1f", "0o7", "0b101", "1_000", "1,000", ".nan",
    "1e3", "1.5", "-3", "+4", "2024-01-01", "<<", "=", "---", "...", "Helse og omsorg",
    "Vi har et felles mål, men det står ikke skriftlig.",
]  # fmt: skip


#: what survey exports mostly hold: written as they are
PROSE = [
    "Oppvekst", "NAV", "Helse og omsorg", "vet_ikke", "delvis", "ikke_relevant", "Bærum",
    "Vi venter på budsjettvedtaket.", "Koordinatoren sluttet i vår (2024).", "Ja, men bare delvis!",
    "50 % stilling", "Dette må vi ta opp i styringsgruppa – igjen…", "«Felles mål» står i avtalen",
]  # fmt: skip


def _any_text(rng: random.Random, words: float = 0.4) -> str:
    if words > 0.9 and rng.random() < 0.8:
        return rng.choice(PROSE)
    if rng.random() < words:
        return rng.choice(WORDS) + (rng.choice(TRICKY) if rng.random() < 1 - words else "")
    if rng.random() < 0.02:  # long enough to be folded, were it not for the width
        return " ".join(["ord"] * rng.randint(900, 1300))
    return "".join(rng.choice(TRICKY) for _ in range(rng.randint(0, 8)))


def _document(rng: random.Random, words: float = 0.4) -> dict[str, Any]:
    def text() -> str:
        return _any_text(rng, words)

    def respondent() -> dict[str, Any]:
        entry: dict[str, Any] = {"role": "kommune", "unit": text(), "source": "nettskjema:" + text()}
        entry["status"] = "complete"
        entry["answers"] = {
            "felles-mal": rng.choice([4, "ja", text(), True, None if words < 0.9 else 5]),
            text() or "k": 3,
        }
        if rng.random() < 0.5:
            entry["comments"] = {"felles-mal": text()}
        return entry

    data: dict[str, Any] = {
        "samarbeid": 1,
        "project": {"id": "x", "name": text(), "assessed": dt.date(2024, 1, 2)},
        "status": "in_progress",
        "respondents": [respondent() for _ in range(rng.randint(0, 4))],
    }
    if rng.random() < 0.2:
        data["accepted"] = [{"rule": text(), "reason": text()}]
    return data


@pytest.mark.parametrize("words", [0.4, 0.97])
def test_the_text_is_ruamels_byte_for_byte(words: float) -> None:
    rng = random.Random(23)
    for _ in range(400):
        data = _document(rng, words)
        assert _dump(data) == _dump_slow(data), data


def test_plain_respondents_go_through_libyaml() -> None:
    assert yamltext._plain({"unit": "Helse og omsorg", "source": "nettskjema:31000", "answers": {"q": 4}})
    for odd in ("", "ja ", "it's", "a: b", "no", "2024-01-01", "😀", "a\nb", None):
        assert not yamltext._plain({"unit": odd}), odd


def test_without_libyaml_the_text_is_ruamels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamltext, "_CDumper", None)
    data = _document(random.Random(1))
    assert _dump(data) == _dump_slow(data)
