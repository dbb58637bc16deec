"""An approver's answer by e-mail: a reply to the question's mail whose first word says the decision — approve,
yes, ok, oui, d'accord… or reject, no, non, refuse… — and whose rest is the reason. The e-mail door has already
found the ticket by the mail's signed reference (never its subject) and stripped the quoted question; the sender
is the mail's From, as the desk's mail server checked it (SPF, DKIM, DMARC). The sender must be one of the
ticket's pending approvers; the domain's decision refuses anything else (their own request, a decided step).
"""

import logging
import re
import unicodedata

from sqlalchemy.orm import Session

from servicedesk.approvals import rules
from servicedesk.approvals import service as approvals
from servicedesk.approvals.errors import AlreadyDecided, ApprovalError
from servicedesk.approvals.models import PENDING
from servicedesk.settings.desk import ClientDesk
from servicedesk.tickets.models import Ticket

logger = logging.getLogger(__name__)

DECIDED = "250 2.0.0 Decision recorded"
ALREADY = "250 2.0.0 This approval was already decided; nothing was changed"
REFUSED = "550 5.7.1 This sender may not decide this approval"
_WORDS = {
    rules.APPROVE: {"approve", "approved", "approuve", "approuvee", "yes", "ok", "okay", "oui", "accord",
                    "d'accord", "accepte", "acceptee", "accept", "accepted", "valide", "validee", "go"},
    rules.REJECT: {"reject", "rejected", "rejete", "rejetee", "no", "non", "refuse", "refusee", "refused",
                   "decline", "declined"},
}
_FIRST = re.compile(r"\s*([\w'’]+)[\s.,;:!-]*(.*)", re.DOTALL)


def decision_of(text: str) -> tuple[str, str] | None:
    """(decision, reason) when the reply opens with a decision's word; None for any other reply."""
    match = _FIRST.match(text or "")
    if match is None:
        return None
    word = _fold(match[1])
    decision = next((decision for decision, words in _WORDS.items() if word in words), None)
    if decision is None:
        return None
    # The reason: the rest of the paragraph the word opens, else the next one; never the sign-off below it.
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", match[2]) if part.strip()]
    first_line = match[2].split("\n", 1)[0].strip()
    return decision, paragraphs[0] if paragraphs and (first_line or len(paragraphs) > 1) else ""


def decide_by_reply(*, db_session: Session, desk: ClientDesk, ticket: Ticket, sender: str, text: str) -> str | None:
    """The SMTP answer when the mail is an approver's decision on this ticket; None when it is not (no pending
    step of theirs, or no decision's word): the door then judges it as any reply."""
    decision = decision_of(text)
    who = rules.normalise(sender)
    steps = [step for step in approvals.of_ticket(db_session=db_session, ticket_id=ticket.id)
             if who in {*step.approvers, *step.escalated_to}]
    step = next((step for step in steps if step.status == PENDING), steps[-1] if steps else None)
    if decision is None or step is None:
        return None
    try:
        approvals.decide(db_session=db_session, approval_id=step.id, person=who, decision=decision[0], via="email",
                         desk=desk, reason=decision[1])
    except AlreadyDecided:
        return ALREADY
    except ApprovalError as error:
        logger.warning("approval reply from %s to %s refused: %s", who, ticket.number, error)
        return REFUSED
    logger.info("approval of %s %sd by e-mail from %s", ticket.number, decision[0], who)
    return DECIDED


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
