"""`samarbeid batch` over several rounds: every format shows each project's assessment date,
staleness and change since its previous round; `--baseline DIR` compares with an earlier
portfolio (matched, new, gone, a broken file there); «Vanligste funn» counts each problem
under the severity and title the projects actually have."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from samarbeid.render import BatchFormat
from testkit import EXAMPLES, Cli, Pdf, answer_file, best

AS_OF = "2026-06-01"
RED = EXAMPLES / "uenige-parter.yaml"  # red, with a critical finding
GREEN = EXAMPLES / "sunt-samarbeid.yaml"  # green


def copy(example: Path, dest: Path, project_id: str, assessed: str | None) -> Path:
    """``example`` as ``dest``, made a project ``project_id`` assessed on ``assessed`` (undated: None)."""
    text = example.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  id: \S+", f"  id: {project_id}", text, count=1)
    text = re.sub(r"(?m)^  assessed: \S+\n", "" if assessed is None else f"  assessed: {assessed}\n", text)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def three_rounds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three rounds of the examples, a year apart, in one folder: «fram» goes from red to
    green, «bakover» from green to red, «stille» stays green; «gammel» has one stale round,
    «udatert» one round without a date."""
    folder = tmp_path_factory.mktemp("rounds")
    for n, day in enumerate(("2024-03-01", "2025-03-01", "2026-03-01"), 1):
        copy(GREEN if n == 3 else RED, folder / f"fram-{n}.yaml", "fram", day)
        copy(RED if n == 3 else GREEN, folder / f"bakover-{n}.yaml", "bakover", day)
        copy(GREEN, folder / f"stille-{n}.yaml", "stille", day)
    copy(GREEN, folder / "gammel.yaml", "gammel", "2024-01-10")
    copy(GREEN, folder / "udatert.yaml", "udatert", None)
    return folder


def batch(cli: Cli, *args: Any) -> Any:
    return cli("batch", *args, "--as-of", AS_OF, "--exit-zero", "--jobs", "1")


def projects(cli: Cli, folder: Path, *args: Any) -> dict[str, Any]:
    data = json.loads(batch(cli, folder, "-f", "json", *args).stdout)
    return {p["project"]["id"]: p for p in data["projects"]}


def test_json_carries_staleness_and_the_change_since_the_previous_round(cli: Cli, three_rounds: Path) -> None:
    p = projects(cli, three_rounds)
    fram, bakover, stille = p["fram"]["change"], p["bakover"]["change"], p["stille"]["change"]
    assert (fram["since"], fram["level_before"], fram["level_now"], fram["direction"]) == (
        "2025-03-01",
        "red",
        "green",
        "better",
    )
    assert fram["risk_before"] > fram["risk_now"] == p["fram"]["risk"]
    assert fram["resolved"] > 0 and fram["files"] == [str(three_rounds / "fram-2.yaml")]
    assert (bakover["level_before"], bakover["level_now"], bakover["direction"]) == ("green", "red", "worse")
    assert bakover["new"] > 0
    assert (stille["direction"], stille["resolved"], stille["new"]) == ("unchanged", 0, 0)
    assert stille["risk_before"] == stille["risk_now"]
    # no previous round: null; stale by the HTML's rule (more than 12 months), null undated
    assert p["gammel"]["change"] is None and p["gammel"]["stale"] is True
    assert p["udatert"]["change"] is None and p["udatert"]["stale"] is None
    assert p["fram"]["stale"] is False
    # without --baseline no project is matched with an earlier portfolio
    assert {x["presence"] for x in p.values()} == {None}


def test_jsonl_and_json_agree(cli: Cli, three_rounds: Path) -> None:
    lines = [json.loads(line) for line in batch(cli, three_rounds, "-f", "jsonl").stdout.splitlines()]
    p = projects(cli, three_rounds)
    for line in lines:
        assert {k: line[k] for k in ("stale", "change", "presence")} == {
            k: p[line["project"]["id"]][k] for k in ("stale", "change", "presence")
        }


def test_csv_has_the_columns(cli: Cli, three_rounds: Path) -> None:
    text = batch(cli, three_rounds, "-f", "csv").stdout
    rows = {r["project"]: r for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")}
    fram = rows["fram"]
    assert (fram["assessed"], fram["stale"], fram["previous"]) == ("2026-03-01", "no", "2025-03-01")
    assert (fram["level_before"], fram["level"], fram["change"]) == ("red", "green", "better")
    assert int(fram["findings_resolved"]) > 0 and fram["findings_new"] == "0"
    assert rows["bakover"]["change"] == "worse" and rows["stille"]["change"] == "unchanged"
    assert (rows["gammel"]["stale"], rows["gammel"]["previous"], rows["gammel"]["change"]) == ("yes", "", "")
    assert (rows["udatert"]["assessed"], rows["udatert"]["stale"]) == ("", "")
    assert {r["baseline"] for r in rows.values()} == {""}


def test_junit_has_them_as_properties(cli: Cli, three_rounds: Path) -> None:
    root = ET.fromstring(batch(cli, three_rounds, "-f", "junit").stdout)
    props = {
        case.get("name"): {p.get("name"): p.get("value") for p in case.iter("property")}
        for case in root.iter("testcase")
    }
    assert props["fram"]["change"] == "better" and props["fram"]["previous"] == "2025-03-01"
    assert props["bakover"]["change"] == "worse"
    assert props["gammel"]["stale"] == "yes" and "change" not in props["gammel"]
    assert "første vurdering" in props["gammel"]["summary"]


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_human_formats_show_date_staleness_and_change(cli: Cli, three_rounds: Path, fmt: str) -> None:
    out = batch(cli, three_rounds, "-f", fmt).stdout
    flat = " ".join(out.split())  # the table wraps long lines
    assert "rød → grønn" in flat and "(bedre)" in flat
    assert "grønn → rød" in flat and "(verre)" in flat
    assert "grønn → grønn" in flat and "(uendret)" in flat
    assert "2026-03-01" in flat and "2024-01-10" in flat
    assert "utdatert" in flat and "uten dato" in flat
    if fmt != "html":  # the HTML matrix leaves a first assessment's change empty (its legend says so)
        assert "første vurdering" in flat


def test_change_in_nynorsk_and_english(cli: Cli, three_rounds: Path) -> None:
    nn = " ".join(batch(cli, three_rounds, "-f", "markdown", "--lang", "nn").stdout.split())
    assert "raud → grøn" in nn and "(betre)" in nn and "første vurdering" in nn
    en = " ".join(batch(cli, three_rounds, "-f", "markdown", "--lang", "en").stdout.split())
    assert "(better)" in en and "(worse)" in en and "first assessment" in en


@pytest.fixture
def two_portfolios(tmp_path: Path) -> tuple[Path, Path]:
    """An earlier portfolio in one folder and today's in another: «fram» in both (red, then
    green), «ny» only today, «borte» only earlier, and a broken file among the earlier ones."""
    old, new = tmp_path / "2025", tmp_path / "2026"
    copy(RED, old / "fram.yaml", "fram", "2025-03-01")
    copy(GREEN, old / "borte.yaml", "borte", "2025-03-01")
    (old / "ødelagt.yaml").write_text("samarbeid: 1\nproject: [\n", encoding="utf-8")
    copy(GREEN, new / "fram.yaml", "fram", "2026-03-01")
    copy(RED, new / "ny.yaml", "ny", "2026-03-01")
    return old, new


def test_baseline_matches_by_id_and_lists_new_and_gone(cli: Cli, two_portfolios: tuple[Path, Path]) -> None:
    old, new = two_portfolios
    result = batch(cli, new, "--baseline", old, "-f", "json")
    assert result.exit_code == 2  # the broken file in the earlier portfolio is an input error
    data = json.loads(result.stdout)
    p = {x["project"]["id"]: x for x in data["projects"]}
    assert set(p) == {"fram", "ny"}  # the rest is scored
    assert p["fram"]["presence"] == "matched"
    fram = p["fram"]["change"]
    assert (fram["since"], fram["level_before"], fram["level_now"], fram["direction"]) == (
        "2025-03-01",
        "red",
        "green",
        "better",
    )
    assert fram["files"] == [str(old / "fram.yaml")]
    assert (p["ny"]["presence"], p["ny"]["change"]) == ("new", None)
    assert data["summary"]["baseline"]["projects"] == 2
    assert (data["summary"]["baseline"]["matched"], data["summary"]["baseline"]["new"]) == (1, 1)
    (gone,) = data["summary"]["baseline"]["gone"]
    assert (gone["id"], gone["assessed"], gone["level"]) == ("borte", "2025-03-01", "green")
    (error,) = data["errors"]
    assert error["file"].endswith("ødelagt.yaml") and (error["line"], error["column"]) == (3, 1)
    # on stderr too, positioned, with a warning for the project that is gone
    assert re.search(r"ødelagt\.yaml:3:1: error: ", result.stderr)
    assert f"{old / 'borte.yaml'}:1:1: warning: prosjektet 'borte'" in result.stderr


def test_without_baseline_the_summary_says_null(cli: Cli, two_portfolios: tuple[Path, Path]) -> None:
    _, new = two_portfolios
    assert json.loads(batch(cli, new, "-f", "json").stdout)["summary"]["baseline"] is None


@pytest.mark.parametrize("fmt", [f.value for f in BatchFormat])
def test_every_format_says_new_and_gone(cli: Cli, two_portfolios: tuple[Path, Path], fmt: str) -> None:
    old, new = two_portfolios
    if fmt == "pdf":  # bytes: written to a file and read back
        target = new.parent / "portefolje.pdf"
        result = batch(cli, new, "--baseline", old, "-o", target)
        assert target.exists(), result.stderr
        out = Pdf(target.read_bytes()).text
    else:
        out = batch(cli, new, "--baseline", old, "-f", fmt).stdout
    if fmt == "jsonl":
        lines = [json.loads(line) for line in out.splitlines()]
        assert [x["gone"]["id"] for x in lines if "gone" in x] == ["borte"]
        assert {x["project"]["id"]: x["presence"] for x in lines if "project" in x} == {
            "fram": "matched",
            "ny": "new",
        }
    elif fmt == "json":
        assert [g["id"] for g in json.loads(out)["summary"]["baseline"]["gone"]] == ["borte"]
    elif fmt == "csv":
        rows = {r["project"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")), delimiter=";")}
        assert {k: r["baseline"] for k, r in rows.items()} == {
            "fram": "matched",
            "ny": "new",
            "borte": "gone",
        }
        assert (rows["borte"]["previous"], rows["borte"]["level_before"], rows["borte"]["level"]) == (
            "2025-03-01",
            "green",
            "",
        )
    elif fmt == "junit":
        root = ET.fromstring(out)
        skipped = [c.get("name") for c in root.iter("testcase") if c.find("skipped") is not None]
        assert skipped == ["borte"] and root.get("skipped") == "1"
        assert "ny i porteføljen" in out
    else:
        flat = " ".join(out.split())
        assert "ny i porteføljen" in flat and "Ikke med nå" in flat
        assert "Drivkraft – fritidstilbud for ungdom i utenforskap (borte): vurdert 2025-03-01, grønn" in flat
        assert "rød → grønn" in flat


def test_baseline_gives_the_same_output_with_one_and_two_jobs(
    cli: Cli, two_portfolios: tuple[Path, Path]
) -> None:
    old, new = two_portfolios
    for fmt in ("json", "csv", "html"):
        one = cli("batch", new, "--baseline", old, "-f", fmt, "--as-of", AS_OF, "--jobs", "1")
        two = cli("batch", new, "--baseline", old, "-f", fmt, "--as-of", AS_OF, "--jobs", "2")
        assert one.stdout == two.stdout, fmt


def test_a_missing_baseline_folder_is_an_error_and_the_rest_is_scored(
    cli: Cli, two_portfolios: tuple[Path, Path]
) -> None:
    _, new = two_portfolios
    result = batch(cli, new, "--baseline", new.parent / "finnes-ikke", "-f", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert len(data["projects"]) == 2
    assert [e["message"] for e in data["errors"]] == ["finner ikke filen"]


def test_common_findings_show_the_severity_the_projects_have(cli: Cli, tmp_path: Path) -> None:
    """Every project has only the medium grade of `mangler-koordinator`: the critical title
    («Ingen koordinator i kommunen med tid til samarbeidet») appears nowhere."""
    from samarbeid.rubric import load_rubric

    rubric = load_rubric()
    for n in range(3):
        kommune = best(rubric, "kommune")
        kommune["answers"]["kommunal-koordinator"] = "delvis"
        path = tmp_path / f"p{n}.yaml"
        path.write_text(
            answer_file([kommune, best(rubric, "entreprenor")], project_id=f"p{n}"), encoding="utf-8"
        )
    data = json.loads(batch(cli, tmp_path, "-f", "json").stdout)
    for p in data["projects"]:
        (f,) = [f for f in p["findings"] if f["id"] == "mangler-koordinator"]
        assert (f["severity"], f["grade"]) == ("medium", 1)
    critical = "Ingen koordinator i kommunen med tid til samarbeidet"
    medium = "Koordinatoren i kommunen er bare delvis på plass, eller har ikke fått nok tid (middels)"
    md = batch(cli, tmp_path, "-f", "markdown").stdout
    assert f"- {medium}: 3" in md and critical not in md
    html = batch(cli, tmp_path, "-f", "html").stdout
    common = html[html.index('<section id="common"') :]
    assert re.search(rf"<th>{re.escape(medium)}</th><td class=\"r\">3 ", common)
    assert critical not in html


def test_the_json_validates_against_the_schema(
    cli: Cli, three_rounds: Path, two_portfolios: tuple[Path, Path]
) -> None:
    import jsonschema

    schema = json.loads(cli("schema", "report").stdout)
    old, new = two_portfolios
    for args in ((three_rounds,), (new, "--baseline", old)):
        data = json.loads(batch(cli, *args, "-f", "json").stdout)
        jsonschema.validate(data, schema)
        assert data["projects"] and all("change" in p for p in data["projects"])
    assert "StandingData" in schema["$defs"] and "GoneData" in schema["$defs"]
