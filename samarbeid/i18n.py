"""User-facing messages in bokmål (default) and English, and how to look them up.

Rubric content (questions, rules) carries its own translations in the rubric file; this
catalogue holds the tool's own words: error messages, hints and report labels.
"""

from __future__ import annotations

from typing import Any

LANGS = ("nb", "en")
DEFAULT_LANG = "nb"

MESSAGES: dict[str, dict[str, str]] = {
    # files
    "file.not_found": {"nb": "finner ikke filen", "en": "file not found"},
    "file.is_dir": {"nb": "er en mappe, ikke en fil", "en": "is a directory, not a file"},
    "file.unreadable": {"nb": "kan ikke lese filen: {reason}", "en": "cannot read the file: {reason}"},
    "file.too_large": {
        "nb": "filen er større enn grensen på {limit} KiB",
        "en": "the file is larger than the limit of {limit} KiB",
    },
    "file.utf16": {
        "nb": "filen er lagret som UTF-16; lagre den som UTF-8",
        "en": "the file is saved as UTF-16; save it as UTF-8",
    },
    "file.binary": {
        "nb": "filen inneholder binære data (NUL-tegn), ikke tekst",
        "en": "the file contains binary data (NUL bytes), not text",
    },
    "file.not_utf8": {
        "nb": "filen er ikke gyldig UTF-8 (kanskje Latin-1/Windows-1252?); lagre den som UTF-8",
        "en": "the file is not valid UTF-8 (Latin-1/Windows-1252?); save it as UTF-8",
    },
    "file.write_failed_at": {
        "nb": "kan ikke skrive {file}: {reason}",
        "en": "cannot write {file}: {reason}",
    },
    # YAML
    "yaml.syntax": {"nb": "ugyldig YAML: {detail}", "en": "invalid YAML: {detail}"},
    "yaml.tab": {
        "nb": "tabulator brukt til innrykk; bruk mellomrom",
        "en": "a tab is used for indentation; use spaces",
    },
    "yaml.empty": {"nb": "filen er tom", "en": "the file is empty"},
    "yaml.many_documents": {
        "nb": "filen har flere YAML-dokumenter (---); bruk én fil per dokument",
        "en": "the file holds several YAML documents (---); use one file per document",
    },
    "yaml.alias": {
        "nb": "YAML-ankere og -aliaser (&, *) er ikke tillatt",
        "en": "YAML anchors and aliases (&, *) are not allowed",
    },
    "yaml.tag": {"nb": "YAML-taggen {tag} er ikke tillatt", "en": "the YAML tag {tag} is not allowed"},
    "yaml.too_deep": {
        "nb": "strukturen er nøstet dypere enn {limit} nivåer",
        "en": "the structure is nested deeper than {limit} levels",
    },
    "yaml.too_many_nodes": {
        "nb": "filen har mer enn {limit} elementer",
        "en": "the file has more than {limit} elements",
    },
    "yaml.complex_key": {
        "nb": "en nøkkel må være en enkel verdi",
        "en": "a key must be a plain value",
    },
    "yaml.duplicate_key": {
        "nb": "nøkkelen '{key}' står to ganger (første gang på linje {first})",
        "en": "duplicate key '{key}' (first on line {first})",
    },
    # structure (pydantic error types)
    "v.missing": {"nb": "mangler feltet '{field}'", "en": "missing field '{field}'"},
    "v.extra": {"nb": "ukjent felt '{field}'", "en": "unknown field '{field}'"},
    "v.type.str": {"nb": "forventet tekst, fant {found}", "en": "expected text, found {found}"},
    "v.type.int": {"nb": "forventet et heltall, fant {found}", "en": "expected a whole number, found {found}"},
    "v.type.number": {"nb": "forventet et tall, fant {found}", "en": "expected a number, found {found}"},
    "v.type.bool": {"nb": "forventet true eller false, fant {found}", "en": "expected true or false, found {found}"},
    "v.type.list": {"nb": "forventet en liste, fant {found}", "en": "expected a list, found {found}"},
    "v.type.dict": {
        "nb": "forventet en tabell (nøkkel: verdi), fant {found}",
        "en": "expected a mapping (key: value), found {found}",
    },
    "v.type.date": {
        "nb": "forventet en dato (ÅÅÅÅ-MM-DD), fant {found}",
        "en": "expected a date (YYYY-MM-DD), found {found}",
    },
    "v.literal": {
        "nb": "ugyldig verdi for {field}: {found}; tillatt: {allowed}",
        "en": "invalid value for {field}: {found}; allowed: {allowed}",
    },
    "v.too_short": {"nb": "kan ikke være tom", "en": "must not be empty"},
    "v.pattern": {
        "nb": "ugyldig id {found}: bruk små bokstaver a–z, sifre og bindestrek",
        "en": "invalid id {found}: use lower-case a–z, digits and hyphens",
    },
    "v.range": {"nb": "verdien {found} er utenfor {allowed}", "en": "the value {found} is outside {allowed}"},
    "v.min": {"nb": "verdien {found} er for liten; minst {limit}", "en": "the value {found} is too small; at least {limit}"},
    "v.max": {"nb": "verdien {found} er for stor; høyst {limit}", "en": "the value {found} is too large; at most {limit}"},
    "v.condition": {
        "nb": "en betingelse må ha nøyaktig én av: {allowed}",
        "en": "a condition must have exactly one of: {allowed}",
    },
    "v.other": {"nb": "{detail}", "en": "{detail}"},
    # answer files
    "answers.unknown_question": {
        "nb": "ukjent spørsmål '{question}'",
        "en": "unknown question '{question}'",
    },
    "answers.not_for_role": {
        "nb": "spørsmålet '{question}' besvares bare av {roles}",
        "en": "the question '{question}' is answered only by {roles}",
    },
    "answers.bad_value": {
        "nb": "ugyldig svar {found} på '{question}'; tillatt: {allowed}",
        "en": "invalid answer {found} to '{question}'; allowed: {allowed}",
    },
    "answers.comment_unknown": {
        "nb": "kommentar til ukjent spørsmål '{question}'",
        "en": "comment on unknown question '{question}'",
    },
    "answers.duplicate_respondent": {
        "nb": "respondenten {who} står to ganger (også i {other})",
        "en": "the respondent {who} appears twice (also in {other})",
    },
    "answers.other_project": {
        "nb": "prosjektet '{found}' er et annet enn '{expected}' i {other}; én rapport gjelder ett prosjekt",
        "en": "the project '{found}' differs from '{expected}' in {other}; one report covers one project",
    },
    "answers.version": {
        "nb": "ukjent filformat samarbeid: {found}; denne versjonen leser samarbeid: 1",
        "en": "unknown file format samarbeid: {found}; this version reads samarbeid: 1",
    },
    "answers.unknown_rule": {
        "nb": "ukjent regel '{rule}' under accepted",
        "en": "unknown rule '{rule}' under accepted",
    },
    "hint.format_line": {"nb": "skriv samarbeid: 1 øverst i filen", "en": "write samarbeid: 1 at the top of the file"},
    "hint.did_you_mean": {"nb": "mente du '{suggestion}'?", "en": "did you mean '{suggestion}'?"},
    "hint.yes_no": {
        "nb": "skriv ja, delvis eller nei (ikke yes/no/true/false)",
        "en": "write ja, delvis or nei (not yes/no/true/false)",
    },
    "hint.unquote": {"nb": "skriv tallet uten anførselstegn", "en": "write the number without quotes"},
    # rubric
    "rubric.duplicate_id": {"nb": "id-en '{id}' er brukt to ganger", "en": "the id '{id}' is used twice"},
    "rubric.unknown_question": {
        "nb": "regelen viser til ukjent spørsmål '{question}'",
        "en": "the rule refers to an unknown question '{question}'",
    },
    "rubric.unknown_source": {"nb": "ukjent kilde '{source}'", "en": "unknown source '{source}'"},
    "rubric.impossible_value": {
        "nb": "verdien {found} finnes ikke for '{question}'; tillatt: {allowed}",
        "en": "the value {found} is impossible for '{question}'; allowed: {allowed}",
    },
    "rubric.role_not_asked": {
        "nb": "'{question}' besvares ikke av {role}",
        "en": "'{question}' is not answered by {role}",
    },
    "rubric.text_missing_role": {
        "nb": "mangler ordlyd for {role}",
        "en": "missing the wording for {role}",
    },
    "rubric.text_extra_role": {
        "nb": "har ordlyd for {role}, som ikke svarer på spørsmålet",
        "en": "has wording for {role}, who does not answer the question",
    },
    "rubric.dimensions": {
        "nb": "dimensjonene må være nøyaktig forstaelse, forankring og forpliktelse",
        "en": "the dimensions must be exactly forstaelse, forankring and forpliktelse",
    },
    "rubric.empty_dimension": {
        "nb": "dimensjonen '{dimension}' har ingen spørsmål",
        "en": "the dimension '{dimension}' has no questions",
    },
    "rubric.fixed_severity": {
        "nb": "regelen '{id}' har fast alvorlighet {expected}, ikke {found}",
        "en": "the rule '{id}' has the fixed severity {expected}, not {found}",
    },
    "rubric.fixed_missing": {
        "nb": "standardrubrikken mangler den faste regelen '{id}'",
        "en": "the default rubric lacks the fixed rule '{id}'",
    },
    "rubric.divergence_both": {
        "nb": "bruk enten questions eller dimension, ikke begge",
        "en": "use either questions or dimension, not both",
    },
    "rubric.ok": {
        "nb": "{file}: rubrikken {id} {version} er i orden ({questions} spørsmål, {rules} regler)",
        "en": "{file}: the rubric {id} {version} is valid ({questions} questions, {rules} rules)",
    },

    # report labels
    "level.green": {"nb": "grønn", "en": "green"},
    "level.yellow": {"nb": "gul", "en": "yellow"},
    "level.red": {"nb": "rød", "en": "red"},
    "level.inconclusive": {"nb": "for lite grunnlag", "en": "inconclusive"},
    "level.short.green": {"nb": "grønn", "en": "green"},
    "level.short.yellow": {"nb": "gul", "en": "yellow"},
    "level.short.red": {"nb": "rød", "en": "red"},
    "level.short.inconclusive": {"nb": "uavklart", "en": "unclear"},
    "severity.critical": {"nb": "kritisk", "en": "critical"},
    "severity.high": {"nb": "høy", "en": "high"},
    "severity.medium": {"nb": "middels", "en": "medium"},
    "severity.low": {"nb": "lav", "en": "low"},
    "severity.info": {"nb": "info", "en": "info"},
    "role.kommune": {"nb": "kommune", "en": "municipality"},
    "role.entreprenor": {"nb": "sosial entreprenør", "en": "social entrepreneur"},
    "role.def.kommune": {"nb": "kommunen", "en": "the municipality"},
    "role.def.entreprenor": {"nb": "entreprenøren", "en": "the entrepreneur"},
    "phase.idea": {"nb": "idé", "en": "idea"},
    "phase.planning": {"nb": "planlegging", "en": "planning"},
    "phase.pilot": {"nb": "pilot", "en": "pilot"},
    "phase.operation": {"nb": "drift", "en": "operation"},
    "phase.ending": {"nb": "avslutning", "en": "ending"},
    "status.in_progress": {"nb": "under arbeid", "en": "in progress"},
    "status.complete": {"nb": "ferdig", "en": "complete"},
    "kind.disagreement": {"nb": "uenige", "en": "they disagree"},
    "kind.shared_weakness": {"nb": "begge svake", "en": "both weak"},
    "reason.missing": {"nb": "ikke besvart", "en": "not answered"},
    "reason.vet_ikke": {"nb": "vet ikke", "en": "don't know"},
    "r.title": {"nb": "Samarbeidshelse", "en": "Collaboration health"},
    "r.overall": {"nb": "Samlet nivå", "en": "Overall level"},
    "r.score": {"nb": "Score", "en": "Score"},
    "r.coverage": {"nb": "Dekning", "en": "Coverage"},
    "r.level": {"nb": "Nivå", "en": "Level"},
    "r.dimension": {"nb": "Dimensjon", "en": "Dimension"},
    "r.phase": {"nb": "fase", "en": "phase"},
    "r.assessed": {"nb": "vurdert", "en": "assessed"},
    "r.findings": {"nb": "Funn", "en": "Findings"},
    "r.no_findings": {"nb": "Ingen regler slo til.", "en": "No rule fired."},
    "r.why": {"nb": "Hvorfor", "en": "Why"},
    "r.action": {"nb": "Neste steg", "en": "Next step"},
    "r.evidence": {"nb": "Grunnlag", "en": "Evidence"},
    "r.sources": {"nb": "Kilder", "en": "Sources"},
    "r.answered": {"nb": "svarte", "en": "answered"},
    "r.divergences": {"nb": "Der partene svarer ulikt", "en": "Where the parties answer differently"},
    "r.no_divergences": {
        "nb": "Ingen spørsmål der partene står 50 poeng eller mer fra hverandre.",
        "en": "No question where the parties are 50 points or more apart.",
    },
    "r.shared_weaknesses": {"nb": "Svakheter begge parter ser", "en": "Weaknesses both parties see"},
    "r.question": {"nb": "Spørsmål", "en": "Question"},
    "r.gap": {"nb": "Avstand", "en": "Gap"},
    "r.kind": {"nb": "Type", "en": "Kind"},
    "r.unanswered": {"nb": "Ubesvart eller «vet ikke»", "en": "Unanswered or «don't know»"},
    "r.accepted": {"nb": "akseptert", "en": "accepted"},
    "r.accepted_expired": {"nb": "akseptert, utløpt", "en": "accepted, expired"},
    "r.accepted_text": {"nb": "til {until} av {by}: {reason}", "en": "until {until} by {by}: {reason}"},
    "r.answered_col": {"nb": "Besvart", "en": "Answered"},
    "r.answered_of": {"nb": "{answered} av {total} besvart", "en": "{answered} of {total} answered"},
    "r.respondents": {"nb": "Hvem svarte", "en": "Who answered"},
    "r.role": {"nb": "Rolle", "en": "Role"},
    "r.unit": {"nb": "Enhet", "en": "Unit"},
    "r.name": {"nb": "Navn", "en": "Name"},
    "r.file": {"nb": "Fil", "en": "File"},
    "r.one_sided": {
        "nb": "Bare {role} har svart. Be den andre parten svare, så blir sammenligningen mulig.",
        "en": "Only {role} has answered. Ask the other party to answer so the answers can be compared.",
    },
    "r.no_comparison": {
        "nb": "Svarene kan ikke sammenlignes før begge parter har svart.",
        "en": "The answers cannot be compared until both parties have answered.",
    },
    "r.in_progress": {
        "nb": "Vurderingen er ikke ferdig (status: under arbeid).",
        "en": "The assessment is not finished (status: in progress).",
    },
    "r.footnote": {
        "nb": "Nivåene er tommelfingerregler: grønn fra 75, gul fra 50, rød under 50 (jf. Wilders grenser 4,0 og 3,0 på en skala fra 1 til 5). "
        "Under 60 % dekning er det for lite grunnlag. Et kritisk funn gjør samlet nivå rødt; et høyt funn gjør det høyst gult.",
        "en": "The levels are rules of thumb: green from 75, yellow from 50, red below 50 (compare Wilder's cut-offs of 4.0 and 3.0 on a 1–5 scale). "
        "Below 60 % coverage a level is inconclusive. A critical finding makes the overall level red; a high finding caps it at yellow.",
    },
    "r.generated": {"nb": "Laget med samarbeid {version}, rubrikk {rubric} {rubric_version}",
                    "en": "Made with samarbeid {version}, rubric {rubric} {rubric_version}"},
    "ev.role_missing": {"nb": "ingen svar fra {role}", "en": "no answers from {role}"},
    "ev.divergence": {
        "nb": "kommunen {kommune}, entreprenøren {entreprenor} (avstand {gap})",
        "en": "municipality {kommune}, entrepreneur {entreprenor} (gap {gap})",
    },
    "ev.score": {"nb": "{dimension}: score {value} er under {below}", "en": "{dimension}: score {value} is below {below}"},
    "ev.coverage": {
        "nb": "{dimension}: dekning {value} er under {below}",
        "en": "{dimension}: coverage {value} is below {below}",
    },
    "ev.answer": {"nb": "{who} svarte «{value}» på {question}", "en": "{who} answered «{value}» to {question}"},
    "ev.comment": {"nb": "kommentar", "en": "comment"},
    "value.1": {"nb": "helt uenig", "en": "strongly disagree"},
    "value.2": {"nb": "uenig", "en": "disagree"},
    "value.3": {"nb": "verken enig eller uenig", "en": "neither agree nor disagree"},
    "value.4": {"nb": "enig", "en": "agree"},
    "value.5": {"nb": "helt enig", "en": "strongly agree"},
    "value.ja": {"nb": "ja", "en": "yes"},
    "value.delvis": {"nb": "delvis", "en": "partly"},
    "value.nei": {"nb": "nei", "en": "no"},
    "value.vet_ikke": {"nb": "vet ikke", "en": "don't know"},
    "value.ikke_relevant": {"nb": "ikke relevant", "en": "not applicable"},
    # conditions in words (rubric docs)
    "cond.answer": {"nb": "{who} svarer {values} på `{question}`", "en": "{who} answers {values} to `{question}`"},
    "cond.who.any.any": {"nb": "noen", "en": "someone"},
    "cond.who.any.kommune": {"nb": "noen i kommunen", "en": "someone in the municipality"},
    "cond.who.any.entreprenor": {"nb": "noen hos entreprenøren", "en": "someone at the entrepreneur"},
    "cond.who.all.any": {"nb": "alle", "en": "everyone"},
    "cond.who.all.kommune": {"nb": "alle i kommunen", "en": "everyone in the municipality"},
    "cond.who.all.entreprenor": {"nb": "alle hos entreprenøren", "en": "everyone at the entrepreneur"},
    "cond.in_dimension": {"nb": "et spørsmål om {dimension}", "en": "a question on {dimension}"},
    "cond.any_question": {"nb": "et spørsmål", "en": "a question"},
    "cond.divergence.disagreement": {"nb": "partene er uenige om {scope}", "en": "the parties disagree on {scope}"},
    "cond.divergence.shared_weakness": {
        "nb": "partene svarer ulikt, men begge svakt, om {scope}",
        "en": "the parties answer differently, but both weakly, on {scope}",
    },
    "cond.divergence.any": {"nb": "partene svarer ulikt om {scope}", "en": "the parties answer differently on {scope}"},
    "cond.score": {"nb": "scoren for {dimension} er under {below}", "en": "the score for {dimension} is below {below}"},
    "cond.coverage": {"nb": "dekningen for {dimension} er under {below}", "en": "the coverage of {dimension} is below {below}"},
    "cond.role_missing.any": {"nb": "en av partene har ikke svart", "en": "one of the parties has not answered"},
    "cond.role_missing.kommune": {"nb": "kommunen har ikke svart", "en": "the municipality has not answered"},
    "cond.role_missing.entreprenor": {"nb": "entreprenøren har ikke svart", "en": "the entrepreneur has not answered"},
    "cond.and": {"nb": "og", "en": "and"},
    "cond.or": {"nb": "eller", "en": "or"},
    "cond.not": {"nb": "ikke: {inner}", "en": "not: {inner}"},
    "doc.when": {"nb": "Slår til når", "en": "Fires when"},
    "doc.questions": {"nb": "Spørsmål", "en": "Questions"},
    "doc.rules": {"nb": "Regler", "en": "Rules"},
    "doc.scale": {"nb": "Skala", "en": "Scale"},
    "doc.weight": {"nb": "vekt", "en": "weight"},
    "doc.help": {"nb": "Hvorfor", "en": "Why"},
    "doc.generated": {
        "nb": "Denne filen er laget av `samarbeid rubric docs` fra rubrikken; endre rubrikken, ikke filen.",
        "en": "This file is made by `samarbeid rubric docs` from the rubric; change the rubric, not this file.",
    },
    "doc.intro": {
        "nb": "Spørsmålene og reglene i rubrikken. Alle spørsmål er formulert slik at det sunne svaret er det høye (5 eller ja).",
        "en": "The questions and rules of the rubric. Every question is phrased so that the healthy answer is the high one (5 or ja).",
    },
    # portfolio (batch)
    "p.title": {"nb": "Porteføljeoversikt", "en": "Portfolio overview"},
    "p.counts": {
        "nb": "{projects} prosjekter fra {files} filer; {errors} feil.",
        "en": "{projects} projects from {files} files; {errors} errors.",
    },
    "p.project": {"nb": "Prosjekt", "en": "Project"},
    "p.worst": {"nb": "Viktigste funn", "en": "Main findings"},
    "p.more": {"nb": "+{count} til", "en": "+{count} more"},
    "p.common": {"nb": "Vanligste funn", "en": "Most common findings"},
    "p.errors": {"nb": "Filer som ikke kunne leses", "en": "Files that could not be read"},
    "p.summary": {
        "nb": "{projects} prosjekter: {red} røde, {yellow} gule, {green} grønne, {inconclusive} med for lite grunnlag. "
        "{failed} over --fail-on {fail_on}. {errors} feil i {files} filer.",
        "en": "{projects} projects: {red} red, {yellow} yellow, {green} green, {inconclusive} inconclusive. "
        "{failed} at or above --fail-on {fail_on}. {errors} errors in {files} files.",
    },
    "p.progress": {"nb": "Scorer", "en": "Scoring"},
    "usage.bad_jobs": {"nb": "--jobs må være minst 1", "en": "--jobs must be at least 1"},
    # assess: the interactive checklist
    "assess.no_tty": {
        "nb": "assess er en sjekkliste for terminalen og trenger en interaktiv terminal. "
        "Uten terminal: lag en svarfil med «samarbeid init {file}», fyll den ut, "
        "og lag rapporten med «samarbeid report {file}».",
        "en": "assess is a checklist for the terminal and needs an interactive terminal. "
        "Without one: write a blank answer file with «samarbeid init {file}», fill it in, "
        "and make the report with «samarbeid report {file}».",
    },
    "assess.no_tty_existing": {
        "nb": "assess er en sjekkliste for terminalen og trenger en interaktiv terminal. "
        "Uten terminal: fyll ut {file} i en editor, sjekk den med «samarbeid validate {file}», "
        "og lag rapporten med «samarbeid report {file}».",
        "en": "assess is a checklist for the terminal and needs an interactive terminal. "
        "Without one: fill in {file} in an editor, check it with «samarbeid validate {file}», "
        "and make the report with «samarbeid report {file}».",
    },
    "assess.workshop_identity": {
        "nb": "--unit og --name gjelder én respondent og kan ikke brukes med to roller",
        "en": "--unit and --name describe one respondent and cannot be used with two roles",
    },
    "assess.ambiguous": {
        "nb": "{file} har flere respondenter for {role}: {who}; velg med --unit og/eller --name",
        "en": "{file} has several respondents for {role}: {who}; pick one with --unit and/or --name",
    },
    "assess.new_file": {
        "nb": "{file} finnes ikke ennå. Først litt om prosjektet (Enter hopper over et felt).",
        "en": "{file} does not exist yet. First a little about the project (Enter skips a field).",
    },
    "assess.ask_id": {"nb": "Prosjekt-id [{default}]", "en": "Project id [{default}]"},
    "assess.id_slugged": {"nb": "Bruker id-en {id}.", "en": "Using the id {id}."},
    "assess.bad_id": {
        "nb": "Bruk små bokstaver a–z, sifre og bindestrek, for eksempel {example}.",
        "en": "Use lower-case letters a–z, digits and hyphens, for example {example}.",
    },
    "assess.ask_name": {"nb": "Prosjektets navn", "en": "Project name"},
    "assess.ask_kommune": {"nb": "Kommune", "en": "Municipality (kommune)"},
    "assess.ask_entreprenor": {"nb": "Sosial entreprenør", "en": "Social entrepreneur"},
    "assess.ask_phase": {"nb": "Fase", "en": "Phase"},
    "assess.bad_phase": {
        "nb": "Skriv et tall fra 1 til {n}, eller trykk Enter for å hoppe over.",
        "en": "Type a number from 1 to {n}, or press Enter to skip.",
    },
    "assess.created": {"nb": "Lagret {file}.", "en": "Saved {file}."},
    "assess.intro": {
        "nb": "{total} spørsmål til {who}. Skriv tallet for svaret og trykk Enter; "
        "hvert svar lagres med en gang.",
        "en": "{total} questions for {who}. Type the number of your answer and press Enter; "
        "every answer is saved at once.",
    },
    "assess.resuming": {
        "nb": "Fortsetter i {file}: {who} har svart på {answered} av {total} spørsmål.",
        "en": "Resuming {file}: {who} has answered {answered} of {total} questions.",
    },
    "assess.workshop": {
        "nb": "Verkstedmodus: hver part svarer på hvert spørsmål etter tur. Svaret vises ikke "
        "mens du skriver; begge svarene vises når begge har svart.",
        "en": "Workshop mode: each party answers each question in turn. Your answer is not shown "
        "while you type; both answers are shown once both have answered.",
    },
    "assess.keys": {
        "nb": "? hvorfor  ·  b tilbake  ·  s hopp over  ·  q lagre og avslutt",
        "en": "? why  ·  b back  ·  s skip  ·  q save and quit",
    },
    "assess.turn": {"nb": "{who} svarer", "en": "{who} answers"},
    "assess.current": {"nb": "svaret nå", "en": "current answer"},
    "assess.hidden": {"nb": "(vises ikke)", "en": "(not shown)"},
    "assess.invalid": {
        "nb": "«{key}» er ikke et valg her. Skriv et tall fra 1 til {n}, eller ?, b, s eller q.",
        "en": "«{key}» is not a choice here. Type a number from 1 to {n}, or ?, b, s or q.",
    },
    "assess.empty": {
        "nb": "Skriv et tall fra 1 til {n} og trykk Enter, eller ?, b, s eller q.",
        "en": "Type a number from 1 to {n} and press Enter, or ?, b, s or q.",
    },
    "assess.no_back": {
        "nb": "Dette er det første spørsmålet; det er ikke noe svar å gå tilbake til.",
        "en": "This is the first question; there is no answer to go back to.",
    },
    "assess.why": {"nb": "Hvorfor", "en": "Why"},
    "assess.source": {"nb": "Kilde", "en": "Source"},
    "assess.comment": {
        "nb": "Vil du si hvorfor? Én linje, eller Enter for å gå videre",
        "en": "Want to say why? One line, or Enter to go on",
    },
    "assess.reason": {
        "nb": "Hvorfor er det ikke relevant? Én linje, eller Enter for å gå videre",
        "en": "Why does it not apply? One line, or Enter to go on",
    },
    "assess.comment_now": {
        "nb": "Kommentaren nå: «{text}». Enter beholder den, - sletter den.",
        "en": "The comment now: «{text}». Enter keeps it, - deletes it.",
    },
    "assess.comment_for": {"nb": "{who}: {prompt}", "en": "{who}: {prompt}"},
    "assess.reveal": {"nb": "Svarene: {answers}", "en": "The answers: {answers}"},
    "assess.reveal_apart": {
        "nb": "Dere svarer ulikt her. Snakk om hvorfor før dere går videre.",
        "en": "You answer differently here. Talk about why before you go on.",
    },
    "assess.saved": {
        "nb": "Lagret i {file}: {answered} av {total} spørsmål er besvart. Fortsett senere med:",
        "en": "Saved in {file}: {answered} of {total} questions answered. Resume later with:",
    },
    "assess.interrupted": {
        "nb": "Avbrutt. Alle svarene er lagret i {file} ({answered} av {total} besvart). "
        "Fortsett med:",
        "en": "Interrupted. Every answer is saved in {file} ({answered} of {total} answered). "
        "Resume with:",
    },
    "assess.nothing_saved": {
        "nb": "Avbrutt. Ingenting er lagret.",
        "en": "Interrupted. Nothing was saved.",
    },
    "assess.all_answered": {
        "nb": "{who} har allerede svart på alle spørsmålene.",
        "en": "{who} has already answered every question.",
    },
    "assess.done": {
        "nb": "Ferdig: {answered} av {total} spørsmål er besvart, og svarene er lagret i {file}.",
        "en": "Done: {answered} of {total} questions answered, and the answers are saved in {file}.",
    },
    "assess.left": {
        "nb": "{count} spørsmål står ubesvart. Kjør samme kommando igjen for å svare på dem:",
        "en": "{count} questions are still unanswered. Run the same command again to answer them:",
    },
    "assess.other_missing": {
        "nb": "Svarene fra {role} mangler, så rapporten viser bare den ene siden. "
        "De legger inn sine svar med:",
        "en": "The answers of the {role} are missing, so the report shows one side only. "
        "They add theirs with:",
    },
    "assess.other_file": {
        "nb": "Svarer de i en egen fil, slår dere filene sammen i rapporten med:",
        "en": "If they answer in a file of their own, merge the files in the report with:",
    },
    "assess.their_file": {"nb": "DERES-FIL", "en": "THEIR-FILE"},
    # baseline (change since an earlier assessment)
    "b.title": {"nb": "Endring siden forrige vurdering", "en": "Change since the last assessment"},
    "b.title_dated": {"nb": "Endring siden vurderingen {date}", "en": "Change since the assessment of {date}"},
    "b.before": {"nb": "Før", "en": "Before"},
    "b.after": {"nb": "Nå", "en": "Now"},
    "b.change": {"nb": "Endring", "en": "Change"},
    "b.overall": {"nb": "Samlet nivå: {before} → {after}", "en": "Overall level: {before} → {after}"},
    "b.new": {"nb": "Nye funn", "en": "New findings"},
    "b.resolved": {"nb": "Løste funn", "en": "Resolved findings"},
    "b.open": {"nb": "Fortsatt åpne", "en": "Still open"},
    "b.none": {"nb": "ingen", "en": "none"},
    "h.then_now": {"nb": "da, og nå", "en": "then, and now"},
    "b.divergences": {"nb": "Uenighet", "en": "Disagreement"},
    "b.gap.new": {"nb": "ny", "en": "new"},
    "b.gap.closed": {"nb": "lukket", "en": "closed"},
    "b.gap.widened": {"nb": "større", "en": "widened"},
    "b.gap.narrowed": {"nb": "mindre", "en": "narrowed"},
    "b.gap.unchanged": {"nb": "uendret", "en": "unchanged"},
    "usage.baseline_project": {
        "nb": "--baseline gjelder prosjektet '{found}', men rapporten gjelder '{expected}'",
        "en": "--baseline is about the project '{found}', but the report is about '{expected}'",
    },
    # hostile and broken input (docs/errors.md)
    "yaml.control_char": {
        "nb": "filen inneholder et kontrolltegn ({char}) som ikke er tillatt",
        "en": "the file contains a control character ({char}) that is not allowed",
    },
    "hint.control_char": {
        "nb": "slett det; slike tegn følger ofte med når tekst kopieres fra e-post eller et terminalvindu",
        "en": "delete it; such characters often come along when text is copied from an e-mail or a terminal",
    },
    "yaml.unclosed_quote": {
        "nb": "anførselstegnet «{quote}» her blir aldri lukket",
        "en": "the quote «{quote}» here is never closed",
    },
    "hint.close_quote": {
        "nb": "avslutt teksten med det samme anførselstegnet",
        "en": "end the text with the same quote mark",
    },
    "yaml.unclosed_flow": {
        "nb": "«{open}» her blir aldri lukket med «{close}»",
        "en": "the «{open}» here is never closed with «{close}»",
    },
    "hint.close_flow": {
        "nb": "sett «{close}» etter det siste elementet, med komma mellom elementene",
        "en": "put «{close}» after the last item, with commas between the items",
    },
    "yaml.bad_escape": {
        "nb": "ukjent kode etter \\ i en tekst i doble anførselstegn",
        "en": "unknown code after \\ in a text in double quotes",
    },
    "hint.escape": {
        "nb": "bruk enkle anførselstegn ('C:\\Mapper'), eller skriv \\\\ for én \\",
        "en": "use single quotes ('C:\\Folders'), or write \\\\ for one \\",
    },
    "yaml.bad_start": {"nb": "en verdi kan ikke begynne med «{char}»", "en": "a value cannot start with «{char}»"},
    "yaml.unexpected": {"nb": "uventet «{char}»", "en": "unexpected «{char}»"},
    "hint.quote": {
        "nb": "sett hele verdien i doble anførselstegn (\"…\")",
        "en": "put the whole value in double quotes (\"…\")",
    },
    "yaml.colon": {"nb": "uventet kolon", "en": "unexpected colon"},
    "yaml.long_key": {"nb": "nøkkelen er lengre enn {limit} tegn", "en": "the key is longer than {limit} characters"},
    "hint.colon": {
        "nb": "står «: » inne i en tekst, sett hele teksten i anførselstegn; ellers mangler kanskje linjen over et kolon",
        "en": "if «: » is part of a text, put the whole text in quotes; otherwise the line above may lack a colon",
    },
    "yaml.missing_colon": {"nb": "linjen mangler kolon etter nøkkelen", "en": "the line lacks a colon after the key"},
    "hint.missing_colon": {
        "nb": "skriv nøkkel: verdi, med mellomrom etter kolonet",
        "en": "write key: value, with a space after the colon",
    },
    "yaml.indent": {"nb": "innrykket passer ikke med linjene over", "en": "the indentation does not match the lines above"},
    "hint.indent": {
        "nb": "linjer på samme nivå må ha like mange mellomrom foran",
        "en": "lines at the same level need the same number of spaces in front",
    },
    "yaml.after_value": {"nb": "uventet tekst etter verdien", "en": "unexpected text after the value"},
    "hint.after_value": {
        "nb": "sett hele verdien i anførselstegn; en apostrof inne i '…' skrives ''",
        "en": "put the whole value in quotes; an apostrophe inside '…' is written ''",
    },
    "hint.alias": {
        "nb": "hører & eller * til teksten, sett hele verdien i anførselstegn",
        "en": "if & or * is part of the text, put the whole value in quotes",
    },
    "os.no_space": {"nb": "disken er full", "en": "the disk is full"},
    "os.denied": {"nb": "ingen tilgang", "en": "permission denied"},
    "os.read_only": {"nb": "disken er skrivebeskyttet", "en": "the disk is read-only"},
    "os.no_folder": {"nb": "mappen finnes ikke", "en": "the folder does not exist"},
    "os.is_dir": {"nb": "det er en mappe", "en": "it is a directory"},
    "os.name_too_long": {"nb": "navnet er for langt", "en": "the name is too long"},
    "problems.too_many": {
        "nb": "flere feil er ikke vist; bare de {limit} første vises",
        "en": "more errors are not shown; only the first {limit} are",
    },
    # HTML report (templates/report.html.j2)
    "h.meaning.green": {
        "nb": "Forutsetningene for et godt samarbeid er i hovedsak på plass. Gå likevel gjennom funnene og spørsmålene der partene svarer ulikt.",
        "en": "The conditions for a good collaboration are mostly in place. Still go through the findings and the questions where the parties answer differently.",
    },
    "h.meaning.yellow": {
        "nb": "Samarbeidet har et grunnlag, men også hull som kan få det til å stoppe opp. Ta tak i funnene med høyest alvorlighet først.",
        "en": "The collaboration has a foundation, but also gaps that can make it stall. Deal with the most severe findings first.",
    },
    "h.meaning.red": {
        "nb": "Samarbeidet har alvorlige hull og står i fare for å stoppe opp eller ta slutt. Ta tak i de kritiske og høye funnene nå.",
        "en": "The collaboration has serious gaps and is at risk of stalling or ending. Deal with the critical and high findings now.",
    },
    "h.meaning.inconclusive": {
        "nb": "For mange spørsmål står ubesvart til å si hvor samarbeidet står. Få svar på dem først; tallene er foreløpige.",
        "en": "Too many questions are unanswered to say where the collaboration stands. Get them answered first; the numbers are provisional.",
    },
    "h.cap.critical": {
        "nb": "Minst ett funn er kritisk, og da er samlet nivå rødt uansett snitt.",
        "en": "At least one finding is critical, which makes the overall level red whatever the average.",
    },
    "h.cap.high": {
        "nb": "Minst ett funn har høy alvorlighet, og da er samlet nivå høyst gult.",
        "en": "At least one finding is high, which caps the overall level at yellow.",
    },
    "h.glance": {"nb": "Kort fortalt", "en": "At a glance"},
    "h.glance.divergences": {"nb": "Spørsmål der partene svarer ulikt", "en": "Questions the parties answer differently"},
    "h.dimensions": {"nb": "De tre forutsetningene", "en": "The three conditions"},
    "h.dimensions_intro": {
        "nb": "Hver parts score fra 0 til 100 i hver dimensjon; den svarte streken er samlet score. Står merkene langt fra hverandre, ser partene samarbeidet ulikt.",
        "en": "Each party's score from 0 to 100 in each dimension; the black bar is the combined score. Where the marks stand far apart, the parties see the collaboration differently.",
    },
    "h.chart.dimensions": {
        "nb": "Score per dimensjon for kommunen og entreprenøren",
        "en": "Score by dimension for the municipality and the entrepreneur",
    },
    "h.chart.dimension": {
        "nb": "{dimension}: samlet {score} av 100, {level}, dekning {coverage} %.",
        "en": "{dimension}: combined {score} of 100, {level}, coverage {coverage} %.",
    },
    "h.marker": {"nb": "{who}: {value} av 100", "en": "{who}: {value} of 100"},
    "h.combined": {"nb": "samlet score", "en": "combined score"},
    "h.legend": {"nb": "Tegnforklaring", "en": "Key"},
    "h.chart.divergences": {
        "nb": "Kommunens og entreprenørens svar der de står 50 poeng eller mer fra hverandre",
        "en": "The municipality's and the entrepreneur's answers where they are 50 points or more apart",
    },
    "h.chart.divergence": {
        "nb": "{question}: kommunen {kommune}, entreprenøren {entreprenor}, avstand {gap}, {kind}.",
        "en": "{question}: municipality {kommune}, entrepreneur {entreprenor}, gap {gap}, {kind}.",
    },
    "h.divergences_intro": {
        "nb": "Svarene på skalaen 0–100, medianen for hver part. «Uenige»: partene ser saken ulikt. «Begge svake»: ingen av dem er over 50, så problemet er felles.",
        "en": "The answers on the 0–100 scale, each party's median. «They disagree»: the parties see it differently. «Both weak»: neither is above 50, so the problem is shared.",
    },
    "h.about": {"nb": "Om rapporten", "en": "About this report"},
    # usage
    "usage.no_files": {"nb": "ingen filer oppgitt", "en": "no files given"},
    "usage.file_exists": {
        "nb": "{file} finnes allerede; bruk --force for å skrive over",
        "en": "{file} already exists; use --force to overwrite",
    },
    "internal": {
        "nb": "intern feil ({detail}). Dette er en feil i samarbeid, ikke i filene dine: meld den "
        "som beskrevet i README under «Meld en feil», med kommandoen du kjørte og denne linjen.",
        "en": "internal error ({detail}). This is a bug in samarbeid, not in your files: report it "
        "as described in the README under 'Reporting a bug', with the command you ran and this line.",
    },
    # validate
    "validate.ok": {"nb": "{file}: i orden", "en": "{file}: valid"},
    "validate.summary": {
        "nb": "{ok} av {total} filer er i orden",
        "en": "{ok} of {total} files are valid",
    },
    "init.h1": {"nb": "Svarfil for samarbeid (rubrikk {rubric} {version}).",
                "en": "Answer file for samarbeid (rubric {rubric} {version})."},
    "init.h2": {"nb": "Skriv svaret bak hvert spørsmål. La det stå tomt til dere har svart.",
                "en": "Write the answer after each question. Leave it empty until answered."},
    "init.h3": {"nb": "enighet: 1 helt uenig, 2 uenig, 3 verken enig eller uenig, 4 enig, 5 helt enig.",
                "en": "enighet: 1 strongly disagree, 2 disagree, 3 neither, 4 agree, 5 strongly agree."},
    "init.h4": {"nb": "status: ja, delvis eller nei. Alle spørsmål tar også vet_ikke.",
                "en": "status: ja (yes), delvis (partly) or nei (no). Every question also takes vet_ikke (don't know)."},
    "init.h5": {"nb": "ikke_relevant går bare der det står; skriv da hvorfor under comments.",
                "en": "ikke_relevant (not applicable) only where marked; then say why under comments."},
    "init.h6": {"nb": "Sjekk filen: samarbeid validate FIL. Skjema for editoren: samarbeid schema answers > {schema_file}",
                "en": "Check the file: samarbeid validate FILE. Schema for your editor: samarbeid schema answers > {schema_file}"},
    "init.c_id": {"nb": "stabil id: små bokstaver, sifre og bindestrek", "en": "stable id: lower-case letters, digits and hyphens"},
    "init.c_name": {"nb": "prosjektets navn", "en": "the project's name"},
    "init.c_date": {"nb": "datoen for vurderingen, ÅÅÅÅ-MM-DD", "en": "the date of the assessment, YYYY-MM-DD"},
    "init.c_unit": {"nb": "valgfritt: enhet eller tjenesteområde", "en": "optional: unit or service area"},
    "init.c_comments": {"nb": "valgfritt, per spørsmål: spørsmål-id: tekst", "en": "optional, per question: question-id: text"},
    "init.written": {
        "nb": "Skrev {file} med {questions} spørsmål. Fyll inn svarene og kjør: samarbeid report {file}",
        "en": "Wrote {file} with {questions} questions. Fill in the answers and run: samarbeid report {file}",
    },
}


class Msg(str):
    """A message code used as a parameter: translated when the message is rendered."""


def t(code: str, lang: str, /, **params: Any) -> str:
    """The message ``code`` in ``lang`` (falling back to bokmål), formatted with ``params``;
    parameters that are :class:`Msg` are translated too."""
    entry = MESSAGES.get(code)
    if entry is None:
        return code
    template = entry.get(lang) or entry[DEFAULT_LANG]
    if not params:
        return template
    return template.format(**{k: t(v, lang) if isinstance(v, Msg) else v for k, v in params.items()})


def one_line(text: str) -> str:
    """Collapse line breaks so an error stays one line; control characters (an ESC from a
    key in a file) are shown as ``\\x1b``, so they can neither act on the terminal nor hide."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" if _is_control(ch) else " "
                   for ch in text.replace("\r\n", " ").replace("\n", " "))


def _is_control(ch: str) -> bool:
    return ch != "\t" and (ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F)


def value_label(value: object, lang: str) -> str:
    """The label of an answer value id: ``4`` → «enig», ``nei`` → «nei» / «no»."""
    return t(f"value.{value}", lang)
