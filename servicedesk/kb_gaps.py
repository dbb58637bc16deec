"""The questions nobody answered (issue 15 item 2), as a client's tickets record them: what users asked that the KB
could not settle, in their own words, for the editors' gaps page to group by meaning (kb_index/gaps.py) and turn
into articles.

    no_match     level 1 searched the KB and found nothing confident to propose: a recorded miss
                 (servicedesk/kb_misses/), or a chat ticket opened with no article proposed or cited
                 (servicedesk/level1/known_fix.py logs every proposal as `kb_fix`)
    failed_fix   a fix was proposed and did not work ("tried without success: Title (doc_id)"), or it did not hold
                 and the ticket was reopened: the articles named failed for those words
    level2       level 2 resolved it with a solution of its own (not a known fix or a workaround from the KB)

A miss is recorded by level 1 calling servicedesk.kb_misses.service.record_miss (servicedesk/level1 is the lead's;
until it does, the tickets alone tell). A miss whose conversation then opened a ticket is that ticket's question,
counted once.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from servicedesk.articles.personal import scrub
from servicedesk.kb_misses.service import misses_since
from servicedesk.models import utcnow
from servicedesk.tickets.kb_resolution import KNOWN_FIX, WORKAROUND
from servicedesk.tickets.models import Ticket

NO_MATCH, FAILED_FIX, LEVEL2 = "no_match", "failed_fix", "level2"
KINDS = (NO_MATCH, FAILED_FIX, LEVEL2)
WINDOW = timedelta(days=90)  # older questions have had their chance; the desk's words change with its tools
LIMIT = 1000  # the newest tickets read at most: grouping costs an embedding per question
UNTRIED_CHANNELS = ("api", "console")  # tickets opened by a tool or an agent: level 1 never searched for them
_FAILED = re.compile(r"tried without success: (?P<titles>.*)")
_DOC_ID = re.compile(r"\(([^()]+)\)(?:;|$)")
_RELAPSED = "the known fix did not hold"


@dataclass(frozen=True)
class Unanswered:
    number: str
    text: str  # the user's own words: the ticket's description, its exact error first
    language: str
    kind: str  # the strongest of KINDS that applies: level2 (a solution exists), else failed_fix, else no_match
    at: datetime
    failed: tuple[str, ...] = ()  # the doc ids of the articles that failed for these words
    solution: str = ""  # level 2's, for the draft


def unanswered(*, db_session: Session, now: datetime | None = None, window: timedelta = WINDOW,
               limit: int = LIMIT, personal_hosts: Iterable[str] = ()) -> list[Unanswered]:
    """The client's questions of the last `window` the KB did not answer, newest first, their personal data
    removed as a draft's is (servicedesk.articles.personal: secrets, e-mails, phone numbers, the requester's name,
    the client's personal host names): editors read them and drafts hold them. An anonymised ticket's words are
    gone with its retention, and are not read."""
    since = (now or utcnow()) - window
    tickets = db_session.scalars(
        select(Ticket).where(Ticket.created_at >= since, Ticket.type == "incident", Ticket.anonymised_at.is_(None))
        .options(selectinload(Ticket.log), selectinload(Ticket.history))
        .order_by(Ticket.created_at.desc()).limit(limit))
    hosts = list(personal_hosts)
    read = list(tickets)
    found = [question for question in (_judge(ticket, hosts) for ticket in read) if question is not None]
    opened: dict[str, datetime] = {}  # conversation -> when its first ticket (of those read) was opened
    for ticket in read:
        opened[ticket.conversation_id] = min(ticket.created_at, opened.get(ticket.conversation_id, ticket.created_at))
    for miss in misses_since(db_session=db_session, since=since, limit=limit):
        if miss.conversation_id in opened and opened[miss.conversation_id] >= miss.at:
            continue  # the ticket that followed holds the same question
        words = scrub(miss.query, language=miss.language, hosts=hosts).strip()
        if words:
            found.append(Unanswered(number=f"search-{miss.id}", text=words, language=miss.language, kind=NO_MATCH,
                                    at=miss.at))
    return sorted(found, key=lambda question: question.at, reverse=True)


def _judge(ticket: Ticket, hosts: list[str]) -> Unanswered | None:
    kb_lines = [entry.body for entry in ticket.log if entry.kind == "kb_fix"]
    failed = tuple(_failed_ids(kb_lines))
    relapsed = any(_RELAPSED in (entry.reason or "") for entry in ticket.history)
    solved_by_kb = ticket.resolution_code in (KNOWN_FIX, WORKAROUND)
    if ticket.resolved_at is not None and not solved_by_kb and (ticket.solution or "").strip():
        kind = LEVEL2
    elif failed or relapsed:
        kind = FAILED_FIX
    elif not kb_lines and ticket.channel not in UNTRIED_CHANNELS and not ticket.major:
        kind = NO_MATCH
    else:
        return None
    if relapsed and solved_by_kb:
        failed = (*failed, *_fix_ids(kb_lines))
    names = [ticket.requester, ticket.assignee_name or "", ticket.requested_for,
             *(entry.author for entry in ticket.log if entry.author_kind in ("requester", "agent"))]

    def clean(text: str) -> str:
        return scrub(text, language=ticket.language, names=names, hosts=hosts).strip()

    words = clean(" ".join(part.strip() for part in (ticket.error_message, ticket.description) if part.strip()))
    if not words:
        return None
    return Unanswered(number=ticket.number or str(ticket.id), text=words, language=ticket.language, kind=kind,
                      at=ticket.created_at, failed=failed,
                      solution=clean(ticket.solution or "") if kind == LEVEL2 else "")


def _failed_ids(lines: Iterable[str]) -> list[str]:
    found: list[str] = []
    for line in lines:
        match = _FAILED.search(line)
        if match:
            found += [doc_id for doc_id in _DOC_ID.findall(match["titles"]) if doc_id not in found]
    return found


def _fix_ids(lines: Iterable[str]) -> list[str]:
    """The article of a known fix that worked, then came back ("the fix from KB-12 worked")."""
    return [match[1] for line in lines if (match := re.search(r"the fix from (\S+) worked", line))]

