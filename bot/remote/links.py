"""The link to a remote session's page, signed, and what a notice about the session says with it.

The token is itsdangerous's timed serializer (HMAC-SHA256, URL-safe) over the client, the session and the
requester, salted with its purpose so that no other token of the doors passes for one. It is made when the
notice is delivered, never stored: the outbox keeps only the session's id. It is good for LIFETIME; the page
checks the session against it again (its ticket's requester), and a session answered once is not answered
twice, whatever link comes.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from bot.config import BotConfig
from bot.errors import TokenRefused
from bot.notices import Notice
from bot.webchat import secret_store

LIFETIME = 3 * 24 * 3600  # seconds: a user away for a weekend still finds the question open
_SALT = "relais.remote-session.v1"
EVENTS = ("remote_consent", "remote_invitation", "remote_code_steps")  # the notices that carry the page's link
PATH = "/remote/"


@dataclass(frozen=True)
class Grant:
    """Whom a link speaks for: the requester, on one session of one client."""

    client: str
    session: int
    requester: str


@dataclass
class _Linked:
    """A notification read with the page's link in its payload (bot.notices.Notice)."""

    event: str
    recipient: str
    language: str
    payload: dict[str, Any]


class RemoteLinks:
    def __init__(self, secret: str, base_url: str) -> None:
        if not secret:
            raise TokenRefused("no remote-session link secret")
        self._serializer = URLSafeTimedSerializer(secret, salt=_SALT)
        self.base_url = base_url.rstrip("/")

    def link(self, grant: Grant) -> str:
        token = self._serializer.dumps({"c": grant.client, "s": grant.session, "r": grant.requester})
        return f"{self.base_url}{PATH}{token}"

    def verify(self, token: str) -> Grant:
        """The grant of a token this door signed less than LIFETIME ago; TokenRefused otherwise."""
        try:
            payload = self._serializer.loads(token, max_age=LIFETIME)
        except SignatureExpired:
            raise TokenRefused("expired remote-session link") from None
        except BadSignature:
            raise TokenRefused("bad remote-session link") from None
        if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
            raise TokenRefused("malformed remote-session link")
        return Grant(client=str(payload.get("c")), session=payload["s"], requester=str(payload.get("r")))

    def readable(self, client: str, notice: Notice) -> Notice:
        """The notice as it reads, with the link to its session's page when it is about one."""
        payload = dict(notice.payload or {})
        if notice.event not in EVENTS or not isinstance(payload.get("session"), int):
            return notice
        payload["link"] = self.link(Grant(client, payload["session"], notice.recipient))
        return _Linked(notice.event, notice.recipient, notice.language, payload)


def links_for(config: BotConfig, environ: Mapping[str, str] | None = None) -> RemoteLinks:
    """The doors' links: signed with RELAIS_REMOTE_SECRET, else var/secrets/remote-link-secret (made on first
    use, shared by the replicas that share the folder); on the doors' public address (RELAIS_PUBLIC_URL)."""
    env = os.environ if environ is None else environ
    secret = env.get("RELAIS_REMOTE_SECRET") or secret_store.file_secret(
        config.webchat.secrets_dir / "remote-link-secret", create=True)
    return RemoteLinks(secret, config.webchat.public_url or f"http://{config.host}:{config.port}")
