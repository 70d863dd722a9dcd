"""The default rubric's promises, and the rubric checker finding every kind of error."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from samarbeid.errors import InputError
from samarbeid.rubric import load_rubric
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import FIXED_RULES, Dimension
from testkit import MINI

# Risk patterns of docs/design.md §2 → the rule(s) of the default rubric that cover each.
PATTERNS = {
    "no named municipal coordinator": ["mangler-koordinator"],
    "no anchoring plan": ["mangler-forankringsplan"],
    "parties describe goals differently": ["ulik-forstaelse"],
    "funding ends with the project": ["finansiering-uten-drift"],
    "only one party answered": ["ensidig-besvart"],
}


def test_default_rubric_has_the_fixed_rules_with_fixed_severities(default_rubric: Rubric) -> None:
    severities = {r.id: r.severity for r in default_rubric.rules}
    for rule_id, severity in FIXED_RULES.items():
        assert severities.get(rule_id) == severity, rule_id


def test_default_rubric_size_and_dimensions(default_rubric: Rubric) -> None:
    assert 30 <= len(default_rubric.questions) <= 45
    for dim in Dimension:
        assert sum(q.dimension == dim for q in default_rubric.questions) >= 8, dim


def test_default_rubric_covers_every_risk_pattern_with_rules(default_rubric: Rubric) -> None:
    # docs/design.md §2 lists 17 risk patterns, each needing at least one rule.
    assert len(default_rubric.rules) >= 17
    ids = {r.id for r in default_rubric.rules}
    for rules in PATTERNS.values():
        assert set(rules) <= ids


def test_every_question_and_rule_cites_a_source_in_words(default_rubric: Rubric) -> None:
    for source in default_rubric.sources.values():
        assert not source.nb.endswith(".txt") and "seeds/" not in source.nb
    for item in [*default_rubric.questions, *default_rubric.rules]:
        assert item.sources


def _write(tmp_path: Path, mutate) -> Path:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _errors(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_rubric(path)
    return [line.split(": error: ", 1)[1] for line in info.value.lines("en")]


def _set(path: list, value):  # type: ignore[no-untyped-def]
    def mutate(data):  # type: ignore[no-untyped-def]
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return mutate


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (_set(["questions", 1, "id"], "felles-mal"), "the id 'felles-mal' is used twice"),
        (_set(["rules", 1, "id"], "mangler-koordinator"), "the id 'mangler-koordinator' is used twice"),
        (
            _set(["rules", 0, "when"], {"answer": {"question": "koordinatorr", "in": ["nei"]}}),
            "the rule refers to an unknown question 'koordinatorr'",
        ),
        (
            _set(["rules", 0, "when"], {"answer": {"question": "koordinator", "in": ["kanskje"]}}),
            "the value 'kanskje' is impossible for 'koordinator'; allowed: nei, delvis, ja, vet_ikke",
        ),
        (
            _set(["rules", 0, "when"], {"answer": {"question": "koordinator", "in": [6]}}),
            "the value 6 is impossible for 'koordinator'; allowed: nei, delvis, ja, vet_ikke",
        ),
        (
            _set(["rules", 0, "when"], {"answer": {"question": "koordinator", "in": ["ikke_relevant"]}}),
            "the value 'ikke_relevant' is impossible for 'koordinator'; allowed: nei, delvis, ja, vet_ikke",
        ),
        (
            _set(
                ["rules", 0, "when"],
                {"answer": {"question": "politisk", "in": ["nei"], "role": "entreprenor"}},
            ),
            "'politisk' is not answered by entreprenor",
        ),
        (
            _set(["rules", 0, "when"], {"divergence": {"questions": ["politisk"]}}),
            "'politisk' is not answered by kommune + entreprenor",
        ),
        (_set(["questions", 0, "text", "kommune"], {"nb": "Bare bokmål."}), "missing field 'en'"),
        (_set(["questions", 0, "help"], {"nb": "", "en": "x"}), "must not be empty"),
        (
            _set(["questions", 3, "text", "entreprenor"], {"nb": "x", "en": "y"}),
            "has wording for entreprenor, who does not answer the question",
        ),
        (_set(["questions", 0, "sources"], ["ukjent"]), "unknown source 'ukjent'"),
        (
            _set(["rules", 0, "severity"], "high"),
            "the rule 'mangler-koordinator' has the fixed severity critical, not high",
        ),
        (
            _set(["questions", 0, "scale"], "likert"),
            "invalid value for scale: 'likert'; allowed: enighet, status",
        ),
        (_set(["questions", 0, "weight"], 7), "the value 7 is too large; at most 3"),
        (
            _set(["questions", 0, "id"], "Felles mål"),
            "invalid id 'Felles mål': use lower-case a–z, digits and hyphens",
        ),
        (_set(["questions", 0, "farge"], "blå"), "unknown field 'farge'"),
        (
            _set(["rules", 0, "when"], {"answer": {"question": "koordinator", "in": ["nei"]}, "any": []}),
            "a condition must have exactly one of: answer, divergence, score, coverage, role_missing, all, any, not",
        ),
        (
            _set(["rules", 0, "when"], {"eval": "__import__('os')"}),
            "a condition must have exactly one of: answer, divergence, score, coverage, role_missing, all, any, not",
        ),
    ],
)
def test_rubric_errors_are_found(tmp_path: Path, mutate, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert expected in _errors(_write(tmp_path, mutate))


def test_dimension_without_questions_is_an_error(tmp_path: Path) -> None:
    def mutate(data):  # type: ignore[no-untyped-def]
        data["questions"] = [q for q in data["questions"] if q["dimension"] != "forankring"]
        data["rules"] = [r for r in data["rules"] if "forankring" not in str(r["when"])]

    assert "the dimension 'forankring' has no questions" in _errors(_write(tmp_path, mutate))


def test_rubric_errors_name_file_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, _set(["rules", 0, "when"], {"answer": {"question": "nope", "in": ["nei"]}}))
    with pytest.raises(InputError) as info:
        load_rubric(path)
    (line,) = info.value.lines("en")
    text = path.read_text(encoding="utf-8").splitlines()
    file, lineno, col, _ = line.split(":", 3)
    assert file == str(path.resolve())
    assert "nope" in text[int(lineno) - 1][int(col) - 1 :]


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    def mutate(data):  # type: ignore[no-untyped-def]
        data["questions"][0]["sources"] = ["ukjent"]
        data["rules"][0]["when"] = {"answer": {"question": "nope", "in": ["nei"]}}

    assert len(_errors(_write(tmp_path, mutate))) == 2


def test_custom_rubric_may_leave_out_fixed_rules(tmp_path: Path) -> None:
    path = _write(tmp_path, lambda d: d.update(rules=[]))
    assert load_rubric(path).rules == []


def test_rubric_check_command(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok = cli("rubric", "check", "--lang", "en")
    assert ok.exit_code == 0
    assert "is valid" in ok.stderr
    bad = cli("rubric", "check", "--rubric", _write(tmp_path, _set(["questions", 0, "sources"], ["x"])))
    assert bad.exit_code == 2
    assert "ukjent kilde 'x'" in bad.stderr


def test_rubric_show_json_is_for_tooling(cli) -> None:  # type: ignore[no-untyped-def]
    import json

    data = json.loads(cli("rubric", "show", "--format", "json").stdout)
    q = data["questions"][0]
    assert set(q) >= {"id", "dimension", "roles", "scale", "values"}
    assert {"id", "severity", "dimension"} <= set(data["rules"][0])


def test_docs_rubric_md_matches_the_rubric(cli) -> None:  # type: ignore[no-untyped-def]
    """docs/rubric.md is generated; regenerate with `samarbeid rubric docs -o docs/rubric.md`."""
    committed = (Path(__file__).parent.parent / "docs" / "rubric.md").read_text(encoding="utf-8")
    assert cli("rubric", "docs").stdout == committed
