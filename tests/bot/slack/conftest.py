"""The Slack door under test: the real SlackDoor and bolt app served by FastAPI (through httpx's ASGI
transport), the real slack_sdk clients talking to the local Slack Web API stand-in, a bootstrapped demo
client database, and a fake Rasa answering from a script.

Workspaces: T0DEMOINDUS is bound to the demo client (data/clients/demo/settings.yml); T0NOBODY has a bot
token but no client."""

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bot.approvals.decisions import Decisions
from bot.config import SlackConfig
from bot.handoff import Handoff
from bot.limits import RateLimits
from bot.relay import Relay
from bot.slack.agents import SlackAgentDesk
from bot.slack.door import SlackDoor
from bot.slack.workspaces import Workspaces
from standins.doors import FakeRasa
from standins.slack_api import SlackApiStandIn
from standins.slack_signing import (
    block_actions,
    event_envelope,
    interaction_body,
    signed_headers,
    slash_command_body,
)

SECRET = "test-signing-secret"
TEAM = "T0DEMOINDUS"
STRANGER_TEAM = "T0NOBODY"
TOKENS = {TEAM: "xoxb-demo", STRANGER_TEAM: "xoxb-nobody"}


@pytest.fixture
def slack() -> Iterator[SlackApiStandIn]:
    with SlackApiStandIn(teams={token: team for team, token in TOKENS.items()}) as stand_in:
        yield stand_in


@pytest.fixture
def slack_config(slack) -> SlackConfig:
    return SlackConfig(signing_secret=SECRET, bot_tokens=dict(TOKENS), api_url=slack.url)


DOOR_SECRET = "slack-door-tests"  # the doors sign what they assert; the tests read it back


class Stage:
    """One running door; build it inside the test's event loop (`run`)."""

    def __init__(self, config: SlackConfig, directory: Any, rasa: FakeRasa, limits: RateLimits | None = None,
                 approvals: Decisions | None = None) -> None:
        self.rasa = rasa
        self.workspaces = workspaces = Workspaces(config)
        self.desk = desk = SlackAgentDesk(workspaces.client_for, directory, Handoff(directory, wake=lambda: None))
        relay = Relay(directory, rasa.client, desk, limits=limits, door_secret=DOOR_SECRET)
        self.door = SlackDoor(config, relay, directory, desk, workspaces, approvals=approvals)
        self.app = FastAPI()
        self.app.include_router(self.door.router)
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://bot.test")

    async def post(self, body: bytes, *, secret: str = SECRET, headers: dict[str, str] | None = None,
                   settle: bool = True) -> httpx.Response:
        response = await self.http.post("/slack/events", content=body,
                                        headers={**signed_headers(body, secret), **(headers or {})})
        if settle:
            await self.settle()
        return response

    async def event(self, event: dict[str, Any], *, team: str = TEAM, event_id: str | None = None,
                    retry: int | None = None, settle_after: bool = True) -> httpx.Response:
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return await self.post(event_envelope(team, event, event_id), headers=headers, settle=settle_after)

    async def click(self, user: str, channel: str, message: dict[str, Any], action: dict[str, Any],
                    team: str = TEAM) -> httpx.Response:
        return await self.post(interaction_body(block_actions(team, user, channel, message, action)))

    async def command(self, user: str, text: str = "", *, team: str = TEAM, channel: str = "D0ALICE",
                      command: str = "/relais") -> dict[str, Any]:
        response = await self.post(slash_command_body(team, user, command, text, channel))
        assert response.status_code == 200, response.text
        return json.loads(response.text)

    async def settle(self, timeout: float = 20) -> None:
        """Wait for the listeners bolt runs after its ack (and anything they started) to finish."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()]
            if not pending:
                return
            left = deadline - loop.time()
            assert left > 0, f"still running: {pending}"
            await asyncio.wait(pending, timeout=left)

    async def close(self) -> None:
        await self.http.aclose()
        await self.rasa.client.close()


@pytest.fixture
def stage(slack_config, directory) -> Callable[..., Any]:
    """stage(scenario, rasa=None, config=None, limits=None, approvals=None): runs `await scenario(stage)` in a
    fresh event loop."""

    def run(scenario: Callable[[Stage], Awaitable[Any]], rasa: FakeRasa | None = None,
            config: SlackConfig | None = None, limits: RateLimits | None = None,
            approvals: Decisions | None = None) -> Any:
        async def main() -> Any:
            staged = Stage(config or slack_config, directory, rasa or FakeRasa(), limits, approvals)
            try:
                return await scenario(staged)
            finally:
                await staged.close()

        return asyncio.run(main())

    return run
