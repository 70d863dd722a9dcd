"""Nothing is imported for a format that is not written (docs/performance.md): each report format
and ``--help`` load only the libraries they use."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "inderoy-helsefag.yaml"
EARLIER = EXAMPLE.parent / "tidligere" / "inderoy-helsefag-2020.yaml"

#: runs the console script's main() with the given arguments, then prints, as JSON on the
#: last line of stderr (after whatever it wrote): the top-level packages it imported and
#: samarbeid's own modules, and the dataclasses samarbeid's modules it imported declare
PROBE = """
import dataclasses, json, sys
from samarbeid.entry import main
sys.argv = ["samarbeid", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
names = {m.split(".")[0] for m in sys.modules}
names |= {m for m in sys.modules if m.startswith(("xml.", "samarbeid."))}
made = [
    f"{name}.{value.__qualname__}"
    for name, module in list(sys.modules.items())
    if name.startswith("samarbeid")
    for value in vars(module).values()
    if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == name
]
print(json.dumps({"imported": sorted(names), "dataclasses": sorted(made)}), file=sys.stderr)
"""


def probe(*args: str) -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60, check=True
    )
    found: dict[str, list[str]] = json.loads(done.stderr.splitlines()[-1])
    return found


def imported(*args: str) -> set[str]:
    return set(probe(*args)["imported"])


@pytest.mark.parametrize(
    ("fmt", "absent"),
    [
        ("json", {"rich", "jinja2", "xml.sax", "fpdf", "openpyxl", "ruamel"}),
        # msgspec is imported by every format: the result's classes are its Structs
        ("terminal", {"jinja2", "xml.sax", "fpdf", "openpyxl", "ruamel"}),
        ("markdown", {"rich", "xml.sax", "fpdf", "openpyxl", "ruamel"}),
        ("html", {"rich", "xml.sax", "fpdf", "openpyxl", "ruamel"}),
    ],
)
def test_a_report_imports_only_what_its_format_needs(fmt: str, absent: set[str]) -> None:
    assert imported("report", str(EXAMPLE), "-f", fmt, "--as-of", "2026-12-06") & absent == set()


#: what only an earlier round or a plan needs
HISTORY_AND_PLAN = {"samarbeid.result.history", "samarbeid.load.plan", "samarbeid.answerfile.plan"}


def test_only_a_report_with_a_plan_or_an_earlier_round_imports_what_they_need(tmp_path: Path) -> None:
    assert imported("report", str(EXAMPLE), "-f", "json", "--as-of", "2026-12-06") & HISTORY_AND_PLAN == set()
    found = imported(
        "report", str(EXAMPLE), "--baseline", str(EARLIER), "-f", "json", "--as-of", "2026-12-06"
    )
    assert "samarbeid.result.history" in found
    folder = tmp_path / "prosjekt"
    folder.mkdir()
    answers = folder / EXAMPLE.name
    answers.write_bytes(EXAMPLE.read_bytes())
    imported("plan", str(answers), "-o", str(folder / "tiltaksplan.yaml"), "--as-of", "2026-12-06")
    found = imported("report", str(answers), "-f", "json", "--as-of", "2026-12-06")
    assert found >= HISTORY_AND_PLAN


@pytest.mark.parametrize(
    "args",
    [
        ("report", str(EXAMPLE), "-f", "json", "--as-of", "2026-12-06"),
        ("report", str(EXAMPLE), "--baseline", str(EARLIER), "-f", "html", "--as-of", "2026-12-06"),
        ("batch", str(EXAMPLE.parent), "-f", "jsonl", "--jobs", "1", "--as-of", "2026-12-06"),
    ],
)
def test_a_report_and_a_batch_of_valid_files_make_no_dataclass(args: tuple[str, ...]) -> None:
    """The records of the file formats and the result are msgspec Structs (a dataclass costs
    far more to declare); their dataclass mirrors are made only for pydantic
    (samarbeid.mirror), which a valid file and a cached rubric do not need."""
    fill_cache()
    assert probe(*args)["dataclasses"] == []


def test_help_imports_no_model_and_no_renderer() -> None:
    found = imported("--help")
    assert found & {"pydantic", "yaml", "rich", "jinja2", "msgspec"} == set()


def test_a_batch_that_writes_no_junit_imports_no_xml() -> None:
    found = imported("batch", str(EXAMPLE.parent), "-f", "jsonl", "--jobs", "1", "--as-of", "2026-12-06")
    assert "xml.sax" not in found
    assert "xml.sax" in imported("batch", str(EXAMPLE.parent), "-f", "junit", "--jobs", "1")


#: loads, scores and renders the example with pydantic and PyYAML made unimportable, the rubric
#: read back from the user's cache (argv: the answer file, then the format)
WITHOUT_PYDANTIC_OR_YAML = """
import datetime as dt
import sys
from pathlib import Path

sys.modules["pydantic"] = sys.modules["pydantic_core"] = sys.modules["yaml"] = None  # importing fails
from samarbeid.pipeline import assess_files
from samarbeid.render import ReportFormat, render_report
from samarbeid.rubric import load_rubric

rubric = load_rubric()
assessment = assess_files([Path(sys.argv[1])], rubric, as_of=dt.date(2026, 12, 6))
print(render_report(assessment, ReportFormat(sys.argv[2]), rubric=rubric, lang="nb"), end="")
"""


def fill_cache() -> None:
    """The user's cache holds the checked default rubric (pydantic and PyYAML read it once)."""
    fill = "from samarbeid.rubric import load_rubric; load_rubric()"
    subprocess.run([sys.executable, "-c", fill], capture_output=True, timeout=60, check=True)


@pytest.mark.parametrize(("fmt", "golden"), [("json", "nb.json"), ("markdown", "nb.md")])
def test_a_valid_file_is_read_scored_and_rendered_without_pydantic_or_yaml(fmt: str, golden: str) -> None:
    """The answer file's and the rubric's types need no pydantic: a valid file is checked by
    samarbeid.answerfile.check, the rubric comes from the cache as msgspec Structs; a file in
    the standard layout is read by samarbeid.parse.fastread, without PyYAML."""
    fill_cache()
    root = EXAMPLE.parents[1]
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_PYDANTIC_OR_YAML, str(EXAMPLE.relative_to(root)), fmt],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=root,
    )
    assert done.returncode == 0, done.stderr
    expected = root / "tests" / "golden" / f"{EXAMPLE.stem}.{golden}"
    assert done.stdout.strip() == expected.read_text("utf-8").strip()


def test_reports_and_a_batch_of_valid_files_import_no_yaml(tmp_path: Path) -> None:
    """(pydantic is imported all the same: typer coerces the command line's values with it.)"""
    fill_cache()
    for name in (EXAMPLE.name, "sunt-samarbeid.yaml"):
        (tmp_path / name).write_bytes((EXAMPLE.parent / name).read_bytes())
    for fmt in ("json", "markdown"):
        assert "yaml" not in imported("report", str(EXAMPLE), "-f", fmt, "-o", str(tmp_path / f"r.{fmt}"))
    found = imported("batch", str(tmp_path), "-f", "jsonl", "--jobs", "1", "-o", str(tmp_path / "b.jsonl"))
    assert "yaml" not in found
