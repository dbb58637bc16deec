"""Whether a dialogue ended right, judged from the final state of the client's database only (and, for turns to
outcome, from the transcript): the bot's wording is free, what it recorded is not.

The tickets of a dialogue are its person's tickets that did not exist when it started (its setup tickets and
the person's earlier dialogues excluded); problem tickets the desk opened behind a major incident are not the
user's request and are not counted among them."""

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from bench.dialogue.fixtures import Person
from bench.dialogue.spec import Dialogue
from servicedesk.conversations.models import Takeover
from servicedesk.tickets.models import Ticket

KB_RESOLUTIONS = ("known_fix_applied", "workaround")
DONE = ("resolved", "closed")
NUMBER = re.compile(r"\b(?:INC|REQ)-\d+\b")


@dataclass
class Turn:
    text: str
    replies: list[str]
    seconds: float


@dataclass
class Trace:
    """What the runner knows of one played dialogue, besides the database."""

    dialogue: Dialogue
    person: Person
    conversations: tuple[str, ...]
    setup_ids: dict[str, int]  # ref -> ticket id
    reminders_before: dict[str, int]  # ref -> reminder_count when the dialogue started
    known_ids: frozenset[int]  # the person's tickets before the dialogue (setup included)
    started_at: datetime
    turns: list[Turn] = field(default_factory=list)
    error: str | None = None


@dataclass(frozen=True)
class Check:
    name: str
    expected: str
    found: str
    ok: bool


@dataclass
class Verdict:
    trace: Trace
    checks: list[Check]
    tickets: list[str]  # "INC-000004 incident/incident P3 closed known_fix_applied", for the failure report
    turns_to_outcome: int | None

    @property
    def right(self) -> bool:
        return self.trace.error is None and all(check.ok for check in self.checks)


def _person_tickets(db_session: Session, person: Person) -> list[Ticket]:
    query = (select(Ticket).options(selectinload(Ticket.log), selectinload(Ticket.history),
                                    selectinload(Ticket.attachments))
             .where(or_(Ticket.requester == person.requester, Ticket.requester_email == person.email))
             .order_by(Ticket.id))
    return list(db_session.scalars(query))


def new_tickets(db_session: Session, trace: Trace) -> list[Ticket]:
    return [ticket for ticket in _person_tickets(db_session, trace.person)
            if ticket.id not in trace.known_ids and ticket.type != "problem"]


def _kind(ticket: Ticket) -> str:
    return "other" if ticket.origin == "other" else ticket.type


def _describe(ticket: Ticket) -> str:
    return (f"{ticket.number} {ticket.type}/{ticket.origin} {ticket.priority} {ticket.status} "
            f"group={ticket.group_name} level={ticket.level} major={ticket.major} escalated={ticket.escalated} "
            f"resolution={ticket.resolution_code}")


def _rank(priority: str | None) -> int:
    return int(priority[1:]) if priority and priority[1:].isdigit() else 9


def _went_to(ticket: Ticket, group: str) -> bool:
    return ticket.group_name == group or any(h.field == "group" and h.new == group for h in ticket.history)


def _proposed(ticket: Ticket, doc_id: str) -> bool:
    pattern = re.compile(rf"(?<![\w-]){re.escape(doc_id)}(?![\w-])")
    return (any(entry.kind == "kb_fix" and pattern.search(entry.body) for entry in ticket.log)
            or any(pattern.search(attachment.reference) or pattern.search(attachment.name)
                   for attachment in ticket.attachments))


def _handoffs(db_session: Session, trace: Trace, ticket_ids: Iterable[int]) -> list[Takeover]:
    ids = list(ticket_ids)
    conditions = [Takeover.conversation_key.in_(trace.conversations)]
    if ids:
        conditions.append(Takeover.ticket_id.in_(ids))
    return list(db_session.scalars(select(Takeover).where(or_(*conditions))))


def judge(db_session: Session, trace: Trace, *, security_group: str, markers: Iterable[str] = ()) -> Verdict:
    """Every expectation of the dialogue checked against the database; `markers` are the KB's article links and
    titles, which make a reply a proposed fix for turns to outcome."""
    expect = trace.dialogue.expect
    tickets = new_tickets(db_session, trace)
    requests = [t for t in tickets if _kind(t) != "other"]
    single = tickets[0] if len(tickets) == 1 else None
    checks: list[Check] = []

    def check(name: str, expected: object, found: object, ok: bool) -> None:
        checks.append(Check(name, str(expected), str(found), ok))

    wanted = expect["ticket"]
    kinds = [_kind(t) for t in tickets]
    check("ticket", wanted, ", ".join(kinds) or "none",
          not tickets if wanted == "none" else kinds == [wanted])
    if "priority_at_least" in expect:
        priority = single.priority if single else f"{len(tickets)} tickets"
        check("priority_at_least", expect["priority_at_least"], priority,
              single is not None and _rank(single.priority) <= _rank(expect["priority_at_least"]))
    if "major" in expect:
        found = any(t.major for t in requests)
        check("major", expect["major"], found, found == expect["major"])
    if "security" in expect:
        found = any(_went_to(t, security_group) for t in requests)
        check("security", expect["security"], found, found == expect["security"])
    if "escalated" in expect:
        found = any(t.level >= 2 or t.escalated for t in requests)
        check("escalated", expect["escalated"], found, found == expect["escalated"])
    takeovers = _handoffs(db_session, trace, [t.id for t in tickets] + list(trace.setup_ids.values()))
    if "resolved_by_kb" in expect:
        waiting = {t.ticket_id for t in takeovers if t.status == "waiting"}
        found = bool(requests) and all(t.status in DONE and t.resolution_code in KB_RESOLUTIONS
                                       and t.id not in waiting for t in requests)
        check("resolved_by_kb", expect["resolved_by_kb"], found, found == expect["resolved_by_kb"])
    if "article" in expect:
        setups = [db_session.get(Ticket, i) for i in trace.setup_ids.values()]
        found = any(_proposed(t, expect["article"]) for t in [*tickets, *setups] if t is not None)
        check("article", expect["article"], "proposed" if found else "not recorded", found)
    if "logged_on" in expect:
        ticket = db_session.get(Ticket, trace.setup_ids[expect["logged_on"]])
        lines = [e for e in ticket.log if e.author_kind == "requester" and e.at is not None
                 and e.at.replace(tzinfo=None) >= trace.started_at.replace(tzinfo=None)] if ticket else []
        check("logged_on", expect["logged_on"], f"{len(lines)} lines from the user", bool(lines))
    if "reminder_on" in expect:
        ref = expect["reminder_on"]
        ticket = db_session.get(Ticket, trace.setup_ids[ref])
        before, after = trace.reminders_before[ref], ticket.reminder_count if ticket else 0
        check("reminder_on", ref, f"reminders {before} -> {after}", after > before)
    if "handoff" in expect:
        check("handoff", expect["handoff"], f"{len(takeovers)} takeovers", bool(takeovers) == expect["handoff"])
    if "redirected" in expect:
        found = any(_kind(t) == "other" for t in tickets)
        check("redirected", expect["redirected"], found, found == expect["redirected"])
    numbers = {t.number for t in tickets if t.number}
    return Verdict(trace=trace, checks=checks, tickets=[_describe(t) for t in tickets],
                   turns_to_outcome=turns_to_outcome([turn.replies for turn in trace.turns], markers, numbers))


def turns_to_outcome(replies: list[list[str]], markers: Iterable[str], numbers: set[str]) -> int | None:
    """The 1-based user turn after which the bot proposed a fix (an article's link or title) or named a ticket
    it opened in this dialogue; None when it did neither."""
    folded = [marker.casefold() for marker in markers if marker]
    for index, texts in enumerate(replies, start=1):
        said = "\n".join(texts)
        lowered = said.casefold()
        if any(marker in lowered for marker in folded) or set(NUMBER.findall(said)) & numbers:
            return index
    return None


def median(values: Iterable[float]) -> float | None:
    values = list(values)
    return statistics.median(values) if values else None
