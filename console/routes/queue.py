"""The agents' queues against the clock (issue 14, item 2), and what keeps them live without a reload.

    GET /queue                       the open tickets of every client the agent works on (client=slug: of one)
    GET /clients/{slug}/queue        one client's
    GET /queue/rows, /clients/{slug}/queue/rows
                                     the table alone, as the live page fetches it again
    GET /queue/events[?client=slug]  server-sent events: `waiting` (the conversations waiting for an agent at every
                                     client the agent works on, for the header's count), and with a client or
                                     `queue=1`, `queue` (a mark that moves when the queue does)

Filters, all optional, the same on each: group, priority (P1..P4), status, mine=1, waiting=1, major=1, q (a number,
an external reference, words). A queue shows its SHOWN nearest deadlines first, every row with all=1. A client the
agent may not work on answers 404 everywhere, exactly as one that does not exist, and nothing of it is read.

Live updates: the console is a process apart from the doors and the SLA supervisor, so a stream polls the client
databases every RELAIS_CONSOLE_LIVE_POLL seconds (console/live.py: one small query per client, shared by every
stream of the process) and sends a new mark when something the agent's queue shows has changed, a clock has crossed
its warning or its target, or a minute has passed; the page (static/console.js) then fetches its table again. A
stream ends after RELAIS_CONSOLE_LIVE_STREAM seconds and the browser opens the next one, with the session checked
again: a signed-out or withdrawn agent stops receiving anything within that time.
"""

from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse

from console.errors import not_found
from console.pages import render
from console.queues import left_text, read
from console.session import SignedIn
from console.state import ConsoleDep
from console.streams import streamed
from servicedesk.accounts.service import Agent
from servicedesk.tickets.lifecycle import OPEN, Status
from servicedesk.tickets.queue import QueueFilter

router = APIRouter()
PRIORITIES = ("P1", "P2", "P3", "P4")
STATUSES = tuple(status.value for status in Status if status in OPEN)
SHOWN = 100  # rows of a queue shown at first: the nearest deadlines, the screen or two an agent reads
Text = Annotated[str, Query(max_length=200)]
All = Annotated[str, Query(alias="all", max_length=10)]  # every row, not only the SHOWN first ones


def filters_of(group: Text = "", priority: Text = "", status: Text = "", mine: Text = "", waiting: Text = "",
               major: Text = "", q: Text = "") -> QueueFilter:
    """What the form asked, values it does not offer ignored: a dependency of every queue route."""
    return QueueFilter(group=group or None, priority=priority if priority in PRIORITIES else None,
                       status=status if status in STATUSES else None, mine=bool(mine), waiting=bool(waiting),
                       major=bool(major), search=q.strip())


Filters = Annotated[QueueFilter, Depends(filters_of)]


def query_of(filters: QueueFilter, client: str | None = None, everything: bool = False) -> str:
    """The filters as a query string again, for the table's and the stream's addresses."""
    values = asdict(filters)
    pairs = {"client": client or "", "group": values["group"] or "", "priority": values["priority"] or "",
             "status": values["status"] or "", "mine": "1" if filters.mine else "",
             "waiting": "1" if filters.waiting else "", "major": "1" if filters.major else "", "q": filters.search,
             "all": "1" if everything else ""}
    return urlencode({name: value for name, value in pairs.items() if value})


def checked(agent: Agent, slug: str | None) -> list[str]:
    """The clients to read: the one named (404 unless the agent works on it), else all the agent's."""
    if slug is None:
        return list(agent.clients)
    if not agent.may_work_on(slug):
        raise not_found()
    return [slug]


def page(request: Request, console: ConsoleDep, agent: Agent, slug: str | None, filters: QueueFilter, *,
         fixed: bool, everything: str = "", template: str = "queue.html") -> Response:
    """The queue page (`fixed`: at /clients/{slug}/queue, with no client to choose) or its table alone; its SHOWN
    nearest deadlines, or every row (`everything`)."""
    queue = read(console, agent, checked(agent, slug), filters, None if everything else SHOWN)
    base = f"/clients/{slug}/queue" if fixed else "/queue"
    query = query_of(filters, None if fixed else slug, bool(everything))
    return render(request, template, agent=agent, queue=queue, filters=filters, client=slug, fixed=fixed,
                  base=base, rows_url=f"{base}/rows" + (f"?{query}" if query else ""),
                  all_url=f"{base}?{query_of(filters, None if fixed else slug, True)}",
                  events=f"/queue/events?{urlencode({'client': slug} if slug else {'queue': '1'})}",
                  priorities=PRIORITIES, statuses=STATUSES, left_text=left_text,
                  client_name=agent.clients[slug][0] if slug else None)


@router.get("/queue")
def all_my_clients(request: Request, console: ConsoleDep, agent: SignedIn, filters: Filters, client: Text = "",
                   everything: All = "") -> Response:
    return page(request, console, agent, client or None, filters, fixed=False, everything=everything)


@router.get("/queue/rows")
def all_my_clients_rows(request: Request, console: ConsoleDep, agent: SignedIn, filters: Filters, client: Text = "",
                        everything: All = "") -> Response:
    return page(request, console, agent, client or None, filters, fixed=False, everything=everything,
                template="queue_rows.html")


@router.get("/clients/{slug}/queue")
def one_client(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, filters: Filters,
               everything: All = "") -> Response:
    return page(request, console, agent, slug, filters, fixed=True, everything=everything)


@router.get("/clients/{slug}/queue/rows")
def one_client_rows(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, filters: Filters,
                    everything: All = "") -> Response:
    return page(request, console, agent, slug, filters, fixed=True, everything=everything, template="queue_rows.html")


@router.get("/queue/events")
async def events(request: Request, console: ConsoleDep, agent: SignedIn, client: Text = "",
                 queue: Text = "") -> Response:
    slugs = checked(agent, client or None) if client or queue else []
    return stream(request, console, agent, slugs)


def stream(request: Request, console: ConsoleDep, agent: Agent, slugs: list[str]) -> StreamingResponse:
    """`waiting` and `queue` events, each when it changes (and once at the start), until the stream's time is up
    (console/streams.py)."""
    marks: dict[str, Callable[[], object]] = {"waiting": lambda: console.watch.waiting(agent.clients)}
    if slugs:
        marks["queue"] = lambda: console.watch.mark(agent.clients, slugs)
    return streamed(request, marks=marks, lasts=console.config.live_stream, poll=console.config.live_poll,
                    retry=3000, encode=str)
