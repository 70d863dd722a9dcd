"""Import speed and memory (docs/performance.md, «Import»).

Run:  python benchmarks/import.py [--rows 1000] [--runs 3] [--memory]

Prints
  (a) for a Nettskjema export of ``--rows`` responses to a 30-question form of the kommune
      (CSV and XLSX): the median wall time (and CPU time) of ``samarbeid import`` and its
      ratio to the 1 s target (≤ 1.0 meets it), and its ratio to a bare baseline: a process
      that only reads the same export with ``csv.reader`` (or openpyxl's read-only mode) and
      writes its rows with libyaml's emitter, the least any import of the file does; the
      ratio holds still when the machine is busy, the seconds do not;
  (b) with --memory: wall time and peak memory (max RSS) of the worst exports up to the
      limits: the most rows, the most columns, the longest cells, a workbook heavy with
      shared strings, a workbook with dates (read by openpyxl), each at the caps (the target
      is 200 MB and 5 s, or a refusal).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import COMMENTS
from startup import bytecode_as_installed, samarbeid_command

#: A short form, as a survey for one unit is: 1 000 respondents answering all 55 questions of the
#: kommune would pass the answer file's 100 000 values (they are refused before the work).
QUESTIONS = 30
UNITS = ["Oppvekst", "NAV", "Helse og omsorg", "Innvandrertjenesten", "Kultur", ""]

BASELINE = """
import csv, io, sys, yaml
path = sys.argv[1]
if path.endswith(".xlsx"):
    from openpyxl import load_workbook
    book = load_workbook(path, read_only=True, data_only=True)
    rows = [["" if v is None else str(v) for v in r] for r in book.worksheets[0].iter_rows(values_only=True)]
else:
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
header, body = rows[0], rows[1:]
data = [dict(zip(header, r)) for r in body]
sys.stdout.write(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False))
"""


def export_rows(
    rows: int, *, questions: int = QUESTIONS, seed: int = 1, comment_length: int = 0
) -> list[list[str]]:
    """A Nettskjema CSV report as cells: the header and ``rows`` responses to the first
    ``questions`` questions of the kommune (headed by its wording), a unit, and a comment on
    about one answer in ten (``comment_length`` characters long when given)."""
    from samarbeid.rubric import load_rubric
    from samarbeid.vocab import SCALES

    rng = random.Random(seed)
    asked = load_rubric().questions_for("kommune")[:questions]
    header = ["$submission_id", "$created", "Enhet eller avdeling"]
    for q in asked:
        header += [q.text.kommune.nb, f"{q.id}_kommentar"]
    header.append("$answer_time_ms")
    out = [header]
    for n in range(rows):
        row = [str(40000 + n), f"2026-03-{1 + n % 28:02d}T09:00:00+01:00", rng.choice(UNITS)]
        for q in asked:
            row.append(str(rng.choice([*SCALES[q.scale], "vet_ikke"])))
            comment = ""
            if comment_length:
                comment = ("Vi venter på budsjettvedtaket. " * (comment_length // 30 + 1))[:comment_length]
            elif rng.random() < 0.1:
                comment = rng.choice(COMMENTS)
            row.append(comment)
        row.append(str(rng.randint(60000, 900000)))
        out.append(row)
    return out


def write_csv(path: Path, cells: list[list[str]]) -> Path:
    """``cells`` as a Nettskjema CSV report (``;``, every field quoted, CRLF)."""
    text = "".join(";".join('"' + c.replace('"', '""') + '"' for c in row) + "\r\n" for row in cells)
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(path: Path, cells: Sequence[Sequence[object]]) -> Path:
    """``cells`` as a workbook (openpyxl's write-only mode, which writes text as inline strings)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in cells:
        sheet.append(row)
    book.save(path)
    return path


def _run(cmd: list[str]) -> tuple[float, float, int]:
    """Wall time, max RSS in MiB and exit code of ``cmd`` (a child of its own, so its RSS alone)."""
    runner = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "rc = subprocess.run(sys.argv[1:], capture_output=True).returncode\n"
        "w = time.perf_counter() - t\n"
        "print(w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, rc)\n"
    )
    got = subprocess.run([sys.executable, "-c", runner, *cmd], capture_output=True, text=True, check=True)
    wall, rss, rc = got.stdout.split()
    return float(wall), float(rss), int(rc)


def import_command(export: Path, out: Path) -> list[str]:
    out.unlink(missing_ok=True)
    return [
        *samarbeid_command(),
        "import",
        str(export),
        "--role",
        "kommune",
        "--project-id",
        "x",
        "--partial",
        "-o",
        str(out),
    ]


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def shared_strings_workbook(path: Path, count: int) -> Path:
    """A workbook whose sheet shows a Nettskjema header from a table of ``count`` shared
    strings (openpyxl writes inline strings, so the parts are written here)."""
    header = ["$submission_id", "$created", "$answer_time_ms"]
    cells = "".join(f'<c r="{chr(65 + i)}1" t="s"><v>{i}</v></c>' for i in range(3))
    strings = "".join(f"<si><t>{h}</t></si>" for h in header) + "".join(
        f"<si><t>s{n}</t></si>" for n in range(count)
    )
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets><sheet name="A" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/worksheet" '
            f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{DOC}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>',
        )
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{cells}</row></sheetData></worksheet>',
        )
        z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{strings}</sst>')
    return path


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(export: Path, out: Path, runs: int) -> tuple[float, float, float]:
    """Median wall time of importing ``export`` and of the bare baseline on it, in pairs after
    a warm-up, and the median CPU time of the import (steadier than the wall time on a shared
    machine)."""
    ours, bare, cpu = [], [], []
    subprocess.run(import_command(export, out), capture_output=True)  # warm-up: bytecode, page cache
    for _ in range(runs):
        start, used = time.perf_counter(), _child_cpu()
        done = subprocess.run(import_command(export, out), capture_output=True, text=True)
        ours.append(time.perf_counter() - start)
        cpu.append(_child_cpu() - used)
        if done.returncode != 0:
            raise SystemExit(f"import failed: {done.stderr}")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", BASELINE, str(export)], capture_output=True, check=True)
        bare.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(bare), statistics.median(cpu)


def worst_cases(folder: Path) -> dict[str, Path]:
    """The worst exports up to the limits of docs/import.md."""
    from samarbeid.surveys import read

    cases: dict[str, Path] = {}
    full = export_rows(read.MAX_ROWS, questions=55)
    cases[f"CSV, {read.MAX_ROWS} responses (the row limit) to all 55 questions"] = write_csv(
        folder / "full.csv", full
    )
    cases[f"XLSX, {read.MAX_ROWS} responses to all 55 questions"] = write_xlsx(folder / "full.xlsx", full)
    short = export_rows(read.MAX_ROWS)
    cases[f"XLSX, {read.MAX_ROWS} responses to 30 questions"] = write_xlsx(folder / "short.xlsx", short)
    over = export_rows(read.MAX_ROWS * 4)
    cases[f"CSV, {read.MAX_ROWS * 4} responses"] = write_csv(folder / "over.csv", over)
    cases[f"XLSX, {read.MAX_ROWS * 4} responses"] = write_xlsx(folder / "over.xlsx", over)
    long = export_rows(150, comment_length=2000)
    cases["CSV, a 2 000-character comment on every answer"] = write_csv(folder / "long.csv", long)
    wide = [[f"kolonne {c}" for c in range(read.MAX_COLUMNS)]]
    wide[0][:3] = ["$submission_id", "$created", "$answer_time_ms"]
    wide += [
        [f"{r}", "2026-01-01", "1", *(f"tekst {r} {c}" for c in range(3, read.MAX_COLUMNS))]
        for r in range(300)
    ]
    cases[f"XLSX, {read.MAX_COLUMNS} columns, every cell a distinct text"] = write_xlsx(
        folder / "wide.xlsx", wide
    )
    cases[f"CSV, {read.MAX_COLUMNS} columns"] = write_csv(folder / "wide.csv", wide)
    dated = [list(row) for row in short]
    dated[0][1] = "Starttidspunkt"
    book_rows: list[list[object]] = [dated[0]]
    book_rows += [[row[0], dt.datetime(2026, 3, 1, 9), *row[2:]] for row in dated[1:]]
    cases[f"XLSX, {read.MAX_ROWS} responses with a date column (read by openpyxl)"] = write_xlsx(
        folder / "dated.xlsx", book_rows
    )
    strings = shared_strings_workbook(folder / "strings.xlsx", 1_600_000)
    cases["XLSX, 1 600 000 shared strings (39 MB unpacked)"] = strings
    cap = folder / "cap.csv"
    with cap.open("w", encoding="utf-8") as f:
        f.write('"$submission_id";"$created";"$answer_time_ms"\r\n')
        row = 0
        while f.tell() < read.MAX_BYTES - 100:
            f.write(f'"{row}";"2026-01-01";"{"x" * 60000}"\r\n')
            row += 1
    cases["CSV just under the 10 MB cap, 60 KB cells"] = cap
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory", action="store_true", help="also the worst exports up to the caps")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bytecode_as_installed(folder)
        cells = export_rows(args.rows)
        for kind, write in (("CSV", write_csv), ("XLSX", write_xlsx)):
            export = write(folder / f"export.{kind.lower()}", cells)
            ours, bare, cpu = timed(export, folder / "svar.yaml", args.runs)
            print(
                f"import {args.rows} rows, {kind}: {ours:.2f} s ({cpu:.2f} s CPU); "
                f"÷ 1 s target = {ours:.2f} (CPU {cpu:.2f}); "
                f"÷ bare read + libyaml dump ({bare:.2f} s) = {ours / bare:.2f}"
            )
        if args.memory:
            for name, export in worst_cases(folder).items():
                wall, rss, rc = _run(import_command(export, folder / "svar.yaml"))
                result = "imported" if rc == 0 else f"refused (exit {rc})"
                size = export.stat().st_size / 1e6
                print(f"{name}: {size:.1f} MB, {result}, {wall:.2f} s, max RSS {rss:.0f} MiB")
    print(f"(this process: max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)")


if __name__ == "__main__":
    main()
