"""`samarbeid batch`: every format, exit codes, merging, accepted risks, broken files, --jobs."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from testkit import ROOT, Cli, answer_file

EXAMPLES = ROOT / "examples"
VALID = [p for p in sorted(EXAMPLES.glob("*.yaml"))] + [EXAMPLES / "delt"]


def batch(cli: Cli, *args: Any) -> Any:
    return cli("batch", *args, "--as-of", "2026-11-22")


def write(path: Path, respondents: list[dict[str, Any]], **kw: Any) -> Path:
    path.write_text(answer_file(respondents, **kw), encoding="utf-8")
    return path


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """Three projects: a healthy one, one with a critical gap, one split over two files."""
    from samarbeid.rubric import load_rubric
    from testkit import best

    rubric = load_rubric()
    (tmp_path / "a").mkdir()
    write(
        tmp_path / "a" / "frisk.yaml",
        [best(rubric, "kommune"), best(rubric, "entreprenor")],
        project_id="frisk",
    )
    gap = best(rubric, "kommune")
    gap["answers"]["kommunal-koordinator"] = "nei"
    hull = write(tmp_path / "a" / "hull.yml", [gap, best(rubric, "entreprenor")], project_id="hull")
    hull.write_text(
        hull.read_text(encoding="utf-8").replace("Testprosjekt", "Bærum – Øvre Årstad"), encoding="utf-8"
    )
    (tmp_path / "delt").mkdir()
    write(tmp_path / "delt" / "k.yaml", [best(rubric, "kommune")], project_id="delt")
    write(tmp_path / "delt" / "e.yaml", [best(rubric, "entreprenor")], project_id="delt")
    (tmp_path / "notater.txt").write_text("ikke en svarfil", encoding="utf-8")
    return tmp_path


def test_folders_are_searched_and_per_party_files_merged(cli: Cli, portfolio: Path) -> None:
    result = batch(cli, portfolio, "-f", "json", "--jobs", "1")
    data = json.loads(result.stdout)
    assert [p["project"]["id"] for p in data["projects"]] == ["delt", "frisk", "hull"]
    delt = data["projects"][0]
    assert sorted(r["role"] for r in delt["respondents"]) == ["entreprenor", "kommune"]
    assert "ensidig-besvart" not in {f["id"] for f in delt["findings"]}
    assert data["errors"] == []
    assert data["summary"]["files"] == 4
    assert data["summary"]["projects"] == 3


def test_gate_fails_on_high_by_default(cli: Cli, portfolio: Path) -> None:
    result = batch(cli, portfolio)
    assert result.exit_code == 1
    assert "1 over --fail-on high" in result.stderr


@pytest.mark.parametrize(
    ("args", "code"),
    [((), 1), (("--fail-on", "critical"), 1), (("--fail-on", "never"), 0), (("--exit-zero",), 0)],
)
def test_exit_codes(cli: Cli, portfolio: Path, args: tuple[str, ...], code: int) -> None:
    assert batch(cli, portfolio, *args).exit_code == code


def test_broken_files_are_reported_and_the_rest_scored(cli: Cli, portfolio: Path) -> None:
    (portfolio / "a" / "ødelagt.yaml").write_text(
        "samarbeid: 1\nproject: {id: x}\nrespondents:\n  - role: kommune\n    answers: {felles-mal: 9}\n",
        encoding="utf-8",
    )
    result = batch(cli, portfolio, "-f", "json", "--exit-zero", "--lang", "en")
    assert result.exit_code == 2  # --exit-zero never hides input errors
    data = json.loads(result.stdout)
    assert len(data["projects"]) == 3
    (error,) = data["errors"]
    assert error["file"].endswith("ødelagt.yaml")
    assert (error["line"], error["column"]) == (5, 27)
    assert error["message"].startswith("invalid answer 9 to 'felles-mal'")


def test_missing_path_is_an_error_entry(cli: Cli, portfolio: Path) -> None:
    result = batch(cli, portfolio, portfolio / "finnes-ikke", "-f", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["errors"][0]["message"] == "finner ikke filen"


def test_same_output_for_one_and_two_jobs(cli: Cli) -> None:
    for fmt in ("json", "jsonl", "csv", "junit", "markdown", "table"):
        one = batch(cli, *VALID, "-f", fmt, "--jobs", "1")
        two = batch(cli, *VALID, "-f", fmt, "--jobs", "2")
        assert one.stdout == two.stdout, fmt


def test_json_batch_validates_against_the_report_schema(cli: Cli, portfolio: Path) -> None:
    import jsonschema

    schema = json.loads(cli("schema", "report").stdout)
    jsonschema.validate(json.loads(batch(cli, portfolio, "-f", "json").stdout), schema)
    empty = portfolio / "tom"
    empty.mkdir()
    result = batch(cli, empty, "-f", "json")
    assert result.exit_code == 2  # a gate never passes on nothing
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema)
    assert (data["projects"], data["summary"]["projects"]) == ([], 0)
    assert [e["message"] for e in data["errors"]] == ["fant ingen svarfiler (.yaml eller .yml) her"]


def test_jsonl_is_one_project_per_line(cli: Cli, portfolio: Path) -> None:
    lines = batch(cli, portfolio, "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line)["project"]["id"] for line in lines] == ["delt", "frisk", "hull"]


def test_csv_opens_in_norwegian_excel(cli: Cli, portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.csv"
    batch(cli, portfolio, "-f", "csv", "-o", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [r["project"] for r in rows] == ["delt", "frisk", "hull"]
    assert rows[1]["score"] == "100,0"  # decimal comma
    assert rows[2]["gate_failed"] == "yes"
    assert rows[2]["findings_critical"] == "1"
    assert rows[2]["name"] == "Bærum – Øvre Årstad"


def test_csv_neutralises_formulas(cli: Cli, tmp_path: Path) -> None:
    from samarbeid.rubric import load_rubric
    from testkit import best

    path = write(tmp_path / "x.yaml", [best(load_rubric(), "kommune")], project_id="x")
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: Testprosjekt", "name: '=HYPERLINK(\"http://x\")'"),
        encoding="utf-8",
    )
    text = batch(cli, path, "-f", "csv").stdout
    (row,) = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert row["name"] == '\'=HYPERLINK("http://x")'


def test_junit_is_valid_xml_with_a_failing_testcase(cli: Cli, portfolio: Path) -> None:
    (portfolio / "a" / "rot.yaml").write_text("samarbeid: [\n", encoding="utf-8")
    xml = batch(cli, portfolio, "-f", "junit").stdout
    root = ET.fromstring(xml)
    suite = root.find("testsuite")
    assert suite is not None
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) >= {"delt", "frisk", "hull"}
    failure = cases["hull"].find("failure")
    assert failure is not None and "mangler-koordinator" in (failure.get("message") or "")
    assert cases["frisk"].find("failure") is None
    assert suite.get("failures") == "1" and suite.get("errors") == "1"


def test_markdown_overview(cli: Cli, portfolio: Path) -> None:
    text = batch(cli, portfolio, "-f", "markdown").stdout
    assert text.startswith("# Porteføljeoversikt")
    assert "Ingen koordinator i kommunen med tid til samarbeidet" in text  # titles, not rule ids
    assert "`mangler-koordinator`" not in text


def test_table_fits_80_columns(cli: Cli) -> None:
    text = batch(cli, *VALID).stdout
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "inderoy-helsefag" in text


class TestAcceptedRisks:
    """An accepted finding is shown, never hidden, and fails the gate only after it expires."""

    @pytest.fixture
    def accepted(self, portfolio: Path) -> Path:
        path = portfolio / "a" / "hull.yml"
        path.write_text(
            path.read_text(encoding="utf-8")
            + (
                "accepted:\n  - rule: mangler-koordinator\n    reason: Ny koordinator starter 1. januar.\n"
                "    by: Kari Nordmann, kommunalsjef\n    until: 2026-12-31\n"
            ),
            encoding="utf-8",
        )
        return portfolio

    def test_before_expiry_it_does_not_fail_the_gate(self, cli: Cli, accepted: Path) -> None:
        result = cli("batch", accepted, "-f", "json", "--as-of", "2026-12-31")
        assert result.exit_code == 0
        hull = next(p for p in json.loads(result.stdout)["projects"] if p["project"]["id"] == "hull")
        (finding,) = [f for f in hull["findings"] if f["id"] == "mangler-koordinator"]
        assert finding["accepted"] == {
            "reason": "Ny koordinator starter 1. januar.",
            "by": "Kari Nordmann, kommunalsjef",
            "until": "2026-12-31",
            "expired": False,
        }
        assert hull["level"] == "red"  # accepted, not hidden

    def test_after_expiry_it_fails_again(self, cli: Cli, accepted: Path) -> None:
        assert cli("batch", accepted, "--as-of", "2027-01-01").exit_code == 1

    def test_report_shows_it_as_accepted(self, cli: Cli, accepted: Path) -> None:
        result = cli("report", accepted / "a" / "hull.yml", "--fail-on", "high", "--as-of", "2026-12-01")
        assert result.exit_code == 0
        assert "[akseptert]" in result.stdout

    def test_unknown_rule_is_an_input_error(self, cli: Cli, portfolio: Path) -> None:
        path = portfolio / "a" / "frisk.yaml"
        path.write_text(
            path.read_text(encoding="utf-8")
            + ("accepted:\n  - rule: mangler-kordinator\n    reason: x\n    by: y\n    until: 2026-12-31\n"),
            encoding="utf-8",
        )
        result = cli("validate", path)
        assert result.exit_code == 2
        assert (
            "ukjent problem 'mangler-kordinator' under accepted — mente du 'mangler-koordinator'?"
            in result.stderr
        )


def test_batch_reports_equal_single_reports(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast batch path gives exactly the JSON of `report`, key order included, then the
    project over time (stale, change, presence)."""
    monkeypatch.chdir(ROOT)
    files = [str(p.relative_to(ROOT)) for p in VALID]
    lines = batch(cli, *files, "-f", "jsonl", "--jobs", "1").stdout.splitlines()
    batch_reports = {json.loads(line)["project"]["id"]: line for line in lines}
    for path in VALID:
        files = sorted(str(p.relative_to(ROOT)) for p in (path.glob("*.yaml") if path.is_dir() else [path]))
        single = json.loads(cli("report", *files, "-f", "json", "--as-of", "2026-11-22").stdout)
        from_batch = json.loads(batch_reports[single["project"]["id"]])
        assert list(from_batch)[-3:] == ["stale", "change", "presence"]
        for key in ("stale", "change", "presence"):
            del from_batch[key]
        assert from_batch == single
        assert list(from_batch) == list(single)
        assert json.dumps(from_batch) == json.dumps(single)


def test_every_format_names_the_finding_that_fails_the_gate_after_its_acceptance_expired(
    cli: Cli, portfolio: Path
) -> None:
    """An expired acceptance of a high finding fails the gate, and the CSV's worst findings
    name that finding, not only the milder ones. The acceptance names the rule id of rubric 2,
    an alias of the problem it was merged into: the finding is named by the problem's id."""
    path = portfolio / "a" / "hull.yml"
    text = path.read_text(encoding="utf-8").replace("kommunal-koordinator: nei", "kommunal-koordinator: ja")
    text = text.replace("samarbeidsavtale: ja", "samarbeidsavtale: nei")
    path.write_text(
        text
        + (
            "accepted:\n  - rule: ingen-avtale\n    reason: Avtalen skrives i vår.\n"
            "    by: Kari Nordmann\n    until: 2026-06-30\n"
        ),
        encoding="utf-8",
    )
    result = cli("batch", path, "-f", "csv", "--as-of", "2026-11-22", "--fail-on", "medium")
    assert result.exit_code == 1
    (row,) = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))
    assert row["gate_failed"] == "yes"
    assert "uklare-roller" in row["worst_findings"].split()
    junit = cli("batch", path, "-f", "junit", "--as-of", "2026-11-22", "--fail-on", "medium").stdout
    assert "uklare-roller" in ET.fromstring(junit).find(".//failure").get("message")  # type: ignore[union-attr]


def test_csv_redirected_from_a_terminal_starts_with_the_byte_order_mark(tmp_path: Path) -> None:
    """With stderr on a terminal the progress bar shows there, never in the redirected stdout."""
    import os
    import pty
    import subprocess
    import sys

    main, secondary = pty.openpty()
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "samarbeid",
                "batch",
                str(ROOT / "examples" / "sunt-samarbeid.yaml"),
                "-f",
                "csv",
            ],
            stdout=subprocess.PIPE,
            stderr=secondary,
            stdin=subprocess.DEVNULL,
            timeout=60,
            check=False,
            env={**os.environ, "COLUMNS": "80"},
        )
    finally:
        os.close(secondary)
        os.close(main)
    assert result.returncode == 0
    assert result.stdout.startswith("\ufeffproject;".encode())
