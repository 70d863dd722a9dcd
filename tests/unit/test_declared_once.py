"""Each closed vocabulary and each threshold of scoring is declared once (docs/architecture.md,
«Vocabularies and thresholds»).

The code in ``samarbeid/`` and the templates in ``templates/`` name an id through its
vocabulary (``Level.green``, ``for d in Dimension``), never by writing it out as a quoted
literal; a threshold of scoring is written as a number in a comparison only in
``samarbeid/score/scoring.py``, and an exit code only in ``samarbeid/errors.py``. A literal that only
looks like an id (a field named ``kommune``, rich's colour ``red``) is allowed where
:data:`ALLOWED` says, each time with the reason.

What counts as writing an id out: a quoted id compared with something, chosen
(``x if … else "red"``), assigned, returned, listed, given as a default or as a dict's value,
or named in a ``Literal[…]``. Not counted, because they name fields and other tools' words: a
docstring, a dict's key, an index (``doc["status"]``), a call's own argument
(``getattr(p, "kommune")``, ``style="yellow"``) and a path into a document (a tuple given to a
call, or one that starts from another path: ``(*path, "coverage")``). In a template every
quoted id counts, except a dict's key.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from dataclasses import dataclass

import jinja2
import pytest
from jinja2 import nodes

from samarbeid.errors import ExitCode
from samarbeid.render.templated import environment
from samarbeid.score import scoring as score
from samarbeid.vocab import (
    ALIASES,
    FIXED_PROBLEMS,
    SCALES,
    DivergenceKind,
    FailOn,
    KindOrAny,
    Role,
    RoleOrAny,
    RubricFormat,
    Schema,
    Severity,
    Source,
    Target,
    vocabularies,
)
from testkit import ROOT

#: The command line's own option words (formats, schema kinds, survey platforms, form targets):
#: everyday words that are field names and other tools' words too (``text``, ``answers``,
#: ``auto``, ``print``). They are read into their enums by typer and passed on as members, and
#: no enum may repeat a vocabulary (test_no_enum_outside_vocab_repeats_a_vocabulary).
OPTION_WORDS = (RubricFormat, Schema, Source, Target)
#: Every id of every other vocabulary, the scales' word values and the fixed rule ids.
IDS: frozenset[str] = frozenset(
    {
        *(i for vocab in vocabularies().values() if vocab not in OPTION_WORDS for i in vocab.ids()),
        *(v for scale in SCALES.values() for v in scale if isinstance(v, str)),
        *FIXED_PROBLEMS,
    }
)
#: The thresholds of scoring (numbers written in comparisons only in samarbeid/score/scoring.py).
THRESHOLDS: frozenset[float] = frozenset(
    {score.GREEN_AT, score.YELLOW_AT, score.CONCLUSIVE_COVERAGE, score.DIVERGENCE_GAP, score.WEAK_AT_MOST}
)
#: The exit codes that are no everyday number (written only in samarbeid/errors.py).
EXIT_CODES: frozenset[int] = frozenset(code for code in ExitCode if code > ExitCode.INPUT)

#: Where the ids and thresholds are declared: nothing in them is a restatement.
DECLARING = {"samarbeid/vocab.py", "samarbeid/score/scoring.py", "samarbeid/errors.py"}

#: (file, scope) → the literals there that only look like ids, and why. The scope is the
#: enclosing function or class (``Words.open_answers``), the name a module-level value is
#: assigned to (``CSV_COLUMNS``), or a template's macro; ``-`` is the top level.
ALLOWED: dict[tuple[str, str], tuple[frozenset[str], str]] = {
    ("samarbeid/load/answers.py", "MERGED_DETAILS"): (
        frozenset({"kommune", "entreprenor"}),
        "the fields of ProjectInfo that every file of a project should agree on",
    ),
    ("samarbeid/render/portfolio.py", "CSV_COLUMNS"): (
        frozenset({"kommune", "entreprenor", "status", "score", "coverage"}),
        "the CSV's column names, after the fields they hold",
    ),
    ("samarbeid/render/terminal.py", "SEVERITY_STYLE"): (
        frozenset({"red", "yellow"}),
        "rich's colour names, the style of a severity",
    ),
    ("samarbeid/render/terminal.py", "FOLLOW_UP_MARK"): (
        frozenset({"green"}),
        "rich's colour name, the style of an action done",
    ),
    ("samarbeid/parse/validation.py", "_NORWEGIAN_FIELDS"): (
        frozenset({"entreprenor"}),
        "the field ProjectInfo.entreprenor, for a key written «entreprenør»",
    ),
    ("samarbeid/parse/validation.py", "problems_from"): (
        frozenset({"missing"}),
        "pydantic's error type for a missing field",
    ),
    ("samarbeid/render/terminal.py", "_baseline"): (
        frozenset({"new"}),
        "the field FindingChanges.new (the findings new since the baseline)",
    ),
    ("templates/report.md.j2", "-"): (frozenset({"new"}), "the field FindingChanges.new"),
    ("templates/_baseline.html.j2", "-"): (frozenset({"new"}), "the field FindingChanges.new"),
}


@dataclass(frozen=True)
class Found:
    """A literal written where its vocabulary (or threshold) should have been named."""

    file: str
    line: int
    scope: str
    literal: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line} ({self.scope}): {self.literal}"


# ---- Python -----------------------------------------------------------------------------------


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _scope(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> str:
    """The enclosing functions and classes (``Words.open_answers``), or the module-level name
    the value is assigned to, or ``-``."""
    names: list[str] = []
    current: ast.AST | None = node
    assigned = "-"
    while current is not None:
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(current.name)
        elif isinstance(current, (ast.Assign, ast.AnnAssign)) and not names:
            targets = current.targets if isinstance(current, ast.Assign) else [current.target]
            assigned = next((t.id for t in targets if isinstance(t, ast.Name)), assigned)
        current = parents.get(current)
    return ".".join(reversed(names)) if names else assigned


def _is_literal_type(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id == "Literal") or (
        isinstance(node, ast.Attribute) and node.attr == "Literal"
    )


def _names_a_field(node: ast.Constant, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether the literal is a docstring, a dict's key, an index, a call's own argument or a
    step of a path into a document."""
    parent = parents[node]
    if isinstance(parent, ast.Expr):
        return True
    if isinstance(parent, ast.Dict):
        return any(key is node for key in parent.keys)
    if isinstance(parent, ast.Subscript):
        return not _is_literal_type(parent.value)
    if isinstance(parent, ast.Call):
        return any(arg is node for arg in parent.args)
    if isinstance(parent, ast.Tuple):
        given = parents.get(parent)
        return any(isinstance(e, ast.Starred) for e in parent.elts) or (
            isinstance(given, ast.Call) and any(arg is parent for arg in given.args)
        )
    return isinstance(parent, (ast.keyword, ast.JoinedStr, ast.FormattedValue))


def _in_comparison(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether the number is compared with something, directly or in a sum (``a - b >= 50``)."""
    parent = parents.get(node)
    while isinstance(parent, (ast.BinOp, ast.UnaryOp)):
        parent = parents.get(parent)
    return isinstance(parent, ast.Compare)


def python_restatements(source: str, file: str) -> Iterator[Found]:
    """The ids, thresholds and exit codes written out in one Python module."""
    tree = ast.parse(source)
    parents = _parents(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
            continue
        value = node.value
        if isinstance(value, str):
            restated = value in IDS and not _names_a_field(node, parents)
        else:
            restated = isinstance(value, (int, float)) and (
                value in EXIT_CODES or (value in THRESHOLDS and _in_comparison(node, parents))
            )
        if restated:
            yield Found(
                file, node.lineno, _scope(node, parents), value if isinstance(value, str) else repr(value)
            )


# ---- templates ----------------------------------------------------------------------------------


def template_restatements(source: str, file: str) -> Iterator[Found]:
    """The ids and thresholds written out in one template (its expressions, not its text)."""
    tree = environment().parse(source)
    keys = {id(pair.key) for pair in tree.find_all(nodes.Pair)}
    macros = [(m.name, {id(c) for c in m.find_all(nodes.Const)}) for m in tree.find_all(nodes.Macro)]
    for const in tree.find_all(nodes.Const):
        value = const.value
        if id(const) in keys or isinstance(value, bool):
            continue
        counts = isinstance(value, str) and value in IDS
        counts = counts or (isinstance(value, (int, float)) and value in THRESHOLDS)
        if counts:
            scope = next((name for name, inside in macros if id(const) in inside), "-")
            yield Found(file, const.lineno, scope, str(value))


# ---- the rule -----------------------------------------------------------------------------------


def _sources() -> Iterator[tuple[str, str, str]]:
    """(kind, relative path, text) of every module and template the rule covers."""
    for path in sorted((ROOT / "samarbeid").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel not in DECLARING:
            yield "python", rel, path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "templates").glob("*.j2")):
        yield "template", path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


@functools.cache
def restatements() -> tuple[Found, ...]:
    """Every literal written out, in the modules and templates, before ALLOWED is applied."""
    found: list[Found] = []
    for kind, rel, text in _sources():
        scan = python_restatements if kind == "python" else template_restatements
        found.extend(scan(text, rel))
    return tuple(found)


def _allowed(found: Found) -> bool:
    literals, _reason = ALLOWED.get((found.file, found.scope), (frozenset(), ""))
    return found.literal in literals


def test_no_id_threshold_or_exit_code_is_written_out_twice() -> None:
    found = [str(f) for f in restatements() if not _allowed(f)]
    assert not found, (
        "name these through samarbeid.vocab, samarbeid.score.scoring or ExitCode:\n" + "\n".join(found)
    )


def test_every_allowed_literal_is_still_there() -> None:
    """An entry of ALLOWED that no longer matches anything is removed, so the list stays short."""
    seen = {(f.file, f.scope, f.literal) for f in restatements()}
    stale = [(*where, lit) for where, (literals, _) in ALLOWED.items() for lit in literals]
    assert [entry for entry in stale if entry not in seen] == []


#: The enums declared outside samarbeid/vocab.py, and why they live where they do.
OTHER_ENUMS = {
    "samarbeid.errors.ExitCode": "numbers, not words: the process's exit codes",
    "samarbeid.render.ReportFormat": "the formats of report, chosen where the renderers are",
    "samarbeid.render.BatchFormat": "the formats of batch, chosen where the renderers are",
    "samarbeid.render.FormFormat": "the formats of the paper questionnaire (form --target print)",
    "samarbeid.render.BatchSort": "the orders of batch's output",
    "samarbeid.render.PlanFormat": "the formats of plan, chosen where the renderers are",
    "samarbeid.surveys.platform.Kind": "what a platform's export column holds: internal to the import",
}


def _enums_outside_vocab() -> dict[str, list[str]]:
    """Every enum class declared in samarbeid/ outside vocab.py: dotted name → member values."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "samarbeid").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        if rel.as_posix() == "samarbeid/vocab":
            continue
        module = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            bases = [ast.unparse(b) for b in node.bases] if isinstance(node, ast.ClassDef) else []
            if isinstance(node, ast.ClassDef) and any("Enum" in b or b == "Vocab" for b in bases):
                values = [
                    ast.unparse(s.value)
                    for s in node.body
                    if isinstance(s, ast.Assign) and isinstance(s.value, ast.Constant)
                ]
                found[f"{module}.{node.name}"] = values
    return found


def test_no_enum_outside_vocab_repeats_a_vocabulary() -> None:
    """A vocabulary is an enum in samarbeid/vocab.py; the few enums elsewhere are listed in
    OTHER_ENUMS, and none holds the same words as a vocabulary (as a copied SchemaChoice did)."""
    enums = _enums_outside_vocab()
    assert sorted(enums) == sorted(OTHER_ENUMS)
    words = {frozenset(repr(i) for i in vocab.ids()) for vocab in vocabularies().values()}
    assert [name for name, values in enums.items() if frozenset(values) in words] == []


def test_the_templates_get_every_vocabulary_and_the_level_bands() -> None:
    names = environment().globals
    assert {name: names.get(name) for name in vocabularies()} == vocabularies()
    assert names["LEVEL_BANDS"] == score.LEVEL_BANDS


def test_the_vocabularies_that_extend_another_are_made_from_it() -> None:
    assert FailOn.ids() == ("never", *Severity.ids())
    assert ALIASES[FailOn] == {"aldri": "never", **ALIASES[Severity]}
    assert RoleOrAny.ids() == (*Role.ids(), "any")
    assert KindOrAny.ids() == (*DivergenceKind.ids(), "any")


def test_any_covers_every_role_and_kind_and_a_member_only_itself() -> None:
    assert [RoleOrAny.any.covers(r) for r in Role] == [True, True]
    assert [RoleOrAny(Role.kommune).covers(r) for r in Role] == [True, False]
    assert [KindOrAny.any.covers(k) for k in DivergenceKind] == [True, True]
    assert [KindOrAny(DivergenceKind.shared_weakness).covers(k) for k in DivergenceKind] == [False, True]


def test_the_level_bands_are_the_thresholds() -> None:
    bands = score.LEVEL_BANDS
    assert [b.end for b in bands[:-1]] == [b.start for b in bands[1:]] == [score.YELLOW_AT, score.GREEN_AT]
    assert [score.level_of(b.start, 1.0) for b in bands] == [b.level for b in bands]


# ---- the checker itself: it finds what it is meant to find -----------------------------------------

CAUGHT_IN_PYTHON = [
    'if level == "red":\n    pass\n',
    'x = "in_progress"\n',
    'def f(role: str = "kommune") -> None: ...\n',
    'def f() -> str:\n    return "green"\n',
    'ROLES = ["kommune", "entreprenor"]\n',
    'reason = "missing" if value is None else "vet_ikke"\n',
    'data = {"status": "in_progress"}\n',
    'Phase = Literal["idea", "pilot"]\n',
    'if test.role != "any":\n    pass\n',
    'run(file, roles=["kommune", "entreprenor"])\n',
    "raise typer.Exit(130)\n",
    "exit_code = 143\n",
    "if max(a) - min(a) >= 50:\n    pass\n",
    "apart = score < 75\n",
]
LET_THROUGH_IN_PYTHON = [
    '"""The kommune and the entreprenor: red, yellow, green."""\n',
    'project = {"kommune": name}\n',
    'value = doc["status"]\n',
    'who = getattr(scores, "kommune")\n',
    'say(text, style="yellow")\n',
    'yield ctx.at((*path, "coverage", "below"), "v.range")\n',
    'problem = Problem(doc.ref(("status",)), "answers.complete_but_empty")\n',
    "MAX_PROBLEMS = 50\n",
    "limit = 50 * 1024\n",
]
CAUGHT_IN_TEMPLATES = [
    "{% if a.level == 'green' %}x{% endif %}",
    "{% for d in ['forstaelse', 'forankring'] %}{{ d }}{% endfor %}",
    "{{ a.unanswered | selectattr('reason', 'equalto', 'vet_ikke') | list | length }}",
    "{% for name, start, end in [('red', 0, 50)] %}{{ name }}{% endfor %}",
    "{{ 1 if r.score < 75 else 2 }}",
    "{% macro m(level) %}{% if level == 'red' %}x{% endif %}{% endmacro %}",
]
LET_THROUGH_IN_TEMPLATES = [
    "{{ t('level.green') }} {{ d.roles.kommune }}",
    "{% if a.level == Level.green %}{{ num(a.score) }}{% endif %}",
    "{{ {'kommune': 1} | length }}",
    '<p class="level--green">green, red, 50 and 75 in the text itself</p>',
]


@pytest.mark.parametrize("source", CAUGHT_IN_PYTHON)
def test_a_restatement_in_python_is_found(source: str) -> None:
    assert list(python_restatements(source, "x.py")) != []


@pytest.mark.parametrize("source", LET_THROUGH_IN_PYTHON)
def test_a_field_name_or_other_number_in_python_is_not_a_restatement(source: str) -> None:
    assert list(python_restatements(source, "x.py")) == []


@pytest.mark.parametrize("source", CAUGHT_IN_TEMPLATES)
def test_a_restatement_in_a_template_is_found(source: str) -> None:
    assert list(template_restatements(source, "x.j2")) != []


@pytest.mark.parametrize("source", LET_THROUGH_IN_TEMPLATES)
def test_a_vocabulary_named_in_a_template_is_not_a_restatement(source: str) -> None:
    assert list(template_restatements(source, "x.j2")) == []


def test_the_scope_of_a_found_literal_names_where_it_is() -> None:
    source = 'class A:\n    def f(self) -> bool:\n        return x == "red"\n\nROLES = ("kommune",)\n'
    found = {(f.scope, f.literal) for f in python_restatements(source, "x.py")}
    assert found == {("A.f", "red"), ("ROLES", "kommune")}
    macro = "{% macro level_shape(level) %}{% if level == 'red' %}x{% endif %}{% endmacro %}"
    assert [f.scope for f in template_restatements(macro, "x.j2")] == ["level_shape"]


def test_a_template_that_does_not_parse_is_an_error_not_a_pass() -> None:
    with pytest.raises(jinja2.TemplateSyntaxError):
        list(template_restatements("{% if %}", "x.j2"))
