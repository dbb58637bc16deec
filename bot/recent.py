"""Deliveries seen lately: an unbound workspace or tenant is answered once per delivery although nothing of it
is journalled (its messages reach no client's database). Recent remembers them in this process; SharedRecent
in Redis, so that a retry reaching another replica of the doors is not answered again."""

import logging
from collections import OrderedDict
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

KEPT = 24 * 3600  # seconds: Slack and the Bot Framework stop retrying long before


class Seen(Protocol):
    async def first_time(self, key: str) -> bool:
        """True the first time `key` is seen."""
        ...


class Recent:
    def __init__(self, size: int = 1000) -> None:
        self._keys: OrderedDict[str, None] = OrderedDict()
        self._size = size

    async def first_time(self, key: str) -> bool:
        """True the first time `key` is seen; the oldest keys are forgotten past `size`."""
        if key in self._keys:
            return False
        self._keys[key] = None
        while len(self._keys) > self._size:
            self._keys.popitem(last=False)
        return True


class SharedRecent:
    """Seen in Redis: one key per delivery, set only if absent (SET NX), forgotten after KEPT seconds."""

    def __init__(self, redis: Redis, name: str, *, prefix: str = "relais", kept: int = KEPT) -> None:
        self.redis = redis
        self.namespace = f"{prefix}:seen:{name}"
        self.kept = kept

    async def first_time(self, key: str) -> bool:
        """A Redis that can't be reached says "first time": a refusal told twice beats one never told."""
        try:
            return bool(await self.redis.set(f"{self.namespace}:{key}", 1, nx=True, ex=self.kept))
        except RedisError as error:
            logger.warning("delivery %s not checked in Redis: %s", key, error)
            return True
