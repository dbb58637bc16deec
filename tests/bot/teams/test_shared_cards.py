"""The Teams card texts in Redis: a card one replica sent is redrawn with its text when it is clicked on the
other; a Redis that can't be reached costs the redrawn card its text, never the click."""

import asyncio

from botbuilder.schema import ResourceResponse
from redis.asyncio import Redis

from bot.messages import BotMessage, Button
from bot.teams.outlet import SentCards
from bot.teams.shared_cards import SharedCards
from tests.bot.conftest import REDIS_URL

QUESTION = BotMessage(text="Est-ce réglé ?", buttons=(Button("Oui", "/affirm"), Button("Non", "/deny")))


def test_a_card_sent_by_one_replica_is_known_to_the_other(redis_prefix) -> None:
    async def scenario() -> tuple[str | None, str | None, str | None]:
        one, other = (SharedCards(Redis.from_url(REDIS_URL), prefix=redis_prefix) for _ in range(2))
        await one.remember([ResourceResponse(id="act-1"), ResourceResponse(id="act-2")],
                           [QUESTION, BotMessage(text="sans bouton")])
        found = (await other.text_of("act-1"), await other.text_of("act-2"), await other.text_of("act-3"))
        await one.redis.aclose()
        await other.redis.aclose()
        return found

    text, plain, unknown = asyncio.run(scenario())
    assert text is not None and "Est-ce réglé ?" in text
    assert plain is None and unknown is None  # only cards with buttons are kept, as in memory


def test_memory_and_redis_keep_the_same_text(redis_prefix) -> None:
    async def scenario() -> tuple[str | None, str | None]:
        memory, shared = SentCards(), SharedCards(Redis.from_url(REDIS_URL), prefix=redis_prefix)
        for cache in (memory, shared):
            await cache.remember([ResourceResponse(id="act-1")], [QUESTION])
        found = await memory.text_of("act-1"), await shared.text_of("act-1")
        await shared.redis.aclose()
        return found

    in_memory, in_redis = asyncio.run(scenario())
    assert in_memory == in_redis


def test_redis_down_loses_the_text_not_the_click() -> None:
    async def scenario() -> str | None:
        down = SharedCards(Redis.from_url("redis://127.0.0.1:1/0"))
        await down.remember([ResourceResponse(id="act-1")], [QUESTION])  # logged, not raised
        found = await down.text_of("act-1")
        await down.redis.aclose()
        return found

    assert asyncio.run(scenario()) is None
