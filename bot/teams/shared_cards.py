"""The Teams card cache in Redis: a card sent by one replica of the doors is redrawn with its text when its
button is clicked on another (or after a restart). Each text is a key of its own that expires after KEPT
seconds; a Redis that can't be reached costs the redrawn card its text, never the click."""

import logging
from collections.abc import Sequence

from botbuilder.schema import ResourceResponse
from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.messages import BotMessage
from bot.teams.outlet import card_texts

logger = logging.getLogger(__name__)

KEPT = 30 * 24 * 3600  # seconds: a card clicked later than this is redrawn with the choice alone


class SharedCards:
    """CardTexts (bot/teams/outlet.py) in Redis, `<prefix>:teams-card:<activity id>`."""

    def __init__(self, redis: Redis, *, prefix: str = "relais", kept: int = KEPT) -> None:
        self.redis = redis
        self.prefix = prefix
        self.kept = kept

    async def remember(self, responses: Sequence[ResourceResponse | None], messages: Sequence[BotMessage]) -> None:
        texts = card_texts(responses, messages)
        if not texts:
            return
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for activity_id, text in texts.items():
                    pipe.set(self._key(activity_id), text, ex=self.kept)
                await pipe.execute()
        except RedisError as error:
            logger.warning("Teams cards %s not kept in Redis: %s", ", ".join(texts), error)

    async def text_of(self, activity_id: str) -> str | None:
        try:
            text = await self.redis.get(self._key(activity_id))
        except RedisError as error:
            logger.warning("Teams card %s not read from Redis: %s", activity_id, error)
            return None
        return text.decode() if isinstance(text, bytes) else text

    def _key(self, activity_id: str) -> str:
        return f"{self.prefix}:teams-card:{activity_id}"
