"""The questions the use cases ask the people directory. `db_session` is the client's own database (one per
client), so no function needs a client argument: the directory a session reads is that client's."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.people.models import Person, PersonChatId
from servicedesk.tickets.models import Ticket

_MAIL_ACTOR = "email:"  # the e-mail door's actor ids: "email:alice@example.com"


def normalise_email(email: str) -> str:
    """Addresses compare without case or surrounding blanks, as the doors' verified addresses do."""
    return email.strip().casefold()


def person_by_email(*, db_session: Session, email: str) -> Person | None:
    """The active person with this address, whatever its case; None when the directory does not know it."""
    return db_session.scalar(select(Person).where(Person.email == normalise_email(email), Person.active))


def person_by_chat_id(*, db_session: Session, chat_id: str) -> Person | None:
    """The active person known under this chat user id ("slack:T1:U1"); None when nobody is."""
    return db_session.scalar(select(Person).join(PersonChatId)
                             .where(PersonChatId.chat_id == chat_id.strip(), Person.active))


def person_by_user(*, db_session: Session, user: str, email: str | None = None) -> Person | None:
    """The person behind a user as the use cases know them: an e-mail address, or an actor id ("slack:T1:U1",
    "email:alice@example.com"), with the address a door verified for them when there is one. The address wins:
    it is the key the directory is matched on; then the chat ids the directory's source gave; then the address a
    door verified when this chat user opened a ticket (so a manager who once wrote to the bot from Slack is found
    by their Slack id without anyone typing it into a CSV file)."""
    address = email or (user[len(_MAIL_ACTOR):] if user.startswith(_MAIL_ACTOR) else user if "@" in user and
                        ":" not in user else None)
    if address:
        person = person_by_email(db_session=db_session, email=address)
        if person is not None:
            return person
    person = person_by_chat_id(db_session=db_session, chat_id=user)
    if person is not None or address:
        return person
    verified = db_session.scalar(select(Ticket.requester_email).where(
        Ticket.requester == user, Ticket.requester_email.is_not(None)).order_by(Ticket.id.desc()).limit(1))
    return person_by_email(db_session=db_session, email=verified) if verified else None


def manager_of(*, db_session: Session, user: str, email: str | None = None) -> Person | None:
    """The manager of a user (an address or an actor id, see person_by_user) as the directory says; None when
    the user, their manager link or the manager is unknown, so that the caller falls back to its own rule."""
    person = person_by_user(db_session=db_session, user=user, email=email)
    if person is None or not person.manager_email or person.manager_email == person.email:
        return None
    return person_by_email(db_session=db_session, email=person.manager_email)
