"""One real Rasa server and one real action server for the whole end-to-end session.

They run as separate processes on their own ports, with the trained model of the current data
(trained here if `make test` has not done it), a fresh ticket database and a fresh tracker store.
"""

import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from scripts import local_secrets, model, stack
from servicedesk.database import make_engine, make_session_factory
from servicedesk.tickets.models import Ticket


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Bot:
    """A chat client on the REST webhook, one conversation per sender."""

    def __init__(self, base_url: str, session_factory, rasa: stack.Service | None = None,
                 stores: dict[str, str] | None = None, work: Path | None = None,
                 secrets: local_secrets.Secrets | None = None, actions_url: str | None = None) -> None:
        self.base_url = base_url
        self.secrets = secrets  # this run's Rasa token, door secret and action-server token
        self.actions_url = actions_url
        self.tickets = session_factory
        self.rasa = rasa  # the Rasa server's process, for tests about its life (hot reload)
        self.stores = stores or {}  # the catalogue and client databases' settings, for other processes
        self.work = work
        self.http = httpx.Client(timeout=120)

    def ticket(self, number: str) -> Ticket:
        """A ticket of the demo client as stored, with its log, history and attachments loaded."""
        with self.tickets() as session:
            return session.scalars(select(Ticket).options(selectinload(Ticket.log), selectinload(Ticket.history),
                                                          selectinload(Ticket.attachments))
                                   .where(Ticket.number == number)).one()

    def conversation(self) -> "Conversation":
        return Conversation(self, f"e2e-{uuid.uuid4().hex[:10]}")

    def parse(self, text: str) -> dict:
        return self.http.post(f"{self.base_url}/model/parse", json={"text": text},
                              params=self.token).raise_for_status().json()

    @property
    def token(self) -> dict[str, str]:
        """The query parameter Rasa's HTTP API wants."""
        return {"token": self.secrets.rasa_token} if self.secrets else {}


class Conversation:
    def __init__(self, bot: Bot, sender: str) -> None:
        self.bot, self.sender = bot, sender

    def say(self, text: str) -> list[dict]:
        response = self.bot.http.post(f"{self.bot.base_url}/webhooks/rest/webhook",
                                      json={"sender": self.sender, "message": text})
        response.raise_for_status()
        return response.json()

    def text(self, message: str) -> str:
        """What the bot answered, as one string."""
        return "\n".join(reply.get("text", "") for reply in self.say(message))

    def tracker(self) -> dict:
        return self.bot.http.get(f"{self.bot.base_url}/conversations/{self.sender}/tracker",
                                 params=self.bot.token).raise_for_status().json()


@contextmanager
def running_bot(work: Path, catalogue_url: str, client_template: str, endpoints: Path | None = None,
                rasa_env: dict[str, str] | None = None) -> Iterator[Bot]:
    """Both servers on free ports, on a catalogue bootstrapped with the demo clients (as `make run` does);
    the embedded endpoints unless given. The bot's `tickets` are the demo client's database."""
    stores = {"RELAIS_CATALOGUE_URL": catalogue_url, "RELAIS_CLIENT_DATABASE_URL_TEMPLATE": client_template,
              "RELAIS_KB_ROOT": str(work / "kb")}
    subprocess.run([sys.executable, "-m", "servicedesk", "bootstrap"], cwd=stack.ROOT, env={**os.environ, **stores},
                   check=True, capture_output=True)
    # The demo client's KB, built as `make run` builds it, in this run's own directory.
    subprocess.run([sys.executable, "-m", "kb_index", "build", "--client", "demo", "--source",
                    str(stack.ROOT / "data" / "clients" / "demo" / "kb")], cwd=stack.ROOT,
                   env={**os.environ, **stores}, check=True, capture_output=True)
    rasa_port, actions_port = free_port(), free_port()
    keys = local_secrets.ensure(work / "secrets", environ={})
    if endpoints is None:
        endpoints = work / "endpoints.yml"
        endpoints.write_text(yaml.safe_dump({
            "action_endpoint": {"url": f"http://127.0.0.1:{actions_port}/webhook", "token": keys.actions_token},
            "tracker_store": {"type": "SQL", "dialect": "sqlite", "db": str(work / "tracker.db")},
            "lock_store": {"type": "in_memory"},
        }))
    rasa_env = {"RELAIS_ACTION_ENDPOINT": f"http://127.0.0.1:{actions_port}/webhook", **(rasa_env or {})}
    services = [
        stack.action_server(keys, actions_port, env=stores, log=work / "actions.log"),
        stack.rasa_server(keys, model.train(), endpoints, rasa_port, env=rasa_env, log=work / "rasa.log"),
    ]
    stack.start_all(services)
    engine = make_engine(client_template.replace("{slug}", "demo"))
    try:
        yield Bot(f"http://127.0.0.1:{rasa_port}", make_session_factory(engine), rasa=services[1], stores=stores,
                  work=work, secrets=keys, actions_url=f"http://127.0.0.1:{actions_port}")
    finally:
        stack.stop_all(services)
        engine.dispose()


@pytest.fixture(scope="session")
def bot(tmp_path_factory) -> Iterator[Bot]:
    work: Path = tmp_path_factory.mktemp("e2e")
    with running_bot(work, f"sqlite:///{work / 'catalogue.db'}", f"sqlite:///{work}/{{slug}}.db") as started:
        yield started
