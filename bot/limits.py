"""Abuse has limits: how fast one conversation may write (at every door), how often one address may call
the web chat, and how long one message may be (the same for every door).

Counting is the `limits` library's (the engine behind slowapi and Flask-Limiter), with its moving window: a
conversation allowed 20 messages a minute has its 21st refused until the oldest of the 20 is a minute old,
so no burst slips through at the edge of a fixed window, and a refused message is not counted (a user who
keeps writing gets through again at the allowed pace). The counters live in this process by default; with a
Redis storage (`redis://host:6379/0`) the doors' replicas share them, so a flood spread over replicas is
still one flood. When that storage can't be reached, messages pass: the limits protect the desk, they must
not close it.

    RELAIS_RATE_LIMIT_CONVERSATION   20/minute;200/hour   messages of one conversation, every door
    RELAIS_RATE_LIMIT_ADDRESS        60/minute            requests of one address to the web chat
    RELAIS_RATE_LIMIT_STORAGE        memory://            redis://…: counters shared by the replicas
    RELAIS_TRUSTED_PROXY_HOPS        0                    proxies whose X-Forwarded-For is believed
"""

import logging
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from bot.config import LimitsConfig
from bot.texts import say
from servicedesk.language import Language

logger = logging.getLogger(__name__)

# Characters of one message, whatever its door: more is journalled whole but not read (Rasa's NLU and the
# agents' thread are no place for a log file), and the user is asked to split it or attach it.
MAX_MESSAGE_CHARS = 4000
_NOTICE = "relais-notice"  # the namespace of "the flood was told already in this window"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds until the window lets one more through (HTTP's Retry-After)
    first: bool = True  # the first refusal in this window: the one whose polite notice is posted


ALLOWED = Verdict(allowed=True)


class RateLimits:
    """The conversation and address limits of the doors, counted in one storage. Its calls block on a
    Redis round trip: the doors run them in a thread (asyncio.to_thread), as they do the journal."""

    def __init__(self, config: LimitsConfig | None = None) -> None:
        config = config or LimitsConfig()
        options = {"key_prefix": config.key_prefix} if config.storage.startswith(("redis", "rediss")) else {}
        self.storage = storage_from_string(config.storage, wrap_exceptions=True, **options)
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.per_conversation = parse_many(config.conversation)
        self.per_address = parse_many(config.address)

    def conversation(self, key: str) -> Verdict:
        """One more message of this conversation; `first` tells whether its user has been told yet in this
        window, so that Slack and Teams post the notice once per flood, not once per flooded message."""
        return self._hit(self.per_conversation, "conversation", key, notice=True)

    def address(self, address: str) -> Verdict:
        """One more request from this address to the web chat."""
        return self._hit(self.per_address, "address", address, notice=False)

    def _hit(self, items: list[RateLimitItem], scope: str, key: str, *, notice: bool) -> Verdict:
        try:
            for item in items:
                if self.limiter.hit(item, scope, key):
                    continue
                reset = self.limiter.get_window_stats(item, scope, key).reset_time
                retry_after = max(1, math.ceil(reset - time.time()))
                told = type(item)(1, item.multiples, namespace=_NOTICE)  # one notice per window of this rate
                first = self.limiter.hit(told, scope, key) if notice else True
                return Verdict(allowed=False, retry_after=retry_after, first=first)
        except StorageError as error:
            logger.warning("rate limits not counted (%s): %s %s passes", error, scope, key)
        return ALLOWED


def wait(seconds: int, language: Language) -> str:
    """How long to wait, in words: "a minute", "7 minutes"."""
    minutes = max(1, math.ceil(seconds / 60))
    return say("a_minute", language) if minutes == 1 else say("minutes", language, n=minutes)
