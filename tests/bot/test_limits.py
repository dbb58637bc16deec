"""Abuse has limits: the counters (moving window, several rates, shared through Redis, open when Redis is
down). Counts only: no assertion depends on how long anything takes."""

import uuid
from typing import Any

import pytest
import redis

from bot.config import LimitsConfig
from bot.limits import RateLimits, wait

REDIS_URL = "redis://127.0.0.1:6379/0"


# --- the counters -----------------------------------------------------------------------------------

def test_a_conversation_gets_its_rate_then_refusals_with_a_notice_once_per_window() -> None:
    limits = RateLimits(LimitsConfig(conversation="3/minute"))
    verdicts = [limits.conversation("c1") for _ in range(6)]
    assert [v.allowed for v in verdicts] == [True, True, True, False, False, False]
    assert [v.first for v in verdicts[3:]] == [True, False, False]
    assert all(0 < v.retry_after <= 60 for v in verdicts[3:])
    assert limits.conversation("c2").allowed  # each conversation has its own counter


def test_every_rate_holds_and_the_wait_is_the_refusing_one_s() -> None:
    limits = RateLimits(LimitsConfig(conversation="5/minute;2/hour"))
    verdicts = [limits.conversation("c1") for _ in range(3)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    assert 60 < verdicts[2].retry_after <= 3600
    assert wait(verdicts[2].retry_after, "en").endswith(" minutes")


def test_addresses_are_counted_apart_from_conversations() -> None:
    limits = RateLimits(LimitsConfig(conversation="1/minute", address="2/minute"))
    assert [limits.address("192.0.2.7").allowed for _ in range(3)] == [True, True, False]
    assert limits.conversation("192.0.2.7").allowed


def test_the_wait_in_words() -> None:
    assert (wait(1, "fr"), wait(60, "en"), wait(61, "fr"), wait(3000, "en")) == (
        "une minute", "a minute", "2 minutes", "50 minutes")


@pytest.fixture
def redis_prefix() -> Any:
    """A key prefix of this test's own in the local Redis; its keys, and only those, are removed after."""
    prefix = f"relais-test-{uuid.uuid4().hex}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


def test_two_doors_replicas_on_redis_share_one_counter(redis_prefix) -> None:
    config = LimitsConfig(conversation="3/minute", storage=REDIS_URL, key_prefix=redis_prefix)
    one, other = RateLimits(config), RateLimits(config)
    assert [one.conversation("c1").allowed, other.conversation("c1").allowed, one.conversation("c1").allowed] == [
        True, True, True]
    refused = [other.conversation("c1"), one.conversation("c1")]
    assert [v.allowed for v in refused] == [False, False]
    assert [v.first for v in refused] == [True, False]  # the flood's notice is told once, whichever replica
    assert list(redis.Redis.from_url(REDIS_URL).scan_iter(f"{redis_prefix}*"))  # the counters are in Redis


def test_when_the_shared_storage_is_down_messages_pass() -> None:
    limits = RateLimits(LimitsConfig(conversation="1/minute", storage="redis://127.0.0.1:1/0"))
    assert [limits.conversation("c1").allowed for _ in range(3)] == [True, True, True]
