"""The steps of a remote session that call the tool's server, between transactions of their own.

The tool is another server: it is never called with a transaction open, and what it answers is stored at once.
So a consent is committed before the invitation is asked for; an invitation the tool could not make leaves the
session consented, with the error said, and the watcher asks again on its next pass. Whatever the tool says
later (a device joined, a session started or ended) is stored by `watch`, which the doors' process runs every
few seconds for every client (bot/remote/watcher.py).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from servicedesk.database import unit_of_work
from servicedesk.errors import RemoteAssistanceRefused
from servicedesk.models import utcnow
from servicedesk.remote import service
from servicedesk.remote.models import CONSENTED, INVITED, JOINED, RemoteSession
from servicedesk.remote.providers import Device, RemoteProvider
from servicedesk.tickets.lifecycle import OPEN
from servicedesk.tickets.models import Ticket


def consent(factory: sessionmaker[Session], *, session_id: int, requester: str, consent: bool,
            provider: RemoteProvider | None, hours: int, now: datetime | None = None) -> RemoteSession:
    """The requester's answer, committed; then, for a yes to a tool that invites, the invitation made and sent."""
    with unit_of_work(factory) as db_session:
        session = service.answer(db_session=db_session, session_id=session_id, requester=requester,
                                 consent=consent, now=now)
        invites = session.state == CONSENTED and provider is not None and provider.invites
    if invites and provider is not None:
        invite(factory, session_id=session_id, provider=provider, hours=hours, now=now)
    with factory() as db_session:
        return db_session.get_one(RemoteSession, session_id)


def invite(factory: sessionmaker[Session], *, session_id: int, provider: RemoteProvider, hours: int,
           now: datetime | None = None) -> bool:
    """Ask the tool for the invitation of a consented session, and send it; False when the tool did not answer."""
    try:
        invitation = provider.invite(hours=hours)
    except RemoteAssistanceRefused as error:
        with unit_of_work(factory) as db_session:
            service.failed(session=_locked(db_session, session_id), error=error)
        return False
    with unit_of_work(factory) as db_session:
        session = _locked(db_session, session_id)
        if session.state == CONSENTED:  # an agent may have ended it meanwhile
            service.invited(db_session=db_session, session=session, invitation=invitation, now=now)
    return True


@dataclass(frozen=True)
class _Watched:
    """A live session as the watcher reads it, outside any transaction."""

    id: int
    state: str
    ticket_open: bool
    group_ref: str | None
    devices_before: frozenset[str]
    device_ref: str | None
    expires_at: datetime | None


def watch(factory: sessionmaker[Session], *, provider: RemoteProvider, hours: int,
          now: datetime | None = None) -> list[str]:
    """One pass over the client's live sessions of this tool: invitations still to make, devices that joined,
    sessions started and ended, sessions over. What happened, one line each, for the log."""
    now = now or utcnow()
    lines: list[str] = []
    watched, taken = _read(factory, provider.name)
    for row in watched:
        try:
            line = _step(factory, row, provider, hours, taken, now)
        except RemoteAssistanceRefused as error:
            with unit_of_work(factory) as db_session:
                service.failed(session=_locked(db_session, row.id), error=error)
            line = f"session {row.id}: {error}"
        if line:
            lines.append(line)
    return lines


def _read(factory: sessionmaker[Session], provider: str) -> tuple[list[_Watched], set[str]]:
    with factory() as db_session:
        rows = db_session.execute(
            select(RemoteSession, Ticket.status).join(Ticket, Ticket.id == RemoteSession.ticket_id)
            .where(RemoteSession.provider == provider, RemoteSession.state.in_((CONSENTED, INVITED, JOINED)))
            .order_by(RemoteSession.id)).all()
        taken = set(db_session.scalars(select(RemoteSession.device_ref).where(
            RemoteSession.provider == provider, RemoteSession.device_ref.is_not(None))))
    return [_Watched(session.id, session.state, status in OPEN, session.group_ref,
                     frozenset(session.devices_before or ()), session.device_ref, session.invitation_expires_at)
            for session, status in rows], {ref for ref in taken if ref}


def _step(factory: sessionmaker[Session], row: _Watched, provider: RemoteProvider, hours: int, taken: set[str],
          now: datetime) -> str | None:
    if not row.ticket_open:
        return _expire(factory, row, "the ticket is no longer open", now)
    if row.state == CONSENTED:
        made = provider.invites and invite(factory, session_id=row.id, provider=provider, hours=hours, now=now)
        return f"session {row.id}: invitation sent" if made else None
    if row.state == INVITED and row.group_ref:
        device = _newcomer(provider.devices(group_ref=row.group_ref), row.devices_before, taken)
        if device is None:
            expired = row.expires_at is not None and row.expires_at <= now
            return _expire(factory, row, "the invitation expired", now) if expired else None
        taken.add(device.ref)
        with unit_of_work(factory) as db_session:
            session = _locked(db_session, row.id)
            if session.state != INVITED:  # another replica saw it first
                return None
            service.joined(db_session=db_session, session=session, device=device, now=now)
        return f"session {row.id}: device {device.name} joined"
    if row.state == JOINED and row.device_ref:
        events = provider.events(device_ref=row.device_ref)
        with unit_of_work(factory) as db_session:
            session = _locked(db_session, row.id)
            new = service.log_events(db_session=db_session, session=session, events=events) \
                if session.state == JOINED else 0
        return f"session {row.id}: {new} session event(s) logged" if new else None
    return None


def _locked(db_session: Session, session_id: int) -> RemoteSession:
    """The session's row, held until the transaction ends (FOR UPDATE on PostgreSQL): two doors replicas watching
    at once write one after the other, and the second sees what the first did (SQLite has one writer anyway)."""
    return db_session.get_one(RemoteSession, session_id, with_for_update=True, populate_existing=True)


def _newcomer(devices: list[Device], before: frozenset[str], taken: set[str]) -> Device | None:
    """The device that came into the group since the invitation and no other session claimed; connected first."""
    new = [device for device in devices if device.ref not in before and device.ref not in taken]
    return next((device for device in new if device.online), new[0] if new else None)


def _expire(factory: sessionmaker[Session], row: _Watched, why: str, now: datetime) -> str:
    with unit_of_work(factory) as db_session:
        session = _locked(db_session, row.id)
        if session.state not in (CONSENTED, INVITED, JOINED):  # ended meanwhile
            return f"session {row.id}: over"
        service.expire(db_session=db_session, session=session, why=why, now=now)
    return f"session {row.id}: over ({why})"
