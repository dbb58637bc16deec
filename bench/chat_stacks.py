"""What bench/chat_load.py talks to, started by it and stopped after: Rasa's bare `rasa init` bot, Relais's
whole stack (action servers, Rasa servers, doors) with `replicas` of each behind round-robin proxies
(standins/round_robin.py), and the doors alone in front of a Rasa stand-in that answers at once.

One replica runs on the embedded stores (SQLite, the in-memory lock store), as `make run` does; several run as
production does: the catalogue, the client databases and the tracker store on PostgreSQL (RELAIS_TEST_POSTGRES_URL's
server, databases relais_bench_<random>_… dropped after), Rasa's locks and the doors' shared state in Redis
(RELAIS_BENCH_REDIS_URL, keys under a prefix of the run's own, removed after).

The bare bot is made once under var/bench/bare-rasa/ by `rasa init --no-prompt`, which trains its model: the
only training the bench ever does, and only when asked to (chat_load.py without --smoke). Relais's own model is
`make train`'s; without it the Relais targets are skipped.
"""

import contextlib
import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import redis
import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from scripts import local_secrets, model, stack
from standins.rasa_http import RasaStandIn
from standins.round_robin import RoundRobin

ROOT = stack.ROOT
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
BARE = ROOT / "var" / "bench" / "bare-rasa"
POSTGRES_ADMIN_URL = os.environ.get("RELAIS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("RELAIS_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
LOCKS_DB = 6  # the Redis database of Rasa's lock store in the bench
UNLIMITED = {  # every simulated user comes from 127.0.0.1: the per-address limit would throttle the run itself
    "RELAIS_RATE_LIMIT_ADDRESS": "1000000/minute", "RELAIS_RATE_LIMIT_CONVERSATION": "100000/minute",
    "RELAIS_DELIVERY_INTERVAL": "2"}


RASA_SERVICES = ("bare Rasa", "Rasa server")  # Service.name of the bare bot's and of Relais's (scripts/stack.py)


@dataclass
class Running:
    """Where a target listens, and the process groups whose CPU its messages cost."""

    rest_url: str | None = None  # Rasa's REST webhook (the development door)
    doors_url: str | None = None  # the web chat
    services: list[stack.Service] = field(default_factory=list)

    @property
    def process_groups(self) -> set[int]:
        return {s.process.pid for s in self.services if s.process is not None}

    @property
    def rasa_groups(self) -> set[int]:
        """The Rasa servers' process groups: where the model runs."""
        return {s.process.pid for s in self.services if s.process is not None and s.name in RASA_SERVICES}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bare_model(train: bool) -> Path | None:
    """The bare bot's model; made (and trained) by `rasa init` the first time when `train`, else None."""
    models = sorted((BARE / "models").glob("*.tar.gz"))
    if models or not train:
        return models[-1] if models else None
    BARE.mkdir(parents=True, exist_ok=True)
    print(f"making the bare bot in {BARE.relative_to(ROOT)} (rasa init trains it once, a few minutes)", flush=True)
    subprocess.run([str(RASA), "init", "--no-prompt", "--init-dir", str(BARE)], cwd=BARE, check=True,
                   env={**os.environ, **stack.QUIET_RASA}, stdout=subprocess.DEVNULL)
    return sorted((BARE / "models").glob("*.tar.gz"))[-1]


@contextlib.contextmanager
def bare_rasa(trained: Path, work: Path) -> Iterator[Running]:
    """The bare bot on its model, its own endpoints (no action server, an in-memory tracker store): named, or
    Rasa would read Relais's endpoints.yml in the working directory."""
    port = free_port()
    service = stack.Service("bare Rasa", [str(RASA), "run", "--enable-api", "--interface", "127.0.0.1", "--port",
                                          str(port), "--model", str(trained), "--credentials",
                                          str(BARE / "credentials.yml"), "--endpoints", str(BARE / "endpoints.yml")],
                            f"http://127.0.0.1:{port}/", env=dict(stack.QUIET_RASA), log=work / "bare-rasa.log")
    stack.start_all([service], timeout=400)
    try:
        yield Running(rest_url=f"http://127.0.0.1:{port}", services=[service])
    finally:
        stack.stop_all([service])


@contextlib.contextmanager
def behind_one_address(urls: list[str]) -> Iterator[str]:
    """One replica as it is; several behind a round-robin proxy."""
    if len(urls) == 1:
        yield urls[0]
        return
    with RoundRobin(urls).serving() as url:
        yield url


@contextlib.contextmanager
def stores(work: Path, replicas: int) -> Iterator[tuple[dict[str, str], dict[str, str] | None]]:
    """(the catalogue's and client databases' settings, Rasa's stores' settings for endpoints.production.yml)
    for several replicas; for one, the embedded stores and None for Rasa's (see `endpoints`)."""
    if replicas == 1:
        yield ({"RELAIS_CATALOGUE_URL": f"sqlite:///{work / 'catalogue.db'}",
                "RELAIS_CLIENT_DATABASE_URL_TEMPLATE": f"sqlite:///{work}/{{slug}}.db"}, None)
        return
    prefix, redis_prefix = f"relais_bench_{uuid.uuid4().hex[:6]}_", f"relais-bench-{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    server = make_url(POSTGRES_ADMIN_URL)

    def url_of(name: str) -> str:  # by substitution, so that "{slug}" is not percent-encoded
        return server.set(database="DATABASE").render_as_string(hide_password=False).replace("DATABASE", name)

    try:
        with admin.connect() as connection:
            for name in ("catalogue", "tracker"):
                connection.execute(text(f'CREATE DATABASE "{prefix}{name}"'))
        redis_host = urlsplit(REDIS_URL)
        rasa_env = {"RELAIS_TRACKER_DB_HOST": server.host or "127.0.0.1", "RELAIS_TRACKER_DB_PORT": str(server.port),
                    "RELAIS_TRACKER_DB_NAME": f"{prefix}tracker", "RELAIS_TRACKER_DB_USER": server.username or "",
                    "RELAIS_TRACKER_DB_PASSWORD": server.password or "",
                    "RELAIS_REDIS_HOST": redis_host.hostname or "127.0.0.1",
                    "RELAIS_REDIS_PORT": str(redis_host.port or 6379),
                    "RELAIS_REDIS_DB": str(LOCKS_DB)}
        yield ({"RELAIS_CATALOGUE_URL": url_of(f"{prefix}catalogue"),
                "RELAIS_CLIENT_DATABASE_URL_TEMPLATE": url_of(f"{prefix}{{slug}}"),
                "RELAIS_REDIS_URL": REDIS_URL, "RELAIS_REDIS_PREFIX": redis_prefix}, rasa_env)
    finally:
        with admin.connect() as connection:
            names = connection.scalars(text("SELECT datname FROM pg_database WHERE starts_with(datname, :p)"),
                                       {"p": prefix}).all()
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"{redis_prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()


@contextlib.contextmanager
def relais(work: Path, replicas: int, trained: Path) -> Iterator[Running]:
    """The demo client's whole stack, `replicas` of each server: Rasa's REST webhook and the doors' web chat,
    each behind one address."""
    with stores(work, replicas) as (databases, rasa_stores):
        env = {**databases, "RELAIS_KB_ROOT": str(work / "kb")}
        for command in (["-m", "servicedesk", "bootstrap"],
                        ["-m", "kb_index", "build", "--client", "demo", "--source",
                         str(ROOT / "data" / "clients" / "demo" / "kb"), "--quiet"]):
            subprocess.run([sys.executable, *command], cwd=ROOT, env={**os.environ, **env}, check=True,
                           capture_output=True)
        keys = local_secrets.ensure(work / "secrets", environ={})
        actions = [stack.action_server(keys, free_port(), env=env, log=work / f"actions-{n}.log")
                   for n in range(replicas)]
        stack.start_all(actions, timeout=400)
        running = Running(services=list(actions))
        try:
            with behind_one_address([f"http://127.0.0.1:{_port(s)}" for s in actions]) as actions_url:
                rasa_env = {**(rasa_stores or {}), "RELAIS_ACTION_ENDPOINT": f"{actions_url}/webhook"}
                endpoints = _endpoints(work, actions_url, keys.actions_token, production=rasa_stores is not None)
                rasas = [stack.rasa_server(keys, trained, endpoints, free_port(), env=rasa_env,
                                           log=work / f"rasa-{n}.log") for n in range(replicas)]
                running.services += rasas
                stack.start_all(rasas, timeout=600)
                with behind_one_address([f"http://127.0.0.1:{_port(s)}" for s in rasas]) as rasa_url, \
                        doors(work, replicas, rasa_url, keys, env, running) as doors_url:
                    running.rest_url, running.doors_url = rasa_url, doors_url
                    yield running
        finally:
            stack.stop_all(running.services)


@contextlib.contextmanager
def doors(work: Path, replicas: int, rasa_url: str, keys: local_secrets.Secrets, env: dict[str, str],
          running: Running) -> Iterator[str]:
    """`replicas` doors processes on Rasa at `rasa_url`, behind one address; added to `running`'s services."""
    env = {**env, **UNLIMITED, "RELAIS_WEBCHAT_TOKEN_SECRET": uuid.uuid4().hex}  # one for all the replicas
    started = [stack.bot_server(keys, free_port(), rasa_url, env=env, log=work / f"doors-{n}.log")
               for n in range(replicas)]
    running.services += started
    stack.start_all(started, timeout=120)
    with behind_one_address([f"http://127.0.0.1:{_port(s)}" for s in started]) as url:
        yield url


@contextlib.contextmanager
def doors_alone(work: Path, replicas: int) -> Iterator[Running]:
    """The doors in front of a Rasa stand-in answering at once: what the doors themselves can carry, no model."""
    with stores(work, replicas) as (databases, _), RasaStandIn() as rasa:
        subprocess.run([sys.executable, "-m", "servicedesk", "bootstrap"], cwd=ROOT,
                       env={**os.environ, **databases}, check=True, capture_output=True)
        keys = local_secrets.ensure(work / "secrets", environ={})
        running = Running()
        try:
            with doors(work, replicas, rasa.base, keys, databases, running) as url:
                running.doors_url = url
                yield running
        finally:
            stack.stop_all(running.services)


def relais_model() -> Path | None:
    """Relais's trained model for the current data (`make train`), None when it is not trained."""
    path = model.model_path()
    return path if path.exists() else None


def _endpoints(work: Path, actions_url: str, actions_token: str, production: bool) -> Path:
    """endpoints.production.yml for several replicas (its stores named by the environment); for one, the
    embedded stores, as tests/e2e/conftest.py writes them."""
    if production:
        return ROOT / "endpoints.production.yml"
    path = work / "endpoints.yml"
    path.write_text(yaml.safe_dump({
        "action_endpoint": {"url": f"{actions_url}/webhook", "token": actions_token},
        "tracker_store": {"type": "SQL", "dialect": "sqlite", "db": str(work / "tracker.db")},
        "lock_store": {"type": "in_memory"}}))
    return path


def _port(service: stack.Service) -> int:
    assert service.health_url is not None
    return int(service.health_url.split(":")[2].split("/")[0])
