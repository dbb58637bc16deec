"""Announcing, updating and ending a planned event. Every message goes through the outbox, to the
client's announcement channel and, when targeted, to each user who recently reported a problem on an
affected service; payloads carry the announcement id so channels keep updates in one thread.

Each message is in its recipient's language: a user's is the one of the ticket they reported, the channel's is
the client's language (its settings' `client.language`), which the caller reads and passes."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.announcements.models import Announcement, AnnouncementPost, AnnouncementUpdate
from servicedesk.language import Language, language_of
from servicedesk.models import utcnow
from servicedesk.notifications.models import Notification
from servicedesk.notifications.service import notify
from servicedesk.tickets.models import Ticket

AUDIENCE_WINDOW = timedelta(days=90)
CHANNEL = "announcements"  # the recipient of what goes to the client's announcement channel
EVENTS = ("announcement", "announcement_update", "announcement_end")


def create(*, db_session: Session, kind: str, title: str, body: str, services: list[str], starts_at: datetime,
           client_language: Language, ends_at: datetime | None = None, targeted: bool = False,
           ticket_id: int | None = None) -> Announcement:
    if kind not in ("major_incident", "planned_change"):
        raise ValueError(f"unknown announcement kind {kind!r}")
    announcement = Announcement(kind=kind, title=title, body=body, services=services, starts_at=starts_at,
                                ends_at=ends_at, targeted=targeted, ticket_id=ticket_id)
    db_session.add(announcement)
    db_session.flush()
    _broadcast(db_session, announcement, "announcement", body, step=0, client_language=client_language)
    return announcement


def update(*, db_session: Session, announcement: Announcement, body: str, client_language: Language,
           final: bool = False, now: datetime | None = None) -> AnnouncementUpdate:
    """An update, or the end (final=True), posted in the announcement's thread."""
    entry = AnnouncementUpdate(body=body, final=final, at=now or utcnow())
    announcement.updates.append(entry)
    if final:
        announcement.ended_at = entry.at
    db_session.flush()
    _broadcast(db_session, announcement, "announcement_end" if final else "announcement_update", body, step=entry.id,
               client_language=client_language)
    return entry


def get_active(*, db_session: Session, now: datetime | None = None) -> list[Announcement]:
    """What is going on or planned: for the bot to mention when a user reports on an affected service."""
    now = now or utcnow()
    query = select(Announcement).where(Announcement.ended_at.is_(None)).order_by(Announcement.starts_at)
    return [a for a in db_session.scalars(query) if a.ends_at is None or a.ends_at >= now]


def audience(*, db_session: Session, services: list[str], now: datetime | None = None) -> dict[str, tuple[str, str]]:
    """Users who reported on these services lately, with the channel and the language of their latest report."""
    since = (now or utcnow()) - AUDIENCE_WINDOW
    query = (select(Ticket.requester, Ticket.channel, Ticket.language)
             .where(Ticket.service.in_(services), Ticket.created_at >= since, Ticket.type != "problem")
             .order_by(Ticket.id))
    return {requester: (channel, language) for requester, channel, language in db_session.execute(query)}


def _broadcast(db_session: Session, announcement: Announcement, event: str, body: str, step: int,
               client_language: Language) -> None:
    payload = {"announcement_id": announcement.id, "kind": announcement.kind, "title": announcement.title,
               "body": body, "services": announcement.services,
               "starts_at": announcement.starts_at.isoformat(),
               "ends_at": announcement.ends_at.isoformat() if announcement.ends_at else None}
    notify(db_session=db_session, dedup_key=f"{event}:{announcement.id}:{step}:channel", event=event,
           audience="everyone", recipient=CHANNEL, language=client_language, payload=payload)
    if announcement.targeted:
        for user, (channel, language) in audience(db_session=db_session, services=announcement.services).items():
            notify(db_session=db_session, dedup_key=f"{event}:{announcement.id}:{step}:{user}", event=event,
                   audience="requester", recipient=user, channel=channel,
                   language=language_of(language, client_language), payload=payload)


# --- where it was posted ---------------------------------------------------------------------------

def get_post(*, db_session: Session, announcement_id: int, recipient: str) -> AnnouncementPost | None:
    """Where the announcement went for this recipient (CHANNEL, or a user): the thread of its follow-ups."""
    return db_session.scalar(select(AnnouncementPost).where(AnnouncementPost.announcement_id == announcement_id,
                                                            AnnouncementPost.recipient == recipient))


def record_post(*, db_session: Session, announcement_id: int, recipient: str, reference: dict,
                now: datetime | None = None) -> AnnouncementPost:
    """Remember the first post for this recipient; a later one never moves the thread."""
    post = get_post(db_session=db_session, announcement_id=announcement_id, recipient=recipient)
    if post is None:
        post = AnnouncementPost(announcement_id=announcement_id, recipient=recipient, reference=reference,
                                posted_at=now or utcnow())
        db_session.add(post)
        db_session.flush()
    return post


def waits_for_earlier(*, db_session: Session, notification: Notification) -> bool:
    """An earlier message of the same announcement to the same recipient is still undelivered: this one must
    wait, or an update would start a thread of its own (or be read before what it updates)."""
    announcement_id = (notification.payload or {}).get("announcement_id")
    if notification.event not in EVENTS or announcement_id is None:
        return False
    earlier = db_session.scalars(select(Notification).where(
        Notification.id < notification.id, Notification.delivered_at.is_(None),
        Notification.recipient == notification.recipient, Notification.event.in_(EVENTS)))
    return any((other.payload or {}).get("announcement_id") == announcement_id for other in earlier)
