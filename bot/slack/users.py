"""Who Slack users are, for Rasa's metadata, the ticket and the agents: their name and, when the app may read
it (the users:read.email scope), their e-mail address, which makes them the same person in every door.
Asked once per user.

A failed users.info is not a reason to leave a user unanswered: the name and address are then simply unknown.
"""

import logging
from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient

from bot.errors import ChannelUnavailable
from bot.slack.outlet import slack_errors

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SlackUser:
    name: str | None
    email: str | None  # Slack verified it when the user joined the workspace


class UserNames:
    def __init__(self) -> None:
        self._users: dict[tuple[str, str], SlackUser] = {}

    async def user_of(self, client: AsyncWebClient, team: str, user: str) -> SlackUser:
        key = (team, user)
        if key not in self._users:
            try:
                async with slack_errors("users.info"):
                    response = await client.users_info(user=user)
            except ChannelUnavailable as error:
                logger.warning("nothing known of %s:%s: %s", team, user, error)
                return SlackUser(None, None)
            found = response.get("user") or {}
            profile = found.get("profile") or {}
            name = (profile.get("real_name") or found.get("real_name") or profile.get("display_name")
                    or found.get("name"))
            email = profile.get("email")
            if not (name or email):
                return SlackUser(None, None)
            self._users[key] = SlackUser(str(name) if name else None, str(email) if email else None)
        return self._users[key]

    async def name_of(self, client: AsyncWebClient, team: str, user: str) -> str | None:
        return (await self.user_of(client, team, user)).name
