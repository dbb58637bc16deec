"""The web chat door on a real catalogue and client databases (tests/bot/conftest.py), a scripted Rasa, and
when a test needs a real HTTP server (the event stream, the browser, the sign-in), uvicorn on a free port in a
thread. The door's secrets are the tests' own: a token secret, var/secrets/ in tmp_path (where the demo's HMAC
secret is generated on first use), Acme's HMAC and OIDC secrets in the environment."""

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from bot.config import WebchatConfig
from bot.directory import Directory
from bot.relay import Relay
from bot.webchat.door import WebchatDoor
from bot.webchat.identity import user_hash
from standins.doors import FakeRasa
from standins.oidc_provider import OidcProvider, oidc_provider

ROOT = Path(__file__).resolve().parents[3]
DOOR_SECRET = "test-door-secret"  # the relay signs its claims to Rasa with it
TOKEN_SECRET = "test-webchat-token-secret"
ACME_SECRET = "acme-site-hmac-secret"  # what Acme's site signs its users with
ACME_OIDC_SECRET = "relais-webchat-test-secret"  # standins/oidc_provider.py's default client

MENU = [{"title": "VPN", "payload": "/report{\"service\": \"VPN\"}"},
        {"title": "Imprimante", "payload": "/report{\"service\": \"printer\"}"}]


def scripted(body: dict[str, Any]) -> list[dict[str, Any]]:
    """A Rasa that offers a menu first, then thanks for the choice."""
    message = body["message"]
    if message.startswith("/report"):
        return [{"recipient_id": body["sender"], "text": f"Noté : {message}"}]
    return [{"recipient_id": body["sender"], "text": "Quel service pose problème ?", "buttons": MENU}]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def rasa() -> FakeRasa:
    return FakeRasa(scripted)


@pytest.fixture
def secrets_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("RELAIS_WEBCHAT_SECRET_ACME", ACME_SECRET)
    monkeypatch.setenv("RELAIS_OIDC_SECRET_ACME", ACME_OIDC_SECRET)
    monkeypatch.delenv("RELAIS_WEBCHAT_SECRET_DEMO", raising=False)
    return tmp_path / "secrets"


@pytest.fixture
def webchat_config(secrets_dir) -> WebchatConfig:
    return WebchatConfig(token_secret=TOKEN_SECRET, secrets_dir=secrets_dir)


@pytest.fixture
def door(directory: Directory, rasa: FakeRasa, webchat_config: WebchatConfig) -> WebchatDoor:
    return WebchatDoor(Relay(directory, rasa.client, door_secret=DOOR_SECRET), directory, default_key="demo",
                       config=webchat_config)


def site_user(user_id: str, email: str | None, name: str | None = None, *, secret: str = ACME_SECRET) -> dict:
    """What the client's site passes to the page for its signed-in user."""
    return {"id": user_id, "email": email, "name": name, "hash": user_hash(secret, user_id, email)}


def reload_settings(directory: Directory, client: str, edit: Callable[[str], str]) -> None:
    """Make an edited copy of data/clients/<client>/settings.yml the client's settings in force."""
    from servicedesk.settings.current import load_into

    text = (ROOT / "data" / "clients" / client / "settings.yml").read_text(encoding="utf-8")
    with directory.unit_of_work(client) as session:
        load_into(db_session=session, text=edit(text), origin="tests")


def demo_secret(door: WebchatDoor) -> str:
    """The demo's HMAC secret, generated under var/secrets/ on first use as in `make run`."""
    from bot.webchat import secret_store

    return secret_store.file_secret(door.config.secrets_dir / "webchat-demo-hmac", create=True)


@pytest.fixture
def app(door: WebchatDoor) -> FastAPI:
    app = FastAPI()
    app.include_router(door.router)
    return app


@dataclass
class Served:
    url: str
    loop: asyncio.AbstractEventLoop

    def run(self, coroutine: Any, timeout: float = 10) -> Any:
        """Run a coroutine in the server's event loop (as the delivery or the handoff would) and wait for it."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def run_soon(self, coroutine: Any) -> None:
        """Start a coroutine in the server's event loop without waiting (a delivery woken by a step)."""
        asyncio.run_coroutine_threadsafe(coroutine, self.loop)


@pytest.fixture
def served(app: FastAPI) -> Iterator[Served]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           timeout_graceful_shutdown=1))
    loops: list[asyncio.AbstractEventLoop] = []

    def serve() -> None:
        async def main() -> None:
            loops.append(asyncio.get_running_loop())
            await server.serve()

        asyncio.run(main())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the web chat server did not start"
        time.sleep(0.05)
    yield Served(f"http://127.0.0.1:{port}", loops[0])
    server.should_exit = True
    thread.join(15)


@pytest.fixture
def idp(served: Served, directory: Directory) -> Iterator[OidcProvider]:
    """The local OpenID Connect provider (standins/oidc_provider.py) as Acme's identity provider: it knows
    the door's callback, and Acme's settings in force name it as their issuer."""
    with oidc_provider(redirect_uris=[f"{served.url}/webchat/callback"]) as provider:  # ProviderMissing: setup.sh
        reload_settings(directory, "acme", lambda text: text.replace("https://login.acme.example", provider.issuer))
        yield provider
