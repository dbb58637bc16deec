"""The agent's clients: the first page behind sign-in, where the queues will hang.

    GET /clients          the clients and groups the agent works on, with their open tickets
    GET /clients/{slug}   one of them: its open tickets per group (the queue's place, issue 14 item 2)

Every URL naming a client is checked against the agent's grants before anything is read: a client the agent may
not work on answers 404 exactly as one that does not exist, and nothing of it is ever read or shown.
"""

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response

from console.client_desk import client_place
from console.pages import render
from console.session import SignedIn
from console.state import ConsoleDep
from servicedesk.accounts.service import Agent
from servicedesk.tickets.workload import open_by_group

router = APIRouter()


@dataclass(frozen=True)
class Workload:
    slug: str
    name: str
    groups: tuple[str, ...]  # the groups the agent works for; empty: all of them
    open_by_group: dict[str | None, int]

    @property
    def open(self) -> int:
        return sum(self.open_by_group.values())


def workload(console: ConsoleDep, agent: Agent, slug: str) -> Workload:
    """What is open at one of the agent's clients, in the groups the agent works for; 404 for any other slug."""
    place = client_place(console, agent, slug)
    with place.database() as db_session:
        counts = open_by_group(db_session=db_session, groups=place.groups,
                               default_group=place.desk.default_group if place.desk else None)
    return Workload(slug=slug, name=place.name, groups=place.groups, open_by_group=counts)


@router.get("/clients")
def my_clients(request: Request, console: ConsoleDep, agent: SignedIn) -> Response:
    workloads = [workload(console, agent, slug) for slug in agent.clients if agent.may("work", slug)]
    return render(request, "clients.html", agent=agent, workloads=workloads)


@router.get("/clients/{slug}")
def one_client(request: Request, console: ConsoleDep, agent: SignedIn, slug: str) -> Response:
    return render(request, "client.html", agent=agent, workload=workload(console, agent, slug))
