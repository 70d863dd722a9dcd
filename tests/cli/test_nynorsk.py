"""``--lang nn``: everything a user reads is nynorsk, with no bokmål-only forms outside «…».

Reports in every format, ``rubric show``, errors, ``--help`` and usage errors, ``assess``'s
prompts, ``init``'s comments and the form recipes. Quoted text («…») is left alone: titles of
published sources stay as published, and the respondents' comments as they wrote them. Machine
ids (question and rule ids, scale ids) are not words, and neither are the names a user gave in
the answer file (a unit called «Innvandrertjenesten»).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from nynorsk import bokmal_words
from samarbeid import i18n
from samarbeid.cli import app
from samarbeid.i18n import t
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import Scale
from testkit import PROJECT, ROOT, answers, assess

EXAMPLE = ROOT / "examples" / "inderoy-helsefag.yaml"
HEALTHY = ROOT / "examples" / "sunt-samarbeid.yaml"


def run(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], env={"SAMARBEID_LANG": "", **(env or {})})
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def ids(default_rubric: Rubric) -> set[str]:
    """Words that are ids or names, not prose: the rubric's ids, the scale ids, and the
    names of the example's project, parties and units."""
    found = {q.id for q in default_rubric.questions} | {p.id for p in default_rubric.problems}
    found |= {str(s) for s in Scale} | {"enhet"}  # `enhet`: the unit column of the form recipes
    names = []
    for example in (EXAMPLE, HEALTHY):
        data = yaml.safe_load(example.read_text(encoding="utf-8"))
        names += data["project"].values()
        names += [r.get(k) for r in data["respondents"] for k in ("unit", "name")]
    found |= {word for name in names if isinstance(name, str) for word in re.findall(r"\w+", name)}
    return found


def prose_of_html(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def assert_nynorsk(text: str, ids: set[str]) -> None:
    assert bokmal_words(text, ids=ids) == []


# ---- reports -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
@pytest.mark.parametrize("detail", [[], ["--detail"]])
def test_report_is_nynorsk(fmt: str, detail: list[str], ids: set[str]) -> None:
    code, out = run("--lang", "nn", "report", EXAMPLE, "-f", fmt, *detail)
    assert code == 0
    text = prose_of_html(out) if fmt == "html" else out
    assert_nynorsk(text, ids)
    for words in ("Samla nivå", "Gjer dette først", "Forståing", "Forplikting"):
        assert words in text
    if fmt == "html":
        assert '<html lang="nn"' in out


def test_report_in_the_environment_language(ids: set[str]) -> None:
    code, out = run("report", EXAMPLE, env={"SAMARBEID_LANG": "nn"})
    assert code == 0
    assert "Samla nivå: ○ raud   Skår 35,8" in out
    assert "Køyr med --detail for kvifor, kjelder og svara bak kvart funn." in out
    assert_nynorsk(out, ids)


def test_json_report_texts_are_nynorsk(ids: set[str]) -> None:
    code, out = run("--lang", "nn", "report", EXAMPLE, "-f", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["lang"] == "nn"
    assert doc["dimensions"]["forstaelse"]["title"] == "Forståing"
    texts: list[str] = []

    def walk(node: Any, key: str | None = None) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in ("title", "why", "action", "text"):
            texts.append(node)

    walk(doc)
    assert len(texts) > 50
    assert_nynorsk("\n".join(texts), ids)


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_batch_is_nynorsk(fmt: str, ids: set[str]) -> None:
    code, out = run("--lang", "nn", "batch", HEALTHY, EXAMPLE, "-f", fmt)
    assert code in (0, 1)
    assert "2 prosjekt: 1 raud, 0 gule" in out
    assert_nynorsk(prose_of_html(out) if fmt == "html" else out, ids)


# ---- the rubric, errors, help ------------------------------------------------------------


def test_rubric_show_is_nynorsk(ids: set[str]) -> None:
    code, out = run("--lang", "nn", "rubric", "show")
    assert code == 0
    assert "Forståing" in out and "vekt 3" in out
    assert_nynorsk(out, ids)


def test_errors_are_nynorsk_after_the_machine_readable_prefix(ids: set[str]) -> None:
    code, out = run("--lang", "nn", "validate", ROOT / "examples" / "invalid" / "yes-i-stedet-for-ja.yaml")
    assert code == 2
    assert out.splitlines()[0].endswith(
        ":18:25: error: ugyldig svar 'yes' på 'samarbeidsavtale'; gyldige svar: nei, delvis, ja, vet_ikke"
        " — skriv ja, delvis eller nei (ikkje yes/no/true/false)"
    )
    code, out = run("--lang", "nn", "validate", *sorted((ROOT / "examples" / "invalid").glob("*.yaml")))
    assert code == 2
    assert_nynorsk(out.replace("error:", ""), ids)


@pytest.mark.parametrize("args", [["--help"], ["report", "--help"], ["assess", "-h"], ["form", "-h"]])
def test_help_is_nynorsk(args: list[str], ids: set[str]) -> None:
    code, out = run("--lang", "nn", *args)
    assert code == 0
    assert out.startswith("Bruk: samarbeid")
    assert "Val:" in out and "Vis denne hjelpa og avslutt." in out
    assert "--lang [nb|nn|en]" in out or args != ["--help"]
    assert_nynorsk(out, ids)


def test_usage_errors_are_nynorsk() -> None:
    code, out = run("--lang", "nn", "assess", "prosjekt.yaml")
    assert code == 2
    assert out == (
        "Bruk: samarbeid assess [VAL] FIL\n"
        "Skriv «samarbeid assess -h» for å få hjelp.\n\n"
        "Feil: Manglar valet '--role'. Vel mellom:\n\tkommune,\n\tentreprenor\n"
    )
    code, out = run("--lang", "nn", "report", "a.yaml", "--fail-on", "stor")
    assert code == 2
    assert "Feil: Ugyldig verdi for '--fail-on': 'stor' er ikkje blant" in out


# ---- assess, init and the forms ----------------------------------------------------------


def test_assess_asks_in_nynorsk(tmp_path: Path, ids: set[str]) -> None:
    file = tmp_path / "p.yaml"
    run_ = assess(file, [*PROJECT, "x", "?", "1", "Vi er usamde", "v", "q"], lang="nn", rubric=None)
    out = run_.out
    flat = " ".join(out.split())  # the console wraps at 80 columns
    assert "finst ikkje enno. Først litt om prosjektet" in flat
    assert "Namnet på prosjektet: " in out
    assert "Vi og den sosiale entreprenøren har det same målet for samarbeidet." in flat
    assert "   3  korkje samd eller usamd" in out
    assert "   v  veit ikkje" in out
    assert "? kvifor  ·  b tilbake  ·  s hopp over  ·  q lagre og avslutt" in out
    assert "«x» er ikkje eit val her." in flat
    assert "Vil du seie kvifor?" in flat
    assert "--lang nn" in out
    assert_nynorsk(out, ids)
    assert answers(file) == {"felles-mal": 1, "felles-situasjon": "vet_ikke"}


def test_assess_workshop_in_nynorsk(tmp_path: Path, ids: set[str]) -> None:
    file = tmp_path / "p.yaml"
    run_ = assess(
        file, [*PROJECT, "5", "1", "Usamde om målet", "q"], "kommune", "entreprenor", lang="nn", rubric=None
    )
    flat = " ".join(run_.out.split())
    assert "Svara: kommunen: 5 heilt samd · entreprenøren: 1 heilt usamd" in flat
    assert "De svarer ulikt her. Snakk om kvifor før de går vidare." in flat
    assert_nynorsk(run_.out, ids)


def test_init_comments_are_nynorsk(tmp_path: Path, ids: set[str]) -> None:
    file = tmp_path / "p.yaml"
    code, out = run("--lang", "nn", "init", file)
    assert code == 0
    assert "Fyll inn svara og køyr" in out
    text = file.read_text(encoding="utf-8")
    assert "# Skriv svaret bak kvart spørsmål. La det stå tomt til de har svart." in text
    # the scales are marked by their values, not by their bokmål ids
    assert "# [1–5] Vi og den sosiale entreprenøren har det same målet for samarbeidet." in text
    assert "[enighet" not in text and "[status" not in text and "# enighet:" not in text
    assert_nynorsk(out + text, ids)


@pytest.mark.parametrize("target", ["nettskjema", "msforms", "print"])
def test_form_recipes_are_nynorsk(target: str, ids: set[str]) -> None:
    code, out = run("--lang", "nn", "form", "-t", target, "--role", "kommune")
    assert code == 0
    text = prose_of_html(out) if target == "print" else out
    assert "Heilt usamd" in text or "heilt usamd" in text
    assert_nynorsk(text, ids)


# ---- the glossary ------------------------------------------------------------------------


def glossary() -> dict[str, str]:
    """docs/ordliste.md as bokmål term → nynorsk term."""
    table = (ROOT / "docs" / "ordliste.md").read_text("utf-8")
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \| [^|]+ \|", table, re.M)
    return {nb: nn for nb, nn in rows if nb not in ("nb", "---")}


@pytest.mark.parametrize("group", ["value.", "severity.", "level.", "phase.", "role."])
def test_labels_use_the_glossary(group: str) -> None:
    """A label whose bokmål is a glossary term is that term's nynorsk («helt enig» → «heilt samd»)."""
    terms = glossary()
    checked = 0
    for code in i18n.codes("nb"):
        if code.startswith(group) and t(code, "nb") in terms:
            assert t(code, "nn") == terms[t(code, "nb")], code
            checked += 1
    assert checked >= 2


def test_nynorsk_says_skar_never_score() -> None:
    po = (ROOT / "samarbeid" / "locale" / "nn" / "LC_MESSAGES" / "samarbeid.po").read_text("utf-8")
    texts = re.sub(r"\{\w+\}", "", " ".join(re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', po, re.M)))
    assert not re.search(r"\b[Ss]cor(?:e|en|er|es)\b", texts)
    assert "skår" in texts.lower()


def test_nynorsk_catalogue_says_og_not_ogsa() -> None:
    """«også» is correct nynorsk, but docs/ordliste.md picks «òg» for the tool: one set of forms."""
    for domain in ("samarbeid", "click"):
        po = (ROOT / "samarbeid" / "locale" / "nn" / "LC_MESSAGES" / f"{domain}.po").read_text("utf-8")
        assert not re.findall(r"^msgstr.*\bogså\b.*$", po, re.M | re.I)
