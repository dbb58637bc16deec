"""Failed sign-ins are limited per login and per address, counted by the `limits` library (as the doors' limits,
bot/limits.py) in its moving window: five wrong passwords for one login in a minute, and the sixth attempt is not
even checked until the oldest is a minute old; an address trying many logins meets its own limit. Only failures
count, and a success forgets its login's. In memory by default; with RELAIS_CONSOLE_RATE_LIMIT_STORAGE=redis://…
the console's replicas share the counters. When that storage can't be reached, sign-ins pass: the limit protects
the accounts, it must not lock the desk out.
"""

import logging
import math
import time

from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from console.config import ConsoleConfig

logger = logging.getLogger(__name__)


class FailedSignIns:
    def __init__(self, config: ConsoleConfig) -> None:
        self.storage = storage_from_string(config.rate_limit_storage, wrap_exceptions=True)
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.scopes: dict[str, list[RateLimitItem]] = {"login": parse_many(config.limit_per_login),
                                                       "address": parse_many(config.limit_per_address)}

    def retry_after(self, login: str, address: str) -> int:
        """0 when this login may be tried from this address now, else the seconds until it may."""
        try:
            for scope, key in (("login", login), ("address", address)):
                for item in self.scopes[scope]:
                    if not self.limiter.test(item, "console-signin", scope, key):
                        reset = self.limiter.get_window_stats(item, "console-signin", scope, key).reset_time
                        return max(1, math.ceil(reset - time.time()))
        except StorageError:
            logger.exception("the sign-in limits' storage does not answer: sign-ins pass unlimited")
        return 0

    def failed(self, login: str, address: str) -> None:
        try:
            for scope, key in (("login", login), ("address", address)):
                for item in self.scopes[scope]:
                    self.limiter.hit(item, "console-signin", scope, key)
        except StorageError:
            logger.exception("the sign-in limits' storage does not answer: a failure went uncounted")

    def succeeded(self, login: str) -> None:
        try:
            for item in self.scopes["login"]:
                self.limiter.clear(item, "console-signin", "login", login)
        except StorageError:
            logger.exception("the sign-in limits' storage does not answer")
