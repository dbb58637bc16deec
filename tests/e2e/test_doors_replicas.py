"""Two replicas of the doors' process (`python -m bot`, as `make run` starts it) in front of one user: the
catalogue and the client's database on PostgreSQL, the web chat's backlog and streams, the Teams card texts
and the refusals already told in one Redis (RELAIS_REDIS_URL, a prefix of this run's own), each request sent
to one replica or the other as a round-robin proxy would. Rasa is a stand-in answering at once
(standins/rasa_http.py): what is shown is the doors' sharing, not the dialogue (test_rasa_replicas.py has
two real Rasa servers behind them).

Replica A delivers the outbox only when its own relay wakes it (an hour between its own reads), replica B
every half second: a notice about the user's ticket is sent by B, and reaches the page that follows its
stream on A.
"""

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from sqlalchemy import func, select

from scripts import local_secrets, stack
from servicedesk.conversations.models import InboundMessage
from servicedesk.database import make_engine, make_session_factory, unit_of_work
from servicedesk.settings.current import desk_of
from servicedesk.tickets import workflow
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, open_incident
from standins.bot_connector import BotConnectorStandIn, teams_activity
from standins.rasa_http import RasaStandIn
from standins.slack_api import SlackApiStandIn
from standins.slack_signing import event_envelope, signed_headers
from tests.conftest import postgres_database
from tests.e2e.conftest import free_port
from tests.servicedesk.clients.conftest import drop_postgres_databases, postgres_url

pytestmark = pytest.mark.e2e

REDIS_URL = "redis://127.0.0.1:6379/0"
SECRET = "e2e-replicas-signing-secret"
USERS_TEAM, STRANGERS_TEAM = "T0DEMOINDUS", "T0NOBODYSBOUND"
TENANT = "6f1c2d3e-demo-indus-tenant"  # the demo client's Teams tenant (data/clients/demo/settings.yml)
TOKENS = {"xoxb-demo": USERS_TEAM, "xoxb-stranger": STRANGERS_TEAM}
WAIT = 30  # seconds: no Rasa turn, only the doors and the outbox on a busy machine
SETTLE = 3  # seconds left to a second answer that should not come


@dataclass
class Replicas:
    urls: tuple[str, str]  # A, B
    logs: tuple[Path, Path]
    slack: SlackApiStandIn
    teams: BotConnectorStandIn
    tickets: Any  # the demo client's session factory
    http: httpx.Client
    rasa: RasaStandIn | None = None  # None: real Rasa servers (test_rasa_replicas.py)

    def post_slack(self, replica: int, body: bytes, **headers: str) -> None:
        answer = self.http.post(f"{self.urls[replica]}/slack/events", content=body,
                                headers={**signed_headers(body, SECRET), **headers})
        assert answer.status_code == 200, answer.text

    def logged(self, needle: str) -> list[int]:
        """The replicas whose log has a line with every word of `needle`."""
        words = needle.split()
        return [index for index, log in enumerate(self.logs)
                if any(all(w in line for w in words) for line in log.read_text(errors="replace").splitlines())]


@pytest.fixture(scope="module")
def replicas(tmp_path_factory) -> Iterator[Replicas]:
    work: Path = tmp_path_factory.mktemp("replicas")
    with own_names() as (prefix, redis_prefix), postgres_database("relais_catalogue") as catalogue_url:
        stores = {"RELAIS_CATALOGUE_URL": catalogue_url,
                  "RELAIS_CLIENT_DATABASE_URL_TEMPLATE": postgres_url(prefix + "{slug}")}
        subprocess.run([sys.executable, "-m", "servicedesk", "bootstrap"], cwd=stack.ROOT,
                       env={**os.environ, **stores}, check=True, capture_output=True)
        keys = local_secrets.ensure(work / "secrets", environ={})
        with RasaStandIn() as rasa, serve_doors(work, stores, redis_prefix, rasa.base, keys) as doors:
            doors.rasa = rasa
            yield doors


@contextlib.contextmanager
def own_names() -> Iterator[tuple[str, str]]:
    """A prefix for this run's client databases and one for its Redis keys; both, and only they, removed after."""
    prefix, redis_prefix = f"relais_e2e_replicas_{uuid.uuid4().hex[:8]}_", f"relais-e2e-{uuid.uuid4().hex[:10]}"
    try:
        yield prefix, redis_prefix
    finally:
        drop_postgres_databases(prefix)
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"{redis_prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()


@contextlib.contextmanager
def serve_doors(work: Path, stores: dict[str, str], redis_prefix: str, rasa_url: str, keys: local_secrets.Secrets,
                timeout: float = WAIT) -> Iterator[Replicas]:
    """Doors replicas A and B on the stores and Rasa given, sharing the Redis prefix, with Slack's and the Bot
    Framework's stand-ins; A delivers the outbox only when its own relay wakes it, B every half second."""
    with SlackApiStandIn(teams=dict(TOKENS)) as slack, BotConnectorStandIn() as teams:
        shared = {**stores, "RELAIS_REDIS_URL": REDIS_URL, "RELAIS_REDIS_PREFIX": redis_prefix,
                  "RELAIS_WEBCHAT_TOKEN_SECRET": uuid.uuid4().hex,  # one secret: a page token holds on both
                  "RELAIS_SLACK_SIGNING_SECRET": SECRET, "RELAIS_SLACK_API_URL": slack.url,
                  "RELAIS_SLACK_BOT_TOKENS": ",".join(f"{team}={token}" for token, team in TOKENS.items()),
                  "RELAIS_MAIL_DROP_DIR": str(work / "mail")}
        ports, logs = (free_port(), free_port()), (work / "doors-a.log", work / "doors-b.log")
        services = [stack.bot_server(keys, port, rasa_url, log=log, env={**shared, "RELAIS_DELIVERY_INTERVAL": every})
                    for port, log, every in zip(ports, logs, ("3600", "0.5"), strict=True)]
        stack.start_all(services)
        engine = make_engine(stores["RELAIS_CLIENT_DATABASE_URL_TEMPLATE"].replace("{slug}", "demo"))
        try:
            with httpx.Client(timeout=timeout) as http:
                yield Replicas((f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}"), logs, slack, teams,
                               make_session_factory(engine), http)
        finally:
            stack.stop_all(services)
            engine.dispose()


class Page:
    """A web-chat page: its token from one replica, its event stream followed on one replica in a thread."""

    def __init__(self, replicas: Replicas, url: str, wait: float = WAIT) -> None:
        self.replicas = replicas
        self.wait = wait
        started = replicas.http.post(f"{url}/webchat/api/sessions", json={"key": "demo"}).raise_for_status().json()
        self.session, self.headers = started["session"], {"Authorization": f"Bearer {started['token']}"}
        self.conversation = f"webchat:demo:{self.session}"
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()

    def say(self, url: str, text: str, message_id: str | None = None) -> dict[str, Any]:
        body = {"key": "demo", "session": self.session, "client_message_id": message_id or uuid.uuid4().hex,
                "text": text}
        answer = self.replicas.http.post(f"{url}/webchat/api/messages", json=body, headers=self.headers)
        assert answer.status_code == 200, (url, answer.status_code, answer.text)
        return answer.json()

    def follow(self, url: str) -> None:
        ticket = self.replicas.http.post(f"{url}/webchat/api/stream-tickets", json={"key": "demo",
                                         "session": self.session}, headers=self.headers).raise_for_status()
        params = {"key": "demo", "session": self.session, "ticket": ticket.json()["ticket"]}
        opened = threading.Event()

        def read() -> None:  # ends when the replica stops (the module's teardown)
            with contextlib.suppress(httpx.HTTPError), httpx.stream("GET", f"{url}/webchat/api/stream", params=params,
                                                     timeout=None) as stream:
                opened.set()
                for event in sent_events(stream):
                    self.events.put(event)

        threading.Thread(target=read, daemon=True).start()
        assert opened.wait(WAIT)

    def event_saying(self, words: str) -> dict[str, Any]:
        """The first event the followed stream sent whose text has `words`, waiting for it."""
        while words not in (event := self.events.get(timeout=self.wait))["text"]:
            pass
        return event

    def reconnect(self, url: str, after: str | None = None) -> dict[str, Any]:
        """The first event a page reconnecting to `url` gets (from Last-Event-ID `after`, else the start)."""
        ticket = self.replicas.http.post(f"{url}/webchat/api/stream-tickets", json={"key": "demo",
                                         "session": self.session}, headers=self.headers).raise_for_status()
        params = {"key": "demo", "session": self.session, "ticket": ticket.json()["ticket"]}
        headers = {"Last-Event-ID": after} if after else {}
        with httpx.stream("GET", f"{url}/webchat/api/stream", params=params, headers=headers,
                          timeout=WAIT) as stream:
            for event in sent_events(stream):
                return event
        raise AssertionError(f"the stream on {url} ended without an event")


def sent_events(stream: httpx.Response) -> Iterator[dict[str, Any]]:
    """Each message event of a server-sent event stream: its data, with its id (fields end at a blank line)."""
    fields: dict[str, str] = {}
    for line in stream.iter_lines():
        if line:
            name, _, value = line.partition(":")
            fields[name] = value.strip()
        elif "data" in fields:
            yield {"id": fields.get("id"), **json.loads(fields["data"])}
            fields = {}
        else:
            fields = {}


def _journalled(replicas: Replicas, conversation: str) -> list[str]:
    with replicas.tickets() as session:
        return list(session.scalars(select(InboundMessage.text).where(InboundMessage.conversation_key == conversation)
                                    .order_by(InboundMessage.id)))


def test_a_web_chat_user_talks_to_both_replicas_and_their_page_follows_on_one(replicas: Replicas) -> None:
    a, b = replicas.urls
    page = Page(replicas, a)
    page.follow(a)
    said = [(b, "bonjour"), (a, "mon VPN coupe"), (b, "depuis ce matin"), (a, "merci")]
    for url, text in said:
        assert [m["text"] for m in page.say(url, text)["messages"]] == [f"Noté : {text}"]
    first = uuid.uuid4().hex
    assert page.say(b, "encore une fois", first)["messages"]
    assert page.say(a, "encore une fois", first) == {"messages": [], "duplicate": True}  # re-sent to the other
    everything = [text for _, text in said] + ["encore une fois"]
    assert _journalled(replicas, page.conversation) == everything
    assert replicas.rasa is not None and replicas.rasa.said_in(page.conversation) == everything

    with unit_of_work(replicas.tickets) as session:  # an agent works on the user's ticket from another tool
        desk = desk_of(db_session=session)
        ticket = open_incident(db_session=session, agreements=desk, report=IncidentReport(
            service="VPN", description="mon VPN coupe", impact=3, urgency=3, requester=page.conversation,
            channel="webchat", conversation_id=page.conversation, language="fr"))
        workflow.change_status(db_session=session, ticket=ticket, to="in_progress", actor="agent:e2e",
                               agreements=desk, reason="on it")
        number, ticket_id = ticket.number, ticket.id
    started = page.event_saying(number)  # written by B's delivery, read from the page's stream on A
    with unit_of_work(replicas.tickets) as session:
        workflow.change_status(db_session=session, ticket=session.get(Ticket, ticket_id), to="pending",
                               actor="agent:e2e", agreements=desk_of(db_session=session), reason="supplier",
                               pending_reason="third_party")
    waiting = page.event_saying(number)
    assert started["author"] == waiting["author"] == "system" and started["id"] != waiting["id"]
    assert page.reconnect(b) == page.reconnect(a)  # one backlog, whichever replica the page reconnects to
    assert page.reconnect(b, after=started["id"]) == waiting  # and its Last-Event-ID holds on the other


def test_a_slack_retry_reaching_the_other_replica_is_answered_once(replicas: Replicas) -> None:
    user = f"U{uuid.uuid4().hex[:8].upper()}"
    dm, event_id, ts = f"D{user}", f"Ev{uuid.uuid4().hex[:10].upper()}", f"{time.time():.6f}"
    start = len(replicas.slack.calls)
    event = {"type": "message", "channel": dm, "user": user, "ts": ts, "channel_type": "im", "text": "bonjour"}
    body = event_envelope(USERS_TEAM, event, event_id=event_id)
    replicas.post_slack(0, body)
    replicas.post_slack(1, body, **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    replicas.slack.wait_for("chat.postMessage", lambda c: replicas.slack.calls.index(c) >= start
                            and c.params.get("channel") == dm, timeout=WAIT)
    deadline = time.monotonic() + WAIT
    while not (ignored := replicas.logged(f"duplicate delivery {ts}")):
        assert time.monotonic() < deadline, "neither replica took the retry for a duplicate"
        time.sleep(0.2)
    assert len(ignored) == 1
    answers = [c for c in replicas.slack.calls[start:] if c.method == "chat.postMessage"
               and c.params.get("channel") == dm]
    assert len(answers) == 1 and "Noté : bonjour" in json.dumps(answers[0].params, ensure_ascii=False)
    with replicas.tickets() as session:
        kept = session.scalar(select(func.count()).select_from(InboundMessage)
                              .where(InboundMessage.conversation_key.endswith(dm)))
    assert kept == 1


def test_an_unbound_workspace_is_told_once_whichever_replica_its_retry_reaches(replicas: Replicas) -> None:
    user = f"U{uuid.uuid4().hex[:8].upper()}"
    dm, event_id, ts = f"D{user}", f"Ev{uuid.uuid4().hex[:10].upper()}", f"{time.time():.6f}"
    start = len(replicas.slack.calls)
    event = {"type": "message", "channel": dm, "user": user, "ts": ts, "channel_type": "im", "text": "hello"}
    body = event_envelope(STRANGERS_TEAM, event, event_id=event_id)
    replicas.post_slack(0, body)
    replicas.slack.wait_for("chat.postMessage", lambda c: replicas.slack.calls.index(c) >= start
                            and c.params.get("channel") == dm, timeout=WAIT)
    replicas.post_slack(1, body, **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    time.sleep(SETTLE)
    told = [c for c in replicas.slack.calls[start:] if c.method == "chat.postMessage" and c.params.get("channel") == dm]
    assert len(told) == 1


def test_a_teams_card_sent_by_one_replica_is_redrawn_with_its_text_by_the_other(replicas: Replicas) -> None:
    conversation_id, user = f"a:{uuid.uuid4().hex}", f"29:{uuid.uuid4().hex[:12]}"
    begin = len(replicas.teams.activities)

    def post(replica: int, activity: dict[str, Any]) -> None:
        answer = replicas.http.post(f"{replicas.urls[replica]}/api/messages", json=activity)
        assert answer.status_code in (200, 201, 202), answer.text

    def said(**options: Any) -> dict[str, Any]:
        return teams_activity(service_url=replicas.teams.url, tenant=TENANT, conversation_id=conversation_id,
                              user_id=user, aad_object_id=None, **options)

    question = said(text="est-ce que ça marche ?", activity_id=uuid.uuid4().hex)
    post(0, question)
    post(1, question)  # the Bot Framework's redelivery, to the other replica
    card = replicas.teams.wait_for(lambda r: replicas.teams.activities.index(r) >= begin and r.method == "POST"
                                   and "Noté" in json.dumps(r.activity, ensure_ascii=False), timeout=WAIT)
    click = said(value={"relais_payload": "/affirm", "relais_title": "Oui"}, activity_id=uuid.uuid4().hex,
                 reply_to_id=card.activity["id"])
    post(1, click)
    redrawn = replicas.teams.wait_for(lambda r: r.method == "PUT" and r.activity.get("id") == card.activity["id"],
                                      timeout=WAIT)
    assert "est-ce que ça marche ?" in json.dumps(redrawn.activity, ensure_ascii=False)  # the text, from Redis
    time.sleep(SETTLE)
    cards = [r for r in replicas.teams.in_conversation(conversation_id) if r.method == "POST"
             and "est-ce que ça marche" in json.dumps(r.activity, ensure_ascii=False)]
    assert len(cards) == 1  # the redelivery was not answered again
