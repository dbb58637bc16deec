"""Known fixes first (DESIGN.md step 3): the client's KB is searched with everything the user said, and a
confident fix is offered at once; a fix that worked is recorded as a contact resolved without an agent.

A resolved contact is still a ticket — opened, resolved with the article and closed with the user's word in the
same transaction — so that reports count what level 1 solved and nothing waits in a queue.
"""

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk import problems
from servicedesk.level1._patterns import fold
from servicedesk.level1.turn import KbHit, KnowledgeBase
from servicedesk.level2_assignment import Level2Assignment, to_level2
from servicedesk.notifications.models import Notification
from servicedesk.settings.desk import ClientDesk
from servicedesk.tickets import workflow
from servicedesk.tickets.kb_resolution import (
    KNOWN_FIX,
    WORKAROUND,
    KnownFix,
    record_failed_fixes,
    resolve_with_known_fix,
)
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.numbering import find_number
from servicedesk.tickets.service import IncidentReport, LogLine, add_log, attach, open_ticket

SEARCHED = 6
# A how-to's best article below the KB's confidence, still worth showing: measured on the development dialogues
# (bench/dialogue/dialogues.yml), where the right article led at 0.35-0.45 with the next 0.06-0.16 behind.
HOW_TO_SCORE, HOW_TO_MARGIN = 0.3, 0.05
# A problem's best article below confidence that leads the next by far: measured on the development dialogues,
# where a problem told in English about a French article led at 0.46-0.50 with the next 0.18-0.30 behind.
CLEAR_SCORE, CLEAR_MARGIN = 0.45, 0.15
RERANK_FLOOR = 0.25  # a how-to's article this relevant is considered when its title names the task asked about
_PROBLEM = "problem"


def query_of(said: Iterable[str], error: str | None = None) -> str:
    """The exact error first: it is the strongest clue the KB has."""
    return " ".join(part for part in (error or "", *said) if part.strip())


@dataclass(frozen=True)
class Found:
    """What the KB offers for everything said so far."""

    fix: KbHit | None  # the best fix not tried yet that is worth the user's time
    problem: KbHit | None  # a matching known problem
    tried_score: float = 0.0  # how well the best fix already tried matches the same words (0: not among them)


class HowToJudged(TypedDict):
    """What search() judges a how-to's article on, besides the words: the user's language and the desk's service
    names and aliases (as words_of cuts them), as a caller passes them to every search (`**`)."""

    language: str
    names: Collection[str]
    aliases: Collection[str]


def search(kb: KnowledgeBase, query: str, *, exclude: Collection[str] = (), how_to: bool = False,
           language: str = "", names: Collection[str] = (), aliases: Collection[str] = ()) -> Found:
    """The best confident fix not tried yet, and a matching known problem; nothing when the KB has nothing it is
    sure of, or cannot be read now (level 2 then takes the ticket).

    Short of confident, the best article is still taken when it stands clear of the rest: for a how-to from
    HOW_TO_SCORE (showing an article and asking "did this help?" costs the user one look, a ticket an hour), for
    a problem from CLEAR_SCORE (a French article for an English message scores lower for the same relevance)."""
    try:
        results = list(kb.search(query, SEARCHED))
    except Exception:  # noqa: BLE001 - a KB that cannot answer proposes nothing; the ticket still opens
        return Found(None, None)
    tried_score = max((hit.score for hit in results if hit.doc_id in exclude), default=0.0)
    found = [hit for hit in results if hit.doc_id not in exclude]
    hits = [hit for hit in found if hit.confident]
    floor, margin = (HOW_TO_SCORE, HOW_TO_MARGIN) if how_to else (CLEAR_SCORE, CLEAR_MARGIN)
    if not hits and found and found[0].kind != _PROBLEM and found[0].score >= floor and (
            len(found) == 1 or found[0].score - found[1].score >= margin):
        hits = found[:1]
    fix = next((hit for hit in hits if hit.kind != _PROBLEM), None)
    problem = next((hit for hit in hits if hit.kind == _PROBLEM), None)
    if how_to:
        fix = _task_named(query, fix, found, language, names, aliases)
    return Found(fix, problem, tried_score)


def _task_named(query: str, fix: KbHit | None, found: Sequence[KbHit], language: str, names: Collection[str],
                aliases: Collection[str]) -> KbHit | None:
    """A how-to asks for a task; the article for it names the task in its title, not only the product: "share
    my Outlook calendar" is not answered by "Outlook is not receiving new emails". Among the KB's first
    answers, the one whose title shares the most with the question: a word counts in full, a service's other
    words ("installer", "impression") for half, a service's name for nothing. None when the best the KB found
    shares nothing and is in the question's language (in another language words cannot be compared, and the
    KB's judgement stands)."""
    if fix is not None and language and fix.language and fix.language != language:
        return fix  # "a powerpoint deleted from my onedrive": the French article, whatever English titles say
    candidates = [hit for hit in found[:3] if hit.kind != _PROBLEM and (hit is fix or hit.score >= RERANK_FLOOR)]
    if not candidates:
        return fix
    asked = _stems(query)

    def weight(word: str) -> float:
        return 0.0 if word in names else 0.5 if word in aliases else 1.0

    shared = {hit.doc_id: sum(weight(word) for word in asked & _stems(hit.title)) for hit in candidates}
    best = max(candidates, key=lambda hit: (shared[hit.doc_id], hit is fix))
    if shared[best.doc_id] > 0:
        return best
    if fix is not None and language and fix.language == language:
        return None
    return fix


_WORD = re.compile(r"[a-z0-9]{3,}")
# Words of any question, not of any step: they say nothing about which step is meant.
_ASKING = frozenset({"comment", "how", "what", "where", "quoi", "quel", "quelle", "est", "the", "and", "les", "des",
                     "une", "pour", "avec", "dans", "faire", "fait", "fais", "apres", "then", "after", "deja",
                     "again", "que", "qui", "you", "your", "vous", "votre", "mon", "this", "that", "ici", "there",
                     "pas", "not", "can", "could", "should", "dois", "faut", "peux", "just", "juste", "bien",
                     "sur", "par", "son", "ses", "mes", "nos", "vos", "leur", "ils", "elle", "for", "from", "into",
                     "sans", "plus", "tout", "all", "get", "have", "has", "with", "without", "mine", "new", "nouveau",
                     "nouvelle"})


def _stems(text: str) -> set[str]:
    """Folded words, their last letters dropped: "lancez" and "lance", "étapes" and "etape" meet."""
    return {word[:5] for word in _WORD.findall(fold(text)) if word not in _ASKING}


def words_of(phrases: Iterable[str]) -> frozenset[str]:
    """The words of the client's service names or aliases, cut as _stems cuts a question's ("Outlook" and
    "outlook's" meet), once per turn rather than at every search: every how-to about Outlook says "Outlook"."""
    return frozenset(word[:5] for phrase in phrases for word in _WORD.findall(fold(phrase)))


TRIED_WORDS = 2  # words an account of what was tried shares with an article's steps for it to be that article


def tried_already(kb: KnowledgeBase, query: str, account: str) -> KbHit | None:
    """The article whose steps the user says they followed in vain ("j'ai fait la calibration en tenant feed,
    changé le rouleau… toujours blanc"): the KB's best for everything said, from HOW_TO_SCORE, when the account
    shares TRIED_WORDS words with its steps; a restart alone ("redémarré, toujours rien") names no article."""
    try:
        hits = list(kb.search(query, 1))
    except Exception:  # noqa: BLE001 - a KB that cannot answer names nothing; the questions go on
        return None
    best = hits[0] if hits else None
    if best is None or best.kind == _PROBLEM or not (best.confident or best.score >= HOW_TO_SCORE):
        return None
    return best if echoes_steps(account, best) else None


def echoes_steps(account: str, hit: KbHit) -> bool:
    """The user tells what they did of this article's steps ("cancelled all documents, and the use printer
    offline box was ticked so I unticked it"): TRIED_WORDS words shared with its steps (its passage without)."""
    steps = set().union(*(_stems(step) for step in hit.steps)) if hit.steps else _stems(hit.snippet)
    return len(_stems(account) & steps) >= TRIED_WORDS


_ALL_DONE = re.compile(r"(?<!\w)(?:all|every|everything|each|toutes?|tous|chaque)(?: (?:the|of the|les|des))? "
                       r"(?:steps?|etapes?|that|ca|cela|of it|what it says|ce qu'? ?il dit)|did all|j' ?ai tout|"
                       r"tout (?:fait|essaye|suivi|refait)|(?:tried|done|did) everything", re.IGNORECASE)
REST_MIN = 2  # steps left after those tried: fewer, and the article has nothing more to offer
# Words that name no step, however many steps say them ("update its password", "sign in again"), beside the
# _ASKING words _stems already drops; as stems, so "again" also stands for "against", "toujo" for "toujours".
_NO_STEP = frozenset({"its", "see", "now", "but", "any", "got", "had", "was", "are", "which", "again", "still",
                      "keeps", "when", "votre", "puis", "encor", "toujo", "rien", "nothi", "there", "they", "them",
                      "also", "aussi"})


def steps_left(account: str, steps: Sequence[str]) -> list[tuple[int, str]]:
    """The steps after the last one the user says they tried, numbered, when they tried only the first ones
    ("replugged the usb-c, nothing, dock light is on" for a six-step article): the article's remedy often lies
    further down. Empty when they tried the last ones, all of them ("did all that"), or none the words show.
    A word most steps share (the dock of a dock article) tells no step apart and is not counted."""
    if len(steps) < REST_MIN + 1 or _ALL_DONE.search(fold(account)):
        return []
    per_step = [_stems(step) for step in steps]
    common = {word for word in set().union(*per_step) if sum(word in stems for stems in per_step) * 2 > len(steps)}
    said = _stems(account) - common - _NO_STEP
    echoed = [number for number, stems in enumerate(per_step, 1) if said & stems]
    if not echoed or len(steps) - max(echoed) < REST_MIN:
        return []
    return [(number, steps[number - 1]) for number in range(max(echoed) + 1, len(steps) + 1)]


def step_asked(question: str, steps: Sequence[str]) -> int | None:
    """The index of the step a question is about ("safe mode, how do I start it again?"), by the words they
    share; None when no step shares two words with it (or one, for a question of three words or fewer)."""
    asked = _stems(question)
    if not asked or not steps:
        return None
    shared = [len(asked & _stems(step)) for step in steps]
    best = max(range(len(steps)), key=lambda index: (shared[index], -index))
    return best if shared[best] >= min(2, len(asked)) else None


def known_fix(hit: KbHit) -> KnownFix:
    return KnownFix(hit.doc_id, hit.title, hit.link, workaround=hit.kind == "known_error")


def resolve_contact(*, db_session: Session, report: IncidentReport, fix: KbHit, desk: ClientDesk,
                    transcript: Iterable[LogLine], tried: Iterable[KbHit] = ()) -> Ticket:
    """The contact solved by `fix`: a ticket opened, resolved with the article and closed with the user's word."""
    ticket = open_ticket(db_session=db_session, report=report, transcript=transcript, agreements=desk)
    _log_proposals(db_session, ticket, [*tried, fix])
    if tried:
        record_failed_fixes(db_session=db_session, ticket=ticket, tried=[known_fix(hit) for hit in tried],
                            actor=report.requester)
    resolve_with_known_fix(db_session=db_session, ticket=ticket, fix=known_fix(fix), desk=desk,
                           actor=report.requester)
    _drop_echoes(db_session, ticket)
    return ticket


# The user is in the conversation and just said it worked: telling them the ticket was opened, resolved and
# "is it fixed?" would only repeat it. The satisfaction question stays.
_ECHOES = ("status_changed", "closure_request", "assigned")


def _drop_echoes(db_session: Session, ticket: Ticket) -> None:
    db_session.flush()
    for notice in db_session.scalars(select(Notification).where(
            Notification.ticket_id == ticket.id, Notification.audience == "requester",
            Notification.event.in_(_ECHOES), Notification.delivered_at.is_(None))):
        db_session.delete(notice)


def resolve_opened(*, db_session: Session, ticket: Ticket, fix: KbHit, desk: ClientDesk, actor: str) -> None:
    """A ticket already open that the fix turns out to solve: resolved with it and closed with the user's word."""
    resolve_with_known_fix(db_session=db_session, ticket=ticket, fix=known_fix(fix), desk=desk, actor=actor)
    _drop_echoes(db_session, ticket)


RELAPSE_WINDOW = timedelta(days=2)  # "it's back" this soon after a fix is the same fault, not a new one


def relapsed(ticket: Ticket, *, conversation: str, now: datetime) -> bool:
    """A contact this conversation closed with a known fix a short while ago, which the user now says is back."""
    return (ticket.status == Status.CLOSED and ticket.resolution_code in (KNOWN_FIX, WORKAROUND)
            and ticket.conversation_id == conversation and ticket.closed_at is not None
            and now - ticket.closed_at <= RELAPSE_WINDOW)


def reopen_relapsed(*, db_session: Session, ticket: Ticket, desk: ClientDesk, actor: str, text: str,
                    now: datetime) -> Level2Assignment:
    """The fix did not hold: the contact reopened with the user's words, for level 2, with the fix recorded as
    failed so that nobody proposes it again."""
    workflow.reopen(db_session=db_session, ticket=ticket, actor=actor, agreements=desk,
                    reason="the known fix did not hold", now=now)
    add_log(db_session=db_session, ticket=ticket, line=LogLine("requester", actor, text, now))
    return to_level2(db_session=db_session, ticket=ticket, desk=desk, actor="relais",
                     reason="the known fix did not hold", reason_code="kb_fix_relapsed", now=now)


def link_problem(*, db_session: Session, ticket: Ticket, problem: KbHit) -> None:
    """A problem ticket indexed in the KB (PRB-…) is linked; a problem article is attached."""
    number = find_number(problem.doc_id) if problem.doc_id.upper().startswith("PRB") else None
    found = db_session.scalar(select(Ticket).where(Ticket.number == number)) if number else None
    if found is not None:
        problems.link(db_session=db_session, incident=ticket, problem=found, actor="relais")
    else:
        attach(ticket=ticket, reference=problem.link or f"kb:{problem.doc_id}", name=problem.title[:300],
               added_by="relais", kind="kb")
    add_log(db_session=db_session, ticket=ticket, kind="kb_fix",
            line=LogLine("bot", "relais", f"known problem: {problem.title} ({problem.doc_id})"))


def cite(*, db_session: Session, ticket: Ticket, article: KbHit) -> None:
    """The article that describes a request's process, on the ticket, for the agent who handles it."""
    attach(ticket=ticket, reference=article.link or f"kb:{article.doc_id}", name=article.title[:300],
           added_by="relais", kind="kb")
    add_log(db_session=db_session, ticket=ticket, kind="kb_fix",
            line=LogLine("bot", "relais", f"process: {article.title} ({article.doc_id})"))


def record_tried(*, db_session: Session, ticket: Ticket, tried: list[KbHit], actor: str) -> None:
    """On a ticket opened after the KB failed: what was proposed and did not work, so level 2 does not redo it."""
    if not tried:
        return
    _log_proposals(db_session, ticket, tried)
    record_failed_fixes(db_session=db_session, ticket=ticket, tried=[known_fix(hit) for hit in tried], actor=actor)


def record_proposed(*, db_session: Session, ticket: Ticket, hits: list[KbHit]) -> None:
    """On a ticket just opened: the fixes proposed to the user while it waits, not known to have failed."""
    _log_proposals(db_session, ticket, hits)


def _log_proposals(db_session: Session, ticket: Ticket, hits: list[KbHit]) -> None:
    add_log(db_session=db_session, ticket=ticket, kind="kb_fix", line=LogLine(
        "bot", "relais", "proposed: " + "; ".join(f"{hit.title} ({hit.doc_id})" for hit in hits)))
