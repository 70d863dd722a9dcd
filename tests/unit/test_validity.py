"""The case library and the measurement script (benchmarks/validity.py, docs/validity.md).

These tests check that the library is well formed and that the script's JSON has its keys.
They never pin the figures: the script measures the rubric, it does not test it.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from samarbeid.load.answers import load_submission
from samarbeid.rubric.model import Rubric
from testkit import ROOT

SCRIPT = ROOT / "benchmarks" / "validity.py"
CASE_FILES = sorted((ROOT / "benchmarks" / "cases").glob("*.yaml"))


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("validity", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["validity"] = module
    spec.loader.exec_module(module)
    return module


validity = _load_script()


def test_the_library_has_enough_cases_of_each_outcome() -> None:
    outcomes = [validity.parse_header(path).outcome for path in CASE_FILES]
    assert len(CASE_FILES) >= 12
    assert outcomes.count("failure") >= 4
    assert outcomes.count("success") >= 4


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_every_case_validates(path: Path, default_rubric: Rubric) -> None:
    submission = load_submission([path], default_rubric)
    assert submission.project.id == path.stem
    assert submission.project.phase is not None


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_every_case_has_a_well_formed_header(path: Path) -> None:
    header = validity.parse_header(path)
    assert header.name and header.note
    assert header.sources and all(len(source) > 10 for source in header.sources)
    assert header.factors or header.no_factor
    for factor in header.factors:
        assert factor.text
        assert factor.quote, f"{path.name}: a factor quotes its source «…»"


def test_factors_name_rules_the_rubric_has(default_rubric: Rubric) -> None:
    cases = validity.load_cases(ROOT / "benchmarks" / "cases", default_rubric)
    assert validity.unknown_rules(cases, default_rubric) == []


def test_a_malformed_header_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("# case: x\n# source: y\n# outcome: maybe\n", encoding="utf-8")
    with pytest.raises(validity.CaseError):
        validity.parse_header(bad)


def test_json_has_the_required_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert validity.main(["--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"cases", "recall", "auc", "false_alarms", "gate"} <= data.keys()
    assert len(data["cases"]) == len(CASE_FILES)
    assert {"score", "plain_mean", "max_severity", "risk", "tool"} <= data["auc_detail"].keys()
    assert all(isinstance(data[k], (int, float)) for k in ("recall", "auc", "false_alarms"))
    for case in data["cases"]:
        assert {"id", "outcome", "score", "level", "findings", "factors"} <= case.keys()


def test_an_invalid_case_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.yaml").write_text(
        "# case: x\n# source: a source, 2020\n# outcome: failure\n# outcome-note: x.\n"
        "# factor: - — x «y»\n# encoded-by: x\nsamarbeid: 1\nproject: {id: broken}\n"
        "respondents: [{role: kommune, answers: {no-such-question: 3}}]\n",
        encoding="utf-8",
    )
    assert validity.main(["--cases", str(tmp_path)]) == 2
    assert "broken.yaml" in capsys.readouterr().err
