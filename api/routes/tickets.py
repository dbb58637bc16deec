"""The client's tickets: list, read, and work them through the same use cases as the chat and the supervisor.

Every route reaches the database of the caller's client only (api.auth.client_sessions): a ticket number
that exists only in another client's database is simply not found. Each write is one unit of work, the
change, its history and the requester's notice committed together or not at all; the answer is built
before the commit and sent only once it succeeded.

Each action is the servicedesk use case the console's ticket page calls (console/routes/ticket.py), with the same
checks and the same history; only the actor differs ("api:<key name>" here). There is no "take": a key is a tool,
not a person, and taking a ticket writes the agent as the one who acted; POST /tickets/{number}/assignee gives it to
a named agent, the key standing in the history as the one who gave it.
"""

import logging
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Path, Query
from fastapi import status as http
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

import kb_index
from api.auth import ClientSessions, Commenter, Reader, Worker
from api.errors import ResolveByStatus
from api.payloads import (
    AgentAssignment,
    Assignment,
    Comment,
    ErrorOut,
    Escalation,
    LogItem,
    ManagerEscalation,
    Pending,
    ProblemLink,
    Rating,
    Reopening,
    Resolution,
    StatusChange,
    TakeoverOut,
    TakeoverRequest,
    TicketDetail,
    TicketSummary,
)
from api.stores import StoresDep
from servicedesk import escalation
from servicedesk.accounts import service as accounts
from servicedesk.conversations import service as conversations
from servicedesk.database import unit_of_work
from servicedesk.errors import NoLiveConversation, NothingToTakeOver
from servicedesk.priority import Priority
from servicedesk.settings.current import desk_of
from servicedesk.tickets import handling, replies, workflow
from servicedesk.tickets.cli import detail, summary
from servicedesk.tickets.lifecycle import OPEN, Status
from servicedesk.tickets.models import LogEntry, Ticket
from servicedesk.tickets.resolution import resolve_ticket
from servicedesk.tickets.service import get_by_number

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/tickets", tags=["tickets"], responses={
    401: {"model": ErrorOut, "description": "missing, unknown or revoked API key"},
    403: {"model": ErrorOut, "description": "the key's role does not allow this route"},
})
_Responses = dict[int | str, dict[str, Any]]  # what FastAPI's `responses=` takes
_NOT_FOUND: _Responses = {404: {"model": ErrorOut, "description": "no ticket with that number for this client"}}
_CONFLICT: _Responses = {409: {"model": ErrorOut, "description": "the workflow does not allow this change now"}}

Number = Annotated[str, Path(description="a ticket number such as INC-000042, in any case", max_length=16)]


@router.get("", summary="List the client's tickets, newest first", response_model=list[TicketSummary])
def list_tickets(
    caller: Reader,
    sessions: ClientSessions,
    status: Status | None = None,
    priority: Priority | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[TicketSummary]:
    # The log comes with the tickets: a summary's "updated" is the latest of it.
    query = select(Ticket).options(selectinload(Ticket.log)).order_by(Ticket.id.desc()).limit(limit).offset(offset)
    if status is not None:
        query = query.where(Ticket.status == status)
    if priority is not None:
        query = query.where(Ticket.priority == priority)
    with sessions() as session:
        return [TicketSummary.model_validate(summary(ticket)) for ticket in session.scalars(query)]


@router.get("/{number}", summary="One ticket with its log and history", response_model=TicketDetail,
            responses=_NOT_FOUND)
def get_ticket(number: Number, caller: Reader, sessions: ClientSessions) -> TicketDetail:
    with sessions() as session:
        return TicketDetail.model_validate(detail(_ticket(session, number)))


@router.post("/{number}/status", summary="Change the ticket's status", response_model=TicketDetail,
             responses=_NOT_FOUND | _CONFLICT, description=(
                 "Follows the workflow (409 otherwise). `closed` closes a resolved ticket as the agent; "
                 "`in_progress` on a closed ticket reopens it within the client's reopen window (409 after it). "
                 "`resolved` is refused (422): POST /tickets/{number}/resolve takes the closure codes it needs."))
def change_status(number: Number, body: StatusChange, caller: Worker, sessions: ClientSessions) -> TicketDetail:
    if body.to == Status.RESOLVED:
        raise ResolveByStatus()

    def step(session: Session, ticket: Ticket) -> None:
        handling.change_status(db_session=session, ticket=ticket, to=body.to, actor=caller.actor,
                               agreements=desk_of(db_session=session), reason=body.reason,
                               pending_reason=body.pending_reason, supplier=body.supplier)

    return _worked(sessions, number, step)


@router.post("/{number}/assign", summary="Give the ticket to a support group", response_model=TicketDetail,
             responses=_NOT_FOUND, description=(
                 "The group's level (1 service desk, 2, 3 experts) comes from the client's settings; a higher "
                 "level is a functional escalation. A new ticket becomes assigned. 422 for an unknown group."))
def assign(number: Number, body: Assignment, caller: Worker, sessions: ClientSessions) -> TicketDetail:
    def step(session: Session, ticket: Ticket) -> None:
        handling.assign_to_group(db_session=session, ticket=ticket, group=body.group,
                                 rules=desk_of(db_session=session), actor=caller.actor, reason=body.reason)

    return _worked(sessions, number, step)


@router.post("/{number}/assignee", summary="Give the ticket to one agent", response_model=TicketDetail,
             responses=_NOT_FOUND | _CONFLICT, description=(
                 "`agent` is the login of an active agent account granted the client and the ticket's group "
                 "(422 otherwise, the same whether or not the login exists). A new ticket becomes assigned; "
                 "409 for a ticket no longer open."))
def assign_to_agent(number: Number, body: AgentAssignment, caller: Worker, sessions: ClientSessions,
                    stores: StoresDep) -> TicketDetail:
    def step(session: Session, ticket: Ticket) -> None:
        desk = desk_of(db_session=session)
        with stores.catalogue() as catalogue:
            agent = accounts.assignable_agent(db_session=catalogue, client=caller.client_slug,
                                              group=ticket.group_name or desk.default_group, login=body.agent)
        handling.assign_to_agent(db_session=session, ticket=ticket, agent=agent.actor, agent_name=agent.display_name,
                                 actor=caller.actor, agreements=desk)

    return _worked(sessions, number, step)


@router.post("/{number}/escalate", summary="Escalate the ticket to a higher-level group",
             response_model=TicketDetail, responses=_NOT_FOUND, description=(
                 "A functional escalation: the ticket goes to the group, at its level, flagged as escalated; "
                 "its agent lets go of it. 422 for an unknown group or an empty reason."))
def escalate(number: Number, body: Escalation, caller: Worker, sessions: ClientSessions) -> TicketDetail:
    def step(session: Session, ticket: Ticket) -> None:
        handling.escalate_functionally(db_session=session, ticket=ticket, group=body.group,
                                       rules=desk_of(db_session=session), actor=caller.actor, reason=body.reason)

    return _worked(sessions, number, step)


@router.post("/{number}/escalate/manager", summary="Tell the manager of the ticket's group",
             response_model=TicketDetail, responses=_NOT_FOUND, description=(
                 "A hierarchical escalation: the manager of the group holding the ticket (the client's default "
                 "group when it has none) is told why, and the ticket is flagged as escalated."))
def escalate_to_manager(number: Number, body: ManagerEscalation, caller: Worker,
                        sessions: ClientSessions) -> TicketDetail:
    def step(session: Session, ticket: Ticket) -> None:
        escalation.hierarchical(db_session=session, ticket=ticket, rules=desk_of(db_session=session),
                                actor=caller.actor, reason=body.reason)

    return _worked(sessions, number, step)


@router.post("/{number}/problem", summary="Link the ticket to a problem", response_model=TicketDetail,
             responses=_NOT_FOUND, description=(
                 "The problem is a ticket of type problem of the same client: 404 names a number it does not "
                 "hold, 422 a ticket that is not a problem."))
def link_to_problem(number: Number, body: ProblemLink, caller: Worker, sessions: ClientSessions) -> TicketDetail:
    def step(session: Session, ticket: Ticket) -> None:
        handling.link_to_problem(db_session=session, ticket=ticket, problem_number=body.problem, actor=caller.actor)

    return _worked(sessions, number, step)


@router.post("/{number}/pending", summary="Set the ticket pending, with its reason", response_model=TicketDetail,
             responses=_NOT_FOUND | _CONFLICT, description=(
                 "Waiting on the requester, a third party (`supplier` required: its UC clock runs) or a change; "
                 "the requester is told why, and the clocks pause or run as the client's agreements say. "
                 "`approval` is refused (409), here and in /status: only an approval request puts a ticket there."))
def set_pending(number: Number, body: Pending, caller: Worker, sessions: ClientSessions) -> TicketDetail:
    def step(session: Session, ticket: Ticket) -> None:
        handling.set_pending(db_session=session, ticket=ticket, on=body.on, reason=body.reason,
                             supplier=body.supplier, actor=caller.actor, agreements=desk_of(db_session=session))

    return _worked(sessions, number, step)


@router.post("/{number}/reopen", summary="Reopen a resolved or closed ticket", response_model=TicketDetail,
             responses=_NOT_FOUND | _CONFLICT, description=(
                 "Back in progress, one more reopen counted: a resolved ticket whose fix did not hold, or a closed "
                 "one within the client's reopen window (409 after it, or for a ticket still open)."))
def reopen(number: Number, body: Reopening, caller: Worker, sessions: ClientSessions) -> TicketDetail:
    def step(session: Session, ticket: Ticket) -> None:
        handling.reopen(db_session=session, ticket=ticket, actor=caller.actor, agreements=desk_of(db_session=session),
                        reason=body.reason)

    return _worked(sessions, number, step)


@router.post("/{number}/priority", summary="Rate the ticket again: its clocks follow", response_model=TicketDetail,
             responses=_NOT_FOUND, description=(
                 "Impact and urgency give the priority (the ITIL matrix); every clock then gets the new priority's "
                 "target and keeps the business time already spent, as when the console or the supervisor rates it."))
def reprioritise(number: Number, body: Rating, caller: Worker, sessions: ClientSessions) -> TicketDetail:
    def step(session: Session, ticket: Ticket) -> None:
        workflow.set_priority(db_session=session, ticket=ticket, impact=body.impact, urgency=body.urgency,
                              major=body.major, actor=caller.actor, agreements=desk_of(db_session=session),
                              reason=body.reason)

    return _worked(sessions, number, step)


@router.post("/{number}/resolve", summary="Resolve the ticket with its closure codes", response_model=TicketDetail,
             responses=_NOT_FOUND | _CONFLICT, description=(
                 "Category, cause code, resolution code (from the client's settings) and the solution are all "
                 "required: 422 names the missing or unknown ones. The requester is asked to confirm."))
def resolve(number: Number, body: Resolution, caller: Worker, sessions: ClientSessions,
            background: BackgroundTasks) -> TicketDetail:
    with unit_of_work(sessions) as session:
        ticket = _ticket(session, number)
        lesson = resolve_ticket(db_session=session, ticket=ticket, desk=desk_of(db_session=session),
                                actor=caller.actor, category=body.category, cause_code=body.cause_code,
                                resolution_code=body.resolution_code, solution=body.solution)
        answer = _answer(session, ticket)
    # Once committed, the resolution teaches the client's KB (after the answer: embedding takes a moment).
    background.add_task(_feed_kb, caller.client_slug, lesson)
    return answer


def _feed_kb(client: str, lesson: dict[str, str]) -> None:
    kb_index.learn(client, lesson, logger=logger)


@router.post("/{number}/takeover", summary="Ask a level-2 agent to join the ticket's conversation",
             response_model=TakeoverOut, responses=_NOT_FOUND | _CONFLICT, description=(
                 "An agent decides the user needs a person now: the conversation the ticket came from (Slack, "
                 "Teams or web chat) is offered to the agents' channel with a Take over card, and the bot is paused "
                 "there. Asking again while it is waiting or taken returns the same takeover. 409 when the ticket "
                 "is no longer open or its conversation cannot be reached live (Rasa's REST door)."))
def request_takeover(number: Number, body: TakeoverRequest, caller: Worker, sessions: ClientSessions) -> TakeoverOut:
    with unit_of_work(sessions) as session:
        ticket = _ticket(session, number)
        if ticket.status not in OPEN:
            raise NothingToTakeOver(ticket.number or str(ticket.id), ticket.status)
        conversation = conversations.get(db_session=session, key=ticket.conversation_id)
        if conversation is None:
            raise NoLiveConversation(ticket.number or str(ticket.id))
        takeover = conversations.request_takeover(db_session=session, ticket=ticket, conversation_key=conversation.key,
                                                  actor=caller.actor, reason=body.reason or "an agent decided")
        return TakeoverOut(takeover_id=takeover.id, status=takeover.status, conversation=conversation.key)


@router.post("/{number}/comments", summary="Add a comment to the ticket's log", response_model=LogItem,
             status_code=http.HTTP_201_CREATED, responses=_NOT_FOUND)
def add_comment(number: Number, body: Comment, caller: Commenter, sessions: ClientSessions) -> LogItem:
    with unit_of_work(sessions) as session:
        ticket = _ticket(session, number)
        entry = replies.note(db_session=session, ticket=ticket, author=caller.actor, text=body.body)
        session.flush()
        return _item(entry)


@router.post("/{number}/replies", summary="Answer the requester in their own channel", response_model=LogItem,
             status_code=http.HTTP_201_CREATED, responses=_NOT_FOUND, description=(
                 "The reply goes to the ticket's log and to the requester: the doors deliver it in the conversation "
                 "they last used on the ticket's channel (Slack, Teams or web chat), retried until it is. "
                 "POST /tickets/{number}/comments writes a note only the desk reads."))
def add_reply(number: Number, body: Comment, caller: Worker, sessions: ClientSessions) -> LogItem:
    with unit_of_work(sessions) as session:
        ticket = _ticket(session, number)
        entry = replies.reply(db_session=session, ticket=ticket, author=caller.actor, author_name=caller.key_name,
                              text=body.body, agreements=desk_of(db_session=session))
        return _item(entry)


def _worked(sessions: sessionmaker[Session], number: str, step: Callable[[Session, Ticket], None]) -> TicketDetail:
    """One action on the ticket, in one unit of work, answered with the ticket as it will be once committed."""
    with unit_of_work(sessions) as session:
        ticket = _ticket(session, number)
        step(session, ticket)
        return _answer(session, ticket)


def _ticket(session: Session, number: str) -> Ticket:
    return get_by_number(db_session=session, number=number.strip().upper())


def _item(entry: LogEntry) -> LogItem:
    return LogItem(at=entry.at, author=entry.author, kind=entry.kind, body=entry.body)


def _answer(session: Session, ticket: Ticket) -> TicketDetail:
    """The ticket as it will be once committed; built inside the transaction, where its log and history load."""
    session.flush()
    return TicketDetail.model_validate(detail(ticket))
