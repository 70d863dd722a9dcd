"""Reading answer files, per file on one core: the fast reader of the standard layout against
the full reader, and loading (reading and checking) against libyaml's C loader
(docs/performance.md, «Reading answer files»).

Run:  python benchmarks/reading.py [--files 1000] [--profile]

Prints the CPU time per file of: libyaml's C loader (``yaml.load`` with ``CSafeLoader``, the
batch benchmark's baseline); the full reader (events with positions and limits); the fast
reader; checking a read file against the format and the rubric; and ``load_bytes`` (the fast
reader, else the full one, then the check), each with its ratio to the C loader. With
``--profile``, the functions ``load_bytes`` spends its time in (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import generate


def per_file(step: Callable[[Any], object], items: Sequence[Any], repeat: int = 5) -> float:
    """The best CPU time of ``repeat`` runs of ``step`` over ``items``, in ms per item. Each
    result is dropped at once, as a batch worker drops a file's once it is scored."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for item in items:
            step(item)
        best = min(best, time.process_time() - start)
    return best / len(items) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="also profile load_bytes")
    args = parser.parse_args()

    from samarbeid.load.answers import load_bytes, validate_document
    from samarbeid.parse import fastread
    from samarbeid.parse.yamlread import decode, parse_text
    from samarbeid.rubric import load_rubric

    rubric = load_rubric()
    with tempfile.TemporaryDirectory() as tmp:
        files = [(p.read_bytes(), str(p)) for p in generate(Path(tmp), args.files)]
    texts = [(decode(raw, name), name) for raw, name in files]
    docs = [parse_text(text, name) for text, name in texts]
    declined = sum(fastread.read(text, name) is None for text, name in texts)
    base = per_file(lambda f: yaml.load(f[0], Loader=yaml.CSafeLoader), files)
    steps = {
        "C loader (yaml.load, CSafeLoader)": base,
        "full reader (events, positions, limits)": per_file(lambda t: parse_text(*t), texts),
        "fast reader (standard layout)": per_file(lambda t: fastread.read(*t), texts),
        "check (format and rubric)": per_file(lambda d: validate_document(d, rubric), docs),
        "load_bytes (read and check)": per_file(lambda f: load_bytes(*f, rubric), files),
    }
    print(f"{len(files)} generated files, {declined} declined by the fast reader; CPU per file:")
    for label, ms in steps.items():
        print(f"  {label:<42} {ms:.3f} ms  ({ms / base:.2f} × the C loader)")
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(per_file, lambda f: load_bytes(*f, rubric), files, 1)
        pstats.Stats(profile).sort_stats("tottime").print_stats(12)


if __name__ == "__main__":
    main()
