"""Live conversations in the browser: the handoffs waiting for a person and the agent's own, then one conversation's
pane, where the agent takes it over, writes to the user and ends it, exactly as from the Slack card.

    GET  /conversations                              the agent's clients' live conversations
    GET  /clients/{slug}/conversations               one client's
    GET  /conversations/rows?client=                 the lists alone, fetched again when the stream says so
    GET  /conversations/events?client=               server-sent events: `handoffs` when a list changes
    GET  /clients/{slug}/conversations/{key}         the pane: transcript, message box, canned answers, actions
    GET  /clients/{slug}/conversations/{key}/events  server-sent events: `line` per new transcript line, `state`
    POST /clients/{slug}/conversations/{key}/take|say|transfer|hand-back|pending|resolve

Each action is the servicedesk use case the Slack card runs (servicedesk.conversations.service), in one transaction
with the outbox rows that tell the user (the doors deliver them) and ask the doors to redraw the Slack card. The
console is a process apart from the doors, which write the users' messages: the streams poll the client database
(every `POLL` seconds), which is all two processes, or two replicas, need to share.
"""

import json
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from sqlalchemy.orm import Session

from console import conversations as reading
from console.client_desk import ClientPlace, client_place
from console.errors import not_found
from console.pages import language, render
from console.session import SignedIn
from console.state import ConsoleDep
from console.streams import streamed
from console.texts import explain_takeover
from servicedesk.accounts import service as accounts
from servicedesk.accounts.service import Agent
from servicedesk.conversations import service as steps
from servicedesk.conversations.models import Takeover
from servicedesk.database import unit_of_work
from servicedesk.errors import AccountUnknown, ServiceDeskError, TakeoverError
from servicedesk.settings.current import desk_of

router = APIRouter()
POLL = 1.0  # seconds between two reads of a client database by a stream
STREAM = 300.0  # seconds a stream lasts; the browser opens the next one by itself
Text = Annotated[str, Form(max_length=4000)]


def pane_url(slug: str, key: str) -> str:
    return f"/clients/{slug}/conversations/{quote(key, safe='')}"


def _lists(console: ConsoleDep, agent: Agent, client: str) -> list[reading.Listed]:
    slugs = [client] if client else list(agent.clients)
    return [reading.listed(client_place(console, agent, slug), agent) for slug in slugs]


@router.get("/conversations")
def all_clients(request: Request, console: ConsoleDep, agent: SignedIn) -> Response:
    return _list_page(request, console, agent, "")


@router.get("/clients/{slug}/conversations")
def one_client(request: Request, console: ConsoleDep, agent: SignedIn, slug: str) -> Response:
    return _list_page(request, console, agent, slug)


def _list_page(request: Request, console: ConsoleDep, agent: Agent, client: str) -> Response:
    lists = _lists(console, agent, client)
    return render(request, "conversations.html", agent=agent, lists=lists, client=client, mark=reading.mark(lists),
                  pane_url=pane_url)


@router.get("/conversations/rows")
def rows(request: Request, console: ConsoleDep, agent: SignedIn, client: str = "") -> Response:
    lists = _lists(console, agent, client)
    return render(request, "conversations_rows.html", agent=agent, lists=lists, client=client,
                  mark=reading.mark(lists), pane_url=pane_url)


@router.get("/conversations/events")
def list_events(request: Request, console: ConsoleDep, agent: SignedIn, client: str = "") -> Response:
    _lists(console, agent, client)  # a client the agent may not see: 404 before any stream

    def read() -> dict[str, Any]:
        lists = _lists(console, agent, client)
        return {"mark": reading.mark(lists),
                "waiting": [item.takeover_id for one in lists for item in one.waiting]}

    return _stream(request, {"handoffs": read})


@router.get("/clients/{slug}/conversations/{key}")
def show(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, key: str) -> Response:
    return _pane(request, console, agent, slug, key)


def _pane(request: Request, console: ConsoleDep, agent: Agent, slug: str, key: str, *, refusal: str | None = None,
          status_code: int = 200, draft: str = "") -> Response:
    where = client_place(console, agent, slug)
    pane = reading.pane(console, where, agent, key)
    return render(request, "conversation.html", status_code, agent=agent, pane=pane, refusal=refusal, draft=draft,
                  url=pane_url(slug, key), last=pane.conversation.lines[-1].id if pane.conversation.lines else 0)


@router.get("/clients/{slug}/conversations/{key}/events")
def pane_events(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, key: str,
                after: int = 0) -> Response:
    where = client_place(console, agent, slug)
    reading.conversation(where, key)  # 404 before any stream
    seen = {"after": after}

    def lines() -> list[dict[str, Any]]:
        try:
            found = reading.conversation(where, key, after=seen["after"])
        except HTTPException:  # gone from the agent's groups meanwhile: the state event says so
            return []
        if found.lines:
            seen["after"] = found.lines[-1].id
        return [{"id": line.id, "at": line.at.isoformat(), "author_kind": line.author_kind, "author": line.author,
                 "kind": line.kind, "body": line.body} for line in found.lines]

    def state() -> dict[str, Any]:
        try:
            item = reading.conversation(where, key, after=1 << 62).item
        except HTTPException:  # transferred to a group the agent is not in
            return {"status": "gone"}
        return {"status": item.status, "agent": item.agent_name, "mine": item.agent == agent.actor}

    return _stream(request, {"state": state}, each={"line": lines})


def _stream(request: Request, marks: dict[str, Callable[[], Any]],
            each: dict[str, Callable[[], list[Any]]] | None = None) -> StreamingResponse:
    """Server-sent events (console/streams.py): each of `marks` when its value changes, each item of `each` as it
    comes, as JSON."""
    return streamed(request, marks=marks, feeds=each, lasts=STREAM, poll=POLL, retry=2000, encode=_json)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


# --- the actions ------------------------------------------------------------------------------------------------

def _act(request: Request, console: ConsoleDep, agent: Agent, slug: str, key: str,
         step: Callable[[Session, ClientPlace, Takeover], None], *, draft: str = "") -> Response:
    """Run one step on the conversation's active takeover, in one transaction with the card's redraw; back to the
    pane (303), or the pane again with the refusal said (409) when the step cannot happen now."""
    where = client_place(console, agent, slug)
    reading.conversation(where, key)  # outside the agent's groups: 404
    try:
        with unit_of_work(where.database) as db_session:
            takeover = steps.active_takeover(db_session=db_session, conversation_key=key)
            if takeover is None:  # handed back or resolved meanwhile
                raise TakeoverError("over")
            step(db_session, where, takeover)
            steps.ask_card_redraw(db_session=db_session, takeover=takeover)
    except ServiceDeskError as error:
        return _pane(request, console, agent, slug, key, refusal=explain_takeover(error, language(request)),
                     status_code=409, draft=draft)
    if request.headers.get("x-requested-with") == "fetch":
        return Response(status_code=204)
    return RedirectResponse(pane_url(slug, key), status_code=303)


@router.post("/clients/{slug}/conversations/{key}/take")
def take(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, key: str) -> Response:
    def step(db_session: Session, where: ClientPlace, takeover: Takeover) -> None:
        steps.take(db_session=db_session, takeover_id=takeover.id, agent=agent.actor, agent_name=agent.display_name,
                   agreements=desk_of(db_session=db_session))

    return _act(request, console, agent, slug, key, step)


@router.post("/clients/{slug}/conversations/{key}/say")
def say(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, key: str, text: Text) -> Response:
    def step(db_session: Session, where: ClientPlace, takeover: Takeover) -> None:
        if text.strip():
            steps.write_to_user(db_session=db_session, takeover=takeover, agent=agent.actor, text=text.strip())

    return _act(request, console, agent, slug, key, step, draft=text)


@router.post("/clients/{slug}/conversations/{key}/hand-back")
def hand_back(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, key: str) -> Response:
    def step(db_session: Session, where: ClientPlace, takeover: Takeover) -> None:
        steps.hand_back(db_session=db_session, takeover=takeover, agent=agent.actor)

    return _act(request, console, agent, slug, key, step)


@router.post("/clients/{slug}/conversations/{key}/pending")
def pending(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, key: str, reason: Text) -> Response:
    def step(db_session: Session, where: ClientPlace, takeover: Takeover) -> None:
        steps.set_pending(db_session=db_session, takeover=takeover, agent=agent.actor,
                          agreements=desk_of(db_session=db_session), reason=reason.strip())

    return _act(request, console, agent, slug, key, step)


@router.post("/clients/{slug}/conversations/{key}/resolve")
def resolve(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, key: str, category: Text = "",
            cause_code: Text = "", resolution_code: Text = "", solution: Text = "") -> Response:
    def step(db_session: Session, where: ClientPlace, takeover: Takeover) -> None:
        steps.resolve(db_session=db_session, takeover=takeover, agent=agent.actor,
                      agreements=desk_of(db_session=db_session), category=category, cause_code=cause_code,
                      resolution_code=resolution_code, solution=solution.strip())

    return _act(request, console, agent, slug, key, step)


@router.post("/clients/{slug}/conversations/{key}/transfer")
def transfer(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, key: str, to: Text,
             note: Text = "") -> Response:
    kind, _, name = to.partition(":")

    def step(db_session: Session, where: ClientPlace, takeover: Takeover) -> None:
        desk = desk_of(db_session=db_session)
        if kind == "group":
            group = desk.settings.group(name) if name in {g.name for g in desk.settings.groups} else None
            if group is None:
                raise not_found()
            steps.transfer(db_session=db_session, takeover=takeover, agent=agent.actor, agreements=desk, note=note,
                           to_group=(group.name, group.level))
            return
        colleague = _colleague(console, slug, name) if kind == "agent" else None
        if colleague is None:
            raise not_found()
        steps.transfer(db_session=db_session, takeover=takeover, agent=agent.actor, agreements=desk, note=note,
                       to_agent=(colleague.actor, colleague.display_name))

    return _act(request, console, agent, slug, key, step)


def _colleague(console: ConsoleDep, slug: str, login: str) -> Agent | None:
    """An active account granted this client, or None (as for one that does not exist)."""
    with console.catalogue() as db_session:
        try:
            account = accounts.get_by_login(db_session=db_session, login=login)
        except AccountUnknown:
            return None
        colleague = accounts.agent_of(account)
    return colleague if account.active and colleague.may_work_on(slug) else None

