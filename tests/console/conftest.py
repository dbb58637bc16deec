"""A desk for the console's tests: a catalogue with clients alpha, bravo and charlie (each its own database, the
demo settings loaded, a few open tickets) and accounts of every role; the app through FastAPI's TestClient, or
served over real HTTP on loopback for the OIDC and browser tests.

The console's HTTP tests run on SQLite only: what they check is the console's behaviour, and the accounts' use cases
underneath are tested on both backends (tests/servicedesk/accounts). The desk is built once per session and copied.
Passwords are hashed with a cheap argon2 (tests/conftest.py), while the desk is built too, so that a sign-in costs
milliseconds, not a second.
"""

import asyncio
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from console.app import create_app
from console.config import ConsoleConfig
from console.session import SignedIn
from servicedesk.accounts import service
from servicedesk.clients.database import migrate_catalogue
from servicedesk.clients.registry import ClientDatabases
from servicedesk.clients.service import create
from servicedesk.database import make_engine, make_session_factory, unit_of_work
from servicedesk.tickets.models import Ticket
from tests.api.conftest import open_tickets
from tests.conftest import cheap_hashes, cheap_hashing  # noqa: F401 - the security tests import the desk's fixtures from here

PASSWORD = "a long enough passphrase"
SECRET = "console-test-secret"
TICKETS = {  # slug -> (service, description, impact, urgency), the last of each moved to the Infrastructure group
    "alpha": [("Outlook", "alpha: Outlook crashes at start-up", 3, 3), ("Printing", "alpha: printer jammed", 2, 2)],
    "bravo": [("VPN", "bravo: the VPN drops every hour", 2, 2), ("Teams", "bravo: no sound in Teams", 3, 4),
              ("SAP", "bravo: SAP is down for the whole site", 1, 1)],
    "charlie": [("Badge", "charlie: badge refused at the door", 3, 3)],
}
NAMES = {"alpha": "Alpha Industries", "bravo": "Bravo Logistics", "charlie": "Charlie Bank"}
ACCOUNTS = {  # login -> (role, grants, active)
    "alice": ("agent", {"alpha": []}, True),
    "bob": ("agent", {"bravo": ["Infrastructure"]}, True),
    "lea": ("lead", {"alpha": [], "bravo": []}, True),
    "root": ("admin", {"alpha": [], "bravo": [], "charlie": []}, True),
    "dan": ("agent", {"alpha": []}, False),
}


@pytest.fixture(scope="session")
def built_desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with cheap_hashing():  # a session fixture, which the autouse cheap_hashes does not reach
        return build_desk(tmp_path_factory.mktemp("console-desk"))


def build_desk(folder: Path) -> Path:
    catalogue_url = f"sqlite:///{folder / 'catalogue.db'}"
    migrate_catalogue(catalogue_url)
    engine = make_engine(catalogue_url)
    catalogue = make_session_factory(engine)
    registry = ClientDatabases(catalogue)
    try:
        with unit_of_work(catalogue) as session:
            for slug in TICKETS:
                create(db_session=session, slug=slug, name=NAMES[slug],
                       database_url=f"sqlite:///{folder / 'clients' / slug}.db")
            for login, (role, grants, _) in ACCOUNTS.items():
                service.create(db_session=session, login=login, display_name=login.title(),
                               email=f"{login}@desk.example", role=role, password=PASSWORD, grants=grants)
            service.disable(db_session=session, login="dan")
        for slug, rows in TICKETS.items():
            open_tickets(registry.session_factory(slug), rows)
            with unit_of_work(registry.session_factory(slug)) as session:
                last = session.scalars(select(Ticket).order_by(Ticket.id.desc())).first()
                assert last is not None
                last.group_name = "Infrastructure"
    finally:
        registry.dispose()
        engine.dispose()
    return folder


@dataclass
class Desk:
    catalogue: sessionmaker[Session]
    registry: ClientDatabases

    def app(self, config: ConsoleConfig | None = None) -> FastAPI:
        """The console, plus /whoami: a page behind sign-in that the sign-in tests need and no other page."""
        app = create_app(self.catalogue, self.registry, config or ConsoleConfig(secret=SECRET))

        @app.get("/whoami", response_class=PlainTextResponse)
        def whoami(agent: SignedIn) -> str:
            return f"{agent.login} {agent.role}"

        return app


@pytest.fixture
def desk(built_desk: Path, tmp_path: Path, monkeypatch) -> Iterator[Desk]:
    """A copy of the built desk of the test's own, its catalogue naming the copied client databases."""
    shutil.copytree(built_desk, tmp_path / "desk")
    url = f"sqlite:///{tmp_path / 'desk' / 'catalogue.db'}"
    monkeypatch.setenv("RELAIS_CATALOGUE_URL", url)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE clients SET database_url = replace(database_url, :built, :copy)"),
                           {"built": str(built_desk), "copy": str(tmp_path / "desk")})
    registry = ClientDatabases(make_session_factory(engine))
    try:
        yield Desk(make_session_factory(engine), registry)
    finally:
        registry.dispose()
        engine.dispose()


@pytest.fixture
def http(desk: Desk) -> Iterator[TestClient]:
    with TestClient(desk.app()) as client:
        yield client


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(http: TestClient | httpx.Client, path: str = "/signin") -> str:
    """The CSRF token of the page's forms, as a browser would post it back."""
    found = CSRF.search(http.get(path).text)
    assert found, f"no CSRF token in {path}"
    return found[1]


def sign_in(http: TestClient | httpx.Client, login: str, password: str = PASSWORD, **extra: str) -> httpx.Response:
    token = csrf_of(http)
    return http.post("/signin", data={"login": login, "password": password, "csrf_token": token, **extra},
                     follow_redirects=False)


@pytest.fixture
def signed_in(http: TestClient) -> Callable[[str], TestClient]:
    def as_(login: str) -> TestClient:
        answer = sign_in(http, login)
        assert answer.status_code == 303, answer.text
        return http

    return as_


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(app: FastAPI, port: int) -> Iterator[str]:
    """The app over real HTTP on loopback, in a thread; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           timeout_graceful_shutdown=1))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the console did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
