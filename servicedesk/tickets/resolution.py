"""Resolving a ticket, by any path (DESIGN.md step 6 and the small interface of "Shape"): the chat's known fix,
the REST API, the agents' Slack modal. One use case, so that each path checks the same closure codes, asks the
requester the same question, and teaches the client's KB the same lesson.

The KB (kb_index/) is not imported here: resolve_ticket returns the lesson as plain fields of
kb_index.ticket_document, and the adapter feeds it to the client's KB once its transaction has committed (a
resolution that did not commit teaches nothing; a KB that fails to learn does not undo the resolution)."""

from datetime import datetime

from sqlalchemy.orm import Session

from servicedesk.language import language_of
from servicedesk.sla.policy import Agreements
from servicedesk.tickets import workflow
from servicedesk.tickets.models import Ticket


def resolve_ticket(*, db_session: Session, ticket: Ticket, desk: Agreements, actor: str, category: str | None,
                   cause_code: str | None, resolution_code: str | None, solution: str | None,
                   now: datetime | None = None) -> dict[str, str]:
    """Resolve with the coded fields (MissingClosureCodes, InvalidClosureCode otherwise), the requester asked to
    confirm; returns what the client's KB should learn from it."""
    workflow.resolve(db_session=db_session, ticket=ticket, actor=actor, agreements=desk, category=category,
                     cause_code=cause_code, resolution_code=resolution_code, solution=solution, now=now)
    return lesson_of(ticket)


def lesson_of(ticket: Ticket) -> dict[str, str]:
    """What a resolved ticket teaches the client's KB, as the plain fields of kb_index.ticket_document. The
    ticket's language was decided when it was opened (the client's when nothing else said one); the one rule
    of servicedesk.language makes a third one English, a language the KB has a stemmer for."""
    return {"number": ticket.number or "", "title": ticket.title, "description": ticket.description,
            "solution": ticket.solution or "", "resolution_code": ticket.resolution_code or "",
            "language": language_of(ticket.language)}
