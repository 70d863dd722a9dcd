"""The batch table in a terminal: each project's most severe finding by its title, cut to fit,
with «(+N til)» whole on the same line, at 80 columns and narrower."""

from __future__ import annotations

import datetime as dt

import pytest

from samarbeid.pipeline import assess_files
from samarbeid.render import BatchFormat
from samarbeid.render.portfolio import portfolio_format, worst
from samarbeid.result.portfolio import standing
from samarbeid.rubric import load_rubric
from samarbeid.vocab import FailOn
from testkit import EXAMPLES, ROOT, Cli

AS_OF = dt.date(2026, 6, 1)


def test_the_table_names_findings_by_title_and_never_wraps_the_count(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    out = cli("batch", "examples", "--as-of", AS_OF.isoformat(), "--jobs", "1").stdout
    rubric = load_rubric()
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert not [line for line in lines if line.lstrip().startswith("(+") or line.strip() == "til)"]
    ids = {p.id for p in rubric.problems}
    assert not [line for line in lines if line.strip().split(" (+")[0] in ids]  # no rule ids
    assert "  Den eneste kjøperen kan forsvinne innen et år (+14 til)" in lines


@pytest.mark.parametrize("width", [80, 60, 44])
def test_a_long_title_is_cut_to_fit_and_the_count_stays_whole(width: int) -> None:
    rubric = load_rubric()
    a = assess_files([EXAMPLES / "inderoy-helsefag.yaml"], rubric, as_of=AS_OF)
    fmt = portfolio_format(BatchFormat.table, rubric=rubric, lang="nb", fail_on=FailOn.high, width=width)
    lines = fmt.item(a, standing(a, AS_OF)).splitlines()
    more = f"(+{len(worst(a, len(a.findings))) - 1} til)"
    line = next(line for line in lines if line.endswith(more))
    assert len(line) <= width
    title = fmt.w.title(worst(a)[0])
    shown = line[2 : -len(more) - 1]
    assert shown == title or (shown.endswith("…") and title.startswith(shown[:-1]))
