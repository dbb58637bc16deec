"""The Teams door under test: the real TeamsDoor and Bot Framework SDK served by FastAPI (through httpx's ASGI
transport), activities POSTed to /api/messages whose serviceUrl is the local connector stand-in (which
receives the replies, card updates and proactive messages), a bootstrapped demo client database, and a fake
Rasa answering from a script.

Tenants: 6f1c2d3e-demo-indus-tenant is bound to the demo client (data/clients/demo/settings.yml);
0000-nobody-tenant is bound to none."""

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bot.approvals.decisions import Decisions
from bot.config import TeamsConfig
from bot.limits import RateLimits
from bot.relay import Relay
from bot.teams.door import TeamsDoor
from standins.bot_connector import DEMO_TENANT, BotConnectorStandIn, teams_activity
from standins.doors import FakeRasa

TENANT = DEMO_TENANT
STRANGER_TENANT = "0000-nobody-tenant"
CHAT = "a:1demo-personal-chat"  # teams_activity's default conversation
USER_AAD = "00000000-0000-0000-0000-0000000a11ce"  # and its user's Entra object id


@pytest.fixture
def connector() -> Iterator[BotConnectorStandIn]:
    with BotConnectorStandIn() as stand_in:
        yield stand_in


DOOR_SECRET = "teams-door-tests"  # the doors sign what they assert; the tests read it back


class Stage:
    """One running door; build it inside the test's event loop (`run`)."""

    def __init__(self, config: TeamsConfig, directory: Any, rasa: FakeRasa, connector: BotConnectorStandIn,
                 limits: RateLimits | None = None, approvals: Decisions | None = None) -> None:
        self.rasa = rasa
        self.directory = directory
        self.connector = connector
        self.door = TeamsDoor(config, Relay(directory, rasa.client, limits=limits, door_secret=DOOR_SECRET),
                              directory, approvals=approvals)
        self.app = FastAPI()
        self.app.include_router(self.door.router)
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://bot.test")

    def activity(self, text: str | None = None, **fields: Any) -> dict[str, Any]:
        return teams_activity(text, service_url=self.connector.url, **fields)

    async def post(self, activity: dict[str, Any], *, headers: dict[str, str] | None = None,
                   settle: bool = True) -> httpx.Response:
        response = await self.http.post("/api/messages", json=activity, headers=headers)
        if settle:
            await self.door.settle()
        return response

    async def say(self, text: str | None = None, **fields: Any) -> dict[str, Any]:
        """Post a message activity, wait for its turn; the activity."""
        activity = self.activity(text, **fields)
        response = await self.post(activity)
        assert response.status_code == 200, response.text
        return activity

    def posted(self) -> list[Any]:
        """What the bot sent (not updated) to the connector, in order."""
        return [a for a in self.connector.activities if a.method == "POST"]

    async def close(self) -> None:
        await self.http.aclose()
        await self.rasa.client.close()


@pytest.fixture
def stage(directory, connector) -> Callable[..., Any]:
    """stage(scenario, rasa=None, config=None, limits=None, approvals=None): runs `await scenario(stage)` in a
    fresh event loop."""

    def run(scenario: Callable[[Stage], Awaitable[Any]], rasa: FakeRasa | None = None,
            config: TeamsConfig | None = None, limits: RateLimits | None = None,
            approvals: Decisions | None = None) -> Any:
        async def main() -> Any:
            staged = Stage(config or TeamsConfig(), directory, rasa or FakeRasa(), connector, limits, approvals)
            try:
                return await scenario(staged)
            finally:
                await staged.close()

        return asyncio.run(main())

    return run
