"""Memory or Redis for what the doors' replicas share: chosen by RELAIS_REDIS_URL alone, which also carries
the rate limits' counters unless RELAIS_RATE_LIMIT_STORAGE names another storage."""

import asyncio

from bot.config import from_env
from bot.recent import Recent, SharedRecent
from bot.shared import shared_for
from bot.teams.outlet import SentCards
from bot.teams.shared_cards import SharedCards
from bot.webchat.outlet import WebchatOutlet
from bot.webchat.shared_outlet import SharedWebchatOutlet


def test_without_a_redis_url_everything_stays_in_this_process() -> None:
    shared = shared_for(from_env({}))
    assert isinstance(shared.webchat, WebchatOutlet) and isinstance(shared.teams_cards, SentCards)
    assert isinstance(shared.slack_refused, Recent) and isinstance(shared.teams_refused, Recent)
    assert shared.redis is None
    assert (from_env({}).limits.storage, from_env({}).limits.key_prefix) == ("memory://", "relais-limits")
    asyncio.run(shared.close())


def test_a_redis_url_moves_every_piece_there_under_one_prefix() -> None:
    config = from_env({"RELAIS_REDIS_URL": "redis://127.0.0.1:6379/3", "RELAIS_REDIS_PREFIX": "desk-a"})
    shared = shared_for(config)
    assert isinstance(shared.webchat, SharedWebchatOutlet) and isinstance(shared.teams_cards, SharedCards)
    assert isinstance(shared.slack_refused, SharedRecent) and isinstance(shared.teams_refused, SharedRecent)
    assert shared.webchat.prefix == shared.teams_cards.prefix == "desk-a"
    assert shared.slack_refused.namespace == "desk-a:seen:slack"
    assert (config.limits.storage, config.limits.key_prefix) == ("redis://127.0.0.1:6379/3", "desk-a-limits")
    asyncio.run(shared.close())


def test_the_rate_limits_may_keep_a_storage_of_their_own() -> None:
    config = from_env({"RELAIS_REDIS_URL": "redis://127.0.0.1:6379/3",
                       "RELAIS_RATE_LIMIT_STORAGE": "redis://limits:6379/0"})
    assert config.limits.storage == "redis://limits:6379/0"
