"""Deliveries seen lately: once in this process, or once across the replicas through Redis (SET NX with a
TTL); a Redis that can't be reached lets the refusal be told rather than never."""

import asyncio

import redis
from redis.asyncio import Redis

from bot.recent import Recent, SharedRecent
from tests.bot.conftest import REDIS_URL


def test_in_memory_a_key_is_new_once_and_the_oldest_are_forgotten() -> None:
    async def scenario() -> list[bool]:
        recent = Recent(size=2)
        return [await recent.first_time(key) for key in ("a", "a", "b", "c", "a")]

    assert asyncio.run(scenario()) == [True, False, True, True, True]


def test_two_replicas_see_a_retry_once_and_forget_it_after_a_while(redis_prefix) -> None:
    async def scenario() -> list[bool]:
        a, b = (SharedRecent(Redis.from_url(REDIS_URL), "slack", prefix=redis_prefix, kept=60) for _ in range(2))
        seen = [await a.first_time("T1:C1:1.0"), await b.first_time("T1:C1:1.0"), await b.first_time("T1:C1:2.0")]
        await a.redis.aclose()
        await b.redis.aclose()
        return seen

    assert asyncio.run(scenario()) == [True, False, True]
    client = redis.Redis.from_url(REDIS_URL)
    assert 0 < client.ttl(f"{redis_prefix}:seen:slack:T1:C1:1.0") <= 60
    client.close()


def test_redis_down_says_first_time() -> None:
    async def scenario() -> list[bool]:
        down = SharedRecent(Redis.from_url("redis://127.0.0.1:1/0"), "teams")
        seen = [await down.first_time("x"), await down.first_time("x")]
        await down.redis.aclose()
        return seen

    assert asyncio.run(scenario()) == [True, True]
