"""The real product for one evaluation run, started as the end-to-end tests start it (tests/e2e/conftest.py):
a fresh catalogue and client database (SQLite in a temporary folder) for the evaluation's own client, its KB
index built from its articles, the action server, Rasa on the trained model, and the doors' process whose web
chat the dialogues go through. Nothing of var/ or models/kb is touched."""

import os
import secrets
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy.orm import Session, sessionmaker

from scripts import local_secrets, model, stack
from servicedesk.database import make_engine, make_session_factory

CLIENT_DIR = Path(__file__).resolve().parent / "client"
SLUG = "northwind"
WEBCHAT_KEY = "northwind"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Running:
    work: Path
    webchat_url: str
    webchat_key: str
    hmac_secret: str  # what the client's site would sign its users with
    tickets: sessionmaker[Session]  # the evaluation client's database
    logs: list[Path]


def stores(work: Path) -> dict[str, str]:
    """Where this run's databases, index and secrets are: the same for this process and the servers."""
    return {"RELAIS_CATALOGUE_URL": f"sqlite:///{work / 'catalogue.db'}",
            "RELAIS_CLIENT_DATABASE_URL_TEMPLATE": f"sqlite:///{work}/{{slug}}.db",
            "RELAIS_KB_ROOT": str(work / "kb"), "RELAIS_SECRETS_DIR": str(work / "secrets")}


def _bootstrap(work: Path, env: dict[str, str]) -> None:
    """The client, its web-chat key and its settings, as `python -m servicedesk bootstrap` makes the demo clients;
    a folder of its own so that only this client exists."""
    root = work / "clients"
    (root / SLUG).mkdir(parents=True)
    shutil.copy(CLIENT_DIR / "settings.yml", root / SLUG / "settings.yml")
    code = f"from pathlib import Path; from servicedesk.operations import bootstrap; bootstrap(Path({str(root)!r}))"
    subprocess.run([sys.executable, "-c", code], cwd=stack.ROOT, env={**os.environ, **env}, check=True,
                   capture_output=True)
    subprocess.run([sys.executable, "-m", "kb_index", "build", "--client", SLUG, "--source", str(CLIENT_DIR / "kb"),
                    "--quiet"], cwd=stack.ROOT, env={**os.environ, **env}, check=True, capture_output=True)


def endpoints(work: Path, actions_port: int, actions_token: str) -> Path:
    """Rasa's endpoints for this run: the action server on its port and token, a tracker store of its own."""
    path = work / "endpoints.yml"
    path.write_text(yaml.safe_dump({
        "action_endpoint": {"url": f"http://127.0.0.1:{actions_port}/webhook", "token": actions_token},
        "tracker_store": {"type": "SQL", "dialect": "sqlite", "db": str(work / "tracker.db")},
        "lock_store": {"type": "in_memory"},
    }))
    return path


@contextmanager
def running(work: Path, trained: Path | None = None) -> Iterator[Running]:
    """`trained`: a model file to play against; by default the current data's, trained if it is not yet."""
    work.mkdir(parents=True, exist_ok=True)
    env = stores(work)
    hmac_secret = secrets.token_urlsafe(32)
    env |= {"RELAIS_WEBCHAT_SECRET_NORTHWIND": hmac_secret, "RELAIS_WEBCHAT_TOKEN_SECRET": secrets.token_urlsafe(32),
            # every simulated user comes from 127.0.0.1: the per-address limit would throttle the run itself
            "RELAIS_RATE_LIMIT_ADDRESS": "100000/minute", "RELAIS_RATE_LIMIT_CONVERSATION": "1000/minute",
            "RELAIS_WEBCHAT_KEY": WEBCHAT_KEY, "RELAIS_DELIVERY_INTERVAL": "0.5"}
    _bootstrap(work, env)
    keys = local_secrets.ensure(work / "secrets", environ={})
    rasa_port, actions_port, doors_port = free_port(), free_port(), free_port()
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    logs = [work / "actions.log", work / "rasa.log", work / "doors.log"]
    services = [
        stack.action_server(keys, actions_port, env=env, log=logs[0]),
        stack.rasa_server(keys, trained or model.train(), endpoints(work, actions_port, keys.actions_token), rasa_port,
                          env={"RELAIS_ACTION_ENDPOINT": f"http://127.0.0.1:{actions_port}/webhook"}, log=logs[1]),
        stack.bot_server(keys, doors_port, rasa_url, env=env, log=logs[2]),
    ]
    stack.start_all(services, timeout=400)
    engine = make_engine(env["RELAIS_CLIENT_DATABASE_URL_TEMPLATE"].replace("{slug}", SLUG))
    try:
        yield Running(work=work, webchat_url=f"http://127.0.0.1:{doors_port}", webchat_key=WEBCHAT_KEY,
                      hmac_secret=hmac_secret, tickets=make_session_factory(engine), logs=logs)
    finally:
        stack.stop_all(services)
        engine.dispose()
