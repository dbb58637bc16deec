"""The names of Slack users, for Rasa's metadata, the ticket and the agents: asked once per user.

A failed users.info is not a reason to leave a user unanswered: the name is then simply unknown.
"""

import logging

from slack_sdk.web.async_client import AsyncWebClient

from bot.outlets import ChannelUnavailable
from bot.slack.outlet import slack_errors

logger = logging.getLogger(__name__)


class UserNames:
    def __init__(self) -> None:
        self._names: dict[tuple[str, str], str] = {}

    async def name_of(self, client: AsyncWebClient, team: str, user: str) -> str | None:
        key = (team, user)
        if key not in self._names:
            try:
                async with slack_errors("users.info"):
                    response = await client.users_info(user=user)
            except ChannelUnavailable as error:
                logger.warning("no name for %s:%s: %s", team, user, error)
                return None
            found = response.get("user") or {}
            profile = found.get("profile") or {}
            name = (profile.get("real_name") or found.get("real_name") or profile.get("display_name")
                    or found.get("name"))
            if not name:
                return None
            self._names[key] = str(name)
        return self._names[key]
