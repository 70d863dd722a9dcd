"""The portfolio page (`batch -f html`) in a real headless Chromium: the picture draws a mark
for every project, nothing is fetched, a 2 000-project page renders, and the page prints on A4.

Like tests/browser/test_browser.py: needs Debian's ``chromium`` (or ``SAMARBEID_CHROMIUM``); skips
without one, except in CI (``CI`` or ``SAMARBEID_REQUIRE_BROWSER=1``), where it fails. A
screenshot is left in ``test-artifacts/portfolio-browser.png``.
"""

from __future__ import annotations

import json
import re
import shutil
from html import unescape as html_unescape
from pathlib import Path
from typing import Any

import pytest

from browserkit import ARTIFACTS, REQUIRED, chromium, find_browser, page_requests, png_size
from testkit import AS_OF, Cli, portfolio

SCREEN = (1200, 1800)

MEASURE = """<script>
(() => {
  const svg = document.querySelector('svg.waffle');
  const box = (el) => { const r = el.getBoundingClientRect(); return {w: r.width, h: r.height,
    left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const out = {svg: box(svg), marks: [...svg.querySelectorAll('use')].map(box),
    rows: document.querySelectorAll('table.mx tbody tr').length,
    shapes: [...document.querySelectorAll('table.mx tbody td[class]')].slice(0, 40).map(
      (td) => { const s = getComputedStyle(td, '::before'); return s.clipPath + '|' + s.borderRadius; }),
    scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth};
  const pre = document.createElement('pre');
  pre.id = 'samarbeid-measurements';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


@pytest.fixture(scope="module")
def browser() -> str:
    path = find_browser()
    if path is None:
        reason = "no Chromium found: install Debian's chromium package or set SAMARBEID_CHROMIUM"
        if REQUIRED:
            pytest.fail(f"{reason}; it is required here (CI or SAMARBEID_REQUIRE_BROWSER=1)")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("portfolio-browser")


def page_of(workdir: Path, count: int) -> Path:
    folder = workdir / f"svar-{count}"
    folder.mkdir()
    portfolio(folder, count)
    out = workdir / f"portefolje-{count}.html"
    result = Cli()("batch", folder, "-f", "html", "-o", out, "--as-of", AS_OF, "--exit-zero", "--jobs", "2")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def sixty(workdir: Path) -> Path:
    return page_of(workdir, 60)


def measure(browser: str, workdir: Path, page: Path, name: str) -> dict[str, Any]:
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page.read_text(encoding="utf-8"))
    copy = workdir / f"{name}-measured.html"
    copy.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = chromium(browser, workdir, name, "--window-size=900,1200", "--dump-dom", copy.as_uri()).stdout
    found = re.search(r'<pre id="samarbeid-measurements">(.*?)</pre>', dom, re.S)
    assert found, "the measuring script did not run:\n" + dom[-2000:]
    data: dict[str, Any] = json.loads(html_unescape(found.group(1)))
    return data


def test_picture_draws_every_project_and_the_matrix_has_shapes(
    browser: str, workdir: Path, sixty: Path
) -> None:
    data = measure(browser, workdir, sixty, "sixty")
    assert len(data["marks"]) == 60 and data["rows"] == 60
    svg = data["svg"]
    for mark in data["marks"]:
        assert mark["w"] > 5 and mark["h"] > 5, mark
        assert svg["left"] - 1 <= mark["left"] and mark["right"] <= svg["right"] + 1
        assert svg["top"] - 1 <= mark["top"] and mark["bottom"] <= svg["bottom"] + 1
    # every level cell is drawn with a shape (a clip path, or a round or dashed circle)
    for shape in data["shapes"]:
        clip, radius = shape.split("|")
        assert clip != "none" or radius.startswith("50%"), shape
    assert data["scrollWidth"] <= data["clientWidth"], "the page scrolls sideways"


def test_page_renders_and_requests_nothing(browser: str, workdir: Path, sixty: Path) -> None:
    netlog = workdir / "portfolio.netlog"
    shot = workdir / "portfolio.png"
    chromium(
        browser,
        workdir,
        "shot",
        f"--log-net-log={netlog}",
        f"--screenshot={shot}",
        f"--window-size={SCREEN[0]},{SCREEN[1]}",
        "--hide-scrollbars",
        sixty.as_uri(),
    )
    assert png_size(shot) == SCREEN
    assert shot.stat().st_size > 50_000, "the screenshot looks empty"
    assert page_requests(netlog) == []
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(shot, ARTIFACTS / "portfolio-browser.png")


def test_two_thousand_projects_render(browser: str, workdir: Path) -> None:
    page = page_of(workdir, 2000)
    assert page.stat().st_size < 2_000_000
    data = measure(browser, workdir, page, "large")
    assert len(data["marks"]) == 2000 and data["rows"] == 2000


def test_page_prints_on_a4(browser: str, workdir: Path, sixty: Path) -> None:
    pdf = workdir / "portfolio.pdf"
    chromium(browser, workdir, "pdf", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", sixty.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert len(boxes) > 1
    for width, height in boxes:  # A4
        assert abs(float(width) - 595.3) < 2 and abs(float(height) - 841.9) < 2
