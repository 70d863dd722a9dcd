"""`batch -f html` over 5 000 projects: under 2 MB, every project in the picture and the
matrix, the worst ones with a section, every anchor resolving (about 40 s on 2 cores)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from testkit import AS_OF, Cli, portfolio

LIMIT = 2_000_000


class Links(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if "href" in a:
            self.hrefs.append(a["href"])


def test_five_thousand_projects_stay_under_two_megabytes(cli: Cli, tmp_path: Path) -> None:
    portfolio(tmp_path, 5000)
    out = tmp_path / "portefolje.html"
    result = cli("batch", tmp_path, "-f", "html", "-o", out, "--as-of", AS_OF, "--exit-zero", "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert out.stat().st_size < LIMIT
    html = out.read_text(encoding="utf-8")
    waffle = re.search(r'<svg class="waffle".*?</svg>', html, re.S)
    assert waffle is not None
    assert waffle[0].count('<use href="#g-') == 5000
    rows = re.findall(r"^<tr><td><th>", html, re.M)
    assert len(rows) == 5000
    shown = html.count('<section id="p-')
    assert shown > 1000
    assert f"Her står de {shown} prosjektene med høyest risiko, av 5000;" in html
    links = Links(html)
    assert all(h[1:] in links.ids for h in links.hrefs)
