"""The production path, and several replicas of everything, with the real dialogue: two Rasa servers behind one
address (the round-robin proxy, standins/round_robin.py) sharing the PostgreSQL tracker store and the Redis lock
store, configured only through the environment variables endpoints.production.yml reads; an action server for
each; tickets on PostgreSQL; two doors replicas on one Redis (test_doors_replicas.py shows their sharing in
detail, against a stand-in Rasa).

A conversation on the first Rasa server's REST webhook opens its ticket on PostgreSQL, takes and releases the
conversation's lock in Redis at every message, and keeps its events in the PostgreSQL tracker store.

A web-chat user's messages go alternately to each doors replica and, through the proxy, alternately to each
Rasa server: the conversation carries on as one (one tracker, one ticket), and the page following its stream
on replica A gets the notice replica B's delivery sends about that ticket.

The second Rasa server costs its start (30 to 60 s on a quiet 2-core machine, more on a busy one; the test
prints it); the trained model is the suite's (scripts/model.py), which running_bot trains only if the data
changed since `make test` last did.
"""

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from scripts import model, stack
from servicedesk.database import unit_of_work
from servicedesk.settings.current import desk_of
from servicedesk.tickets import workflow
from servicedesk.tickets.models import Ticket
from standins.round_robin import RoundRobin
from tests.conftest import postgres_database
from tests.e2e.conftest import Bot, free_port, running_bot
from tests.e2e.test_doors_replicas import Page, Replicas, own_names, serve_doors
from tests.servicedesk.clients.conftest import postgres_url

pytestmark = pytest.mark.e2e

LOCKS_DB = 7  # the Redis database of Rasa's lock store
WAIT = 120  # seconds: a Rasa turn with actions on a busy 2-core machine


@dataclass
class Stack:
    bot: Bot  # the first Rasa server and action server, with the stores' settings
    rasa: RoundRobin  # both Rasa servers behind one address
    doors: Replicas
    tracker_url: str
    second_rasa_start: float  # seconds the second Rasa server took to answer once the first did


@pytest.fixture(scope="module")
def replicated(tmp_path_factory) -> Iterator[Stack]:
    work: Path = tmp_path_factory.mktemp("rasa-replicas")
    with own_names() as (prefix, redis_prefix), postgres_database("relais_catalogue") as catalogue, \
            postgres_database("relais_tracker") as tracker:
        yield from _started(work, catalogue, tracker, postgres_url(prefix + "{slug}"), redis_prefix)


def _started(work: Path, catalogue: str, tracker_url: str, template: str, redis_prefix: str) -> Iterator[Stack]:
    tracker = make_url(tracker_url)
    rasa_env = {"RELAIS_TRACKER_DB_HOST": tracker.host or "127.0.0.1", "RELAIS_TRACKER_DB_PORT": str(tracker.port),
                "RELAIS_TRACKER_DB_NAME": tracker.database or "", "RELAIS_TRACKER_DB_USER": tracker.username or "",
                "RELAIS_TRACKER_DB_PASSWORD": tracker.password or "",
                "RELAIS_REDIS_HOST": "127.0.0.1", "RELAIS_REDIS_PORT": "6379", "RELAIS_REDIS_DB": str(LOCKS_DB)}
    endpoints = stack.ROOT / "endpoints.production.yml"
    with running_bot(work, catalogue, template, endpoints, rasa_env) as bot:
        assert bot.secrets is not None and bot.work is not None
        actions_port, rasa_port = free_port(), free_port()
        second = [stack.action_server(bot.secrets, actions_port, env=bot.stores, log=work / "actions-2.log"),
                  stack.rasa_server(bot.secrets, model.model_path(), endpoints, rasa_port, log=work / "rasa-2.log",
                                    env={**rasa_env,
                                         "RELAIS_ACTION_ENDPOINT": f"http://127.0.0.1:{actions_port}/webhook"})]
        began = time.monotonic()
        stack.start_all(second)
        took = time.monotonic() - began
        try:
            proxy = RoundRobin([bot.base_url, f"http://127.0.0.1:{rasa_port}"])
            with proxy.serving() as rasa_url, \
                    serve_doors(work, bot.stores, redis_prefix, rasa_url, bot.secrets, timeout=WAIT) as doors:
                yield Stack(bot, proxy, doors, tracker_url, took)
        finally:
            stack.stop_all(second)


def redis_sets(client: redis.Redis) -> int:
    return client.info("commandstats").get("cmdstat_set", {}).get("calls", 0)


def tracked_user_events(tracker_url: str, sender: str) -> int:
    engine = create_engine(tracker_url)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT count(*) FROM events WHERE sender_id = :s AND type_name = 'user'"),
                                    {"s": sender}).scalar_one()
    engine.dispose()
    return stored


def test_a_conversation_on_postgresql_and_redis(replicated: Stack) -> None:
    bot = replicated.bot
    lock_store = redis.Redis(db=LOCKS_DB)
    assert lock_store.ping()
    sets_before = redis_sets(lock_store)
    chat = bot.conversation()
    said = ("Outlook plante au démarrage, je ne peux plus travailler", "non", "non, toujours pas", "merci")
    replies = [chat.text(line) for line in said]
    opened = next(reply for reply in replies if re.search(r"INC-\d{6}", reply))
    number = re.search(r"INC-\d{6}", opened).group(0)
    assert "priorité P2" in opened
    with bot.tickets() as session:
        assert session.scalars(select(Ticket.priority).where(Ticket.number == number)).one() == "P2"
    # Rasa took and released the conversation lock in Redis at every message.
    assert redis_sets(lock_store) >= sets_before + len(said)
    lock_store.close()
    assert tracked_user_events(replicated.tracker_url, chat.sender) == len(said)  # every message of it


def test_a_web_chat_user_alternates_over_two_doors_and_two_rasa_servers(replicated: Stack) -> None:
    print(f"second Rasa server ready {replicated.second_rasa_start:.0f} s after the first")
    a, b = replicated.doors.urls
    page = Page(replicated.doors, a, wait=WAIT)
    page.follow(a)
    before = dict(replicated.rasa.sent)
    said = [(b, "Outlook plante au démarrage, je ne peux plus travailler"), (a, "non"), (b, "non, toujours pas"),
            (a, "merci")]
    replies = [" ".join(m["text"] or "" for m in page.say(url, line)["messages"]) for url, line in said]
    assert all(replies), replies  # every turn answered, whichever Rasa server had it
    number = next(found.group(0) for reply in replies if (found := re.search(r"INC-\d{6}", reply)))
    turns = {backend: count - before.get(backend, 0) for backend, count in replicated.rasa.sent.items()}
    assert sorted(turns.values()) == [2, 2]  # each Rasa server answered two of the four turns

    with replicated.bot.tickets() as session:
        opened = session.scalars(select(Ticket).where(Ticket.conversation_id == page.conversation)).all()
    assert [ticket.number for ticket in opened] == [number]  # one conversation, one ticket
    assert tracked_user_events(replicated.tracker_url, page.conversation) == len(said)  # one tracker, shared

    with unit_of_work(replicated.bot.tickets) as session:  # an agent takes the ticket up from another tool
        ticket = session.get(Ticket, opened[0].id)
        workflow.change_status(db_session=session, ticket=ticket, to="in_progress", actor="agent:e2e",
                               agreements=desk_of(db_session=session), reason="on it")
    notice = page.event_saying(number)  # B's delivery, A's stream
    assert notice["author"] == "system"
