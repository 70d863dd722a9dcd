"""Batch speed and memory, measured against merely parsing the same files (docs/design.md §10).

Run:  python benchmarks/batch.py [--files 2000] [--jobs 2] [--memory]

Prints
  (a) batch wall time ÷ a single-process loop that only parses the files with libyaml's
      C loader (target ≤ 0.75 on 2 cores), and the CPU time of all the batch's processes
      (steadier than the wall time on a machine others share); then the part of it that does
      not grow with the files (a batch of one file: start-up, and writing the output), and
      the wall time per file of the rest;
  (b) with --memory: peak memory (max RSS) of a batch over 1 000 and over 20 000 files,
      in every output format (--formats to choose);
  (c) ``samarbeid --version`` ÷ a minimal typer app (see benchmarks/startup.py).
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import MINIMAL, bytecode_as_installed, median_time, samarbeid_command

COMMENTS = [
    "Ingen har fått tid til dette.",
    "Vi venter på budsjettvedtaket.",
    "Usikkert etter nyttår.",
    "Dette må vi ta opp i styringsgruppa.",
    "Koordinatoren sluttet i vår.",
]
UNITS = ["Oppvekst", "NAV", "Helse og omsorg", "Innvandrertjenesten", "Kultur", None]


def generate(folder: Path, count: int, seed: int = 1) -> list[Path]:
    """``count`` varied, valid answer files: one or two parties, one to three respondents each,
    some answers left out, some «vet ikke», some comments; a few projects split over two files."""
    from samarbeid.rubric import load_rubric
    from samarbeid.vocab import SCALES

    rng = random.Random(seed)
    rubric = load_rubric()
    paths = []
    for i in range(count):
        roles = rng.choice([("kommune", "entreprenor")] * 6 + [("kommune",), ("entreprenor",)])
        lines = [
            "samarbeid: 1",
            "project:",
            f"  id: prosjekt-{i // 2 if i % 10 == 9 else i:05d}",
            f"  name: Samarbeid nummer {i} om utenforskap og arbeid",
            "  kommune: Øvre Årstad kommune",
            "  entreprenor: Læringsverkstedet AS",
            f"  phase: {rng.choice(['planning', 'pilot', 'operation'])}",
            f"  assessed: 2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "status: complete",
            "respondents:",
        ]
        for role in roles:
            for n in range(rng.choice([1, 1, 2, 3]) if role == "kommune" else 1):
                unit = rng.choice(UNITS)
                lines += [
                    f"  - role: {role}",
                    f"    unit: {unit or ''}",
                    f"    name: Person {i}-{n}",
                    "    answers:",
                ]
                comments = []
                for q in rubric.questions_for(role):
                    if rng.random() < 0.05:
                        continue
                    values = [*SCALES[q.scale], "vet_ikke"]
                    value = rng.choice(values)
                    lines.append(f"      {q.id}: {value}")
                    if value in (1, "nei") and rng.random() < 0.3:
                        comments.append(f"      {q.id}: {rng.choice(COMMENTS)}")
                lines += ["    comments:" + ("" if comments else " {}"), *comments]
        path = folder / f"svar-{i:05d}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def parse_only(paths: list[Path]) -> float:
    """Wall time of a single-process loop that only parses the files with the C loader."""
    start = time.perf_counter()
    for path in paths:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def batch_time(folder: Path, jobs: int) -> tuple[float, float]:
    """Wall time of one batch, and the CPU time (user and system) of all its processes."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "samarbeid",
            "batch",
            str(folder),
            "-f",
            "jsonl",
            "-o",
            str(folder.parent / "out.jsonl"),
            "--jobs",
            str(jobs),
            "--exit-zero",
        ],
        check=False,
        capture_output=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


FORMATS = ("jsonl", "json", "csv", "table", "markdown", "junit", "html")


def peak_rss_mib(folder: Path, jobs: int, fmt: str = "jsonl") -> float:
    """Max RSS (MiB) of the batch process and its workers, run in a fresh child."""
    code = (
        "import resource, subprocess, sys;"
        f"subprocess.run([sys.executable, '-m', 'samarbeid', 'batch', {str(folder)!r}, '-f', {fmt!r},"
        f" '-o', {str(folder.parent / 'out.ut')!r}, '--jobs', '{jobs}', '--exit-zero'],"
        " capture_output=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--memory", action="store_true", help="also measure 1 000 vs 20 000 files")
    parser.add_argument(
        "--formats",
        default=",".join(FORMATS),
        help=f"output formats whose memory --memory measures (default: {','.join(FORMATS)})",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bytecode_as_installed(Path(tmp))
        folder = Path(tmp) / "svar"
        folder.mkdir()
        paths = generate(folder, args.files)
        parse_only(paths)  # warm the page cache
        base = min(parse_only(paths) for _ in range(3))
        runs = [batch_time(folder, args.jobs) for _ in range(3)]
        ours, cpu = min(wall for wall, _ in runs), min(cpu for _, cpu in runs)
        print(
            f"(a) batch of {args.files} files, --jobs {args.jobs}: {ours:.2f} s (CPU {cpu:.2f} s); "
            f"C-loader parse-only loop: {base:.2f} s; ratio {ours / base:.2f} (target ≤ 0.75)"
        )
        # the part of (a) that does not grow with the files: a batch of one of them
        single = Path(tmp) / "one"
        single.mkdir()
        (single / paths[0].name).write_bytes(paths[0].read_bytes())
        fixed = min(batch_time(single, args.jobs)[0] for _ in range(3))
        print(
            f"    its fixed part (a batch of 1 file): {fixed:.2f} s, ratio {fixed / base:.2f};"
            f" the rest {(ours - fixed) * 1000 / args.files:.2f} ms a file"
            f" (the parse {base * 1000 / args.files:.2f} ms)"
        )
        if args.memory:
            folders = {}
            for count in (1000, 20000):
                folders[count] = Path(tmp) / f"m{count}"
                folders[count].mkdir()
                generate(folders[count], count, seed=count)
            for fmt in args.formats.split(","):
                small, large = (peak_rss_mib(folders[n], args.jobs, fmt) for n in (1000, 20000))
                print(
                    f"(b) peak memory, -f {fmt:<8} 1 000 files: {small:6.1f} MiB; "
                    f"20 000 files: {large:6.1f} MiB; ratio {large / small:.2f}"
                )
        minimal = Path(tmp) / "minimal.py"
        minimal.write_text(MINIMAL, encoding="utf-8")
        t_min = median_time([sys.executable, str(minimal), "--version"], 15)
        t_ours = median_time([*samarbeid_command(), "--version"], 15)
        print(
            f"(c) samarbeid --version {t_ours * 1000:.0f} ms ÷ minimal typer app {t_min * 1000:.0f} ms"
            f" = {t_ours / t_min:.2f} (target ≤ 1.30)"
        )


if __name__ == "__main__":
    main()
