"""The journal's kept messages: what a user said while the dialogue engine could not answer (down, or an action
that died mid-turn), kept so that it is answered later, once, in order, by whichever doors replica gets to it.

    journalled ──(Rasa answers)──────────────────────────────► answered
        │ (Rasa down, or answered nothing)
        ▼
      kept ──claim──► replaying ──(replies queued in the outbox)──► replayed
        ▲                 │ (Rasa still down: released)
        └─────────────────┘

A claim is one conditional UPDATE, so two replicas never both replay a row; a replica that dies holding one
leaves it `replaying`, and after LEASE it may be claimed again (the replayer then asks Rasa's tracker whether the
first attempt got through before sending anything). A message journalled but never handled (the doors died during
its turn) is due the same way after LEASE. Within a conversation only the oldest unfinished message is ever
claimed: a conversation is replayed in the order its user wrote, by one replayer at a time.

The replies are queued in the outbox in the transaction that marks the row replayed (`dedup_key` per reply):
delivered through the user's own channel like any notice, never twice.
"""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from servicedesk.conversations.models import Conversation, InboundMessage
from servicedesk.conversations.service import active_takeover, log_message
from servicedesk.database import changed_rows
from servicedesk.models import utcnow
from servicedesk.notifications.service import notify
from servicedesk.tickets.models import Ticket

KEPT, REPLAYING, REPLAYED = "kept", "replaying", "replayed"
EVENT = "replayed_reply"  # the outbox event of one reply to a replayed message (bot/live_notices.py says it)
LEASE = timedelta(seconds=120)  # longer than any turn (the doors wait 30 s for Rasa): a claim older is abandoned
ORPHANS = timedelta(days=1)  # a message journalled but never handled is replayed if this recent, never older
TIMEOUT = "timeout: "  # how a kept row's error starts when Rasa was too slow rather than down: it may still be
# working on that turn, and would save it in its tracker only at the end, so the row waits LEASE before a replay
CHAT = ("slack", "teams", "webchat")  # the journal's channels that talk to Rasa (not the e-mail replies)


def keep(*, message: InboundMessage, error: str, sent: str, now: datetime | None = None) -> None:
    """The message could not be answered: kept for replay, with the text Rasa should get (files as links)."""
    message.handled_at, message.outcome, message.error = now or utcnow(), KEPT, error[:500]
    message.data = {**(message.data or {}), "sent": sent}


def _unfinished(now: datetime) -> Any:
    """Rows a replayer may take: kept; or abandoned, claimed or journalled longer than LEASE ago (a journalled
    row older than ORPHANS was left by a crash long before replays existed: nobody waits for it now)."""
    stale = now - LEASE
    return and_(InboundMessage.channel.in_(CHAT), or_(
        and_(InboundMessage.outcome == KEPT, or_(InboundMessage.error.is_(None),
                                                 ~InboundMessage.error.startswith(TIMEOUT),
                                                 InboundMessage.handled_at < stale)),
        and_(InboundMessage.outcome == REPLAYING, InboundMessage.handled_at < stale),
        and_(InboundMessage.outcome.is_(None), InboundMessage.received_at < stale,
             InboundMessage.received_at > now - ORPHANS)))


def waiting(*, db_session: Session, now: datetime | None = None, limit: int = 100) -> list[str]:
    """The conversations with a message to replay, the longest waiting first."""
    query = (select(InboundMessage.conversation_key).where(_unfinished(now or utcnow()))
             .group_by(InboundMessage.conversation_key).order_by(func.min(InboundMessage.id)).limit(limit))
    return list(db_session.scalars(query))


def next_of(*, db_session: Session, conversation_key: str, now: datetime | None = None) -> InboundMessage | None:
    """The conversation's next message to replay; None when there is none, or when its oldest unfinished one is
    in another replayer's hands (claimed within LEASE, or still in its first turn): the order is that one's."""
    now = now or utcnow()
    oldest = db_session.scalar(
        select(InboundMessage).where(InboundMessage.conversation_key == conversation_key,
                                     InboundMessage.channel.in_(CHAT),
                                     or_(InboundMessage.outcome.in_((KEPT, REPLAYING)),
                                         and_(InboundMessage.outcome.is_(None),
                                              InboundMessage.received_at > now - ORPHANS)))
        .order_by(InboundMessage.id).limit(1))
    if oldest is None:
        return None
    return oldest if db_session.scalar(select(InboundMessage.id).where(
        InboundMessage.id == oldest.id, _unfinished(now))) is not None else None


def claim(*, db_session: Session, message_id: int, now: datetime | None = None) -> bool:
    """Take the row for replay; False when another replayer has it. The caller commits before replaying."""
    now = now or utcnow()
    return changed_rows(db_session, update(InboundMessage)
                        .where(InboundMessage.id == message_id, _unfinished(now))
                        .values(outcome=REPLAYING, handled_at=now)
                        .execution_options(synchronize_session=False)) == 1


def release(*, db_session: Session, message_id: int, error: str, now: datetime | None = None) -> None:
    """Rasa still cannot answer: the row is kept again, for the next attempt."""
    db_session.execute(update(InboundMessage)
                       .where(InboundMessage.id == message_id, InboundMessage.outcome == REPLAYING)
                       .values(outcome=KEPT, handled_at=now or utcnow(), error=error[:500])
                       .execution_options(synchronize_session=False))


def for_agent(*, db_session: Session, message: InboundMessage, now: datetime | None = None) -> bool:
    """An agent has the conversation now: the kept message goes to the ticket's log, where they read the live
    conversation, rather than to the dialogue, which stays silent while a person has it. False with no agent."""
    takeover = active_takeover(db_session=db_session, conversation_key=message.conversation_key)
    if takeover is None:
        return False
    log_message(db_session=db_session, takeover=takeover, author_kind="requester", author=message.requester,
                text=str((message.data or {}).get("shown") or message.text))
    message.handled_at, message.outcome, message.error = now or utcnow(), "to_agent", None
    return True


def ticket_since(*, db_session: Session, message: InboundMessage) -> Ticket | None:
    """The conversation's ticket opened since the message came: a turn that reached the actions before dying did
    open it (its answer was lost); replaying that message would open a second one."""
    return db_session.scalar(select(Ticket).where(Ticket.conversation_id == message.conversation_key,
                                                  Ticket.created_at >= message.received_at)
                             .order_by(Ticket.id.desc()).limit(1))


def replayed(*, db_session: Session, message: InboundMessage, replies: list[dict[str, Any]], language: str,
             now: datetime | None = None) -> int:
    """The replayed message's replies ({"text", "buttons", "image", "author"}) queued for its conversation, and the
    row marked replayed, in the caller's one transaction; the number of replies queued."""
    conversation = db_session.scalar(select(Conversation).where(Conversation.key == message.conversation_key))
    for number, reply in enumerate(replies):
        notify(db_session=db_session, dedup_key=f"{EVENT}:{message.id}:{number}", event=EVENT, audience="requester",
               recipient=conversation.requester if conversation else message.requester, language=language,
               channel=conversation.channel if conversation else message.channel,
               payload={"conversation": message.conversation_key, "message_id": message.id, "reply": reply})
    message.handled_at, message.outcome, message.error = now or utcnow(), REPLAYED, None
    return len(replies)
