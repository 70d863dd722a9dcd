"""No file in the repository names a path on someone's machine: sources are cited by title,
publisher, date and URL, examples use made-up paths, and code finds its files itself.

System paths that code and docs need (``/dev/null``, ``/usr/bin/env``, ``/proc/self/status``)
are not home or work folders and pass. The patterns are spelled so that this file does not find
itself.
"""

from __future__ import annotations

import re

from testkit import ROOT, repository_files

#: An absolute path into a user's, a build machine's or a temporary folder: POSIX and macOS
#: (home, work, root's home, mounted drives, temporary folders) and Windows user folders.
MACHINE_PATH = re.compile(
    r"(?<![\w.~$-])/(?:work|home|root|Users|tmp|var/tmp|private|mnt|media|srv)/[^\s\"'`)<>\]]*"
    r"|\b[A-Za-z]:\\(?:Users|Documents and Settings)\\[^\s\"'`)<>\]]*"
)

#: Made-up paths that examples need, each checked by hand: the match must start with one of
#: these, in one of the files named.
ALLOWED: dict[str, tuple[str, ...]] = {
    # Kari is the made-up user of the Windows examples: the README's install line, the
    # backslash advice in docs/errors.md and the bad input that pins it.
    "C:\\Users\\kari": ("README.md", "docs/errors.md", "tests/bad_inputs/syntaks-windows-sti.yaml"),
    # a made-up shared drive in docs/errors.md's example of an output that cannot be written
    "/" + "mnt/delt/": ("docs/errors.md",),
}


def machine_paths(name: str, text: str) -> list[str]:
    """Each machine path in ``text`` that is not an allowed example for the file ``name``."""
    return [
        f"{name}:{text.count(chr(10), 0, m.start()) + 1}: {m.group()}"
        for m in MACHINE_PATH.finditer(text)
        if not any(m.group().startswith(p) and name in files for p, files in ALLOWED.items())
    ]


def test_the_pattern_finds_machine_paths_and_passes_system_paths() -> None:
    found = [
        "/" + "work/shared/seeds/001.txt",
        "/" + "home/kari/samarbeid/rapport.md",
        "/" + "Users/kari/Desktop/svar.yaml",
        "/" + "tmp/samarbeid-test/x.yaml",
        "/" + "mnt/c/prosjekt/svar.yaml",
        "D:" + "\\Users\\ola\\svar.yaml",
    ]
    for path in found:
        assert machine_paths("docs/x.md", f"see ({path}) here") == [f"docs/x.md:1: {path}"]
    passed = [
        "/dev/null",
        "/usr/bin/env bash",
        "/usr/bin/chromium",
        "/proc/self/status",
        ".venv/bin/pytest",
        "tests/bad_inputs/x.yaml",
        "https://example.no/" + "home/side",
        "~/" + "home/",
    ]
    for path in passed:
        assert machine_paths("docs/x.md", path) == [], path


def test_an_allowed_example_is_allowed_only_where_it_is_listed() -> None:
    example = "C:" + "\\Users\\kari\\Mine dokumenter"
    assert machine_paths("README.md", example) == []
    assert machine_paths("docs/design.md", example) == ["docs/design.md:1: " + example.split(" ")[0]]


def test_no_file_names_a_path_on_someones_machine() -> None:
    offenders: list[str] = []
    for name in repository_files():
        data = (ROOT / name).read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:  # a picture or another binary file
            continue
        offenders += machine_paths(name, text)
    assert not offenders, "cite a source by title, publisher, date and URL:\n" + "\n".join(offenders)
