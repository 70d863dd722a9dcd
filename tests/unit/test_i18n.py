"""The message catalogues: plurals, the locales, strict lookups and completeness."""

from __future__ import annotations

import ast
import re

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from nynorsk import bokmal_words
from samarbeid import i18n
from samarbeid.i18n import Count, Msg, UnknownMessage, locale, t, tn
from samarbeid.i18n.catalog import mo_bytes
from samarbeid.i18n.catalog import read_po as tiny_read_po
from samarbeid.vocab import Lang
from testkit import ROOT

LOCALE = ROOT / "samarbeid" / "locale"
PLACEHOLDER = re.compile(r"\{(\w+)")


def catalogue(lang: str, domain: str = "samarbeid"):  # type: ignore[no-untyped-def]
    with (LOCALE / lang / "LC_MESSAGES" / f"{domain}.po").open("rb") as fp:
        return read_po(fp, locale=lang)


def placeholders(message) -> set[str]:  # type: ignore[no-untyped-def]
    forms = message.string if isinstance(message.string, tuple) else (message.string,)
    return {name for form in forms for name in PLACEHOLDER.findall(form)} - {"count"}


# ---- plurals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "count", "want"),
    [
        ("nb", 0, "0 av 0 filer er i orden"),
        ("nb", 1, "1 av 1 fil er i orden"),
        ("nb", 2, "2 av 2 filer er i orden"),
        ("nn", 0, "0 av 0 filer er i orden"),
        ("nn", 1, "1 av 1 fil er i orden"),
        ("nn", 2, "2 av 2 filer er i orden"),
        ("en", 0, "0 of 0 files are valid"),
        ("en", 1, "1 of 1 file is valid"),
        ("en", 2, "2 of 2 files are valid"),
    ],
)
def test_validate_summary_has_plural_forms(lang: str, count: int, want: str) -> None:
    assert tn("validate.summary", count, lang, ok=count) == want


def _summary(lang: str, n: int) -> str:
    levels = {lvl: Count(f"n.level.{lvl}", n) for lvl in ("red", "yellow", "green", "inconclusive")}
    return t(
        "p.summary",
        lang,
        projects=Count("n.projects", n),
        **levels,
        failed=n,
        fail_on="high",
        errors=Count("n.errors", n),
        files=Count("n.files", n),
    )


def test_batch_summary_in_bokmal_for_0_1_2() -> None:
    assert _summary("nb", 1) == (
        "1 prosjekt: 1 rød, 1 gul, 1 grønn, 1 med for lite grunnlag. 1 over --fail-on high. 1 feil i 1 fil."
    )
    assert _summary("nb", 2) == (
        "2 prosjekter: 2 røde, 2 gule, 2 grønne, 2 med for lite grunnlag. "
        "2 over --fail-on high. 2 feil i 2 filer."
    )
    assert _summary("nb", 0).startswith("0 prosjekter: 0 røde")


def test_batch_summary_in_nynorsk_for_0_1_2() -> None:
    assert _summary("nn", 1) == (
        "1 prosjekt: 1 raud, 1 gul, 1 grøn, 1 med for lite grunnlag. 1 over --fail-on high. 1 feil i 1 fil."
    )
    assert _summary("nn", 2) == (
        "2 prosjekt: 2 raude, 2 gule, 2 grøne, 2 med for lite grunnlag. "
        "2 over --fail-on high. 2 feil i 2 filer."
    )


def test_batch_summary_in_english_for_0_1_2() -> None:
    assert _summary("en", 1) == (
        "1 project: 1 red, 1 yellow, 1 green, 1 inconclusive. "
        "1 at or above --fail-on high. 1 error in 1 file."
    )
    assert _summary("en", 2).endswith("2 errors in 2 files.")
    assert _summary("en", 0).startswith("0 projects:")


@pytest.mark.parametrize(
    ("lang", "one", "two"),
    [
        ("nb", "1 prosjekt fra 1 fil; 1 feil.", "2 prosjekter fra 2 filer; 2 feil."),
        ("nn", "1 prosjekt frå 1 fil; 1 feil.", "2 prosjekt frå 2 filer; 2 feil."),
        ("en", "1 project from 1 file; 1 error.", "2 projects from 2 files; 2 errors."),
    ],
)
def test_portfolio_counts(lang: str, one: str, two: str) -> None:
    def counts(n: int) -> str:
        return t(
            "p.counts",
            lang,
            projects=Count("n.projects", n),
            files=Count("n.files", n),
            errors=Count("n.errors", n),
        )

    assert (counts(1), counts(2)) == (one, two)


def test_t_takes_the_plural_form_when_given_count() -> None:
    assert t("assess.left", "en", count=1).startswith("1 question is still unanswered")
    assert t("assess.left", "en", count=2).startswith("2 questions are still unanswered")
    assert t("problems.too_many", "nb", count=50).endswith("bare de 50 første vises")
    assert t("init.written", "en", file="a.yaml", count=1).startswith("Wrote a.yaml with 1 question.")


# ---- locales -----------------------------------------------------------------------------


def test_locale_values() -> None:
    nb, en = locale("nb"), locale("en")
    assert (nb.lang, nb.decimal, nb.csv_delimiter, nb.name) == (Lang.nb, ",", ";", "norsk bokmål")
    assert (en.lang, en.decimal, en.csv_delimiter, en.name) == (Lang.en, ".", ",", "English")
    assert [nb.plural(n) for n in (0, 1, 2)] == [1, 0, 1] == [en.plural(n) for n in (0, 1, 2)]
    assert nb.nplurals == en.nplurals == 2
    assert nb.number("59.5") == "59,5"
    nn = locale("nn")
    assert (nn.lang, nn.decimal, nn.csv_delimiter, nn.name) == (Lang.nn, ",", ";", "norsk nynorsk")
    assert [nn.plural(n) for n in (0, 1, 2)] == [1, 0, 1] and nn.nplurals == 2
    assert nn.number("59.5") == "59,5"


def test_every_language_is_registered_with_a_locale_and_catalogue() -> None:
    for lang in Lang:
        assert locale(lang).lang is lang
        assert (LOCALE / lang.value / "LC_MESSAGES" / "samarbeid.po").is_file()


# ---- strict and production lookups ---------------------------------------------------------


def test_unknown_code_raises_in_strict_mode() -> None:
    with pytest.raises(UnknownMessage, match=r"no\.such\.code"):
        t("no.such.code", "nb")
    with pytest.raises(UnknownMessage):
        tn("no.such.code", 2, "en")


def test_unknown_code_falls_back_to_the_code_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_strict", False)
    assert t("no.such.code", "nb") == "no.such.code"
    assert t("file.not_found", "xx") == t("file.not_found", "nb")


def test_msg_parameters_are_translated() -> None:
    assert t("file.unreadable", "en", reason=Msg("os.is_dir")) == "cannot read the file: it is a directory"


# ---- catalogues ----------------------------------------------------------------------------


def test_every_catalogue_has_the_same_codes_and_placeholders() -> None:
    catalogues = {lang.value: catalogue(lang.value) for lang in Lang}
    assert set(catalogues) == {"nb", "nn", "en"}
    reference = catalogues["nb"]
    codes = {m.id if isinstance(m.id, str) else m.id[0] for m in reference if m.id}
    for lang, cat in catalogues.items():
        assert {m.id if isinstance(m.id, str) else m.id[0] for m in cat if m.id} == codes, lang
        assert cat.plural_forms == "nplurals=2; plural=(n != 1);"
        for message in reference:
            if not message.id:
                continue
            other = cat[message.id if isinstance(message.id, str) else message.id[0]]
            assert isinstance(other.id, tuple) == isinstance(message.id, tuple), (lang, message.id)
            assert placeholders(other) == placeholders(message), (lang, message.id)
            forms = other.string if isinstance(other.string, tuple) else (other.string,)
            assert all(forms), (lang, message.id)


def test_every_click_catalogue_has_bokmals_msgids() -> None:
    """English needs no click.po (it is click's own language); every other language translates
    every msgid of bokmål's, with the same placeholders."""
    reference = catalogue("nb", "click")
    ids = {m.id for m in reference if m.id}
    for lang in Lang:
        if lang is Lang.en:
            assert not (LOCALE / "en" / "LC_MESSAGES" / "click.po").exists()
            continue
        cat = catalogue(lang.value, "click")
        assert {m.id for m in cat if m.id} == ids, lang
        for message in reference:
            if message.id:
                assert placeholders(cat[message.id]) == placeholders(message), (lang, message.id)
                assert cat[message.id].string, (lang, message.id)


def _nynorsk_forms(domain: str) -> list[tuple[str, str]]:
    found = []
    for message in catalogue("nn", domain):
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        # Ids inside messages are not words: the scale `enighet`, the dimension `forpliktelse`.
        text = re.sub(r"\b(?:enighet|forstaelse|forpliktelse)\b", "", " ".join(forms))
        found += [(str(message.id), word) for word in bokmal_words(text)]
    return found


@pytest.mark.parametrize("domain", ["samarbeid", "click"])
def test_nynorsk_catalogue_has_no_bokmal_only_forms(domain: str) -> None:
    """Whole words only, and the list (tests/nynorsk.py) holds forms that are never nynorsk:
    «også» and «blir» are correct nynorsk, «vet_ikke» is an id. Quoted «…» text is skipped:
    the one quote here is the heading of README's bokmål section «Meld en feil»."""
    assert _nynorsk_forms(domain) == []


def test_catalogues_are_in_msgid_order() -> None:
    for path in LOCALE.glob("*/LC_MESSAGES/*.po"):
        ids = re.findall(r'^msgid "(.*)"$', path.read_text(encoding="utf-8"), re.M)[1:]
        assert ids == sorted(ids), path


def _literal_codes() -> set[str]:
    """Every literal first argument of t()/tn()/Msg()/Count()/.t() in samarbeid/ and templates/."""
    found: set[str] = set()
    for path in (ROOT / "samarbeid").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                name = (
                    node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                )
                first = node.args[0]
                if (
                    name in ("t", "tn", "Msg", "Count")
                    and isinstance(first, ast.Constant)
                    and isinstance(first.value, str)
                    and re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", first.value)
                ):
                    found.add(first.value)
            if (
                isinstance(node, ast.keyword)
                and node.arg == "help"
                and isinstance(node.value, ast.Constant)
                and str(node.value.value).startswith("cli.")
            ):
                found.add(str(node.value.value))
    for path in (ROOT / "templates").glob("*.j2"):
        found |= set(
            re.findall(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""", path.read_text(encoding="utf-8"))
        )
    return found


def test_every_literal_code_exists_in_every_catalogue() -> None:
    codes = _literal_codes()
    assert len(codes) > 100
    for lang in Lang:
        have = set(i18n.codes(lang))
        assert sorted(codes - have) == [], lang


def test_the_tiny_po_reader_agrees_with_babel() -> None:
    """The run-time .po reader (source tree) and Babel's compiled .mo (wheel) give the same texts."""
    import gettext
    import io

    for path in LOCALE.glob("*/LC_MESSAGES/*.po"):
        with path.open("rb") as fp:
            cat = read_po(fp)
        compiled = io.BytesIO()
        write_mo(compiled, cat)
        compiled.seek(0)
        babel = gettext.GNUTranslations(compiled)
        tiny = gettext.GNUTranslations(io.BytesIO(mo_bytes(tiny_read_po(path.read_text(encoding="utf-8")))))
        for message in cat:
            if not message.id:
                continue
            if isinstance(message.id, tuple):
                for n in (0, 1, 2):
                    assert tiny.ngettext(message.id[0], message.id[1], n) == babel.ngettext(
                        message.id[0], message.id[1], n
                    )
            else:
                assert tiny.gettext(str(message.id)) == babel.gettext(str(message.id))
