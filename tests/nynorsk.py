"""Word forms that are bokmål but never nynorsk, to check the tool's nynorsk against.

Språkrådet's norm since 2012. The one list the tests check nynorsk against (the rubric, the
catalogue, the reports and the user guide): common bokmål forms, plus the forms the
tool's own words would be likeliest to slip into: nouns in their bokmål inflection, and
adjectives and adverbs whose nynorsk differs by one letter. Left out on purpose, because they
are correct nynorsk too: «også» (beside «òg»), «blir»/«bli» (beside «vert»), «derfor» (beside
«difor»), «de» (nynorsk for «dere»), «henne» (object form of «ho»), «nå» (the verb «å nå»),
«følge» and «søke» (beside «følgje», «søkje»), «mellom», «enda», «filen»/«filene» («fil» may be
masculine or feminine), «en» (also the language code in «--lang en»).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

BOKMAL_ONLY = frozenset({
    # question words and «hvis» (nn: ikkje, kva, kven, korleis, kvifor, kvar/kor, kva for, dersom)
    "ikke", "hva", "hvem", "hvordan", "hvorfor", "hvor", "hvilken", "hvilke", "hvilket", "hvis",
    # nn: kvar, kvart, kvarandre, nokon, noko, frå, berre, mykje, meir, berre (for «kun»)
    "hver", "hvert", "hverandre", "noen", "noe", "fra", "bare", "mye", "mer", "kun",
    # nn: sjølv, saman, same, heile, utan, medan, enno, alt/allereie, dessutan
    "selv", "sammen", "samme", "hele", "uten", "mens", "ennå", "allerede", "dessuten",
    # nn: eigen, eige, eigne, annan, anna, fram, heim, veke
    "egen", "eget", "egne", "annen", "annet", "frem", "hjem", "uke",
    # pronouns (nn: eg, ho, han, dei, de/dykk, deira/dykkar, hennar, desse)
    "jeg", "hun", "ham", "dem", "dere", "deres", "hennes", "disse",
    # verbs (nn: vere, vore, blei, veit, gjer, gjere, seier, kjem, trur, synest, finst, treng, ligg,
    # brukar, manglar)
    "være", "vært", "ble", "vet", "gjør", "gjøre", "sier", "kommer", "tror", "synes", "finnes", "trenger",
    "ligger", "bruker", "mangler",
    # adverbs and conjunctions (nn: då, sidan, seinare, framleis, korkje, anten, gonger, innan, utanfor)
    "da", "siden", "senere", "fortsatt", "verken", "enten", "ganger", "innen", "utenfor",
    # adjectives (nn: grøn, raud, høg, låg, samd, usamd)
    "grønn", "grønne", "rød", "røde", "høy", "høye", "lav", "lave", "enig", "uenig", "uenige",
    # nouns (nn: namn, tal, teikn, kjelde, spørjeskjema, prosjekt, reglar, verdiar, and the
    # definite plurals in -a/-ane)
    "navn", "navnet", "tall", "tallet", "tegn", "kilde", "kilden", "kilder", "kildene", "spørreskjema",
    "spørreskjemaet", "prosjekter", "prosjektene", "regler", "reglene", "verdier", "verdiene",
    "spørsmålene", "svarene", "partene", "kolonnene", "flere",
})  # fmt: skip

# Bokmål suffixes and stems: -het (nn -heit), -lig (nn -leg), and the domain terms of docs/ordliste.md.
BOKMAL_PATTERNS = re.compile(
    r"\w+het(?:en|er|ene)?|\w+lig(?:e|t|ere|st)?|forståelse\w*|forpliktelse\w*|anskaffelse\w*"
    r"|\w*tjeneste\w*|\w*tilskudd\w*|taushetsplikt\w*|leder(?:e|en|ne)?|ledelsen?"
)

_QUOTED = re.compile(r"«[^«»]*»")
# A machine id: a slug with a hyphen or underscore (`anskaffelse-gjennomforbar`, `vet_ikke`).
_ID = re.compile(r"[\w.]+(?:[-_][\w.]+)+")


def unquoted(text: str) -> str:
    """``text`` with every «…» (nested ones too) emptied: titles of published sources, answer
    values and the respondents' own comments are quoted and stay as they were written."""
    previous = None
    while previous != text:
        previous, text = text, _QUOTED.sub("«»", text)
    return text


def bokmal_words(text: str, *, ids: Iterable[str] = ()) -> list[str]:
    """The bokmål-only words in ``text`` outside «…», leaving out machine ids (slugs, and the
    single words in ``ids``: question and rule ids, scale ids, names from the answer file)."""
    allowed = {i.lower() for i in ids}
    prose = _ID.sub(" ", unquoted(text))
    return [
        word
        for word in re.findall(r"\w+", prose)
        if word.lower() not in allowed
        and (word.lower() in BOKMAL_ONLY or BOKMAL_PATTERNS.fullmatch(word.lower()))
    ]
