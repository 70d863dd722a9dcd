"""``samarbeid schema``: JSON Schema of the answer file and of the JSON report."""

from __future__ import annotations

from typing import Any

from samarbeid.record import adapter
from samarbeid.render.json import dumps
from samarbeid.vocab import Schema


def schema(kind: Schema) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``kind``."""
    if kind is Schema.answers:
        from samarbeid.answerfile import AnswerFile

        data = adapter(AnswerFile).json_schema()
    elif kind is Schema.plan:
        from samarbeid.answerfile.plan import PlanFile

        data = adapter(PlanFile).json_schema()
    else:  # one project's report, or a batch of them
        from samarbeid.render.json import batch_schema

        batch = batch_schema()
        data = {
            "title": "samarbeid report",
            "$defs": batch.pop("$defs"),
            "anyOf": [{"$ref": "#/$defs/Project"}, batch],
        }
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **data}


def run(kind: Schema) -> str:
    """The schema as JSON text."""
    return dumps(schema(kind))
