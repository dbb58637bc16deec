"""Which client a door belongs to — "door kind + id → client" — for every adapter (bot/, actions/, api/).

Every message asks, so the answer is kept; but only for `ttl` seconds, so that deactivating a client or
binding a door elsewhere takes effect within that time in every running process, without a restart. A door
nobody bound is refused (ClientUnknown), and that refusal is kept for a shorter time: a binding just made
should be seen soon, while a flood of messages from an unbound door still costs no catalogue read each.
"""

import threading
import time
from collections.abc import Callable

from cachetools import TTLCache
from sqlalchemy.orm import Session, sessionmaker

from servicedesk.clients.service import get_by_slug, resolve_channel
from servicedesk.errors import ClientUnknown

DEFAULT_TTL = 30.0  # seconds a binding or a client's active flag is trusted without reading the catalogue
_REFUSED = ""  # a cached "nobody": a slug is never empty


class DoorResolver:
    def __init__(self, catalogue: sessionmaker[Session], *, ttl: float = DEFAULT_TTL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._catalogue = catalogue
        self._doors: TTLCache[tuple[str, str], str] = TTLCache(maxsize=10_000, ttl=ttl, timer=clock)
        self._refused: TTLCache[tuple[str, str], str] = TTLCache(maxsize=10_000, ttl=ttl / 3, timer=clock)
        self._active: TTLCache[str, bool] = TTLCache(maxsize=10_000, ttl=ttl, timer=clock)
        self._lock = threading.Lock()  # cachetools caches are not thread-safe

    def client_of(self, kind: str, external_id: str) -> str:
        """The slug of the active client bound to this door; raises ClientUnknown."""
        key = (kind, external_id)
        with self._lock:
            slug = self._doors.get(key) or self._refused.get(key)
        if slug is None:
            try:
                with self._catalogue() as session:
                    slug = resolve_channel(db_session=session, kind=kind, external_id=external_id).slug
            except ClientUnknown:
                slug = _REFUSED
            with self._lock:
                (self._doors if slug else self._refused)[key] = slug
        if slug == _REFUSED:
            raise ClientUnknown(f"{kind}:{external_id}")
        self.check_active(slug)
        return slug

    def check_active(self, slug: str) -> None:
        """Raises ClientUnknown unless the client exists and is active (as of at most `ttl` seconds ago)."""
        with self._lock:
            active = self._active.get(slug)
        if active is None:
            try:
                with self._catalogue() as session:
                    active = get_by_slug(db_session=session, slug=slug).active
            except ClientUnknown:
                active = False
            with self._lock:
                self._active[slug] = active
        if not active:
            raise ClientUnknown(slug)

    def forget(self) -> None:
        """Drop every kept answer (tests, or an operator who can't wait `ttl` seconds)."""
        with self._lock:
            self._doors.clear()
            self._refused.clear()
            self._active.clear()
