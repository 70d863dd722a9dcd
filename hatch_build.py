"""Build hook: compile the message catalogues (``.po`` → ``.mo``) into the wheel with Babel.

Only the ``.po`` sources are in the repository. A wheel gets the compiled ``.mo`` files (and
not the ``.po`` files, see ``exclude`` in pyproject.toml); an editable install reads the
``.po`` files from the source tree at run time, so it needs nothing compiled. docs/i18n.md.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogueBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        self._workdir = Path(tempfile.mkdtemp(prefix="samarbeid-mo-"))
        sources = sorted((root / "samarbeid" / "locale").glob("*/LC_MESSAGES/*.po"))
        if not sources:
            raise RuntimeError("no message catalogues under samarbeid/locale")
        for po in sources:
            with po.open("rb") as fp:
                catalog = read_po(fp, locale=po.parent.parent.name, abort_invalid=True)
            problems = [
                f"{po}: {message.id!r}: {error}" for message, errors in catalog.check() for error in errors
            ]
            if problems:
                raise RuntimeError("broken message catalogue:\n" + "\n".join(problems))
            relative = po.relative_to(root).with_suffix(".mo")
            target = self._workdir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as fp:
                write_mo(fp, catalog)
            build_data["force_include"][str(target)] = relative.as_posix()

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        workdir = getattr(self, "_workdir", None)
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
