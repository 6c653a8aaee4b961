"""Signals in a sentence beyond its key phrases: negation and exceptions, time limits, language.

The named checks in HOOKS are what content/dpa/checklist.yaml refers to with `hook:`; each takes
the sentences where an element was found and returns the sentence that shows the deviation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.dpa.patterns import NUMBER_WORDS, fold


def _words(text: str) -> list[str]:
    return text.split()


NEGATIONS = frozenset(
    _words(
        "niet geen nooit noch nergens niets niemand not no never nor cannot neither none nothing nobody "
        "nowhere verboden prohibited"
    )
)
# Dutch puts "niet" after the verb: "verkoopt de gegevens niet".
AFTER_NEGATIONS = frozenset({"niet", "nooit", "not", "never"})
# After a negation, these lift it for what follows: "geen ..., behalve voor marketing".
EXCEPTIONS = frozenset(_words("behalve uitgezonderd uitzondering tenzij except unless save apart other than"))
# "zonder"/"without" negate only what follows closely: "zonder voorafgaande toestemming".
NEAR_NEGATIONS = frozenset({"zonder", "without"})
_NEAR_WINDOW = 3
CONDITIONS = frozenset({"indien", "ingeval", "if", "insofar"})
_OPENING_CONDITIONS = frozenset({"als", "wanneer", "mocht", "where", "when", "should"})
_CONDITION_PHRASES = (("voor", "zover"), ("to", "the", "extent"), ("in", "so", "far"), ("provided", "that"))
SCOPE_BREAKS = frozenset(["maar", "echter", "doch", "wel", "but", "however", "although"])
_AFTER_WINDOW = 3

STOP_WORDS = {
    "nl": frozenset(
        _words(
            "de het een en van is dat die te zijn voor met op niet aan bij door "
            "wordt worden deze of als zal zich naar om ook"
        )
    ),
    "en": frozenset(
        _words(
            "the and of to is that for with be by this shall are or on any not "
            "which will as its such from"
        )
    ),
}  # fmt: skip


def language_of(words: Sequence[str]) -> str:
    """nl or en, by which language's little words the text uses more; Dutch on a tie."""
    counts = {lang: sum(1 for w in words if w in stop) for lang, stop in STOP_WORDS.items()}
    return "en" if counts["en"] > counts["nl"] else "nl"


def negated(words: Sequence[str], start: int, end: int, own: frozenset[str] = frozenset()) -> bool:
    """Whether the words[start:end] of a sentence are negated: a negation before them in the same
    part of the sentence with no exception in between, one among them that the pattern itself
    does not ask for (`own`), or "niet"/"not" right after them."""
    if any(w in NEGATIONS and w not in own for w in words[start + 1 : end]):
        return True
    for index in range(start - 1, -1, -1):
        word = words[index]
        if word in SCOPE_BREAKS:
            break
        if word in EXCEPTIONS:
            return False
        if word in NEAR_NEGATIONS:
            # "geen subverwerkers zonder de school vooraf te informeren": two negations ask for it
            if any(w in NEGATIONS for w in words[:index]):
                return False
            if start - index <= _NEAR_WINDOW:
                return True
        if word in NEGATIONS:
            return True
    return any(w in AFTER_NEGATIONS for w in words[end : end + _AFTER_WINDOW])


def conditional(words: Sequence[str], start: int) -> bool:
    """Whether what starts at words[start] is only a condition: "indien gegevens buiten de EER ..."."""
    if words and words[0] in _OPENING_CONDITIONS:
        return True
    before = words[:start]
    if any(w in CONDITIONS for w in before):
        return True
    return any(
        tuple(before[i : i + len(phrase)]) == phrase
        for phrase in _CONDITION_PHRASES
        for i in range(len(before))
    )


# ---------------------------------------------------------------- time limits for breach notification

_TIMELY = re.compile(
    r"\b(onverwijld|onmiddellijk|terstond|direct|per omgaande"
    r"|zonder (onredelijke |onnodige |enige )?vertraging"
    r"|zo (spoedig|snel) mogelijk|without (undue |unreasonable |any )?delay|immediately|promptly|forthwith"
    r"|as soon as (reasonably )?(possible|practicable)"
    r"|(op )?de(zelfde| eerstvolgende| volgende) (werk)?dag|(the )?(same|next) (business |working )?day)\b"
)
_NUMBER = r"(\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_LIMIT = re.compile(
    r"\b(binnen|within|uiterlijk|later than|at the latest|maximaal|ten hoogste"
    r"|na|after|in)\s+"
    r"(?:(?:een |de |het |a |the )?(?:termijn|period) (?:van|of)\s+)?"
    r"(?:maximaal |ten hoogste |uiterlijk |max\.? |at most )?"
    + _NUMBER
    + r"\s*(?:\(\s*\d+\s*\)\s*)?(uur|uren|hours?|hrs?|h|kalenderdagen|kalenderdag|werkdagen|werkdag"
    r"|business days?|working days?|calendar days?|dagen|dag|days?"
    r"|werkweken|werkweek|weken|week|weeks?|maanden|maand|months?)\b"
)
_HOURS = {
    "uur": 1, "uren": 1, "hour": 1, "hours": 1, "hr": 1, "hrs": 1, "h": 1,
    "dag": 24, "dagen": 24, "day": 24, "days": 24, "kalenderdag": 24, "kalenderdagen": 24,
    "calendar day": 24, "calendar days": 24, "werkdag": 24, "werkdagen": 24,
    "business day": 24, "business days": 24, "working day": 24, "working days": 24,
    "week": 168, "weken": 168, "weeks": 168, "werkweek": 168, "werkweken": 168,
    "maand": 720, "maanden": 720, "month": 720, "months": 720,
}  # fmt: skip
MAX_NOTIFICATION_HOURS = 48  # the model says "zonder onredelijke vertraging"; up to two days is taken as that
_NOTIFY = re.compile(
    r"\b(weten|meld\w*|informe\w*|inlicht\w*|licht\w* .{0,40}\bin\b|op de hoogte|in kennis"
    r"|notif\w*|inform\w*|report\w*|alert\w*|bericht\w*|let .{0,30}\bknow|tell\w*|communicat\w*)"
)
_AUTHORITY = re.compile(
    r"\b(autoriteit|toezichthouder|gegevensbeschermingsautoriteit|supervisory|authority|regulator|ap|gba|ico"
    r"|(artikel|article|art) 33)\b"  # article 33 GDPR: the controller's report to the authority
)
_FOLLOW_UP = re.compile(
    r"\b(rapport\w*|verslag\w*|evaluatie\w*|nadere|aanvullende|vervolg\w*|update\w*|further|follow\w*"
    r"|final|definitie\w*|full report|in stappen|in fasen|in phases|in stages)\b"
)


_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_DUTCH_UNITS = {
    "een": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
}
_DUTCH_TENS = {
    "twintig": 20,
    "dertig": 30,
    "veertig": 40,
    "vijftig": 50,
    "zestig": 60,
    "zeventig": 70,
    "tachtig": 80,
}
_ENGLISH_COMPOUND = re.compile(r"\b(" + "|".join(_TENS) + r")[ -](" + "|".join(_UNITS) + r")\b")
_DUTCH_COMPOUND = re.compile(r"\b(" + "|".join(_DUTCH_UNITS) + r")(?:en|n)(" + "|".join(_DUTCH_TENS) + r")\b")
_NUMBER_WORD = "|".join(sorted([*NUMBER_WORDS, *_TENS, *_DUTCH_TENS], key=len, reverse=True))
# "seventy-two (72)", "vijf (5)": the digits count
_SPELLED_WITH_DIGITS = re.compile(
    r"\b(?:(?:" + "|".join(_TENS) + r")[ -])?(?:[a-z]+en)?(?:" + _NUMBER_WORD + r")\s*\(\s*(\d+)\s*\)"
)


def _plain(text: str) -> str:
    """Folded text with numbers in digits where the text spells them out."""
    plain = fold(text)
    plain = _SPELLED_WITH_DIGITS.sub(r"\1", plain)
    plain = _ENGLISH_COMPOUND.sub(lambda m: str(_TENS[m.group(1)] + _UNITS[m.group(2)]), plain)
    plain = _DUTCH_COMPOUND.sub(lambda m: str(_DUTCH_TENS[m.group(2)] + _DUTCH_UNITS[m.group(1)]), plain)
    return " ".join(plain.replace("(", " ( ").replace(")", " ) ").split())


def hours_of(text: str) -> list[tuple[int, str]]:
    """Every time limit in a text, in hours, with the words that say it ("binnen 5 werkdagen")."""
    return [(_hours(match), match.group(0)) for match in _LIMIT.finditer(_plain(text))]


def _hours(limit: re.Match[str]) -> int:
    amount = limit.group(2)
    number = int(amount) if amount.isdigit() else NUMBER_WORDS.get(amount, 0)
    return number * _HOURS.get(limit.group(3), 24)


# Where one part of a sentence ends and the next begins: "..., zodat de school binnen 72 uur ...".
_PART_BREAK = re.compile(r"[,;:]|\b(?:en|and|zodat|so that|opdat|waarna|after which|whereupon|enabling)\b")


def _own_parts(plain: str) -> list[str]:
    """The parts of a sentence about the processor's own report. A part about a later, fuller
    report sets a later time; once the authority has been mentioned, the time is the board's own
    ("..., the School Board must notify the regulator within 72 hours")."""
    parts = []
    for part in _PART_BREAK.split(plain):
        if _AUTHORITY.search(part):
            break
        if not _FOLLOW_UP.search(part):
            parts.append(part)
    return parts


def _notification_limit(plain: str) -> int | None:
    """The sentence's first time limit for the processor's own report, in hours. A sentence that
    mentions the authority is about the board's own report to it ("Voor zover een melding vereist
    is, doet het Schoolbestuur die binnen 72 uur, zoals artikel 33 AVG voorschrijft")."""
    if _AUTHORITY.search(plain):
        return None
    for part in _own_parts(plain):
        match = _LIMIT.search(part)
        if match:
            return _hours(match)
    return None


def _notification_sentences(texts: Sequence[str]) -> list[int]:
    return [i for i, text in enumerate(texts) if _NOTIFY.search(_plain(text))]


def late_notification(texts: Sequence[str]) -> int | None:
    """The first sentence that gives the processor more than two days to report a breach."""
    for index in _notification_sentences(texts):
        if index > 0 and _continues_about_authority(_plain(texts[index]), _plain(texts[index - 1])):
            continue
        hours = _notification_limit(_plain(texts[index]))
        if hours is not None and hours > MAX_NOTIFICATION_HOURS:
            return index
    return None


# "Die melding moet je school binnen 72 uur doen": the sentence goes on about the one before.
_ANAPHOR = re.compile(r"^(die|deze|dit|dat|zo'n|zulke|such|that|this|these|those|it)\b")


def _continues_about_authority(plain: str, before: str) -> bool:
    return bool(_ANAPHOR.match(plain)) and bool(_AUTHORITY.search(before))


def no_notification_term(texts: Sequence[str]) -> int | None:
    """The breach clause's first sentence about reporting when none of its sentences says how soon."""
    for text in texts:
        if any(_TIMELY.search(part) or _LIMIT.search(part) for part in _own_parts(_plain(text))):
            return None
    notifying = _notification_sentences(texts)
    return notifying[0] if notifying else (0 if texts else None)


Hook = Callable[[Sequence[str]], "int | None"]
HOOKS: dict[str, Hook] = {
    "late_notification": late_notification,
    "no_notification_term": no_notification_term,
}
