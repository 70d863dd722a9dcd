"""The JSON report: the stable contract of DESIGN.md §7."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from samarbeid.assessment import Assessment


def to_data(assessment: Assessment) -> dict[str, Any]:
    """The assessment as JSON-ready data."""
    return assessment.model_dump(mode="json")


def _default(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(data: Any) -> str:
    """Deterministic, readable JSON with æøå intact."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n"


def compact(data: Any) -> str:
    """The same data as one line of JSON (for batch output)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_default)


def render_json(assessment: Assessment) -> str:
    """One project's report as a JSON document."""
    return dumps(to_data(assessment))
