"""Use cases on conversations: remember where a user is, journal what they said, and run a takeover
from the request to its end. Functions never commit: the caller owns the transaction, so a takeover's
ticket changes, log lines and outbox rows land together or not at all."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from servicedesk.conversations.models import Conversation, InboundMessage, Takeover
from servicedesk.conversations.to_requester import tell
from servicedesk.database import changed_rows
from servicedesk.errors import TakeoverError
from servicedesk.models import utcnow
from servicedesk.notifications.service import notify
from servicedesk.sla.policy import Agreements
from servicedesk.tickets import handling, workflow
from servicedesk.tickets.lifecycle import OPEN, PendingReason, Status
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.resolution import resolve_ticket
from servicedesk.tickets.service import LogLine, add_log

ACTIVE = ("waiting", "taken")


# --- where users are -------------------------------------------------------------------------------

def remember(*, db_session: Session, key: str, channel: str, requester: str, address: dict[str, Any],
             language: str | None = None, now: datetime | None = None) -> Conversation:
    """Record (or refresh) a conversation's address: the latest message always has the freshest one."""
    now = now or utcnow()
    conversation = db_session.scalar(select(Conversation).where(Conversation.key == key))
    if conversation is None:
        conversation = Conversation(key=key, channel=channel, requester=requester, address=address,
                                    language=language, created_at=now, last_seen_at=now)
        db_session.add(conversation)
    else:
        conversation.address, conversation.last_seen_at = address, now
        if language:
            conversation.language = language
    db_session.flush()
    return conversation


def get(*, db_session: Session, key: str) -> Conversation | None:
    return db_session.scalar(select(Conversation).where(Conversation.key == key))


def latest_of(*, db_session: Session, requester: str, channel: str | None = None) -> Conversation | None:
    """The conversation a user last wrote in (on that channel): where a notice to them goes."""
    query = select(Conversation).where(Conversation.requester == requester)
    if channel:
        query = query.where(Conversation.channel == channel)
    return db_session.scalar(query.order_by(Conversation.last_seen_at.desc(), Conversation.id.desc()).limit(1))


# --- the journal -----------------------------------------------------------------------------------

def journal(*, db_session: Session, channel: str, event_key: str, conversation_key: str, requester: str, text: str,
            data: dict[str, Any] | None = None, now: datetime | None = None) -> InboundMessage | None:
    """Keep a user's message; None when this delivery was journalled already (a retry or a duplicate)."""
    message = InboundMessage(channel=channel, event_key=event_key, conversation_key=conversation_key,
                             requester=requester, text=text, data=data or {}, received_at=now or utcnow())
    try:
        with db_session.begin_nested():
            db_session.add(message)
    except IntegrityError:
        return None
    return message


def handled(*, message: InboundMessage, outcome: str, error: str | None = None, now: datetime | None = None) -> None:
    message.handled_at, message.outcome = now or utcnow(), outcome
    message.error = error[:500] if error else None


# --- takeovers -------------------------------------------------------------------------------------

def active_takeover(*, db_session: Session, conversation_key: str) -> Takeover | None:
    query = select(Takeover).where(Takeover.conversation_key == conversation_key, Takeover.status.in_(ACTIVE))
    return db_session.scalar(query.order_by(Takeover.id.desc()).limit(1))


def takeover_by_card(*, db_session: Session, card_key: str) -> Takeover | None:
    return db_session.scalar(select(Takeover).where(Takeover.card_key == card_key))


def waiting_takeover(*, db_session: Session, ticket: Ticket) -> Takeover | None:
    """The ticket's takeover no agent has taken yet: its requester is still waiting for a person."""
    query = select(Takeover).where(Takeover.ticket_id == ticket.id, Takeover.status == "waiting")
    return db_session.scalar(query.order_by(Takeover.id.desc()).limit(1))


def request_takeover(*, db_session: Session, ticket: Ticket, conversation_key: str, actor: str, reason: str,
                     now: datetime | None = None) -> Takeover:
    """Ask level 2 to take the conversation: the outbox tells the ticket's group (bot/ posts the card).

    Asking again while a takeover is active returns it: a user who insists gets one card, not two."""
    current = active_takeover(db_session=db_session, conversation_key=conversation_key)
    if current is not None:
        return current
    now = now or utcnow()
    takeover = Takeover(ticket=ticket, conversation_key=conversation_key, reason=reason, requested_by=actor,
                        requested_at=now, status="waiting")
    db_session.add(takeover)
    db_session.flush()
    _step(db_session, ticket, actor, None, "waiting", reason, now)
    notify(db_session=db_session, dedup_key=f"takeover_requested:{takeover.id}", event="takeover_requested",
           audience="agents", recipient=ticket.group_name or "", ticket_id=ticket.id, language=ticket.language,
           payload={"takeover_id": takeover.id, "number": ticket.number, "conversation": conversation_key,
                    "reason": reason})
    return takeover


def place_card(*, takeover: Takeover, card: dict[str, Any], card_key: str) -> None:
    """Remember where the agents' card is, so that replies in its thread find the conversation."""
    takeover.card, takeover.card_key = card, card_key


def take(*, db_session: Session, takeover_id: int, agent: str, agent_name: str, agreements: Agreements,
         now: datetime | None = None) -> Takeover:
    """The agent takes the conversation; exactly one agent wins when two click together, in Slack or in the
    console alike, and the user is told who is with them.

    The conditional UPDATE is the arbiter: the database lets a single statement move the row out of
    `waiting`, whatever the number of bot replicas or tools."""
    now = now or utcnow()
    won = changed_rows(
        db_session, update(Takeover).where(Takeover.id == takeover_id, Takeover.status == "waiting")
        .values(status="taken", agent=agent, agent_name=agent_name, taken_at=now)
        .execution_options(synchronize_session=False))
    takeover = db_session.get(Takeover, takeover_id)
    if takeover is None:
        raise TakeoverError("unknown", takeover_id=takeover_id)
    db_session.refresh(takeover)
    if won != 1:
        raise TakeoverError("not_waiting", takeover_id=takeover_id, taken_by=takeover.agent_name)
    ticket = takeover.ticket
    if ticket.status in OPEN:  # the ticket is theirs too, as "take" on the console's ticket page makes it
        handling.take(db_session=db_session, ticket=ticket, agent=agent, agent_name=agent_name,
                      agreements=agreements, now=now)
    _step(db_session, ticket, agent, "waiting", "taken", f"taken over by {agent_name}", now)
    tell(db_session=db_session, takeover=takeover, event="agent_joined", agent_name=agent_name)
    return takeover


def write_to_user(*, db_session: Session, takeover: Takeover, agent: str, text: str) -> None:
    """The holding agent's message: kept in the ticket's log, and queued for the user's own channel."""
    if takeover.status != "taken" or takeover.agent != agent:
        raise TakeoverError("not_holder", takeover_id=takeover.id, taken_by=takeover.agent_name)
    log_message(db_session=db_session, takeover=takeover, author_kind="agent", author=agent, text=text)
    tell(db_session=db_session, takeover=takeover, event="agent_message", agent_name=takeover.agent_name or agent,
         text=text)


def log_message(*, db_session: Session, takeover: Takeover, author_kind: str, author: str, text: str) -> None:
    """A message of the live conversation, kept in the ticket's log."""
    add_log(db_session=db_session, ticket=takeover.ticket, line=LogLine(author_kind, author, text))


def hand_back(*, db_session: Session, takeover: Takeover, agent: str, now: datetime | None = None) -> None:
    """The agent gives the conversation back to the bot; the ticket stays as the agent left it."""
    _end(db_session, takeover, agent, "handed_back", now or utcnow())
    tell(db_session=db_session, takeover=takeover, event="handed_back", agent_name=takeover.agent_name or agent)


def end_with_ticket(*, db_session: Session, takeover: Takeover, now: datetime | None = None) -> bool:
    """End a takeover whose ticket was resolved, closed or cancelled elsewhere (the REST API, auto-close):
    nobody would ever hand it back, and the bot would stay silent. True when it was ended."""
    if takeover.status not in ACTIVE or takeover.ticket.status in OPEN:
        return False
    old, now = takeover.status, now or utcnow()
    takeover.status, takeover.ended_at, takeover.outcome = "ended", now, "ticket_closed"
    _step(db_session, takeover.ticket, "relais", old, "ticket_closed", f"the ticket is {takeover.ticket.status}", now)
    return True


def set_pending(*, db_session: Session, takeover: Takeover, agent: str, agreements: Agreements, reason: str,
                now: datetime | None = None) -> None:
    """The ticket waits for the user (their clocks pause); the agent keeps the conversation."""
    _check_holder(takeover, agent)
    ticket = takeover.ticket
    if ticket.status != Status.PENDING:  # the step every tool shares (servicedesk.tickets.handling)
        handling.set_pending(db_session=db_session, ticket=ticket, on=PendingReason.REQUESTER, reason=reason,
                             actor=agent, agreements=agreements, now=now)
    tell(db_session=db_session, takeover=takeover, event="pending_on_you", agent_name=takeover.agent_name or agent,
         reason=reason)


def resolve(*, db_session: Session, takeover: Takeover, agent: str, agreements: Agreements, category: str,
            cause_code: str, resolution_code: str, solution: str, now: datetime | None = None) -> dict[str, str]:
    """Resolve with the closure codes (the requester is asked to confirm) and end the takeover; returns what the
    client's KB should learn, as any resolution does (servicedesk.tickets.resolution)."""
    _check_holder(takeover, agent)
    now = now or utcnow()
    ticket = takeover.ticket
    if ticket.status in OPEN and ticket.status not in (Status.IN_PROGRESS, Status.PENDING):
        workflow.change_status(db_session=db_session, ticket=ticket, to=Status.IN_PROGRESS, actor=agent,
                               agreements=agreements, reason="resolved in conversation", now=now)
    lesson = resolve_ticket(db_session=db_session, ticket=ticket, desk=agreements, actor=agent, category=category,
                            cause_code=cause_code, resolution_code=resolution_code, solution=solution, now=now)
    _end(db_session, takeover, agent, "resolved", now)
    tell(db_session=db_session, takeover=takeover, event="resolved_by_agent", agent_name=takeover.agent_name or agent,
         solution=solution)
    return lesson


def transfer(*, db_session: Session, takeover: Takeover, agent: str, agreements: Agreements, note: str,
             to_agent: tuple[str, str] | None = None, to_group: tuple[str, int] | None = None,
             now: datetime | None = None) -> None:
    """The holding agent passes the conversation on, with a note for whoever gets it (kept in the ticket's log,
    never shown to the user): to another agent (`to_agent`: id and name), who holds it at once and is named to
    the user; or to a group (`to_group`: name and level, from the client's settings), the ticket reassigned and
    the conversation waiting for one of that group's agents to take it, the bot still silent."""
    _check_holder(takeover, agent)
    if (to_agent is None) == (to_group is None):
        raise ValueError("transfer to one agent or one group")
    now = now or utcnow()
    ticket = takeover.ticket
    if note.strip():
        add_log(db_session=db_session, ticket=ticket, kind="note",
                line=LogLine("agent", agent, note.strip(), now))
    if to_agent is not None:
        new_agent, new_name = to_agent
        old_name = takeover.agent_name
        takeover.agent, takeover.agent_name, takeover.taken_at = new_agent, new_name, now
        _step(db_session, ticket, agent, "taken", "taken", f"transferred from {old_name} to {new_name}", now)
        tell(db_session=db_session, takeover=takeover, event="agent_joined", agent_name=new_name)
        return
    assert to_group is not None
    group, level = to_group
    workflow.assign(db_session=db_session, ticket=ticket, group=group, level=level, actor=agent,
                    agreements=agreements, reason=note.strip() or "conversation transferred", now=now)
    takeover.status, takeover.agent, takeover.agent_name, takeover.taken_at = "waiting", None, None, None
    _step(db_session, ticket, agent, "taken", "waiting", f"transferred to {group}", now)


def ask_card_redraw(*, db_session: Session, takeover: Takeover) -> None:
    """A step done outside Slack (the console): the doors redraw the agents' card as if it had been clicked there,
    since only they talk to Slack."""
    notify(db_session=db_session, dedup_key=f"takeover_changed:{takeover.id}:{uuid.uuid4().hex}",
           event="takeover_changed", audience="agents", recipient=takeover.ticket.group_name or "",
           ticket_id=takeover.ticket_id, language=takeover.ticket.language, payload={"takeover_id": takeover.id})


def _check_holder(takeover: Takeover, agent: str) -> None:
    if takeover.status != "taken":
        raise TakeoverError("not_taken", takeover_id=takeover.id)
    if takeover.agent != agent:
        raise TakeoverError("held_by_other", takeover_id=takeover.id, taken_by=takeover.agent_name)


def _end(db_session: Session, takeover: Takeover, agent: str, outcome: str, now: datetime) -> None:
    if takeover.status not in ACTIVE:
        raise TakeoverError("over", takeover_id=takeover.id)
    if takeover.status == "taken" and takeover.agent != agent:
        raise TakeoverError("held_by_other", takeover_id=takeover.id, taken_by=takeover.agent_name)
    old = takeover.status
    takeover.status, takeover.ended_at, takeover.outcome = "ended", now, outcome
    _step(db_session, takeover.ticket, agent, old, outcome, "", now)


def _step(db_session: Session, ticket: Ticket, actor: str, old: str | None, new: str, reason: str,
          now: datetime) -> None:
    """A takeover step, in the ticket's history (what changed) and in its log (where the conversation is
    read, so that the agent's part of it reads in order with the messages)."""
    workflow.record(db_session=db_session, ticket=ticket, actor=actor, field="takeover", old=old, new=new,
                    reason=reason, now=now)
    add_log(db_session=db_session, ticket=ticket, kind="takeover",
            line=LogLine("system", actor, f"takeover {new}" + (f": {reason}" if reason else "")))
