"""The installed package: the tests run against it, and its console script works from anywhere
(templates and the rubric ship in the package)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import samarbeid
from samarbeid.render import ReportFormat
from testkit import ROOT, example_projects, pdf_text

SCRIPT = Path(sys.executable).with_name("samarbeid")


@pytest.mark.skipif(
    os.environ.get("SAMARBEID_TEST_INSTALLED") != "1",
    reason="only .ci/run promises a non-editable install (SAMARBEID_TEST_INSTALLED=1)",
)
def test_the_tests_import_the_installed_package_not_the_checkout() -> None:
    package = Path(samarbeid.__file__).resolve().parent
    assert package != (ROOT / "samarbeid").resolve(), "the checkout is on sys.path: run plain `pytest`"
    assert package.parent == Path(sysconfig.get_paths()["purelib"]).resolve()
    assert (package / "py.typed").is_file(), "the wheel must mark the package as typed"
    fonts = package / "fonts"
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"} <= {p.name for p in fonts.iterdir()}


@pytest.mark.parametrize("fmt", [f.value for f in ReportFormat])
def test_installed_script_reports_every_example(tmp_path: Path, fmt: str) -> None:
    for name, files in example_projects().items():
        result = subprocess.run(
            [str(SCRIPT), "report", *(str(ROOT / f) for f in files), "-f", fmt],
            cwd=tmp_path,
            capture_output=True,
            check=False,
        )
        assert result.returncode == 0, (name, result.stderr.decode())
        assert result.stdout.strip(), name
        if fmt == "json":
            assert json.loads(result.stdout)["project"]["id"]
        if fmt == "pdf":  # the fonts ship with the package: the PDF reads back with its æøå
            assert "Samarbeidshelse" in pdf_text(result.stdout)


def test_installed_script_finds_its_templates_outside_the_checkout(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(SCRIPT), "init", "--id", "x"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "samarbeid: 1" in result.stdout
