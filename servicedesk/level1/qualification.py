"""Qualification from what was said (DESIGN.md step 2): only the missing fields that matter, one question at a
time, at most three before an ordinary incident's ticket opens.

The order says what level 2 needs most: which service (it routes the ticket), who is affected and how blocking
it is (they make the priority), then the exact error. Since when, the device and what was tried are kept when
the user says them and never asked: the ticket opens without them rather than after a fourth question.
"""

from dataclasses import dataclass

from servicedesk.level1.facts import Facts
from servicedesk.tickets.service import IncidentReport

MAX_QUESTIONS = 3
_ASKED: dict[str, tuple[str, ...]] = {
    "incident": ("service", "impact", "urgency", "error"),
    "assistance": ("service",),
}
# Neither said nor asked: one person, who can wait a little (the matrix's P3/P4); a person re-rates on handoff.
DEFAULT_IMPACT, DEFAULT_URGENCY = 3, 3
_TITLE_WORDS = 40


def next_question(kind: str, facts: Facts, questions_asked: int) -> str | None:
    """The field to ask about next, or None when the ticket should open now."""
    if questions_asked >= MAX_QUESTIONS:
        return None
    missing = facts.missing(_ASKED.get(kind, ()))
    if "service" in missing and facts.application:
        missing = tuple(name for name in missing if name != "service")
    return missing[0] if missing else None


@dataclass(frozen=True)
class Requester:
    requester: str
    channel: str
    conversation: str
    language: str
    email: str | None = None


def report_of(kind: str, said: tuple[str, ...], facts: Facts, who: Requester) -> IncidentReport:
    """The incident the conversation describes, in the service desk's terms."""
    description = "\n".join(line for line in said if line.strip()) or "-"
    where = " · ".join(part for part in (facts.device, facts.place) if part)
    return IncidentReport(
        service=facts.service or (facts.application or "")[:120], description=description,
        impact=facts.impact or DEFAULT_IMPACT, urgency=facts.urgency or DEFAULT_URGENCY,
        requester=who.requester, requester_email=who.email, channel=who.channel, conversation_id=who.conversation,
        language=who.language, error_message=facts.error or "", since=_since(facts), origin=kind,
        device=where)


def _since(facts: Facts) -> str:
    if facts.since and facts.since_at:
        return f"{facts.since} ({facts.since_at.isoformat(timespec='minutes')})"
    return facts.since or ""
