"""The use cases of a remote session, one per step; each takes the caller's session and never commits.

    ask          an agent (console, Slack card, REST API) or level 1 asks for hands on the machine: the row, a log
                 line, and the consent question (queued to the requester, or in level 1's own reply) — nothing
                 else happens until they answer
    answer       the requester's yes or no, recorded with who and when; a yes to a code tool queues its steps
    invited      the provider made the invitation: kept, logged, and the link with three steps queued to them
    give_code    the requester typed the code their tool shows: on the ticket for the technician
    awaiting_consent, awaiting_code
                 the requester's session a yes or no, or a code, typed in the chat answers (level 1)
    joined       the user's device is in the group: its link on the ticket (an attachment) and in the log, and
                 the agents' channel told
    log_events   a technician's sessions on the device, each logged once, start and end
    end, expire  the agent closes it, or it runs out (invitation expired, ticket closed)

Who answers is checked here, not only by the page: a session is answered by its ticket's requester only, and a
session of another ticket, another requester or no ticket at all is refused as one that does not exist.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from servicedesk.errors import RemoteAssistanceRefused
from servicedesk.models import utcnow
from servicedesk.notifications.service import notify
from servicedesk.remote.models import ASKED, CONSENTED, ENDED, EXPIRED, INVITED, JOINED, LIVE, REFUSED, RemoteSession
from servicedesk.remote.providers import Device, Invitation, SessionEvent
from servicedesk.tickets.lifecycle import OPEN
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import LogLine, add_log, attach
from servicedesk.tickets.workflow import record

KIND = "remote"  # the log lines' kind: the ticket page shows them as remote assistance
_CODE_LENGTH = 120


def live_session(*, db_session: Session, ticket: Ticket) -> RemoteSession | None:
    """The ticket's session still under way, if any: at most one at a time."""
    return db_session.scalar(select(RemoteSession).where(RemoteSession.ticket_id == ticket.id,
                                                         RemoteSession.state.in_(LIVE))
                             .order_by(RemoteSession.id.desc()).limit(1))


def sessions_of(*, db_session: Session, ticket: Ticket) -> list[RemoteSession]:
    """Every session asked on the ticket, latest first: what its page shows."""
    return list(db_session.scalars(select(RemoteSession).where(RemoteSession.ticket_id == ticket.id)
                                   .order_by(RemoteSession.id.desc())))


def ask(*, db_session: Session, ticket: Ticket, provider: str, tool: str, actor: str, notify_requester: bool = True,
        now: datetime | None = None) -> RemoteSession:
    """The agent's request, or the bot's after its fixes failed. Refused on a ticket no longer open, or with a
    session already under way. The bot asks in its own reply (`notify_requester=False`): a notice beside it would
    ask the same question twice."""
    now = now or utcnow()
    if ticket.status not in OPEN:
        raise RemoteAssistanceRefused("ticket_closed", number=ticket.number, status=ticket.status)
    if live_session(db_session=db_session, ticket=ticket) is not None:
        raise RemoteAssistanceRefused("in_progress", number=ticket.number)
    session = RemoteSession(ticket_id=ticket.id, provider=provider, tool=tool, state=ASKED, requested_by=actor,
                            requested_at=now, devices_before=[], events_seen=[], updated_at=now)
    db_session.add(session)
    db_session.flush()
    _log(db_session, ticket, "system", "relais", f"remote assistance ({tool}) asked by {actor}: waiting for the "
                                                 "requester's consent", now)
    _history(db_session, ticket, actor, None, ASKED, tool, now)
    if not notify_requester:
        return session
    notify(db_session=db_session, dedup_key=f"remote_consent:{session.id}", event="remote_consent",
           audience="requester", recipient=ticket.requester, ticket_id=ticket.id, channel=ticket.channel,
           language=ticket.language, payload={"number": ticket.number, "session": session.id, "tool": tool})
    return session


def awaiting_consent(*, db_session: Session, requester: str) -> tuple[RemoteSession, Ticket] | None:
    """The requester's latest session still waiting for their yes or no, on a ticket of theirs still open: what
    "oui allez-y" typed in the chat answers."""
    return _latest_of(db_session, requester, RemoteSession.state == ASKED, newest=RemoteSession.requested_at)


def awaiting_code(*, db_session: Session, requester: str) -> tuple[RemoteSession, Ticket] | None:
    """The requester's latest consented session of a code tool still waiting for the code their tool shows: what
    "le code c'est 482 913" typed in the chat gives."""
    return _latest_of(db_session, requester, RemoteSession.state == CONSENTED, RemoteSession.provider == "code",
                      newest=RemoteSession.answered_at)


def _latest_of(db_session: Session, requester: str, *where: ColumnElement[bool],
               newest: InstrumentedAttribute[Any]) -> tuple[RemoteSession, Ticket] | None:
    row = db_session.execute(select(RemoteSession, Ticket).join(Ticket, Ticket.id == RemoteSession.ticket_id)
                             .where(*where, Ticket.requester == requester, Ticket.status.in_(OPEN))
                             .order_by(newest.desc(), RemoteSession.id.desc()).limit(1)).first()
    return (row[0], row[1]) if row is not None else None


def get_for_requester(*, db_session: Session, session_id: int, requester: str) -> tuple[RemoteSession, Ticket]:
    """The session and its ticket if `requester` is the ticket's requester; "unknown" otherwise, as for an id
    that does not exist."""
    session = db_session.get(RemoteSession, session_id)
    ticket = db_session.get(Ticket, session.ticket_id) if session is not None else None
    if session is None or ticket is None or ticket.requester != requester:
        raise RemoteAssistanceRefused("unknown")
    return session, ticket


def answer(*, db_session: Session, session_id: int, requester: str, consent: bool,
           now: datetime | None = None) -> RemoteSession:
    """The requester's yes or no, once. A yes to a tool with no server queues its steps at once; a yes to one
    that invites waits for the invitation (servicedesk.remote.flows makes it outside the transaction)."""
    now = now or utcnow()
    session, ticket = get_for_requester(db_session=db_session, session_id=session_id, requester=requester)
    if session.state != ASKED:
        raise RemoteAssistanceRefused("answered", number=ticket.number, state=session.state)
    if consent and ticket.status not in OPEN:
        raise RemoteAssistanceRefused("ticket_closed", number=ticket.number, status=ticket.status)
    session.state, session.answered_by, session.answered_at = (CONSENTED if consent else REFUSED), requester, now
    word = "agreed to" if consent else "declined"
    _log(db_session, ticket, "requester", requester, f"{word} remote assistance ({session.tool})", now)
    _history(db_session, ticket, requester, ASKED, session.state, "the requester's answer", now)
    if consent and session.provider == "code":
        notify(db_session=db_session, dedup_key=f"remote_steps:{session.id}", event="remote_code_steps",
               audience="requester", recipient=ticket.requester, ticket_id=ticket.id, channel=ticket.channel,
               language=ticket.language, payload={"number": ticket.number, "session": session.id,
                                                  "tool": session.tool})
    return session


def invited(*, db_session: Session, session: RemoteSession, invitation: Invitation,
            now: datetime | None = None) -> None:
    """The invitation is made: kept on the session, and sent to the requester with its three steps."""
    now = now or utcnow()
    ticket = db_session.get_one(Ticket, session.ticket_id)
    session.state, session.invitation_url = INVITED, invitation.url
    session.invitation_expires_at, session.group_ref = invitation.expires_at, invitation.group_ref
    session.devices_before, session.last_error = list(invitation.devices_before), None
    _log(db_session, ticket, "system", "relais", f"{session.tool} invitation sent to the requester, valid until "
                                                 f"{invitation.expires_at:%Y-%m-%d %H:%M} UTC", now)
    notify(db_session=db_session, dedup_key=f"remote_invitation:{session.id}", event="remote_invitation",
           audience="requester", recipient=ticket.requester, ticket_id=ticket.id, channel=ticket.channel,
           language=ticket.language, payload={"number": ticket.number, "session": session.id, "tool": session.tool,
                                              "url": invitation.url,
                                              "expires_at": invitation.expires_at.isoformat()})


def failed(*, session: RemoteSession, error: RemoteAssistanceRefused) -> None:
    """The provider did not answer: said on the session for the agent; the watcher tries again."""
    session.last_error = str(error)[:300]


def give_code(*, db_session: Session, session_id: int, requester: str, code: str,
              now: datetime | None = None) -> RemoteSession:
    """The code the requester's tool shows, on the ticket for the technician to join with."""
    now = now or utcnow()
    session, ticket = get_for_requester(db_session=db_session, session_id=session_id, requester=requester)
    code = " ".join(code.split())
    if session.provider != "code" or session.state not in (CONSENTED, JOINED):
        raise RemoteAssistanceRefused("answered", number=ticket.number, state=session.state)
    if not code or len(code) > _CODE_LENGTH:
        raise RemoteAssistanceRefused("bad_code", number=ticket.number)
    session.session_code, session.state = code, JOINED
    _log(db_session, ticket, "requester", requester, f"{session.tool} session code: {code}", now)
    return session


def joined(*, db_session: Session, session: RemoteSession, device: Device, now: datetime | None = None) -> None:
    """The user's machine is in the group: the technician's link on the ticket."""
    now = now or utcnow()
    ticket = db_session.get_one(Ticket, session.ticket_id)
    session.state, session.device_ref, session.device_name, session.device_link = (
        JOINED, device.ref, device.name, device.link)
    attach(ticket=ticket, reference=device.link, added_by="relais", name=f"{session.tool}: {device.name}",
           kind="link")
    _log(db_session, ticket, "system", "relais", f"the requester's device {device.name} joined {session.tool}: "
                                                 f"{device.link}", now)
    _history(db_session, ticket, "relais", INVITED, JOINED, device.name, now)
    notify(db_session=db_session, dedup_key=f"remote_joined:{session.id}", event="remote_device_joined",
           audience="agents", recipient=ticket.group_name or "", ticket_id=ticket.id, language=ticket.language,
           payload={"number": ticket.number, "tool": session.tool, "device": device.name, "url": device.link})


def log_events(*, db_session: Session, session: RemoteSession, events: list[SessionEvent]) -> int:
    """Each session start and end not logged yet, at the time the provider gives; how many were new."""
    ticket = db_session.get_one(Ticket, session.ticket_id)
    seen, new = set(session.events_seen or []), 0
    for event in events:
        if event.key in seen:
            continue
        seen.add(event.key)
        who = f" by {event.who}" if event.who else ""
        length = f" after {event.seconds} s" if event.seconds is not None else ""
        _log(db_session, ticket, "system", "relais",
             f"{session.tool} {event.what} session {event.kind}{who} on {session.device_name}{length}", event.at)
        new += 1
    session.events_seen = sorted(seen)
    return new


def end(*, db_session: Session, ticket: Ticket, actor: str, now: datetime | None = None) -> RemoteSession:
    """The agent is done with it (or withdraws the request)."""
    now = now or utcnow()
    session = live_session(db_session=db_session, ticket=ticket)
    if session is None:
        raise RemoteAssistanceRefused("unknown", number=ticket.number)
    _close(db_session, ticket, session, ENDED, actor, f"remote assistance ({session.tool}) ended by {actor}", now)
    return session


def expire(*, db_session: Session, session: RemoteSession, why: str, now: datetime | None = None) -> None:
    """Over without anyone ending it: the invitation ran out, or the ticket is no longer open."""
    now = now or utcnow()
    ticket = db_session.get_one(Ticket, session.ticket_id)
    state = ENDED if session.state == JOINED else EXPIRED
    _close(db_session, ticket, session, state, "relais", f"remote assistance ({session.tool}) over: {why}", now)


def _close(db_session: Session, ticket: Ticket, session: RemoteSession, state: str, actor: str, text: str,
           now: datetime) -> None:
    old, session.state = session.state, state
    _log(db_session, ticket, "system", "relais", text, now)
    _history(db_session, ticket, actor, old, state, "", now)


def _log(db_session: Session, ticket: Ticket, kind: str, author: str, text: str, at: datetime) -> None:
    add_log(db_session=db_session, ticket=ticket, line=LogLine(kind, author, text, at), kind=KIND)


def _history(db_session: Session, ticket: Ticket, actor: str, old: str | None, new: str, reason: str,
             at: datetime) -> None:
    record(db_session=db_session, ticket=ticket, actor=actor, field="remote_session", old=old, new=new,
           reason=reason, now=at)
