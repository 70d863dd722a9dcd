"""Which platform wrote an export, told by the columns it always writes, and what its own
columns are: the submission id (the respondent's ``source``), metadata to skip, and personal
data that is never copied anywhere."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass

from samarbeid.vocab import Source, Target

__all__ = ["Kind", "Platform", "Source", "Target", "detect"]


class Kind(enum.Enum):
    """What one of the platform's own columns holds."""

    id = "id"  # the submission id
    meta = "meta"  # times, status, tags …: skipped
    submitted = "submitted"  # when the answer was sent in: the date of the assessment, then skipped
    personal = "personal"  # e-mail, name, IP address, submitted-by: skipped, never copied
    done = "done"  # LimeSurvey's submitdate: empty for an unfinished response


@dataclass(frozen=True)
class Platform:
    """How one platform writes its exports."""

    source: Source
    #: every one of these (compared without case) must be in the header
    signature: tuple[frozenset[str], ...]
    #: the platform's own columns by name (lower case)
    columns: dict[str, Kind]
    #: other own columns by pattern (LimeSurvey's timings, quiz points …)
    patterns: tuple[tuple[re.Pattern[str], Kind], ...] = ()
    #: a second header row to skip (KoboToolbox's HXL hashtags)
    extra_header: Callable[[tuple[str, ...]], bool] | None = None

    def kind(self, header: str) -> Kind | None:
        """What the column ``header`` is, if it is one of the platform's own."""
        key = header.strip().casefold()
        if key in self.columns:
            return self.columns[key]
        for pattern, kind in self.patterns:
            if pattern.fullmatch(header.strip()):
                return kind
        return None

    def matches(self, header: tuple[str, ...]) -> bool:
        """Whether ``header`` carries this platform's signature."""
        names = {h.strip().casefold() for h in header}
        return all(names & alternatives for alternatives in self.signature)


def _hxl(row: tuple[str, ...]) -> bool:
    return any(c.startswith("#") for c in row) and all(not c or c.startswith("#") for c in row)


def _names(kind: Kind, *names: str) -> dict[str, Kind]:
    return {n.casefold(): kind for n in names}


NETTSKJEMA = Platform(
    Source.nettskjema,
    (frozenset({"$submission_id"}), frozenset({"$created"}), frozenset({"$answer_time_ms"})),
    {
        **_names(Kind.id, "$submission_id"),
        **_names(Kind.submitted, "$created"),
        **_names(Kind.meta, "$answer_time_ms", "$answer_time", "$forwarded_to_form", "$signed"),
    },
    patterns=((re.compile(r"\$.*"), Kind.meta),),
)
#: Nettskjema's older tab-separated export.
NETTSKJEMA_LEGACY = Platform(
    Source.nettskjema,
    (frozenset({"nr"}), frozenset({"opprettet"}), frozenset({"svartid"})),
    {
        **_names(Kind.id, "NR"),
        **_names(Kind.submitted, "Opprettet"),
        **_names(Kind.meta, "Endret", "Svartid"),
        **_names(Kind.personal, "E-post"),
    },
)
MSFORMS = Platform(
    Source.msforms,
    (
        frozenset({"id"}),
        frozenset({"start time", "starttidspunkt"}),
        frozenset({"completion time", "fullføringstidspunkt"}),
    ),
    {
        **_names(Kind.id, "ID"),
        **_names(Kind.submitted, "Completion time", "Fullføringstidspunkt"),
        **_names(
            Kind.meta,
            "Start time",
            "Starttidspunkt",
            "Last modified time",
            "Tidspunkt for siste endring",
            "Total points",
            "Quiz feedback",
        ),
        **_names(Kind.personal, "Email", "E-postadresse", "Name", "Navn"),
    },
    # quiz columns: «Points - question», «Feedback - question»
    patterns=((re.compile(r"(Points|Feedback|Poeng|Tilbakemelding) - .*", re.S), Kind.meta),),
)
KOBO = Platform(
    Source.kobo,
    (frozenset({"_uuid"}), frozenset({"_submission_time"})),
    {
        **_names(Kind.id, "_uuid"),
        **_names(Kind.submitted, "_submission_time"),
        **_names(Kind.meta, "start", "end", "today", "deviceid", "__version__"),
        **_names(Kind.personal, "_submitted_by", "username", "phonenumber", "email"),
    },
    patterns=((re.compile(r"_.*|meta/.*|formhub/.*"), Kind.meta),),
    extra_header=_hxl,
)
LIMESURVEY = Platform(
    Source.limesurvey,
    (frozenset({"id"}), frozenset({"submitdate"}), frozenset({"lastpage"}), frozenset({"startlanguage"})),
    {
        **_names(Kind.id, "id"),
        **_names(Kind.done, "submitdate"),
        **_names(Kind.meta, "lastpage", "startlanguage", "seed", "startdate", "datestamp", "refurl"),
        **_names(Kind.meta, "interviewtime"),
        **_names(Kind.personal, "ipaddr", "token"),
    },
    patterns=((re.compile(r"groupTime\d+|.+Time"), Kind.meta),),
)

#: In the order they are tried: a header that fits several is the first one's.
PLATFORMS: tuple[Platform, ...] = (NETTSKJEMA, NETTSKJEMA_LEGACY, KOBO, LIMESURVEY, MSFORMS)


def detect(header: tuple[str, ...], wanted: Source) -> Platform | None:
    """The platform that wrote an export with ``header``: for ``auto`` the first whose signature
    fits (None when none does); for a named one, that platform (its older format when that fits)."""
    if wanted is Source.auto:
        return next((p for p in PLATFORMS if p.matches(header)), None)
    candidates = [p for p in PLATFORMS if p.source is wanted]
    return next((p for p in candidates if p.matches(header)), candidates[0])
