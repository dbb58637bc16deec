"""The servers the attacks are made against, started as `make run` starts them (scripts/stack.py), all at once:

    Rasa            its HTTP API behind this run's token, the REST door open (as `make run` has it)
    Rasa's channel  alone, RELAIS_REST_DOOR=off (as production has it): tests/security/channel_server.py, a
                    second model load being minutes on this machine
    action server   behind its token and the doors' claims (actions/server.py)
    doors           python -m bot, with Slack's Web API stand-in, and Teams with an app id, so that every
                    Bot Framework request must carry a valid token
    REST API        python -m api, with keys of two roles for demo and one for acme

on a catalogue bootstrapped with the demo clients (demo and acme, each with its own database), with secrets
made for this run only, all started side by side.
Used by tests/security/conftest.py.
"""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml
from sqlalchemy import Engine, MetaData, select
from sqlalchemy.orm import Session, sessionmaker

from scripts import local_secrets, model, stack
from servicedesk.clients import keys
from servicedesk.clients.service import get_by_slug
from servicedesk.database import make_engine, make_session_factory, unit_of_work
from servicedesk.identity import claims
from servicedesk.settings.current import desk_of
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, open_incident
from standins.slack_api import SlackApiStandIn
from tests.e2e.conftest import Bot, free_port

SLACK_SECRET = "security-signing-secret"
DEMO_TEAM, ACME_TEAM, DESK_TEAM = "T0DEMOINDUS", "T0ACMECORP", "T0RELAISDESK"  # data/clients/*/settings.yml
DEMO_TENANT = "6f1c2d3e-demo-indus-tenant"
SLACK_TOKENS = {"xoxb-demo": DEMO_TEAM, "xoxb-desk": DESK_TEAM}
TEAMS_APP_ID = "00000000-relais-security-app"  # any id: with one set, the SDK checks every request's JWT
TEAMS_APP_PASSWORD = "not-a-real-password-of-32-bytes!"
API_KEYS = {"demo-agent": ("demo", "agent"), "demo-integration": ("demo", "integration"),
            "acme-agent": ("acme", "agent")}
# Columns the doors' delivery loop updates on its own: not a trace of the probes.
DELIVERY_STATE = {"notifications": {"attempts", "next_attempt_at", "delivered_at", "last_error"}}
WEBCHAT_SECRETS = {"RELAIS_WEBCHAT_SECRET_DEMO": "security-webchat-demo",
                   "RELAIS_WEBCHAT_SECRET_ACME": "security-webchat-acme"}


@dataclass
class Desk:
    """Everything an attacker could reach, and the databases to check afterwards."""

    rasa: Bot  # the REST door open
    closed_url: str  # Rasa's channel alone, RELAIS_REST_DOOR=off
    doors_url: str
    api_url: str
    slack: SlackApiStandIn
    clients: dict[str, sessionmaker[Session]]  # slug -> its database
    engines: dict[str, Engine]
    api_keys: dict[str, str]  # key name -> secret
    services: dict[str, stack.Service]  # name -> process, for their ports and logs
    ports: dict[str, int]
    work: Path
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=120))

    @property
    def secrets(self) -> local_secrets.Secrets:
        assert self.rasa.secrets is not None
        return self.rasa.secrets

    @property
    def actions_url(self) -> str:
        assert self.rasa.actions_url is not None
        return self.rasa.actions_url

    def sign(self, *, client: str, requester: str, channel: str, conversation: str, secret: str | None = None,
             **extra: Any) -> dict[str, str]:
        """The metadata a door sends with a message: its claims, signed (with the doors' secret by default)."""
        found = claims.DoorClaims(client=client, requester=requester, channel=channel, conversation=conversation,
                                  **extra)
        return {claims.METADATA_KEY: claims.sign(found, self.secrets.door_secret if secret is None else secret)}

    def post(self, rasa: Bot | str, sender: str, text: str, metadata: dict[str, Any] | None = None) -> httpx.Response:
        """A message on Rasa's REST webhook (Rasa's, or the lone channel's at this URL), as a door (signed
        metadata) or anyone (anything) would post it."""
        body: dict[str, Any] = {"sender": sender, "message": text}
        if metadata is not None:
            body["metadata"] = metadata
        base = rasa if isinstance(rasa, str) else rasa.base_url
        return self.http.post(f"{base}/webhooks/rest/webhook", json=body)

    def open_ticket(self, slug: str, *, requester: str, description: str, channel: str = "slack",
                    conversation: str = "security-setup") -> str:
        """A ticket opened in that client's database as its use case opens one; returns its number."""
        with unit_of_work(self.clients[slug]) as session:
            report = IncidentReport(service="VPN", description=description, impact=3, urgency=3,
                                    requester=requester, channel=channel, conversation_id=conversation,
                                    language="fr")
            return open_incident(db_session=session, report=report, agreements=desk_of(db_session=session)).number

    def ticket(self, slug: str, number: str) -> Ticket:
        with self.clients[slug]() as session:
            ticket = session.scalars(select(Ticket).where(Ticket.number == number)).one()
            _ = ticket.log, ticket.history
            return ticket

    def trace(self, slug: str) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table of that client's database (the delivery loop's bookkeeping aside): two equal
        traces mean nothing was created, changed or deleted in between."""
        engine = self.engines[slug]
        tables = MetaData()
        tables.reflect(engine)
        found: dict[str, list[tuple[Any, ...]]] = {}
        with engine.connect() as connection:
            for table in tables.sorted_tables:
                skipped = DELIVERY_STATE.get(table.name, set())
                columns = [column for column in table.columns if column.name not in skipped]
                order = list(table.primary_key.columns) or columns
                found[table.name] = [tuple(row) for row in connection.execute(select(*columns).order_by(*order))]
        return found

    @contextmanager
    def untouched(self, *slugs: str) -> Iterator[None]:
        """Asserts that what runs inside leaves these clients' databases (all of them by default) as they were."""
        names = slugs or tuple(self.clients)
        before = {slug: self.trace(slug) for slug in names}
        yield
        for slug in names:
            after = self.trace(slug)
            changed = {table: (rows, after.get(table)) for table, rows in before[slug].items()
                       if after.get(table) != rows}
            assert not changed, f"{slug}'s database changed: {changed}"


def _endpoints(path: Path, actions_port: int, actions_token: str, tracker: Path) -> Path:
    path.write_text(yaml.safe_dump({
        "action_endpoint": {"url": f"http://127.0.0.1:{actions_port}/webhook", "token": actions_token},
        "tracker_store": {"type": "SQL", "dialect": "sqlite", "db": str(tracker)},
        "lock_store": {"type": "in_memory"},
    }))
    return path


def _issue_keys(catalogue_url: str) -> dict[str, str]:
    engine = make_engine(catalogue_url)
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            return {name: keys.issue(db_session=session, client=get_by_slug(db_session=session, slug=slug),
                                     name=name, role=role) for name, (slug, role) in API_KEYS.items()}
    finally:
        engine.dispose()


@contextmanager
def running_desk(work: Path) -> Iterator[Desk]:
    """All the servers above on free loopback ports; stopped (and their databases closed) afterwards."""
    catalogue_url, template = f"sqlite:///{work / 'catalogue.db'}", f"sqlite:///{work}/{{slug}}.db"
    stores = {"RELAIS_CATALOGUE_URL": catalogue_url, "RELAIS_CLIENT_DATABASE_URL_TEMPLATE": template,
              "RELAIS_KB_ROOT": str(work / "kb"), "RELAIS_SECRETS_DIR": str(work / "secrets"),
              "RELAIS_WEBCHAT_TOKEN_SECRET": "security-webchat-token-secret", **WEBCHAT_SECRETS}
    subprocess.run([sys.executable, "-m", "servicedesk", "bootstrap"], cwd=stack.ROOT, env={**os.environ, **stores},
                   check=True, capture_output=True)
    api_keys = _issue_keys(catalogue_url)
    secrets = local_secrets.ensure(work / "secrets", environ={})
    ports = {name: free_port() for name in ("rasa", "closed", "actions", "doors", "api")}
    trained = model.train()
    action_url = f"http://127.0.0.1:{ports['actions']}/webhook"
    rasa_env = {"RELAIS_ACTION_ENDPOINT": action_url}
    with SlackApiStandIn(teams=dict(SLACK_TOKENS)) as slack:
        doors_env = {**stores, "RELAIS_SLACK_SIGNING_SECRET": SLACK_SECRET, "RELAIS_SLACK_API_URL": slack.url,
                     "RELAIS_SLACK_BOT_TOKENS": ",".join(f"{team}={token}" for token, team in SLACK_TOKENS.items()),
                     "RELAIS_DELIVERY_INTERVAL": "0.5", "RELAIS_TEAMS_APP_ID": TEAMS_APP_ID,
                     "RELAIS_TEAMS_APP_PASSWORD": TEAMS_APP_PASSWORD}
        services = {
            "actions": stack.action_server(secrets, ports["actions"], env=stores, log=work / "actions.log"),
            "rasa": stack.rasa_server(secrets, trained, _endpoints(work / "endpoints.yml", ports["actions"],
                                                                   secrets.actions_token, work / "tracker.db"),
                                      ports["rasa"], env=rasa_env, log=work / "rasa.log"),
            "closed": stack.Service("Rasa's channel, REST door off",
                                    [str(stack.ROOT / ".venv-rasa/bin/python"), "-m", "tests.security.channel_server",
                                     "--port", str(ports["closed"])], f"http://127.0.0.1:{ports['closed']}/health",
                                    env={**stack.QUIET_RASA, "RELAIS_DOOR_SECRET": secrets.door_secret,
                                         "RELAIS_REST_DOOR": "off"}, log=work / "channel-closed.log"),
            "doors": stack.bot_server(secrets, ports["doors"], f"http://127.0.0.1:{ports['rasa']}", env=doors_env,
                                      log=work / "doors.log"),
            "api": stack.api_server(ports["api"], env=stores, log=work / "api.log"),
        }
        started = time.monotonic()
        stack.start_all(list(services.values()))
        print(f"security servers ready in {time.monotonic() - started:.0f} s")
        engines = {slug: make_engine(template.replace("{slug}", slug)) for slug in ("demo", "acme")}
        factories = {slug: make_session_factory(engine) for slug, engine in engines.items()}
        common: dict[str, Any] = {"stores": stores, "work": work, "secrets": secrets,
                                  "actions_url": f"http://127.0.0.1:{ports['actions']}"}
        try:
            yield Desk(
                rasa=Bot(f"http://127.0.0.1:{ports['rasa']}", factories["demo"], rasa=services["rasa"], **common),
                closed_url=f"http://127.0.0.1:{ports['closed']}",
                doors_url=f"http://127.0.0.1:{ports['doors']}", api_url=f"http://127.0.0.1:{ports['api']}",
                slack=slack, clients=factories, engines=engines, api_keys=api_keys, services=services, ports=ports,
                work=work)
        finally:
            stack.stop_all(list(services.values()))
            for engine in engines.values():
                engine.dispose()
