"""Per file, on one core, what each step of a batch costs (docs/performance.md).

Run:  python benchmarks/stages.py [--files 400] [--profile]

Generates the files `benchmarks/batch.py` measures and times each step a batch worker takes
for one file, in this process: read and parse (with the fast reader, as a worker reads),
validate, score, the disclosure rule (what a piece may show of the respondents), and the
JSON line. Each figure is the best of three passes over all files, in CPU milliseconds per
file; the share of each step is what to compare between two versions (run both alternately:
absolute times follow the machine's load). ``--profile`` adds cProfile's top functions of the scoring step.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import generate

AS_OF = dt.date(2026, 12, 1)


def best(step: Callable[[], Any], count: int) -> tuple[float, Any]:
    """The best of three runs of ``step``, in CPU milliseconds per file, and its result."""
    times, result = [], None
    for _ in range(3):
        start = time.process_time()
        result = step()
        times.append(time.process_time() - start)
    return min(times) / count * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--profile", action="store_true", help="also profile the scoring step")
    args = parser.parse_args()

    from samarbeid.load.answers import merge, validate_document
    from samarbeid.parse import fastread
    from samarbeid.parse.yamlread import read_file
    from samarbeid.render import BatchFormat
    from samarbeid.render.disclosure import ANONYMOUS
    from samarbeid.render.portfolio import portfolio_format
    from samarbeid.result.portfolio import standing
    from samarbeid.rubric import load_rubric
    from samarbeid.score.scoring import assess
    from samarbeid.vocab import FailOn

    rubric = load_rubric()
    fmt = portfolio_format(
        BatchFormat.jsonl, rubric=rubric, lang="nb", fail_on=FailOn.high, color=False, width=80, as_of=AS_OF
    )
    with tempfile.TemporaryDirectory() as tmp:
        files = generate(Path(tmp), args.files)
        n = len(files)
        parse, docs = best(lambda: [read_file(f, parse=fastread.parse_text) for f in files], n)
    validate, loaded = best(lambda: [validate_document(d, rubric) for d in docs], n)
    submissions = [merge([lf]) for lf in loaded]
    score, assessed = best(lambda: [assess(rubric, s, as_of=AS_OF) for s in submissions], n)
    disclose, shown = best(lambda: [ANONYMOUS.apply(a) for a in assessed], n)
    standings = [standing(a, AS_OF, None) for a in assessed]
    piece, _ = best(lambda: [fmt.item(a, s) for a, s in zip(shown, standings, strict=True)], n)
    total = parse + validate + score + disclose + piece
    print(f"per file, CPU ms (best of 3 over {n} files):")
    for name, ms in [
        ("read and parse", parse),
        ("validate", validate),
        ("score", score),
        ("disclosure", disclose),
        ("JSON line", piece),
    ]:
        print(f"  {name:<15} {ms:6.3f}  {ms / total:5.1%}")
    print(f"  {'total':<15} {total:6.3f}")
    if args.profile:
        # what the timed passes left alive (400 assessments and more) out of the collector's
        # sight: its passes would be charged to whatever function allocates when they run
        gc.freeze()
        profile = cProfile.Profile()
        profile.runcall(lambda: [assess(rubric, s, as_of=AS_OF) for s in submissions])
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
