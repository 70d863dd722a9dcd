"""The default rubric's promises, and the rubric checker finding every kind of error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from nynorsk import bokmal_words
from samarbeid.errors import InputError
from samarbeid.rubric import load_rubric
from samarbeid.rubric.model import Rubric, Text
from samarbeid.vocab import FIXED_PROBLEMS, Dimension, Severity
from testkit import MINI, ROOT

# Risk patterns of docs/design.md §2 → the problem ids (or aliases of rubric 2's rule ids) of the
# default rubric that cover each.
PATTERNS = {
    "no named municipal coordinator": ["mangler-koordinator"],
    "no anchoring plan": ["mangler-forankringsplan"],
    "parties describe goals differently": ["ulik-forstaelse"],
    "funding ends with the project": ["finansiering-uten-drift", "finansiering-tar-slutt"],
    "funding not secured for the coming year": ["finansiering-kortsiktig"],
    "agreed results not achieved": ["resultater-uteblir"],
    "effect documented only by the entrepreneur": ["dokumentasjon-ikke-uavhengig"],
    "the entrepreneur's finances and governance": [
        "entreprenor-sarbar-okonomi",
        "entreprenor-styring-ukjent",
    ],
    "procurement route not feasible": ["anskaffelse-ikke-gjennomforbar"],
    "period too short to show effect": ["periode-for-kort"],
    "a third party and its commitment": ["tredjepart-uavklart"],
    "bridge funding and risk sharing": ["mellomfinansiering-uavklart"],
    "one buyer, funder or grant scheme": ["avhengig-av-en-kilde"],
    "contract lost in the next tender": ["tap-ved-ny-konkurranse"],
    "savings pressure on the running service": ["sparepress", "kjenner-ikke-budsjettet"],
    "only one party answered": ["ensidig-besvart"],
}


#: Every rule id of rubric 2: users put them in CI allow-lists and ``accepted:``.
RUBRIC_2_RULES = {
    "mangler-koordinator", "mangler-forankringsplan", "ulik-forstaelse", "finansiering-uten-drift",
    "finansiering-tar-slutt", "finansiering-kortsiktig", "avhengig-av-en-kilde", "mellomfinansiering-uavklart",
    "tredjepart-uavklart", "periode-for-kort", "ensidig-besvart", "uklart-felles-mal", "uklare-roller",
    "uklare-forventninger", "urealistiske-forventninger", "lite-kjennskap-til-hverandre", "bestiller-utforer",
    "taushetsplikt-uavklart", "kjenner-ikke-budsjettet", "kjenner-ikke-koordinator", "ledelsen-stotter-ikke",
    "mangler-politisk-forankring", "forankring-pa-tvers-mangler", "mal-ikke-forankret", "mangler-lokalt-eierskap",
    "kapasitetspress-kommune", "sparepress", "ingen-styringsgruppe", "ingen-tid-til-forankring",
    "forankring-ikke-fornyet", "grenseflate-ikke-beskrevet", "krav-uklare", "ingen-avtale", "ingen-oppfolging",
    "ingen-rapportering", "ingen-effektmaling", "resultater-uteblir", "dokumentasjon-ikke-uavhengig",
    "uklar-anskaffelse", "anskaffelse-ikke-gjennomforbar", "ingen-reserveplan", "tap-ved-ny-konkurranse",
    "personavhengig", "kapasitetspress-entreprenor", "entreprenor-sarbar-okonomi", "entreprenor-styring-ukjent",
}  # fmt: skip


def test_default_rubric_has_the_fixed_problems_with_fixed_severities(default_rubric: Rubric) -> None:
    severities = {p.id: p.severity for p in default_rubric.problems}
    for rule_id, severity in FIXED_PROBLEMS.items():
        assert severities.get(rule_id) == severity, rule_id


@pytest.mark.parametrize("role", ["kommune", "entreprenor"])
def test_each_role_answers_at_most_55_questions(default_rubric: Rubric, role: str) -> None:
    """A questionnaire a person fills in at one sitting: rubric 3 asks the kommune 55 questions
    and the entrepreneur 53; a new question for a role that has 55 must replace one."""
    assert 30 <= len(default_rubric.questions_for(role)) <= 55


def test_every_dimension_has_at_least_eight_questions(default_rubric: Rubric) -> None:
    for dim in Dimension:
        assert sum(q.dimension == dim for q in default_rubric.questions) >= 8, dim


def test_default_rubric_covers_every_risk_pattern_with_a_problem(default_rubric: Rubric) -> None:
    # docs/design.md §2 lists 17 risk patterns; rubric 3 names 12–16 underlying problems, and every
    # rule id of rubric 2 is a problem id or an alias of one.
    assert 12 <= len(default_rubric.problems) <= 16
    for ids in PATTERNS.values():
        assert set(ids) <= set(default_rubric.problems_by_id)


def test_every_rubric_2_rule_id_still_names_a_problem(default_rubric: Rubric) -> None:
    assert set(default_rubric.problems_by_id) >= RUBRIC_2_RULES


def test_an_alias_names_the_problem_it_was_merged_into(default_rubric: Rubric) -> None:
    problems = default_rubric.problems_by_id
    assert problems["finansiering-tar-slutt"].id == "finansiering-uten-drift"
    assert problems["uklart-felles-mal"].id == "ulik-forstaelse"
    assert problems["personavhengig"].id == "mangler-koordinator"


def test_every_question_and_rule_cites_a_source_in_words(default_rubric: Rubric) -> None:
    for source in default_rubric.sources.values():
        assert not source.nb.endswith(".txt") and "seeds/" not in source.nb
    for question in default_rubric.questions:
        assert question.sources
    for problem in default_rubric.problems:
        assert problem.sources
        assert all(e.sources for e in problem.escalations)


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


def _set(path: list, value):  # type: ignore[no-untyped-def,type-arg]
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
            "the condition refers to an unknown question 'koordinatorr'",
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
            "the problem 'mangler-koordinator' has the fixed severity critical, not high",
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
            "a condition must have exactly one of: answer, divergence, score, coverage, role_missing, phase, all, any, "
            "not",
        ),
        (
            _set(["rules", 0, "when"], {"eval": "__import__('os')"}),
            "a condition must have exactly one of: answer, divergence, score, coverage, role_missing, phase, all, any, "
            "not",
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


def test_custom_rubric_may_leave_out_fixed_problems(tmp_path: Path) -> None:
    path = _write(tmp_path, lambda d: d.update(rules=[]))
    assert load_rubric(path).problems == []


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
    committed = (ROOT / "docs" / "rubric.md").read_text(encoding="utf-8")
    assert cli("rubric", "docs").stdout == committed


# ---- graded rules ---------------------------------------------------------------------------------


def _grades(*grades: tuple[str, dict]) -> list[dict]:  # type: ignore[type-arg]
    return [{"severity": severity, "when": when} for severity, when in grades]


def _graded(index: int, severity: str, *grades: tuple[str, dict], **extra: object):  # type: ignore[no-untyped-def,type-arg]
    def mutate(data):  # type: ignore[no-untyped-def]
        rule = data["rules"][index]
        del rule["when"]
        rule.update(severity=severity, grades=_grades(*grades), **extra)

    return mutate


def _koordinator(*values: object) -> dict:  # type: ignore[type-arg]
    return {"answer": {"question": "koordinator", "in": list(values)}}


def _escalated(top: str, first: str, escalation: dict) -> object:  # type: ignore[type-arg]
    """The coordinator problem at ``top``, graded ``first`` (nei) and medium (delvis), with one
    escalation."""
    return _graded(
        0, top, (first, _koordinator("nei")), ("medium", _koordinator("delvis")), escalations=[escalation]
    )


def _escalation(escalation_id: str, severity: str) -> dict:  # type: ignore[type-arg]
    """An escalation of the coordinator problem that holds when the plan is missing too."""
    return {
        "id": escalation_id,
        "severity": severity,
        "mechanism": {"nb": "Fordi.", "en": "Because."},
        "when": {"answer": {"question": "forankringsplan", "in": ["nei"]}},
        "title": {"nb": "Verre", "en": "Worse"},
        "sources": ["test"],
    }


def test_an_escalation_raises_the_finding_its_grades_give(tmp_path: Path) -> None:
    from samarbeid.score.scoring import assess
    from testkit import submission

    path = _write(
        tmp_path,
        _graded(
            0,
            "critical",
            ("high", _koordinator("nei")),
            ("medium", _koordinator("delvis")),
            escalations=[_escalation("verre", "critical")],
        ),
    )
    rubric = load_rubric(path)

    def finding(**answers: str) -> tuple[str, str | None] | None:
        a = assess(rubric, submission(rubric, {"role": "kommune", "answers": answers}))
        found = [(str(f.severity), f.escalation) for f in a.findings if f.id == "mangler-koordinator"]
        return found[0] if found else None

    assert finding(koordinator="delvis") == ("medium", None)
    assert finding(koordinator="delvis", forankringsplan="nei") == ("critical", "verre")
    assert finding(koordinator="ja", forankringsplan="nei") is None  # never makes a finding


def test_a_well_formed_graded_rule_loads(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        _graded(0, "critical", ("critical", _koordinator("nei")), ("medium", _koordinator("delvis"))),
    )
    (rule, *_) = load_rubric(path).problems
    assert [(g.severity, g.when.answer.values) for g in rule.levels] == [  # type: ignore[union-attr]
        ("critical", ["nei"]),
        ("medium", ["delvis"]),
    ]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            _graded(0, "critical", ("medium", _koordinator("delvis")), ("critical", _koordinator("nei"))),
            "the problem's severity is critical, but its most severe grade or escalation is medium",
        ),
        (
            _graded(0, "critical", ("medium", _koordinator("delvis")), ("critical", _koordinator("nei"))),
            "the grades must go from most to least severe: critical cannot follow medium",
        ),
        (
            _graded(0, "critical", ("critical", _koordinator("nei")), ("low", _koordinator("ja"))),
            "the best answer (ja) to 'koordinator' must not give a finding",
        ),
        (
            _graded(0, "critical", ("critical", _koordinator("delvis")), ("medium", _koordinator("nei"))),
            "a milder answer gives a more severe finding: delvis to 'koordinator' gives critical, but nei gives only "
            "medium",
        ),
        (
            _graded(0, "critical", ("critical", _koordinator("nei")), ("medium", _koordinator("vet_ikke"))),
            "“vet ikke” (don't know) to 'koordinator' gives medium; at most low",
        ),
        (
            _set(["rules", 0, "when"], _koordinator("nei", "ja")),
            "the best answer (ja) to 'koordinator' must not give a finding",
        ),
        (
            _set(["rules", 0, "when"], {"phase": ["drift"]}),
            "'drift'; allowed: idea, planning, pilot, operation, ending",
        ),
        (
            _set(["rules", 0, "grades"], _grades(("critical", _koordinator("nei")))),
            "a problem needs either 'when' or 'grades', not both and not neither",
        ),
        (
            _set(["rules", 0, "when"], {"all": [_koordinator("nei"), {"phase": ["operation"]}]}),
            "a phase alone cannot give a finding; use it in an escalation",
        ),
        (
            _escalated("high", "high", _escalation("x", "medium")),
            "the escalation must be more severe than the problem's mildest grade (medium), not medium",
        ),
        (
            _escalated("high", "high", _escalation("x", "critical")),
            "the problem's severity is high, but its most severe grade or escalation is critical",
        ),
        (
            _set(["rules", 1, "when"], _koordinator("nei")),
            "the question 'koordinator' already belongs to the problem 'mangler-koordinator'",
        ),
        (
            _set(["rules", 1, "aliases"], ["mangler-koordinator"]),
            "the id 'mangler-koordinator' is used twice",
        ),
        (
            _escalated("critical", "critical", _escalation("mangler-forankringsplan", "critical")),
            "the id 'mangler-forankringsplan' is used twice",
        ),
        (
            _escalated("critical", "critical", {**_escalation("x", "critical"), "sources": ["ukjent"]}),
            "unknown source 'ukjent'",
        ),
    ],
)
def test_graded_rule_errors_are_found(tmp_path: Path, mutate, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert any(expected in error for error in _errors(_write(tmp_path, mutate)))


def test_vet_ikke_may_be_severe_when_not_knowing_is_the_risk(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        _graded(
            0,
            "critical",
            ("critical", _koordinator("nei")),
            ("medium", _koordinator("vet_ikke")),
            unknown_is_risk=True,
        ),
    )
    assert load_rubric(path).problems[0].unknown_is_risk


def test_default_rubric_vet_ikke_is_at_most_low_unless_documented(default_rubric: Rubric) -> None:
    for rule in default_rubric.problems:
        for grade in rule.levels:
            unknown = any("vet_ikke" in test.values for test in grade.when.answer_tests())
            if unknown and grade.severity.rank < Severity.low.rank:
                assert rule.unknown_is_risk, rule.id


def test_default_rubric_merged_and_removed_ids(default_rubric: Rubric) -> None:
    ids = {p.id for p in default_rubric.problems}
    assert not set(default_rubric.problems_by_id) & {"koordinator-delvis", "roller-ikke-skriftlige"}
    assert {"mangler-koordinator", "uklare-roller", "finansiering-uten-drift"} <= ids
    assert "finansiering-tar-slutt" not in ids  # an alias now
    questions = set(default_rubric.by_id)
    assert not questions & {
        "tid-til-forankring",
        "forankring-fornyes",
        "endring-nodvendig",
        "inntekter-spredt",
    }
    assert "flere-kjopere" in questions  # inntekter-spredt, merged, now asked of both parties
    assert default_rubric.version == "3.0.0"


def _rubric_texts(rubric: Rubric) -> Iterator[tuple[str, Text | None]]:
    """Every text of ``rubric`` a person reads, with where it is."""
    yield "title", rubric.title
    for slug, source in rubric.sources.items():
        yield f"sources.{slug}", source
    for dim, dimension in rubric.dimensions.items():
        yield f"dimensions.{dim}.title", dimension.title
        yield f"dimensions.{dim}.description", dimension.description
    for q in rubric.questions:
        for role in q.roles:
            yield f"{q.id}.text.{role}", getattr(q.text, role)
        yield f"{q.id}.help", q.help
    for problem in rubric.problems:
        for field in ("title", "why", "brief", "action"):
            yield f"{problem.id}.{field}", getattr(problem, field)
        for i, grade in enumerate(problem.grades or []):
            if grade.title is not None:
                yield f"{problem.id}.grades[{i}].title", grade.title
        for e in problem.escalations:
            for field in ("mechanism", "title", "action"):
                if field != "action" or e.action is not None:
                    yield f"{problem.id}.{e.id}.{field}", getattr(e, field)


def test_default_rubric_speaks_bokmal_nynorsk_and_english(default_rubric: Rubric) -> None:
    missing = [
        (where, lang)
        for where, text in _rubric_texts(default_rubric)
        for lang in ("nb", "nn", "en")
        if text is None or not (getattr(text, lang) or "").strip()
    ]
    assert not missing


def test_default_rubric_nynorsk_has_no_bokmal_only_forms(default_rubric: Rubric) -> None:
    ids = {q.id for q in default_rubric.questions} | {p.id for p in default_rubric.problems}
    found: list[tuple[str, str]] = []
    for where, text in _rubric_texts(default_rubric):
        assert text is not None and text.nn is not None, where
        # Titles of published sources are quoted «…» and stay as published, often in bokmål.
        found += [(where, word) for word in bokmal_words(text.nn, ids=ids)]
    assert not found
