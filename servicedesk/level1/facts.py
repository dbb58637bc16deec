"""What a message says about a request, so level 1 asks only what is still missing (DESIGN.md "How level 1 talks").

Every message of a request feeds every field it can: "the whole floor is down, everyone gets 'server not found'"
tells who is affected, how blocking it is and the exact error at once. An answer is checked against its question:
"since this morning" given where the error was asked dates the problem and leaves the error empty.

Impact follows ITIL: 1 a whole site, department, floor or company, or ten people and more; 2 a team or a few (2-9)
people; 3 the user alone. Ten people is a department-sized group whatever they call it ("une dizaine dans
l'equipe compta" is impact 1): a desk that waits for the word "department" misses the outage of a team of ten.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime
from typing import Any

from servicedesk.language import ENGLISH, FRENCH
from servicedesk.level1 import _patterns as p
from servicedesk.level1._readers import Reading, read_all
from servicedesk.level1._since import date_of
from servicedesk.service_catalogue import Service, match_service

FIELDS = ("service", "error", "since", "impact", "urgency", "device", "place", "tried")
FREE_TEXT_FIELDS = ("error", "device", "place", "tried")
_ACCUMULATED = ("error", "tried")
_MAX_FREE_TEXT = 500
_SHORT_TIME_ANSWER = 6


@dataclass(frozen=True)
class Facts:
    """What the user said about their request; None where they said nothing of it."""

    service: str | None = None
    application: str | None = None
    error: str | None = None
    since: str | None = None
    since_at: datetime | None = None
    impact: int | None = None
    affected: str | None = None
    affected_count: int | None = None
    urgency: int | None = None
    deadline: str | None = None
    device: str | None = None
    place: str | None = None
    tried: str | None = None
    no_workaround: bool = False
    declined: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values, for a chat slot between turns."""
        data = asdict(self)
        data["since_at"] = self.since_at.isoformat() if self.since_at else None
        data["declined"] = list(self.declined)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> "Facts":
        """Back from a slot; a value of the wrong type is dropped rather than trusted."""
        if not isinstance(data, Mapping):
            return cls()
        values: dict[str, Any] = {}
        for field in fields(cls):
            value = data.get(field.name)
            if field.name == "since_at":
                value = _moment(value)
            elif field.name in ("impact", "urgency", "affected_count"):
                value = value if isinstance(value, int) and not isinstance(value, bool) else None
            elif field.name == "no_workaround":
                value = value is True
            elif field.name == "declined":
                value = tuple(v for v in value if v in FIELDS) if isinstance(value, list | tuple) else ()
            elif not isinstance(value, str) or not value.strip():
                value = None
            values[field.name] = value
        return cls(**values)

    def merged(self, newer: "Facts") -> "Facts":
        """These facts completed by a later message: what was said first stays, the more severe impact and
        urgency win, errors and what was tried add up."""
        values = {f.name: getattr(self, f.name) if getattr(self, f.name) is not None else getattr(newer, f.name)
                  for f in fields(self) if f.name not in ("since_at", "no_workaround", "declined")}
        if self.since is None and newer.since is not None:
            values["since_at"] = newer.since_at
        else:
            values["since_at"] = self.since_at or (newer.since_at if self.since == newer.since else None)
        if newer.impact is not None and (self.impact is None or newer.impact < self.impact):
            values.update(impact=newer.impact, affected=newer.affected or self.affected,
                          affected_count=newer.affected_count or self.affected_count)
        if newer.urgency is not None and (self.urgency is None or newer.urgency < self.urgency):
            values.update(urgency=newer.urgency, deadline=newer.deadline or self.deadline)
        for name in _ACCUMULATED:
            values[name] = _joined(getattr(self, name), getattr(newer, name))
        merged = Facts(**values, no_workaround=self.no_workaround or newer.no_workaround)
        declined = tuple(dict.fromkeys(self.declined + newer.declined))
        return replace(merged, declined=tuple(f for f in declined if not merged.filled(f)))

    def filled(self, field: str) -> bool:
        """Whether the user told this field (the service counts as told when they named an application)."""
        if field == "service":
            return self.service is not None or self.application is not None
        return getattr(self, field, None) is not None

    def missing(self, fields: Sequence[str]) -> tuple[str, ...]:
        """Of these fields, those the user neither told nor declined, in the order given."""
        return tuple(f for f in fields if not self.filled(f) and f not in self.declined)


def read_facts(text: str, *, services: Sequence[Service] = (), now: datetime | None = None,
               language: str | None = None) -> Facts:
    """Everything this message says."""
    return _facts(read_all(text or "", now=_now(now), languages=_languages(language)), text or "", services)


def read_answer(field: str, text: str, *, services: Sequence[Service] = (), now: datetime | None = None,
                language: str | None = None) -> tuple[Facts, bool]:
    """The facts of an answer to the question about `field`, and whether it answers that question.

    It answers when it tells the field or declines it ("no", "je sais pas"). For the free-text fields a plain
    answer is the field's value ("the screen just goes black" as the error). A yes/no where a name was asked,
    a greeting, a question back, a request for a human or a time where the error was asked does not answer;
    what it says is kept all the same ("since this morning" still dates the problem)."""
    text = text or ""
    moment, languages = _now(now), _languages(language)
    found = read_all(text, now=moment, languages=languages)
    facts = _facts(found, text, services)
    folded = p.fold(text).strip()
    if facts.filled(field):
        return facts, True
    if p.DECLINE.match(folded):
        return replace(facts, declined=tuple(dict.fromkeys((*facts.declined, field)))), True
    level = _level_answer(field, folded)
    if level is not None:
        return _answered(facts, field, level), True
    if field == "since" and len(folded.split()) <= _SHORT_TIME_ANSWER and not found.spans:
        at = date_of(folded, now=moment, languages=languages)
        if at is not None:
            return replace(facts, since=text.strip(), since_at=at), True
    if field in FREE_TEXT_FIELDS and _plain(folded, found):
        return _answered(facts, field, _cleaned(text)), True
    if field == "service" and _plain(folded, found) and len(folded.split()) <= 4:
        return replace(facts, application=_cleaned(text)), True
    return facts, False


def _facts(found: Reading, text: str, services: Sequence[Service]) -> Facts:
    service = match_service(text, tuple(services)) if services else None
    values = dict(found.values)
    if service or (values["application"] and services and match_service(values["application"], tuple(services))):
        values["application"] = None
    return Facts(service=service, **values)


def _answered(facts: Facts, field: str, value: int | str) -> Facts:
    """The facts with the field asked about set to its answer: a field named at run time, whose type no checker
    can see, hence Any."""
    answer: dict[str, Any] = {field: value}
    return replace(facts, **answer)


def _level_answer(field: str, folded: str) -> int | None:
    """A button's payload or a one-word answer to the impact or urgency question."""
    answer = folded.strip(" .!")
    if field == "impact":
        if re.fullmatch(r"[1-3]", answer):
            return int(answer)
        return p.ANSWER_IMPACT.get(answer)
    if field == "urgency" and re.fullmatch(r"[1-4]", answer):
        return int(answer)
    return None


def _plain(folded: str, found: Reading) -> bool:
    """An answer that is only itself: no yes/no, greeting, question, call for a human, nor mostly other fields."""
    if not folded or any(r.search(folded) for r in (p.YES_NO, p.GREETING, p.QUESTION, p.HUMAN)):
        return False
    covered = sum(end - start for start, end in found.spans)
    return covered * 2 < len(folded.replace(" ", ""))


def _cleaned(text: str) -> str:
    return text.strip().strip("\"'«»“” ").strip()[:_MAX_FREE_TEXT]


def _joined(older: str | None, newer: str | None) -> str | None:
    unique: dict[str, str] = {}
    for part in (part.strip() for text in (older, newer) if text for part in text.split("; ")):
        if part:
            unique.setdefault(part.casefold(), part)
    return "; ".join(unique.values()) or None


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str):
        try:
            return _moment(datetime.fromisoformat(value))
        except ValueError:
            return None
    return None


def _now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now if now.tzinfo else now.replace(tzinfo=UTC)


def _languages(language: str | None) -> tuple[str, ...]:
    """The languages dates and numbers are read in, the conversation's first; a message in neither (or not
    known) is read in both, French first as most of the desk's users write it."""
    return (ENGLISH, FRENCH) if (language or "").lower()[:2] == ENGLISH else (FRENCH, ENGLISH)
