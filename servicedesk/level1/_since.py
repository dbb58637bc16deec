"""Since when: the time expression a message holds, as said, and the moment it names.

dateparser does the dating (French and English, relative and absolute, its language data inside the wheel: nothing
is downloaded). Its search over a whole message is slow and finds dates in error codes and office numbers, so
only the few words after a cue ("depuis", "since", "for", "il y a") or a phrase that is a time by itself ("hier",
"ce matin") are given to it, in one search per cue. Measured here: importing it takes 0.15 s (up to 0.7 s on a
busy machine) and its first call as much again (its language data), later searches 1 to 10 ms; so it is imported on
first use, and a message costs a few milliseconds. It works without a network (checked under `unshare -n`).
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from servicedesk.level1 import _patterns as p

_MAX_WORDS = 5


@dataclass(frozen=True)
class Since:
    start: int
    end: int
    at: datetime | None


def find_since(folded: str, *, now: datetime, languages: tuple[str, ...]) -> Since | None:
    """The first time expression of the folded text, with the moment it names when it can be dated."""
    found: list[Since] = []
    for cue in p.SINCE_CUE.finditer(folded):
        after = cue.end()
        dated = _dated_words(folded, after, now=now, languages=languages)
        if dated:
            found.append(Since(cue.start(), dated[0], dated[1]))
            continue
        event = p.SINCE_EVENT.match(folded, after)
        if event and cue.group("cue") in ("depuis", "since"):
            end = _event_end(folded, event.end(), now=now, languages=languages)
            found.append(Since(cue.start(), end[0], end[1]))
    for alone in p.SINCE_ALONE.finditer(folded):
        if not any(s.start <= alone.start() < s.end for s in found):
            found.append(Since(alone.start(), alone.end(), date_of(alone.group(), now=now, languages=languages)))
    return min(found, key=lambda s: s.start) if found else None


def date_of(words: str, *, now: datetime, languages: tuple[str, ...]) -> datetime | None:
    """The moment a short time expression names, in the past of `now`; None when it names none."""
    found = _search(_rewritten(words), now=now, languages=languages)
    return found[-1][1] if found else None


def _dated_words(folded: str, start: int, *, now: datetime, languages: tuple[str, ...]) -> tuple[int, datetime] | None:
    """The end of the run of words from `start` that ends with a date, and that date: one search over the words
    after the cue, then the prefix that ends where the date does (each search costs milliseconds)."""
    stop = p.SINCE_STOP.search(folded, start)
    tokens = list(re.finditer(r"\S+", folded[start:stop.start() if stop else len(folded)]))[:_MAX_WORDS]
    if not tokens:
        return None
    window = _rewritten(folded[start:start + tokens[-1].end()])
    found = _search(window, now=now, languages=languages)
    if not found:
        return None
    said, moment = found[0]
    dated = window[:window.find(said) + len(said)].rstrip()
    for token in reversed(tokens):
        if _rewritten(folded[start:start + token.end()]).rstrip() == dated:
            return start + token.end(), moment
    return None


def _event_end(folded: str, end: int, *, now: datetime, languages: tuple[str, ...]) -> tuple[int, datetime | None]:
    """"Since the update yesterday": the event, and a date right after it when there is one."""
    dated = _dated_words(folded, end, now=now, languages=languages)
    return dated if dated else (end, None)


def _rewritten(words: str) -> str:
    for pattern, replacement in p.SINCE_REWRITES:
        words = pattern.sub(replacement, words)
    return words


def _search(words: str, *, now: datetime, languages: tuple[str, ...]) -> list[tuple[str, datetime]]:
    """Dateparser's dates in `words`, UTC-aware, none in the future (a "since" is behind us)."""
    base = now.astimezone(UTC)
    found = _search_dates()(words, languages=list(languages), settings=_settings(base))
    dated = []
    for said, moment in found or ():
        moment = moment.astimezone(UTC)
        if moment > base and moment.date() == base.date():
            moment = base      # "this morning" is nine o'clock, even said at eight
        if moment <= base + timedelta(minutes=1):
            dated.append((said, moment))
    return dated


def _settings(base: datetime) -> dict[str, Any]:
    return {"RELATIVE_BASE": base.replace(tzinfo=None), "PREFER_DATES_FROM": "past", "TIMEZONE": "UTC",
            "TO_TIMEZONE": "UTC", "RETURN_AS_TIMEZONE_AWARE": True, "DATE_ORDER": "DMY"}


@cache
def _search_dates() -> Any:
    from dateparser.search import search_dates

    return search_dates
