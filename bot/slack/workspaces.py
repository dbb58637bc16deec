"""The Web API client of each workspace the Slack app is installed in, made once from its bot token: the
door's listeners, its outlet and the agents' desk all write through them."""

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.config import SlackConfig
from bot.outlets import ChannelUnavailable


class Workspaces:
    def __init__(self, config: SlackConfig) -> None:
        self.config = config
        self._clients: dict[str, AsyncWebClient] = {}

    def client_for(self, team: str) -> AsyncWebClient:
        """The Web API client of a workspace (its bot token); ChannelUnavailable when Slack is not configured
        or the workspace has no token."""
        token = self.config.bot_tokens.get(team) if self.config.enabled else None
        if not token:
            raise ChannelUnavailable(f"Slack is not configured for workspace {team}")
        client = self._clients.get(team)
        if client is None:
            client = self._clients[team] = AsyncWebClient(token=token, **self.client_options())
        return client

    def client_options(self) -> dict[str, Any]:
        """What every client of this app is made with: the Web API's URL, when a stand-in replaces Slack's."""
        if not self.config.api_url:
            return {}
        return {"base_url": self.config.api_url.rstrip("/") + "/"}
