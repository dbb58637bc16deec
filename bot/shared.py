"""What the replicas of the doors' process share, chosen in one place: this process's memory (one replica,
the embedded default), or Redis when RELAIS_REDIS_URL names one (README, "Several replicas").

    the web chat's backlog and streams   WebchatOutlet        SharedWebchatOutlet (a stream per conversation,
                                                               a pub/sub channel waking every replica's pages)
    the Teams card texts                 SentCards            SharedCards (a key per card, with a TTL)
    refusals of unbound workspaces and   Recent               SharedRecent (SET NX with a TTL)
    tenants already told

Messages themselves need nothing here: the journal (the client's database) answers a retry once, whichever
replica it reaches, and the outbox is claimed row by row (FOR UPDATE SKIP LOCKED). The rate limits' counters
follow the same URL unless RELAIS_RATE_LIMIT_STORAGE says otherwise (bot/config.py).
"""

from dataclasses import dataclass

from redis.asyncio import Redis

from bot.config import BotConfig
from bot.recent import Recent, Seen, SharedRecent
from bot.teams.outlet import CardTexts, SentCards
from bot.teams.shared_cards import SharedCards
from bot.webchat.outlet import WebchatOutlet
from bot.webchat.shared_outlet import SharedWebchatOutlet


@dataclass(frozen=True)
class Shared:
    webchat: WebchatOutlet | SharedWebchatOutlet
    teams_cards: CardTexts
    slack_refused: Seen
    teams_refused: Seen
    redis: Redis | None = None

    async def close(self) -> None:
        if isinstance(self.webchat, SharedWebchatOutlet):
            await self.webchat.close()
        if self.redis is not None:
            await self.redis.aclose()


def shared_for(config: BotConfig) -> Shared:
    """In memory without a Redis URL; else every piece in Redis, under the configured prefix. Nothing
    connects yet: the first use does, in the server's event loop."""
    if not config.redis_url:
        return Shared(WebchatOutlet(), SentCards(), Recent(), Recent())
    redis = Redis.from_url(config.redis_url, health_check_interval=30)
    prefix = config.redis_prefix
    return Shared(SharedWebchatOutlet(redis, prefix=prefix), SharedCards(redis, prefix=prefix),
                  SharedRecent(redis, "slack", prefix=prefix), SharedRecent(redis, "teams", prefix=prefix),
                  redis=redis)
