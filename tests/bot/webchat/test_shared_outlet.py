"""The web chat's backlog in Redis, as two replicas of the doors see it: each its own outlet and Redis client,
one local Redis. A page following on one gets what the other writes; a page reconnecting to the other carries
on from its Last-Event-ID; a Redis that refuses a write makes the outbox try again."""

import asyncio

import pytest
from redis.asyncio import Redis

from bot.errors import ChannelUnavailable
from bot.messages import BotMessage, Button
from bot.outlets import Place
from bot.webchat.shared_outlet import SharedWebchatOutlet
from tests.bot.conftest import REDIS_URL

CONVERSATION = "webchat:demo:7b0e0a8e-6f6c-4d3f-9d1e-1f2a3b4c5d6e"


def place(conversation: str = CONVERSATION) -> Place:
    return Place(client="demo", channel="webchat", conversation=conversation, requester=conversation)


def replicas(prefix: str, **options: float) -> tuple[SharedWebchatOutlet, SharedWebchatOutlet]:
    return tuple(SharedWebchatOutlet(Redis.from_url(REDIS_URL), prefix=prefix, **options)  # type: ignore[return-value]
                 for _ in range(2))


async def close(*outlets: SharedWebchatOutlet) -> None:
    for outlet in outlets:
        await outlet.close()
        await outlet.redis.aclose()


def texts(entries) -> list[str]:
    return [entry.message["text"] for entry in entries]


def test_a_page_on_one_replica_gets_what_the_other_writes(redis_prefix) -> None:
    async def scenario() -> list[str]:
        a, b = replicas(redis_prefix)
        await b.send(place(), [BotMessage(text="avant")])
        seen: list[str] = []

        async def page() -> None:
            async for entry in a.follow(CONVERSATION):
                seen.append(entry.message["text"])
                if len(seen) == 3:
                    return

        reader = asyncio.create_task(page())
        await asyncio.sleep(0.2)  # the page waits, its replica listening
        await b.send(place(), [BotMessage(text="pendant", author="agent", author_name="Hélène")])
        await b.notify(place(), [BotMessage(text="après", buttons=(Button("Oui", "/affirm"),))])
        await asyncio.wait_for(reader, 10)
        await close(a, b)
        return seen

    assert asyncio.run(scenario()) == ["avant", "pendant", "après"]


def test_a_page_reconnecting_to_the_other_replica_carries_on_from_its_last_id(redis_prefix) -> None:
    async def scenario() -> None:
        a, b = replicas(redis_prefix)
        [first] = await a.publish(CONVERSATION, [BotMessage(text="un")])
        await b.publish(CONVERSATION, [BotMessage(text="deux"), BotMessage(text="trois")])
        assert texts(await b.backlog(CONVERSATION, after=first.id)) == ["deux", "trois"]
        assert texts(await b.backlog(CONVERSATION, after="18c0f3a2b.4")) == ["un", "deux", "trois"]  # memory's id
        whole = await a.backlog(CONVERSATION)
        assert [e.sequence for e in whole] == sorted(e.sequence for e in whole)
        assert await a.backlog(CONVERSATION, after=whole[-1].id) == []
        assert await a.backlog("webchat:demo:other") == []
        where = await b.notify(place(), [BotMessage(text="quatre")])
        assert where == {"conversation": CONVERSATION, "id": (await a.backlog(CONVERSATION))[-1].id}
        await close(a, b)

    asyncio.run(scenario())


def test_the_backlog_is_bounded_and_forgotten_after_a_while(redis_prefix) -> None:
    async def scenario() -> None:
        a, _ = replicas(redis_prefix)
        a._size, a._kept = 3, 60
        await a.publish(CONVERSATION, [BotMessage(text=str(n)) for n in range(5)])
        assert texts(await a.backlog(CONVERSATION)) == ["2", "3", "4"]
        assert 0 < await a.redis.ttl(f"{redis_prefix}:webchat:{CONVERSATION}") <= 60
        await close(a, _)

    asyncio.run(scenario())


def test_a_page_that_leaves_leaves_nothing_behind_in_its_replica(redis_prefix) -> None:
    async def scenario() -> None:
        a, b = replicas(redis_prefix)
        reader = asyncio.create_task(anext(aiter(a.follow("webchat:demo:idle"))))
        await asyncio.sleep(0.1)
        assert "webchat:demo:idle" in a._followers
        reader.cancel()
        with pytest.raises(asyncio.CancelledError):
            await reader
        assert "webchat:demo:idle" not in a._followers
        await close(a, b)

    asyncio.run(scenario())


def test_a_lost_wake_up_costs_a_poll_not_the_message(redis_prefix) -> None:
    """Written without the pub/sub's wake-up (as while Redis restarts): the page reads it at its next poll."""
    async def scenario() -> str:
        a, b = replicas(redis_prefix, poll=0.2)
        b.wakeups = f"{redis_prefix}:nobody-listens"
        reader = asyncio.create_task(anext(aiter(a.follow(CONVERSATION))))
        await asyncio.sleep(0.1)
        await b.publish(CONVERSATION, [BotMessage(text="quand même")])
        entry = await asyncio.wait_for(reader, 10)
        await close(a, b)
        return entry.message["text"]

    assert asyncio.run(scenario()) == "quand même"


def test_a_write_redis_refuses_is_channel_unavailable_so_the_outbox_tries_again() -> None:
    async def scenario() -> None:
        down = SharedWebchatOutlet(Redis.from_url("redis://127.0.0.1:1/0"))
        with pytest.raises(ChannelUnavailable):
            await down.send(place(), [BotMessage(text="perdu ?")])
        await down.redis.aclose()

    asyncio.run(scenario())
