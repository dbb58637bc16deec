"""Drafts other steps start for an editor to finish: from a resolved ticket (issue 15 item 3), from the words of
users nobody answered (the gaps list, item 2). A draft is never published here: nothing goes live without an
editor, who reads it, corrects it and publishes it in the studio (servicedesk.articles.service.save).

    start_draft(db_session=…, title=…, body=…, language="fr", actor="console:eve", origin="gap:…")
    draft_from_ticket(db_session=…, ticket=…, actor=…, personal_hosts=settings.privacy.personal_hosts)
"""

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.articles import service
from servicedesk.articles.content import LANGUAGES, TITLE_LENGTH, Content
from servicedesk.articles.errors import InvalidArticle
from servicedesk.articles.models import Article
from servicedesk.articles.personal import scrub
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import Ticket

DONE = (Status.RESOLVED.value, Status.CLOSED.value)
_SECTIONS = {
    "fr": {"symptom": "Symptôme", "error": "Message d'erreur", "solution": "Solution"},
    "en": {"symptom": "Symptom", "error": "Error message", "solution": "Solution"},
}


def start_draft(*, db_session: Session, title: str, body: str, actor: str, language: str = "fr",
                kind: str = "article", services: Iterable[str] = (), error_text: str = "", origin: str = "",
                note: str = "") -> Article:
    """A new article, version 1 a draft, holding these words (a group of users' questions, a ticket's story)."""
    language = language if language in LANGUAGES else "fr"
    content = Content(title=title[:TITLE_LENGTH], kind=kind, language=language, body=body,
                      services=tuple(services), error_text=error_text)
    return service.create(db_session=db_session, content=content, actor=actor, origin=origin, note=note)


def draft_from_ticket(*, db_session: Session, ticket: Ticket, actor: str,
                      personal_hosts: Iterable[str] = ()) -> Article:
    """The resolved ticket's description, error and solution as a draft, its personal data removed
    (servicedesk.articles.personal); the draft already made from this ticket, when there is one."""
    if ticket.status not in DONE or not (ticket.solution or "").strip():
        raise InvalidArticle("ticket_not_resolved", number=ticket.number)
    origin = f"ticket:{ticket.number}"
    made = db_session.scalar(select(Article).where(Article.origin == origin))
    if made is not None:
        return made
    language = ticket.language if ticket.language in LANGUAGES else "fr"
    hosts = list(personal_hosts)
    names = [ticket.requester, ticket.assignee_name or "", ticket.requested_for,
             *(entry.author for entry in ticket.log if entry.author_kind in ("requester", "agent"))]

    def clean(text: str) -> str:
        return scrub(text or "", language=language, names=names, hosts=hosts).strip()

    words = _SECTIONS[language]
    error = clean(ticket.error_message)
    parts = [f"## {words['symptom']}\n{clean(ticket.description)}"]
    if error:
        parts.append(f"## {words['error']}\n`{error}`")
    parts.append(f"## {words['solution']}\n{clean(ticket.solution or '')}")
    title = clean(ticket.title) or ticket.number or "article"
    return start_draft(db_session=db_session, title=title, body=f"# {title}\n\n" + "\n\n".join(parts), actor=actor,
                       language=language, kind="known_error" if error else "article", services=[ticket.service],
                       error_text=error, origin=origin, note=f"drafted from {ticket.number}")
