"""A lead's team, per client it leads (admins see theirs too): who works there, in which groups, what is open, and
the lead's part in managing them.

    GET  /team                                             every client the agent leads: its open tickets per
                                                           group, its accounts and the open tickets each has in
                                                           hand; 403 for an agent
    POST /team/{slug}/agents                               login, groups: give the client's groups (none: all) to
                                                           an account, or change those it has there
    POST /team/{slug}/agents/{login}/withdraw              it no longer works on the client
    POST /team/{slug}/agents/{login}/disable | enable | signout-everywhere

A client the agent is not granted answers 404, as everywhere; one it works on but does not lead, 403. What a lead
may do to whom is servicedesk/accounts/rules.py's (an agent of its own clients only, the groups it leads), checked
again by the use cases; the page offers only what the rules allow.
"""

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from console.errors import not_found
from console.pages import render
from console.permissions import allowed, requires
from console.routes.accounts import Step, change
from console.routes.clients import Workload, workload
from console.routes.signin import address_of
from console.state import ConsoleDep
from servicedesk.accounts import service
from servicedesk.accounts.groups import known_groups
from servicedesk.accounts.models import AgentAccount
from servicedesk.accounts.service import Agent
from servicedesk.tickets.workload import open_by_assignee

router = APIRouter()
PATH = "/team"
Lead = Annotated[Agent, Depends(requires("see_team"))]


@dataclass(frozen=True)
class Member:
    account: AgentAccount
    groups: tuple[str, ...]  # at this client; none: all
    manageable: bool  # the lead may disable, enable, sign it out everywhere
    givable: bool  # the lead may change its groups here, or withdraw the client
    in_hand: int  # open tickets of this client it has in hand (their assignee)


@dataclass(frozen=True)
class Team:
    workload: Workload
    members: list[Member]
    candidates: list[str]  # logins the lead may give this client to


def team(console: ConsoleDep, agent: Agent, slug: str) -> Team:
    load = workload(console, agent, slug)  # 404 first for a client the agent is not granted
    with console.catalogue() as db_session:
        accounts = service.team_of(db_session=db_session, client=slug)
        others = [account.login for account in service.list_accounts(db_session=db_session)
                  if account.active and slug not in service.held(account)
                  and agent.may_give(account.role, slug, agent.groups[slug])]
    with console.registry.session_factory(slug)() as db_session:
        in_hand = open_by_assignee(db_session=db_session, assignees=[service.actor_of(a.login) for a in accounts])
    return Team(workload=load, candidates=others, members=[
        member(agent, account, slug, in_hand.get(service.actor_of(account.login), 0)) for account in accounts])


def member(agent: Agent, account: AgentAccount, slug: str, in_hand: int) -> Member:
    clients = service.held(account)
    groups = tuple(clients.get(slug, ()))
    return Member(account=account, groups=groups, manageable=agent.may_manage(account.role, clients),
                  givable=agent.may_give(account.role, slug, groups), in_hand=in_hand)


@router.get(PATH)
def team_page(request: Request, console: ConsoleDep, agent: Lead) -> Response:
    return page(request, console, agent)


def page(request: Request, console: ConsoleDep, agent: Agent, *, error: str | None = None,
         status_code: int = 200) -> Response:
    teams = [team(console, agent, slug) for slug in agent.clients if agent.may("see_team", slug)]
    return render(request, "team.html", status_code, agent=agent, teams=teams, error=error)


@router.post(PATH + "/{slug}/agents")
def give(request: Request, console: ConsoleDep, agent: Lead, slug: str,
         login: Annotated[str, Form(max_length=200)] = "",
         groups: Annotated[str, Form(max_length=2000)] = "") -> Response:
    allowed(agent, "manage_team", slug)
    wanted = [group for group in groups.split(",") if group.strip()]
    known = known_groups(console.registry, {slug: wanted})
    return act(request, console, agent, lambda db_session, by: service.grant_client(
        db_session=db_session, account=service.get_by_login(db_session=db_session, login=login), client=slug,
        groups=wanted, known_groups=known, by=by, address=address_of(request)))


@router.post(PATH + "/{slug}/agents/{login}/{action}")
def manage(request: Request, console: ConsoleDep, agent: Lead, slug: str, login: str, action: str) -> Response:
    allowed(agent, "manage_team", slug)
    steps = {"withdraw": lambda db_session, by, account: service.withdraw_client(
                 db_session=db_session, account=account, client=slug, by=by, address=address_of(request)),
             "disable": lambda db_session, by, account: service.disable(
                 db_session=db_session, login=account.login, by=by, address=address_of(request)),
             "enable": lambda db_session, by, account: service.enable(
                 db_session=db_session, login=account.login, by=by, address=address_of(request)),
             "signout-everywhere": lambda db_session, by, account: service.end_sessions(
                 db_session=db_session, account=account, by=by, address=address_of(request))}
    if action not in steps:
        raise not_found()
    return act(request, console, agent, lambda db_session, by: steps[action](
        db_session, by, on_team(db_session, slug, login)))


def on_team(db_session: Session, slug: str, login: str) -> AgentAccount:
    """The account of this login if it works on this client; else 404, as an unknown one."""
    account = next((account for account in service.team_of(db_session=db_session, client=slug)
                    if account.login == login), None)
    if account is None:
        raise not_found()
    return account


def act(request: Request, console: ConsoleDep, agent: Agent, step: Step) -> Response:
    return change(request, console, agent, step, back=PATH, again=page)

