"""The ticket page (issue 14, item 3): everything of one ticket, and the agent's actions on it.

    GET  /clients/{slug}/tickets/{number}            the ticket: fields, clocks, conversation and log, history,
                                                     attachments, problem and known errors, the KB fixes tried
    POST /clients/{slug}/tickets/{number}/{action}   one action (ACTIONS below), then back to the page (303) with
                                                     a flash message saying what was done or why not

Who may do what:
- a client the agent is not granted answers 404, exactly as one that does not exist, and so does a number the
  client's database does not hold (another client's ticket by URL included): nothing of it is read;
- an agent granted some groups of the client reads every ticket of the client but acts only on those of its groups
  (a ticket without a group is the client's default group's): outside them the page is read-only and an action
  answers 403. Reading stays open because a desk's agents are asked about their colleagues' tickets; changing one
  is its group's business. A lead and an admin are agents here: the same grants, the same rule;
- every form carries the session's CSRF token (console/csrf.py refuses any POST without it).

Each action is one servicedesk use case, the one the REST API and the Slack modals call (servicedesk/tickets/
handling.py, replies.py, resolution.py, workflow.set_priority, escalation.hierarchical; remote assistance's
servicedesk/remote/service.py), in one unit of work; the history names the signed-in agent as "console:<login>".
A refusal of the domain is worded by console/texts.py's explain(). A resolution feeds the client's KB through
kb_index.learn once committed, as every other path does.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request, status
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

import kb_index
from console.client_desk import client_place
from console.errors import not_found
from console.pages import language, render
from console.permissions import forbidden
from console.session import SignedIn
from console.state import Console, ConsoleDep
from console.texts import TEXTS, explain, say
from servicedesk import escalation
from servicedesk.accounts import service as accounts
from servicedesk.accounts.service import Agent
from servicedesk.approvals import service as approvals
from servicedesk.database import unit_of_work
from servicedesk.errors import ServiceDeskError, TicketNotFound
from servicedesk.remote import service as remote
from servicedesk.remote.tools import tool_of
from servicedesk.settings.desk import ClientDesk
from servicedesk.tickets import dossier, handling, replies, workflow
from servicedesk.tickets.lifecycle import OPEN, PendingReason
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.resolution import resolve_ticket
from servicedesk.tickets.service import get_by_number
from servicedesk.uploads import defaults as uploads
from servicedesk.uploads.service import offer_upload

router = APIRouter()
PAGE = "/clients/{slug}/tickets/{number}"


def ticket_of(db_session: Session, number: str) -> Ticket:
    """404 for a number this client's database does not hold, as for a client the agent is not granted."""
    try:
        return get_by_number(db_session=db_session, number=number.strip().upper())
    except TicketNotFound:
        raise not_found() from None


def may_act(agent: Agent, slug: str, ticket: Ticket, desk: ClientDesk | None) -> bool:
    """Within the agent's groups at this client (none granted: all of them), and the client's rules loaded."""
    if desk is None:
        return False
    groups = agent.clients[slug][1]
    return not groups or (ticket.group_name or desk.default_group) in groups


# What an agent may set a ticket pending on: an approval is asked by the catalogue's rule, never by hand.
MANUAL_PENDING = [reason.value for reason in PendingReason if reason is not PendingReason.APPROVAL]


@router.get(PAGE)
def ticket_page(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, number: str) -> Response:
    place = client_place(console, agent, slug)
    flash = request.session.pop("flash", None)
    with place.database() as db_session:
        desk = place.desk
        read = dossier.read(db_session=db_session, number=ticket_of(db_session, number).number or number,
                            agreements=desk, now=console.clock())
        zone = ZoneInfo(desk.business_calendar.timezone if desk else "UTC")
        # Rendered while the session is open: the dossier's rows load their log, history and attachments lazily.
        return render(request, "ticket.html", agent=agent, place=place, dossier=read, desk=desk,
                      may_act=may_act(agent, slug, read.ticket, desk), is_open=read.ticket.status in OPEN,
                      colleagues=colleagues(console, slug, read.ticket, desk) if desk else [],
                      flash=flash, zone=zone, known=TEXTS, pending_reasons=MANUAL_PENDING,
                      remote_sessions=remote.sessions_of(db_session=db_session, ticket=read.ticket),
                      approvals=approvals.of_ticket(db_session=db_session, ticket_id=read.ticket.id),
                      remote_tool=desk.settings.remote if desk else None,
                      page=PAGE.format(slug=slug, number=quote(read.ticket.number or number)))


class Unfilled(Exception):
    """A field the action needs was left empty: said on the page, nothing done."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


@dataclass(frozen=True)
class Work:
    """What an action works with: the client's session and rules, the ticket, the agent and the form sent."""

    db_session: Session
    desk: ClientDesk
    ticket: Ticket
    agent: Agent
    form: FormData
    console: Console
    slug: str

    @property
    def actor(self) -> str:
        return self.agent.actor

    def text(self, name: str, *, required: bool = True) -> str:
        value = str(self.form.get(name) or "").strip()
        if required and not value:
            raise Unfilled(name)
        return value


Lesson = dict[str, str] | None  # what the KB learns from a resolution


def _take(work: Work) -> Lesson:
    handling.take(db_session=work.db_session, ticket=work.ticket, agent=work.actor,
                  agent_name=work.agent.display_name, agreements=work.desk, now=work.console.clock())
    return None


def _assign_group(work: Work) -> Lesson:
    handling.assign_to_group(db_session=work.db_session, ticket=work.ticket, group=work.text("group"),
                             rules=work.desk, actor=work.actor, reason=work.text("reason", required=False),
                             now=work.console.clock())
    return None


def _assign_agent(work: Work) -> Lesson:
    chosen = {colleague.login: colleague for colleague in colleagues(work.console, work.slug, work.ticket, work.desk)}
    login = work.text("login")
    if login not in chosen:  # not one of the client's agents for this ticket's group: nothing said of who exists
        raise Unfilled("login")
    handling.assign_to_agent(db_session=work.db_session, ticket=work.ticket, agent=chosen[login].actor,
                             agent_name=chosen[login].display_name, actor=work.actor, agreements=work.desk,
                             now=work.console.clock())
    return None


def _reply(work: Work) -> Lesson:
    replies.reply(db_session=work.db_session, ticket=work.ticket, author=work.actor,
                  author_name=work.agent.display_name, text=work.text("text"), agreements=work.desk,
                  now=work.console.clock())
    return None


def _note(work: Work) -> Lesson:
    replies.note(db_session=work.db_session, ticket=work.ticket, author=work.actor, text=work.text("text"),
                 now=work.console.clock())
    return None


def _pending(work: Work) -> Lesson:
    on = work.text("on")
    handling.set_pending(db_session=work.db_session, ticket=work.ticket, on=on, reason=work.text("reason"),
                         supplier=work.text("supplier", required=on == PendingReason.THIRD_PARTY) or None,
                         actor=work.actor, agreements=work.desk, now=work.console.clock())
    return None


def _priority(work: Work) -> Lesson:
    try:
        impact, urgency = int(work.text("impact")), int(work.text("urgency"))
    except ValueError:
        raise Unfilled("impact") from None
    workflow.set_priority(db_session=work.db_session, ticket=work.ticket, impact=impact, urgency=urgency,
                          major=work.form.get("major") == "1", actor=work.actor, agreements=work.desk,
                          reason=work.text("reason", required=False), now=work.console.clock())
    return None


def _escalate(work: Work) -> Lesson:
    handling.escalate_functionally(db_session=work.db_session, ticket=work.ticket, group=work.text("group"),
                                   rules=work.desk, actor=work.actor, reason=work.text("reason"),
                                   now=work.console.clock())
    return None


def _manager(work: Work) -> Lesson:
    escalation.hierarchical(db_session=work.db_session, ticket=work.ticket, rules=work.desk, actor=work.actor,
                            reason=work.text("reason"), now=work.console.clock())
    return None


def _problem(work: Work) -> Lesson:
    handling.link_to_problem(db_session=work.db_session, ticket=work.ticket, problem_number=work.text("problem"),
                             actor=work.actor, now=work.console.clock())
    return None


def _resolve(work: Work) -> Lesson:
    # Empty fields go to the use case as they are: MissingClosureCodes names every one at once.
    return resolve_ticket(db_session=work.db_session, ticket=work.ticket, desk=work.desk, actor=work.actor,
                          category=work.text("category", required=False),
                          cause_code=work.text("cause_code", required=False),
                          resolution_code=work.text("resolution_code", required=False),
                          solution=work.text("solution", required=False), now=work.console.clock())


def _reopen(work: Work) -> Lesson:
    handling.reopen(db_session=work.db_session, ticket=work.ticket, actor=work.actor, agreements=work.desk,
                    reason=work.text("reason", required=False), now=work.console.clock())
    return None


def _remote(work: Work) -> Lesson:
    provider, tool = tool_of(work.desk.settings)
    remote.ask(db_session=work.db_session, ticket=work.ticket, provider=provider, tool=tool, actor=work.actor,
               now=work.console.clock())
    return None


def _remote_end(work: Work) -> Lesson:
    remote.end(db_session=work.db_session, ticket=work.ticket, actor=work.actor, now=work.console.clock())
    return None


def _upload_link(work: Work) -> Lesson:
    settings = uploads.settings()
    offer_upload(db_session=work.db_session, client=work.slug, ticket=work.ticket, offered_by=work.actor,
                 secret=settings.secret, base_url=settings.public_url, notify_requester=True, now=work.console.clock())
    return None


ACTIONS: dict[str, Callable[[Work], Lesson]] = {
    "upload_link": _upload_link,
    "take": _take, "assign_group": _assign_group, "assign_agent": _assign_agent, "reply": _reply, "note": _note,
    "pending": _pending, "priority": _priority, "escalate": _escalate, "manager": _manager, "problem": _problem,
    "resolve": _resolve, "reopen": _reopen, "remote": _remote, "remote_end": _remote_end,
}


@router.post(PAGE + "/{action}")
async def act(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, number: str,
              action: str) -> Response:
    step = ACTIONS.get(action)
    place = client_place(console, agent, slug)
    if step is None:
        raise not_found()
    form = await request.form()
    lang = language(request)
    try:
        with unit_of_work(place.database) as db_session:
            ticket = ticket_of(db_session, number)
            desk = place.desk
            if desk is None or not may_act(agent, slug, ticket, desk):
                raise forbidden()
            number = ticket.number or number
            lesson = step(Work(db_session, desk, ticket, agent, form, console, slug))
    except ServiceDeskError as refused:
        flash = {"kind": "alert", "text": explain(refused, lang)}
    except Unfilled as empty:
        flash = {"kind": "alert", "text": say("ticket.unfilled", lang, field=say(f"ticket.form.{empty.field}", lang))}
    else:
        flash = {"kind": "notice", "text": say(f"ticket.done.{action}", lang, number=number)}
        if lesson is not None:
            kb_index.learn(slug, lesson)  # committed: the KB learns it (a failure there is logged, not raised)
    request.session["flash"] = flash
    return RedirectResponse(PAGE.format(slug=slug, number=quote(number)), status_code=status.HTTP_303_SEE_OTHER)


def colleagues(console: Console, slug: str, ticket: Ticket, desk: ClientDesk) -> list[Agent]:
    """The active agents who may work on this ticket: granted the client and its group (or all groups)."""
    with console.catalogue() as db_session:
        return accounts.assignable(db_session=db_session, client=slug, group=ticket.group_name or desk.default_group)

