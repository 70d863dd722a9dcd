"""The JSON encoder (msgspec) writes what the standard library and pydantic wrote, byte for byte.

The goldens prove it on the examples; these tests hold it on every value an assessment can
carry: text with any character, scores and coverages, thresholds, nested lists and dicts.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import to_json

from samarbeid.pipeline import assess_files
from samarbeid.render.json import _builtins, adapter, compact, dumps, to_data
from samarbeid.result.assessment import Assessment
from samarbeid.rubric import load_rubric

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

#: the numbers of a result: scores (0.1), coverages (0.001), thresholds a rubric may set
numbers = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(0, 100).map(lambda x: round(x, 1)),
    st.floats(0, 1).map(lambda x: round(x, 3)),
    st.floats(allow_nan=False, allow_infinity=False),
)
values = st.recursive(
    st.one_of(st.none(), st.booleans(), numbers, st.text(), st.dates()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(), inner, max_size=4)),
    max_leaves=20,
)


def _standard(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@given(values)
def test_the_report_is_written_as_the_standard_library_writes_it(data: Any) -> None:
    assert dumps(data) == json.dumps(data, ensure_ascii=False, indent=2, default=_standard) + "\n"


#: what a batch line may hold: the values above, every number below 1e16 (a result's are
#: within ±100; see the bounds below)
line_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**18), 10**18),
        st.floats(-1e16, 1e16, allow_nan=False, exclude_min=True, exclude_max=True),
        numbers.filter(lambda x: abs(x) < 1e16),
        st.text(),
        st.dates(),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(), inner, max_size=4)),
    max_leaves=20,
)


@given(line_values)
def test_a_batch_line_is_written_as_pydantic_wrote_it(data: Any) -> None:
    assert compact(data) == to_json(data)


def test_a_batch_line_writes_a_number_from_1e16_up_as_msgspec_does() -> None:
    # where newer pydantic writes 1e+16 (2.6 wrote 1e16 too); which is why a result may hold
    # no such number (the bounds are tested below)
    assert compact({"x": 9.999999999999998e15}) == to_json({"x": 9.999999999999998e15})
    assert compact({"x": 1e16}) == b'{"x":1e16}'


def test_the_numbers_a_result_takes_from_its_rubric_are_within_0_and_100() -> None:
    from pydantic import ValidationError

    from samarbeid.record import validated
    from samarbeid.rubric.conditions import ThresholdTest
    from samarbeid.vocab import SCALES

    assert all(0 <= points <= 100 for scale in SCALES.values() for points in scale.values())
    assert validated(ThresholdTest, {"dimension": "forankring", "below": 100}).below == 100
    for outside in (-0.5, 100.5, 1e16):
        with pytest.raises(ValidationError):
            validated(ThresholdTest, {"dimension": "forankring", "below": outside})


def test_a_tiny_threshold_is_written_as_before() -> None:
    data = {"below": 0.00001, "small": 0.000061, "large": 1e16, "text": "1e5 er ikke et tall her"}
    assert dumps(data) == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert '"below": 1e-05' in dumps(data)
    assert compact({"below": 0.00001, "small": 0.000061}) == to_json({"below": 0.00001, "small": 0.000061})


def _assessments() -> list[Assessment]:
    rubric = load_rubric()
    return [
        assess_files(
            files, rubric, as_of=dt.date(2026, 12, 6), baselines=[EXAMPLES / "tidligere"], warnings=[]
        )
        for files in (
            [EXAMPLES / "inderoy-helsefag.yaml"],
            [EXAMPLES / "delt" / "kommune.yaml", EXAMPLES / "delt" / "entreprenor.yaml"],
            [EXAMPLES / "under-arbeid.yaml"],
        )
    ]


def test_an_assessment_becomes_the_data_pydantic_makes_of_its_schema_mirror() -> None:
    # pydantic reads the report back as the dataclass mirror its JSON Schema describes and
    # writes that as msgspec wrote the assessment: the same fields, in the same order
    for a in _assessments():
        mirrored = adapter().validate_json(compact(_builtins(a)))
        assert _builtins(a) == adapter().dump_python(mirrored, mode="json")
        assert compact(_builtins(a)) == to_json(adapter().dump_python(mirrored, mode="json"))


def test_the_parts_of_a_report_kept_as_structs_are_written_as_their_plain_data() -> None:
    rubric = load_rubric()
    for a in _assessments():
        data = to_data(a, rubric, "nn")
        plain = _builtins(data)
        assert data != plain  # the answers, what was left open and the respondents stay objects
        assert compact(data) == compact(plain)
        assert dumps(data) == dumps(plain)
