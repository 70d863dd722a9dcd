"""The language pass of issue 14: the catalogues and the default rubric against docs/ordliste.md
(glossary terms, forms not used), completeness in every language, and the points fixed in
bokmål and English (skår, one word for inconclusive, “ ” and 95% in English, severity words in
``rubric show``, no rule ids in the batch Markdown, the English ``error:`` token)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator

import pytest
from ruamel.yaml import YAML

from samarbeid.i18n import t
from samarbeid.vocab import Dimension, Lang, Level, Scale
from testkit import ROOT

LANGS = ("nb", "nn", "en")
GLOSSARY = (ROOT / "docs" / "ordliste.md").read_text("utf-8")


def glossary() -> list[dict[str, str]]:
    """The table of docs/ordliste.md: one dict per term, keyed nb, nn, en."""
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \| ([^|]+?) \|", GLOSSARY, re.M)
    return [dict(zip(LANGS, row, strict=True)) for row in rows if row[0] not in ("nb", "---")]


def identical_allowed() -> set[str]:
    """``- identical: WORD`` lines, and every term the table spells alike in English and Norwegian."""
    listed = set(re.findall(r"^- identical: (.+)$", GLOSSARY, re.M))
    same = {row["en"] for row in glossary() if row["en"] in (row["nb"], row["nn"])}
    return {text.casefold() for text in listed | same}


def forms_not_used(lang: str) -> list[str]:
    line = re.search(rf"^- {lang}: (.+)$", GLOSSARY.split("## Forms not used", 1)[1], re.M)
    assert line, lang
    return [form.strip() for form in line.group(1).split(",")]


def catalogue(lang: str) -> dict[str, list[str]]:
    """msgid → its texts (one, or the plural forms)."""
    po = (ROOT / "samarbeid" / "locale" / lang / "LC_MESSAGES" / "samarbeid.po").read_text("utf-8")
    out = {}
    for block in po.split("\n\n"):
        code = re.search(r'^msgid "(.*)"$', block, re.M)
        if code and code.group(1):
            out[code.group(1)] = [
                json.loads(f'"{s}"') for s in re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', block, re.M)
            ]
    return out


def rubric_texts() -> Iterator[tuple[str, dict[str, str]]]:
    """Every translated text of the default rubric as (path, {lang: text})."""
    data = YAML(typ="safe").load((ROOT / "samarbeid" / "rubric" / "default.yaml").read_text("utf-8"))

    def walk(node: object, path: str) -> Iterator[tuple[str, dict[str, str]]]:
        if isinstance(node, dict):
            if set(LANGS) & set(node) and all(isinstance(v, str) for k, v in node.items() if k in LANGS):
                yield path, {k: v for k, v in node.items() if k in LANGS}
                return
            for key, value in node.items():
                yield from walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                label = value.get("id", i) if isinstance(value, dict) else i
                yield from walk(value, f"{path}[{label}]")

    yield from walk(data, "")


IDS = {str(v) for v in (*Dimension, *Scale)}


def prose(text: str) -> str:
    """The words a reader reads as the tool's own: no placeholders, no quoted titles (« » or “ ”),
    no ids of dimensions and scales (``forstaelse``, ``enighet``) that a message names as ids."""
    text = re.sub(r"«[^»]*»|“[^”]*”|\{\w+\}", " ", text)
    return " ".join(w for w in text.split() if w.strip(",.;:()") not in IDS)


@functools.cache
def texts(lang: str) -> list[tuple[str, str]]:
    """(where, text) for every catalogue message and rubric text in ``lang`` (read once)."""
    out = [(f"{lang}.po {code}", text) for code, forms in catalogue(lang).items() for text in forms]
    out += [(f"rubric{path}", by_lang[lang]) for path, by_lang in rubric_texts() if lang in by_lang]
    return out


@functools.cache
def proses(lang: str) -> list[tuple[str, str]]:
    """(where, the words of the text a reader reads as the tool's own) for :func:`texts`."""
    return [(where, prose(text)) for where, text in texts(lang)]


def word(form: str) -> re.Pattern[str]:
    """A form as a whole word or with an inflectional ending (-en, -er, -ane …)."""
    ending = "(?:e|en|et|er|ene|a|t|s|ar|ane|ne|n)?"
    return re.compile(rf"(?<![\wæøå]){re.escape(form)}{ending}(?![\wæøå])", re.I)


# ---- §3: the glossary ----------------------------------------------------------------------


def test_the_glossary_table_is_read() -> None:
    terms = {row["nb"]: row for row in glossary()}
    assert terms["forståelse"] == {"nb": "forståelse", "nn": "forståing", "en": "shared understanding"}
    assert terms["sosial entreprenør"]["en"] == "social entrepreneur"
    assert len(terms) > 50


@pytest.mark.parametrize(("lang", "other"), [("nb", "nn"), ("nn", "nb")])
def test_norwegian_texts_use_their_own_glossary_terms(lang: str, other: str) -> None:
    """Where bokmål and nynorsk differ, each uses its own term: nynorsk never says «forståelse»,
    bokmål never «forståing». A word that is also an inflection of the language's own term
    (bokmål «grønn» for nynorsk «grøn») is not counted."""
    wrong = []
    for row in glossary():
        own, foreign = row[lang], row[other]
        if own == foreign:
            continue
        pattern, own_pattern = word(foreign), word(own)
        for where, text in proses(lang):
            for hit in pattern.finditer(text):
                if not own_pattern.fullmatch(hit.group(0)):
                    wrong.append(f"{where}: «{hit.group(0)}» (glossary: {own})")
    assert wrong == []


@pytest.mark.parametrize("lang", LANGS)
def test_forms_the_glossary_leaves_out_are_not_used(lang: str) -> None:
    wrong = [
        f"{where}: {form}"
        for form in forms_not_used(lang)
        for where, text in proses(lang)
        if re.search(rf"(?<![\wæøå]){re.escape(form)}(?![\wæøå])", text, re.I)
    ]
    assert wrong == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_terms_are_the_labels(lang: str) -> None:
    """Severities, levels and roles are said with the glossary's words."""
    terms = {row["en"]: row[lang] for row in glossary()}
    for severity in ("critical", "high", "medium", "low"):
        assert t(f"severity.{severity}", lang) == terms[severity]
    for level in ("green", "yellow", "red"):
        assert t(f"level.{level}", lang) == terms[level]
    assert t("role.entreprenor", lang) == terms["social entrepreneur"]


def test_english_says_social_entrepreneur() -> None:
    assert any("social entrepreneur" in text for _, text in texts("en"))
    assert all(not re.search(r"sosial(e)? entrepren", prose(text), re.I) for _, text in texts("en"))


# ---- §4: completeness ----------------------------------------------------------------------


def test_every_message_exists_in_every_language_and_is_not_empty() -> None:
    cats = {lang: catalogue(lang) for lang in LANGS}
    assert set(cats["nn"]) == set(cats["nb"]) == set(cats["en"])
    empty = [f"{lang} {code}" for lang, cat in cats.items() for code, forms in cat.items() if not all(forms)]
    assert empty == []


def test_every_rubric_text_exists_in_every_language_and_is_not_empty() -> None:
    missing = [
        f"{path} {lang}"
        for path, by_lang in rubric_texts()
        for lang in LANGS
        if not by_lang.get(lang, "").strip()
    ]
    assert missing == []


def _worded(text: str) -> bool:
    """A text with words of its own (not just placeholders, numbers and signs)."""
    return bool(re.sub(r"\{\w+\}|[\W\d_]", "", text))


def test_english_is_never_a_copy_of_norwegian() -> None:
    """English differs from bokmål and nynorsk unless docs/ordliste.md allows the text
    (## Identical texts, and terms the table spells alike). Bokmål and nynorsk may be
    identical: tests/nynorsk.py checks the nynorsk forms."""
    allowed = identical_allowed()
    cats = {lang: catalogue(lang) for lang in LANGS}
    same = [
        f"{code}: {text}"
        for code, forms in cats["en"].items()
        for i, text in enumerate(forms)
        for other in ("nb", "nn")
        if _worded(text)
        and text == cats[other][code][min(i, len(cats[other][code]) - 1)]
        and text.casefold() not in allowed
    ]
    same += [
        f"rubric{path}: {by_lang['en']}"
        for path, by_lang in rubric_texts()
        for other in ("nb", "nn")
        if _worded(by_lang["en"])
        and by_lang["en"] == by_lang.get(other)
        and by_lang["en"].casefold() not in allowed
    ]
    assert same == []


# ---- §2: the points fixed in bokmål and English --------------------------------------------


def test_inconclusive_is_one_term() -> None:
    for lang in LANGS:
        assert t(f"level.short.{Level.inconclusive}", lang) == t(f"level.{Level.inconclusive}", lang)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_norwegian_says_skar(lang: str) -> None:
    assert t("r.score", lang) == "Skår"


def test_english_has_no_norwegian_quotation_marks_or_spaced_percent() -> None:
    wrong = [f"{where}: {text}" for where, text in texts("en") if re.search(r"[«»]|\d %|\} %", text)]
    assert wrong == []
    assert t("fmt.percent", "en", value=95) == "95%"
    assert t("fmt.percent", "nb", value=95) == t("fmt.percent", "nn", value=95) == "95 %"
    templates = "".join(p.read_text("utf-8") for p in (ROOT / "templates").glob("*.j2"))
    assert not re.search(r"\}\} ?%", templates)


def test_english_says_even_if_and_explains_anchoring() -> None:
    assert all(" also if " not in text for _, text in texts("en"))
    description = dict(rubric_texts())[".dimensions.forankring.description"]["en"]
    assert description.startswith("Anchoring (Norwegian: forankring) means")


def test_difi_is_not_given_as_a_body_to_turn_to() -> None:
    """Difi was closed down in 2020; an action that names it also names DFØ."""
    for path, by_lang in rubric_texts():
        for lang, text in by_lang.items():
            if path.endswith(".action") and "Difi" in text:
                assert "DFØ" in text, (path, lang)


@pytest.mark.parametrize("lang", list(Lang))
def test_rubric_show_says_severities_in_the_language(lang: Lang) -> None:
    from samarbeid.commands.rubric import as_text
    from samarbeid.rubric import load_rubric

    listing = as_text(load_rubric(None), lang)
    rules = listing.split(t("doc.rules", lang), 1)[1]
    words = {t(f"severity.{s}", lang) for s in ("critical", "high", "medium", "low", "info")}
    assert all(line.split()[0] in words for line in rules.strip().splitlines())


@pytest.mark.parametrize("lang", list(Lang))
def test_error_token_stays_english_and_the_rest_is_translated(lang: Lang) -> None:
    """``FILE:LINE:COL: error:`` is parsed by editors and CI; the message after it is the user's."""
    import subprocess
    import sys

    bad = ROOT / "examples" / "invalid" / "mangler-project.yaml"
    run = subprocess.run(
        [sys.executable, "-m", "samarbeid", "validate", str(bad), "--lang", lang],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    line = next(x for x in run.stderr.splitlines() if ": error: " in x)
    assert re.match(r".+:\d+:\d+: error: ", line)
    message = line.split(": error: ", 1)[1]
    assert message.startswith(t("v.missing", lang, field="project"))
    doc = (ROOT / "docs" / "errors.md").read_text("utf-8")
    assert "machine-readable" in doc.split("## ", 1)[0]
