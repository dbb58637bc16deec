"""The web chat door on a real catalogue and client databases (tests/bot/conftest.py), a scripted Rasa, and
when a test needs a real HTTP server (the event stream, the browser), uvicorn on a free port in a thread."""

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from bot.directory import Directory
from bot.relay import Relay
from bot.webchat.door import WebchatDoor
from tests.bot.doubles import FakeRasa

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
def door(directory: Directory, rasa: FakeRasa) -> WebchatDoor:
    return WebchatDoor(Relay(directory, rasa.client), directory, default_key="demo")


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
