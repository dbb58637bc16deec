"""Announcing, updating and ending a planned event. Every message goes through the outbox, to the
client's announcement channel and, when targeted, to each user who recently reported a problem on an
affected service; payloads carry the announcement id so channels keep updates in one thread.

Each message is in its recipient's language: a user's is the one of the ticket they reported, the channel's is
the client's language (its settings' `client.language`), which the caller reads and passes. Words written in
several languages (`translations`) travel whole in every payload, so the door that delivers says the ones of
the language its reader speaks; `title` and `body` are the client's language's, or the only ones written."""

from collections.abc import Collection, Mapping
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.announcements.models import Announcement, AnnouncementPost, AnnouncementUpdate
from servicedesk.errors import InvalidAnnouncement
from servicedesk.language import Language, language_of
from servicedesk.models import utcnow
from servicedesk.notifications.models import Notification
from servicedesk.notifications.service import notify
from servicedesk.tickets.models import Ticket

AUDIENCE_WINDOW = timedelta(days=90)
CHANNEL = "announcements"  # the recipient of what goes to the client's announcement channel
EVENTS = ("announcement", "announcement_update", "announcement_end")


KINDS = ("major_incident", "planned_change")
TITLE_LENGTH = 200  # the column's


def create(*, db_session: Session, kind: str, title: str, body: str, services: list[str], starts_at: datetime,
           client_language: Language, ends_at: datetime | None = None, targeted: bool = False,
           ticket_id: int | None = None, translations: Mapping[str, Mapping[str, str]] | None = None,
           catalogue: Collection[str] | None = None) -> Announcement:
    """Announce and post at once. `translations`: language -> {"title", "body"}, the client's language's
    words included or not; `catalogue`, when given, the client's services, which `services` must be among."""
    if kind not in KINDS:
        raise InvalidAnnouncement("kind", value=kind)
    if catalogue is not None and (unknown := [name for name in services if name not in catalogue]):
        raise InvalidAnnouncement("services", services=", ".join(unknown))
    if ends_at is not None and ends_at <= starts_at:
        raise InvalidAnnouncement("window")
    words = {language: {"title": text.get("title", "").strip(), "body": text.get("body", "").strip()}
             for language, text in (translations or {}).items()}
    for language, text in [(client_language, {"title": title.strip(), "body": body.strip()}), *words.items()]:
        if not text["title"] or not text["body"]:
            raise InvalidAnnouncement("text", language=language)
        if len(text["title"]) > TITLE_LENGTH:
            raise InvalidAnnouncement("title_length", max=TITLE_LENGTH)
    announcement = Announcement(kind=kind, title=title.strip(), body=body.strip(), services=services,
                                starts_at=_utc(starts_at), ends_at=_utc(ends_at) if ends_at else None,
                                targeted=targeted, ticket_id=ticket_id, translations=words)
    db_session.add(announcement)
    db_session.flush()
    _broadcast(db_session, announcement, "announcement", _bodies(announcement.body, {
        language: text["body"] for language, text in words.items()}), step=0, client_language=client_language)
    return announcement


def update(*, db_session: Session, announcement: Announcement, body: str, client_language: Language,
           final: bool = False, now: datetime | None = None,
           translations: Mapping[str, str] | None = None) -> AnnouncementUpdate:
    """An update, or the end (final=True), posted in the announcement's thread; `translations`: language ->
    the same words. An announcement that is over takes none (InvalidAnnouncement)."""
    if announcement.ended_at is not None:
        raise InvalidAnnouncement("ended")
    words = {language: text.strip() for language, text in (translations or {}).items()}
    for language, text in [(client_language, body.strip()), *words.items()]:
        if not text:
            raise InvalidAnnouncement("text", language=language)
    entry = AnnouncementUpdate(body=body.strip(), final=final, at=now or utcnow(), translations=words)
    announcement.updates.append(entry)
    if final:
        announcement.ended_at = entry.at
    db_session.flush()
    _broadcast(db_session, announcement, "announcement_end" if final else "announcement_update",
               _bodies(entry.body, words), step=entry.id, client_language=client_language)
    return entry


def get(*, db_session: Session, announcement_id: int) -> Announcement | None:
    return db_session.get(Announcement, announcement_id)


def get_all(*, db_session: Session) -> list[Announcement]:
    """Every announcement, the latest first: what is going on, and what went before."""
    return list(db_session.scalars(select(Announcement).order_by(Announcement.created_at.desc(),
                                                                 Announcement.id.desc())))


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


def _utc(moment: datetime) -> datetime:
    """A moment given in the client's time is kept, and sent in payloads, in UTC, as every stored one."""
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment


def _bodies(body: str, translations: Mapping[str, str]) -> dict[str, str]:
    """The body in each language written, with the client's (or only) one under "" as the fallback."""
    return {"": body, **translations}


def _broadcast(db_session: Session, announcement: Announcement, event: str, bodies: Mapping[str, str], step: int,
               client_language: Language) -> None:
    def payload(language: str) -> dict:
        return {"announcement_id": announcement.id, "kind": announcement.kind,
                "title": announcement.title_in(language), "body": bodies.get(language) or bodies[""],
                "services": announcement.services, "starts_at": announcement.starts_at.isoformat(),
                "ends_at": announcement.ends_at.isoformat() if announcement.ends_at else None,
                "translations": {language: {"title": announcement.title_in(language), "body": text}
                                 for language, text in bodies.items() if language}}

    notify(db_session=db_session, dedup_key=f"{event}:{announcement.id}:{step}:channel", event=event,
           audience="everyone", recipient=CHANNEL, language=client_language, payload=payload(client_language))
    if announcement.targeted:
        for user, (channel, language) in audience(db_session=db_session, services=announcement.services).items():
            spoken = language_of(language, client_language)
            notify(db_session=db_session, dedup_key=f"{event}:{announcement.id}:{step}:{user}", event=event,
                   audience="requester", recipient=user, channel=channel, language=spoken, payload=payload(spoken))


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
