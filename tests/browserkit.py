"""Shared helpers of the browser tier: finding Chromium and running it offline.

Needs Debian's ``chromium`` (or ``SAMARBEID_CHROMIUM=/path/to/chrome``). Without one the tests
skip, except in CI (``CI`` or ``SAMARBEID_REQUIRE_BROWSER=1`` set), where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
from pathlib import Path

from testkit import ROOT

REQUIRED = os.environ.get("SAMARBEID_REQUIRE_BROWSER") == "1" or bool(os.environ.get("CI"))


ARTIFACTS = ROOT / "test-artifacts"


# Chromium on a machine without network: no first-run, sync, update or other background
# traffic that can be switched off, and every host name resolves to nothing.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--hide-scrollbars",
    "--mute-audio",
]


def find_browser() -> str | None:
    explicit = os.environ.get("SAMARBEID_CHROMIUM")
    if explicit:
        return shutil.which(explicit)
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium(browser: str, workdir: Path, name: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run Chromium once with a fresh profile; fail with its output when it fails."""
    profile = workdir / f"profile-{name}"
    result = subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"chromium exited {result.returncode}:\n{result.stderr[-3000:]}"
    return result


def page_requests(netlog: Path) -> list[str]:
    """The URLs the page asked for (Chromium's own update and account checks start with no
    origin; a request from the page starts with the page's)."""
    data = json.loads(netlog.read_text(encoding="utf-8"))
    start_job = data["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    starts = (e.get("params", {}) for e in data["events"] if e["type"] == start_job)
    return [p["url"] for p in starts if "url" in p and p.get("initiator") != "not an origin"]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


TIMEOUT = 30
