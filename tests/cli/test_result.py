"""The scored result is free of language: every word is added by a renderer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from samarbeid.render.json import LOCALISED
from samarbeid.rubric.model import Rubric
from testkit import ROOT, Cli, answer_file, best, example_projects

#: The JSON fields that carry words: the localised texts, and the language itself.
WORDS = {field for fields in LOCALISED.values() for field in fields} | {"lang"}


def without_words(data: Any) -> Any:
    """``data`` with every localised field removed, however deep."""
    if isinstance(data, dict):
        return {k: without_words(v) for k, v in data.items() if k not in WORDS}
    if isinstance(data, list):
        return [without_words(v) for v in data]
    return data


@pytest.mark.parametrize("name", list(example_projects()))
def test_json_is_the_same_in_every_language_but_for_its_words(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(ROOT)
    nb = json.loads(cli("report", *example_projects()[name], "-f", "json", "--lang", "nb").stdout)
    en = json.loads(cli("report", *example_projects()[name], "-f", "json", "--lang", "en").stdout)
    assert (nb["lang"], en["lang"]) == ("nb", "en")
    assert without_words(nb) == without_words(en)
    assert [f["title"] for f in nb["findings"]] != [f["title"] for f in en["findings"]] or not nb["findings"]


def test_evidence_is_data_not_a_sentence(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """A divergence's evidence gives each party's score and the gap as numbers."""
    monkeypatch.chdir(ROOT)
    data = json.loads(cli("report", "examples/uenige-parter.yaml", "-f", "json").stdout)
    (finding,) = [f for f in data["findings"] if f["id"] == "ulik-forstaelse"]
    first = finding["evidence"][0]
    (divergence,) = [d for d in data["divergences"] if d["question"] == first["question"]]
    assert first == {
        "kind": "divergence",
        "question": divergence["question"],
        "kommune": divergence["kommune"],
        "entreprenor": divergence["entreprenor"],
        "gap": divergence["gap"],
    }
    assert all(isinstance(first[k], float) for k in ("kommune", "entreprenor", "gap"))
    kinds = {e["kind"] for f in data["findings"] for e in f["evidence"]}
    assert kinds <= {"answer", "divergence", "threshold", "role_missing", "phase"}
    answers = [e for f in data["findings"] for e in f["evidence"] if e["kind"] == "answer"]
    assert answers and all(
        set(e) == {"kind", "question", "role", "unit", "name", "value", "comment", "file", "line", "column"}
        for e in answers
    )


def test_phase_evidence_names_the_phase_in_which_the_gap_weighs_more(
    cli: Cli, tmp_path: Path, default_rubric: Rubric
) -> None:
    """A procurement route not settled, in operation: the escalation raises the finding, and its
    evidence is the answers and the project's phase, as data, the same in every language."""
    kommune = best(default_rubric, "kommune")
    kommune["answers"].update({"anskaffelsesvei": "delvis", "anskaffelse-gjennomforbar": "delvis"})
    entreprenor = best(default_rubric, "entreprenor")
    entreprenor["answers"].update({"anskaffelsesvei": "delvis", "anskaffelse-gjennomforbar": "delvis"})
    data = yaml.safe_load(answer_file([kommune, entreprenor]))
    data["project"]["phase"] = "operation"
    path = tmp_path / "i-drift.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    reports = [json.loads(cli("report", path, "-f", "json", "--lang", lang).stdout) for lang in ("nb", "en")]
    for report in reports:
        (finding,) = [f for f in report["findings"] if f["id"] == "uklar-anskaffelse"]
        assert (finding["severity"], finding["escalation"]) == ("high", "anskaffelse-uavklart-i-drift")
        assert [e["kind"] for e in finding["evidence"]] == ["answer"] * 4 + ["phase"]
        assert finding["evidence"][-1] == {"kind": "phase", "phase": "operation"}
    assert without_words(reports[0]) == without_words(reports[1])


def test_scoring_and_rules_import_no_words() -> None:
    """Scoring, rule evaluation and the result never import the message catalogue."""
    import subprocess
    import sys

    code = (
        "import sys; import samarbeid.score.scoring, samarbeid.rubric.conditions, "
        "samarbeid.result.assessment, samarbeid.batch; print('samarbeid.i18n' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
