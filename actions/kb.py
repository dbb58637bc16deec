"""Level 1 from the knowledge base (DESIGN.md step 3): once an incident or a how-to question is
qualified and its ticket open, the client's KB is searched; up to three known fixes are proposed
(title, short steps, link) with a button each, and the user says whether one worked. Yes: the ticket is
resolved with the fix (servicedesk.kb_resolution). No, or nothing relevant enough (the KB's calibrated
`confident` flag, not "always show something"): the ticket goes to level 2 with what was tried.
A matching open problem is said as such, and the ticket linked to it."""

import json
import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions import channel_context, dependencies, replies
from actions.handoff import go_live
from actions.i18n import deadline_phrase, group_label, language_of
from actions.transcript import TICKET_SLOT
from servicedesk import handoff, problems
from servicedesk.database import unit_of_work
from servicedesk.kb_resolution import KnownFix, record_failed_fixes, resolve_with_known_fix
from servicedesk.tickets.lifecycle import OPEN
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.numbering import find_number
from servicedesk.tickets.service import LogLine, add_log, attach, get_by_number

logger = logging.getLogger(__name__)
PROPOSED, OFFER = "kb_proposed", "kb_offer"
MAX_FIXES = 3
_SNIPPET = 220
_FIXES_FAILED = "the known fixes did not work"
_BUTTON = {"fr": ("✅ La solution {n} a marché", "❌ Aucune n'a marché"),
           "en": ("✅ Fix {n} worked", "❌ None of them worked")}


def _query(ticket: Ticket) -> str:
    """What the user told us, the exact error first: it is the strongest clue the KB has."""
    return " ".join(part for part in (ticket.error_message, ticket.service, ticket.description,
                                      ticket.steps_to_reproduce) if part)


def _short(text: str) -> str:
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= _SNIPPET else flat[: _SNIPPET - 1].rsplit(" ", 1)[0] + "…"


def _cleared() -> list[EventType]:
    """Nothing (more) proposed: the yes/no rules of the KB step are off."""
    return [SlotSet(PROPOSED, False), SlotSet(OFFER, None)]


class ActionSuggestKbFix(Action):
    def name(self) -> str:
        return "action_suggest_kb_fix"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        number = tracker.get_slot(TICKET_SLOT)
        if not number:  # the ticket could not be opened: the user has been told already
            return _cleared()
        language = language_of(tracker.get_slot("language"))
        try:
            with unit_of_work(dependencies.session_factory(tracker)) as session:
                ticket = channel_context.visible_ticket(session, tracker, number)
                if ticket.status not in OPEN:
                    return _cleared()
                known_ticket = _problem_already_known(session, ticket)
                if known_ticket is not None:
                    dispatcher.utter_message(response="utter_kb_known_problem", title=known_ticket.title,
                                             link=known_ticket.number, number=number)
                    return _cleared()
                results = self._search(tracker, _query(ticket))
                known = next((r for r in results if r.kind == "problem"), None)
                if known is not None:
                    self._link_problem(session, ticket, known, tracker.sender_id)
                    dispatcher.utter_message(response="utter_kb_known_problem", title=known.title,
                                             link=known.link or known.doc_id, number=number)
                    return _cleared()
                fixes = [r for r in results if r.kind != "problem"][:MAX_FIXES]
                if not fixes:
                    done = handoff.to_level2(db_session=session, ticket=ticket, desk=dependencies.desk(session),
                                             actor="relais", reason="no known fix in the knowledge base")
                    dispatcher.utter_message(response="utter_kb_nothing_found", number=number,
                                             group=group_label(done.group, language),
                                             deadline=deadline_phrase(done.deadline, language))
                    return _cleared()
                offer = [{"doc_id": r.doc_id, "title": r.title, "link": r.link, "kind": r.kind} for r in fixes]
                add_log(db_session=session, ticket=ticket, kind="kb_fix", line=LogLine(
                    "bot", "relais", "proposed: " + "; ".join(f"{r.title} ({r.doc_id})" for r in fixes)))
        except Exception as error:  # noqa: BLE001 - every failure becomes a polite answer
            replies.explain(dispatcher, error)
            return _cleared()
        lines = [f"{n}. {r.title} — {_short(r.snippet)}" + (f" ({r.link})" if r.link else "")
                 for n, r in enumerate(fixes, 1)]
        worked, none = _BUTTON[language]
        buttons = [{"title": worked.format(n=n), "payload": f"/affirm{json.dumps({'kb_doc': r.doc_id})}"}
                   for n, r in enumerate(fixes, 1)]
        buttons.append({"title": none, "payload": "/deny"})
        dispatcher.utter_message(response="utter_kb_solutions", solutions="\n".join(lines), buttons=buttons)
        return [SlotSet(PROPOSED, True), SlotSet(OFFER, offer)]

    def _search(self, tracker: Tracker, query: str) -> list[Any]:
        """The confident results only; a KB that cannot be read now proposes nothing (level 2 takes it)."""
        try:
            return [r for r in dependencies.kb_search(tracker, query, MAX_FIXES + 2) if r.confident]
        except Exception:
            logger.warning("knowledge base unavailable", exc_info=True)
            return []

    def _link_problem(self, session: Session, ticket: Ticket, known: Any, actor: str) -> None:
        """A problem ticket indexed in the KB (PRB-…) is linked; a problem article is attached."""
        number = find_number(known.doc_id) if known.doc_id.upper().startswith("PRB") else None
        if number:
            problem = get_by_number(db_session=session, number=number)
            problems.link(db_session=session, incident=ticket, problem=problem, actor="relais")
        else:
            attach(ticket=ticket, reference=known.link or f"kb:{known.doc_id}", name=known.title[:300],
                   added_by="relais", kind="kb")
        add_log(db_session=session, ticket=ticket, kind="kb_fix",
                line=LogLine("bot", "relais", f"known problem: {known.title} ({known.doc_id})"))


def _problem_already_known(session: Session, ticket: Ticket) -> Ticket | None:
    """The problem the service desk linked this incident to at opening (a series, a major incident on the
    same service), when it was known before this ticket: then it is being worked on already."""
    if ticket.problem_id is None:
        return None
    problem = session.get(Ticket, ticket.problem_id)
    if problem is None or problem.status not in OPEN or problem.created_at >= ticket.created_at:
        return None
    return problem


def _offered(tracker: Tracker) -> list[KnownFix]:
    return [KnownFix(o["doc_id"], o["title"], o.get("link") or "", workaround=o.get("kind") == "known_error")
            for o in tracker.get_slot(OFFER) or []]


class ActionKbFixWorked(Action):
    def name(self) -> str:
        return "action_kb_fix_worked"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        offered = _offered(tracker)
        chosen = next(iter(tracker.get_latest_entity_values("kb_doc")), None)
        fix = next((f for f in offered if f.doc_id == chosen), offered[0] if offered else None)
        number = tracker.get_slot(TICKET_SLOT)
        if fix is None or not number:
            dispatcher.utter_message(response="utter_how_can_i_help")
            return _cleared()
        try:
            with unit_of_work(dependencies.session_factory(tracker)) as session:
                ticket = channel_context.visible_ticket(session, tracker, number)
                resolve_with_known_fix(db_session=session, ticket=ticket, fix=fix, desk=dependencies.desk(session),
                                       actor=tracker.sender_id)
                feed = dependencies.resolved_ticket_document(ticket)
        except Exception as error:  # noqa: BLE001 - every failure becomes a polite answer
            replies.explain(dispatcher, error)
            return _cleared()
        dependencies.feed_kb(tracker, feed)
        dispatcher.utter_message(response="utter_kb_fix_worked", number=number, title=fix.title)
        return _cleared()


class ActionKbFixFailed(Action):
    def name(self) -> str:
        return "action_kb_fix_failed"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        number = tracker.get_slot(TICKET_SLOT)
        language = language_of(tracker.get_slot("language"))
        if not number:
            dispatcher.utter_message(response="utter_how_can_i_help")
            return _cleared()
        try:
            with unit_of_work(dependencies.session_factory(tracker)) as session:
                ticket = channel_context.visible_ticket(session, tracker, number)
                record_failed_fixes(db_session=session, ticket=ticket, tried=_offered(tracker),
                                    actor=channel_context.requester(tracker))
                done = handoff.to_level2(db_session=session, ticket=ticket, desk=dependencies.desk(session),
                                         actor="relais", reason=_FIXES_FAILED)
                live = go_live(session, tracker, ticket, _FIXES_FAILED, dependencies.desk(session))
        except Exception as error:  # noqa: BLE001 - every failure becomes a polite answer
            replies.explain(dispatcher, error)
            return _cleared()
        dispatcher.utter_message(response="utter_kb_fix_failed", number=number, group=group_label(done.group, language),
                                 deadline=deadline_phrase(done.deadline, language))
        live.tell_when_desk_opens(dispatcher, language)
        return [*_cleared(), *live.events]
