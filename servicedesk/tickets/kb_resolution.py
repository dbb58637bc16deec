"""Level 1 resolving from the knowledge base (DESIGN.md step 3): the user applied a known fix or a
workaround proposed from the client's KB and said it worked, so the ticket is resolved with the coded
fields (resolution "known fix applied" or "workaround", the article linked) and closed at once, the user
having confirmed in the conversation; the satisfaction request follows as for any closing.

The KB itself (kb_index/) is not imported here: the dialogue passes what it proposed as a KnownFix."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from servicedesk.models import utcnow
from servicedesk.settings.desk import ClientDesk
from servicedesk.tickets import workflow
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.resolution import lesson_of, resolve_ticket
from servicedesk.tickets.service import LogLine, add_log, attach

KNOWN_FIX, WORKAROUND = "known_fix_applied", "workaround"
RESOLVER = "relais"  # who the history says resolved: no agent, the KB in the chat (servicedesk.reports counts it)
__all__ = ["KNOWN_FIX", "RESOLVER", "WORKAROUND", "KnownFix", "lesson_of", "record_failed_fixes",
           "resolve_with_known_fix"]


@dataclass(frozen=True)
class KnownFix:
    doc_id: str
    title: str
    link: str = ""
    workaround: bool = False  # a known error's workaround rather than its definitive fix


def resolve_with_known_fix(*, db_session: Session, ticket: Ticket, fix: KnownFix, desk: ClientDesk, actor: str,
                           now: datetime | None = None) -> dict[str, str]:
    """Resolved and closed at once; returns what the client's KB should learn (servicedesk.tickets.resolution)."""
    now = now or utcnow()
    reference = fix.link or f"kb:{fix.doc_id}"
    attach(ticket=ticket, reference=reference, name=fix.title[:300], added_by="relais", kind="kb")
    add_log(db_session=db_session, ticket=ticket, kind="kb_fix",
            line=LogLine("requester", actor, f"the fix from {fix.doc_id} worked", now))
    lesson = resolve_ticket(db_session=db_session, ticket=ticket, desk=desk, actor=RESOLVER,
                            category=desk.category_for(ticket.service), cause_code=desk.cause_for_known_fix(),
                            resolution_code=WORKAROUND if fix.workaround else KNOWN_FIX,
                            solution=f"{fix.title} — {reference}", now=now)
    workflow.close(db_session=db_session, ticket=ticket, actor=actor, by="requester", agreements=desk, now=now)
    return lesson


def record_failed_fixes(*, db_session: Session, ticket: Ticket, tried: list[KnownFix], actor: str) -> None:
    """What level 1 tried, on the ticket, so that level 2 does not propose it again."""
    titles = "; ".join(f"{fix.title} ({fix.doc_id})" for fix in tried)
    add_log(db_session=db_session, ticket=ticket, kind="kb_fix",
            line=LogLine("requester", actor, f"tried without success: {titles}"))
