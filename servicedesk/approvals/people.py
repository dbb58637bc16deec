"""Whose manager someone is, for approvals: the one question they ask the people directory (servicedesk.people),
kept behind this function so that the approval rules never depend on how the directory is filled."""

from sqlalchemy.orm import Session

from servicedesk.people import service as people


def manager_email(*, db_session: Session, user: str, email: str | None = None) -> str | None:
    """The address of the manager of `user` (an actor id or an address, with the address a door verified);
    None when the directory does not know them or their manager."""
    manager = people.manager_of(db_session=db_session, user=user, email=email)
    return manager.email if manager is not None else None


def language_of(*, db_session: Session, email: str) -> str | None:
    """The language the directory knows for this person; None when it knows none (the caller's default)."""
    person = people.person_by_email(db_session=db_session, email=email)
    return person.language if person is not None else None
