"""Saving in ``assess`` against the size of the shared answer file (docs/performance.md).

Run:  python benchmarks/assess.py [--respondents 2,500] [--saves 40] [--answers 10] [--sessions 4]

Each save of ``assess`` changes the respondent's own lines of the file in place
(samarbeid/inplace.py), so its cost should not grow with the other respondents in the file.
The script generates answer files with few and with many respondents and prints

  (a) the CPU time of one save in the process (``SharedFile.save``: the lock, the file read
      again, the merge, the check, the atomic write), median of --saves, for each size: in
      the process (user) and in the system for it (writing and syncing the whole file, which
      an atomic write must), and the ratio of the largest to the smallest (target ≤ 20 ms
      at 500);
  (b) the time from typing an answer to the next question, through a real terminal
      (``samarbeid assess`` in a pseudo-terminal, pexpect), median of --answers, for each
      size, and the ratio (target ≤ 1.5);
  (c) --sessions processes saving into the largest file at the same moment, --saves times
      each: the longest save (wall time, so waiting for the others' lock is in it) and
      whether every answer each of them saved is in the file at the end. Exit 1 if not.

Absolute times move with the machine's load; the ratios are taken side by side.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import COMMENTS

#: How long any one wait may take, in seconds (a prompt, a lock, a process).
WAIT = 60.0
QUESTION = re.compile(r"\[(\d+)/(\d+)\] ")


def generate(path: Path, count: int) -> Path:
    """An answer file with ``count`` respondents (every fifth the entreprenør), each with every
    answer of its role, a comment now and then, and YAML comments as a person leaves them."""
    from samarbeid.rubric import load_rubric
    from samarbeid.vocab import SCALES

    rubric = load_rubric()
    lines = [
        "# Felles svarfil for samarbeidet",
        "samarbeid: 1",
        "project:",
        "  id: stort-samarbeid  # prosjektets id",
        "  name: Et stort samarbeid",
        "status: in_progress",
        "respondents:",
    ]
    for i in range(count):
        role = "entreprenor" if i % 5 == 0 else "kommune"
        lines += [
            f"  # svarte {i + 1}.",
            f"  - role: {role}",
            f"    unit: Enhet {i}",
            f"    name: Person {i}",
        ]
        lines += ["    status: complete", "    answers:"]
        questions = rubric.questions_for(role)
        for k, q in enumerate(questions):
            values = list(SCALES[q.scale])
            lines.append(f"      {q.id}: {values[(i + k) % len(values)]}")
        lines += ["    comments:", f"      {questions[i % len(questions)].id}: {COMMENTS[i % len(COMMENTS)]}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---- (a) a save in the process ------------------------------------------------------------


def _answers(rubric: Any, saves: int) -> list[dict[str, Any]]:
    """The answers of one session after each of ``saves`` saves: a new one each time, then
    the first ones changed."""
    questions = rubric.questions_for("kommune")
    out, answers = [], {}
    for k in range(saves):
        q = questions[k % len(questions)]
        answers[q.id] = q.values()[k % 3]
        out.append(dict(answers))
    return out


def save_cpu(path: Path, saves: int, unit: str = "Måling") -> tuple[list[float], float]:
    """The CPU time of each save but the first (which adds the respondent), in seconds, read
    from the process's own clock (nanoseconds, user and system together); and the share of
    that spent in the process itself (user) and in the system for it (writing and syncing
    the file), summed over the saves, since that split comes from a coarser clock."""
    from samarbeid.answerfile import identity
    from samarbeid.answerwriter import Block, SharedFile
    from samarbeid.rubric import load_rubric

    rubric = load_rubric()
    shared = SharedFile(path, rubric, timeout=WAIT)
    who = identity("kommune", unit, None)
    shared.claim([who])
    try:
        loaded = shared.load()
        assert loaded is not None
        shared.start(loaded.model, [who])
        totals, user, system = [], 0.0, 0.0
        for n, answers in enumerate(_answers(rubric, saves + 1)):
            before, cpu = resource.getrusage(resource.RUSAGE_SELF), time.process_time()
            shared.save([Block("kommune", unit, None, "in_progress", answers, {})], model=loaded.model)
            cpu, after = time.process_time() - cpu, resource.getrusage(resource.RUSAGE_SELF)
            if n:
                totals.append(cpu)
                user += after.ru_utime - before.ru_utime
                system += after.ru_stime - before.ru_stime
    finally:
        shared.release()
    return totals, user / (user + system) if user + system else 1.0


def ratio(large: float, small: float) -> str:
    """``large ÷ small`` to two decimals, or why there is none (a size too small to time)."""
    return f"{large / small:.2f}" if small > 0 else "not measurable (under the clock's resolution)"


# ---- (b) through a terminal ---------------------------------------------------------------


def answer_to_question(path: Path, answers: int) -> list[float]:
    """Wall time from sending an answer to the next question on screen, for ``answers``
    answers of a new respondent in ``samarbeid assess`` in a pseudo-terminal."""
    import pexpect

    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMARBEID_")}
    env.update(NO_COLOR="1", TERM="xterm")
    args = ["-m", "samarbeid", "assess", str(path), "--role", "kommune", "--unit", "Terminal"]
    child = pexpect.spawn(sys.executable, args, env=env, encoding="utf-8", timeout=WAIT, dimensions=(40, 160))
    child.delaybeforesend = None
    times = []
    try:
        child.expect(QUESTION)
        child.expect_exact("\r\n> ")
        for _ in range(answers):
            start = time.perf_counter()
            child.sendline("3")  # on every scale a choice that asks for no comment
            child.expect(QUESTION)
            child.expect_exact("\r\n> ")
            times.append(time.perf_counter() - start)
        child.sendline("q")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    return times


# ---- (c) sessions at the same moment ------------------------------------------------------


def _session(path: str, unit: str, saves: int, barrier: Any, out: Any) -> None:
    """One session in its own process: one save per round, all sessions at the same moment."""
    from samarbeid.answerfile import identity
    from samarbeid.answerwriter import Block, SharedFile
    from samarbeid.rubric import load_rubric

    try:
        rubric = load_rubric()
        shared = SharedFile(Path(path), rubric, timeout=WAIT)
        who = identity("kommune", unit, None)
        shared.claim([who])
        loaded = shared.load()
        assert loaded is not None
        shared.start(loaded.model, [who])
        longest, cpu = 0.0, 0.0
        for answers in _answers(rubric, saves):
            barrier.wait(WAIT)
            start, start_cpu = time.perf_counter(), time.process_time()
            shared.save([Block("kommune", unit, None, "in_progress", answers, {})], model=loaded.model)
            longest = max(longest, time.perf_counter() - start)
            cpu += time.process_time() - start_cpu
        shared.release()
        out.put((unit, answers, longest, cpu / saves, None))
    except BaseException as exc:  # reported, and the others stop waiting
        barrier.abort()
        out.put((unit, {}, 0.0, 0.0, f"{type(exc).__name__}: {exc}"))


def concurrent(path: Path, sessions: int, saves: int) -> tuple[float, float, list[str]]:
    """The longest save, the mean CPU per save, and what was lost (or failed), when
    ``sessions`` processes save into ``path`` at the same moment ``saves`` times each."""
    from samarbeid.answerfile import identity
    from samarbeid.load.answers import load_file
    from samarbeid.rubric import load_rubric

    ctx = multiprocessing.get_context("fork")
    barrier, out = ctx.Barrier(sessions), ctx.Queue()
    units = [f"Samtidig {n + 1}" for n in range(sessions)]
    procs = [ctx.Process(target=_session, args=(str(path), u, saves, barrier, out)) for u in units]
    for p in procs:
        p.start()
    results = [out.get(timeout=WAIT * saves) for _ in procs]
    for p in procs:
        p.join(WAIT)
    final = load_file(path, load_rubric())
    problems = [f"{unit}: {failed}" for unit, _, _, _, failed in results if failed]
    for unit, answers, _, _, failed in results:
        entry = next((r for r in final.responses if r.identity == identity("kommune", unit, None)), None)
        if not failed and (entry is None or entry.answers != answers):
            problems.append(f"{unit}: answers lost")
    return max(r[2] for r in results), statistics.mean(r[3] for r in results), problems


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--respondents", default="2,500", help="the sizes of file, comma-separated")
    parser.add_argument(
        "--saves", type=int, default=40, help="saves measured per size, and per session in (c)"
    )
    parser.add_argument("--answers", type=int, default=10, help="answers typed through the terminal per size")
    parser.add_argument("--sessions", type=int, default=4, help="sessions saving at the same moment in (c)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.respondents.split(",")]
    with tempfile.TemporaryDirectory(prefix="samarbeid-assess-") as tmp:
        folder = Path(tmp)
        total, user_share, terminal = {}, {}, {}
        for n in sizes:
            times, user_share[n] = save_cpu(generate(folder / f"a-{n}.yaml", n), args.saves)
            total[n] = statistics.median(times)
        for n in sizes:
            if args.answers:
                typed = answer_to_question(generate(folder / f"b-{n}.yaml", n), args.answers)
                terminal[n] = statistics.median(typed)
        small, large = sizes[0], sizes[-1]
        print(f"(a) CPU per save in the process, median of {args.saves}: user + system (the write) = total")
        for n in sizes:
            ms = total[n] * user_share[n] * 1000, total[n] * (1 - user_share[n]) * 1000, total[n] * 1000
            print(f"    {n:>5} respondents  {ms[0]:6.2f} + {ms[1]:6.2f} = {ms[2]:6.2f} ms")
        print(f"    ratio {large} ÷ {small}: total {ratio(total[large], total[small])}  (≤ 20 ms at 500)")
        if terminal:
            print(f"(b) answer → next question through a terminal, median of {args.answers}:")
            for n in sizes:
                print(f"    {n:>5} respondents  {terminal[n] * 1000:7.2f} ms")
            print(f"    ratio {large} ÷ {small}: {ratio(terminal[large], terminal[small])}  (target ≤ 1.5)")
        longest, mean_cpu, lost = concurrent(
            generate(folder / f"c-{large}.yaml", large), args.sessions, args.saves
        )
        print(f"(c) {args.sessions} sessions saving at the same moment, {args.saves} saves each,", end=" ")
        print(f"{large} respondents: longest save {longest * 1000:.1f} ms (wall, waiting for the others")
        print(f"    included), CPU {mean_cpu * 1000:.2f} ms per save")
        print(f"    every answer in the file: {'yes' if not lost else 'NO: ' + '; '.join(lost)}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
