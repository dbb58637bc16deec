"""What the web chat issues to a page once it knows who is there: a signed page token, and the short-lived
stream tickets the page opens its event stream with.

A page token is itsdangerous's timed serializer (HMAC-SHA256 over a compact JSON payload, URL-safe), signed with
the doors' web-chat token secret and salted with its purpose, so that no other token signed with the same secret
(a stream ticket, the OIDC sign-in's state) can pass for one. It names the web-chat key and client, the
conversation, the requester, the identity mode, the e-mail and directory id when the identity was verified, and
an expiry. It is not encrypted: the page may read it, and nothing in it is secret from its own user.

The page sends it as `Authorization: Bearer` with every message. EventSource cannot set headers, so the stream
takes `?ticket=`: a second token for the same conversation only, valid for a minute, that the page asks for (with
its page token) each time it (re)connects. A ticket in a URL ends up in access logs and proxies; one a minute old
opens nothing, and it never lets anyone write. A cookie would need SameSite=None to work in a client's iframe,
where browsers increasingly block third-party cookies.

Tokens are not stored: nothing to look up per message, nothing to share between replicas but the secret. They
cannot be revoked before they expire; lifetimes are short for identified users, whose site or identity provider
gives a new one on the next page load or sign-in.
"""

import time
from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from bot.errors import TokenRefused

Mode = Literal["anonymous", "verified", "oidc"]

LIFETIME: dict[Mode, int] = {  # seconds a page token is valid for
    "anonymous": 7 * 24 * 3600,  # renewed by the page at each load: an idle browser keeps its session a week
    "verified": 12 * 3600,  # the site vouches again at each page load
    "oidc": 8 * 3600,  # a working day, then sign in again
}
TICKET_LIFETIME = 60  # seconds a stream ticket can open a stream for
_PAGE_SALT = "relais.webchat-page.v1"
_TICKET_SALT = "relais.webchat-stream.v1"


@dataclass(frozen=True)
class PageToken:
    """Who a page speaks for, and where."""

    key: str  # the web-chat key the page was opened with
    client: str
    conversation: str  # "webchat:<key>:<session>": Rasa's sender id, one per browser session
    requester: str  # the person: the conversation itself when anonymous, else stable across their sessions
    mode: Mode
    expires: int  # epoch seconds
    email: str | None = None  # as the site or the identity provider vouched for it
    directory_id: str | None = None  # the identity provider's `sub`
    name: str | None = None

    @property
    def session(self) -> str:
        return self.conversation.rsplit(":", 1)[1]


def _serializer(secret: str, salt: str) -> URLSafeTimedSerializer:
    if not secret:
        raise TokenRefused("no web-chat token secret configured")
    return URLSafeTimedSerializer(secret, salt=salt)


def issue(token: PageToken, secret: str) -> str:
    return _serializer(secret, _PAGE_SALT).dumps(asdict(token))


def expiry(mode: Mode, now: float | None = None) -> int:
    return int((time.time() if now is None else now) + LIFETIME[mode])


def verify(text: str | None, secret: str, *, now: float | None = None) -> PageToken:
    """The page token, if `text` is one this door signed and it has not expired; TokenRefused otherwise."""
    payload = _loads(text, secret, _PAGE_SALT, max(LIFETIME.values()), now)
    known = {f.name for f in fields(PageToken)}
    if not isinstance(payload, dict) or not {"key", "client", "conversation", "requester", "mode",
                                             "expires"} <= payload.keys():
        raise TokenRefused("malformed page token")
    token = PageToken(**{name: value for name, value in payload.items() if name in known})
    if token.mode not in LIFETIME or not isinstance(token.expires, int):
        raise TokenRefused("malformed page token")
    if token.expires <= (time.time() if now is None else now):
        raise TokenRefused("expired page token")
    return token


def ticket(token: PageToken, secret: str) -> str:
    """A stream ticket for the token's conversation."""
    return _serializer(secret, _TICKET_SALT).dumps({"key": token.key, "conversation": token.conversation,
                                                    "expires": token.expires})


def verify_ticket(text: str | None, secret: str, *, now: float | None = None) -> tuple[str, str]:
    """(key, conversation) of a stream ticket younger than TICKET_LIFETIME whose page token has not expired."""
    payload = _loads(text, secret, _TICKET_SALT, TICKET_LIFETIME, now)
    if not isinstance(payload, dict) or not {"key", "conversation", "expires"} <= payload.keys():
        raise TokenRefused("malformed stream ticket")
    if payload["expires"] <= (time.time() if now is None else now):
        raise TokenRefused("stream ticket of an expired page token")
    return str(payload["key"]), str(payload["conversation"])


def _loads(text: str | None, secret: str, salt: str, max_age: int, now: float | None) -> Any:
    """The payload, if signed by `secret` for `salt`, at most `max_age` seconds before `now` (and not after)."""
    if not text:
        raise TokenRefused("no token")
    try:
        payload, signed_at = _serializer(secret, salt).loads(text, return_timestamp=True)
    except SignatureExpired:
        raise TokenRefused("expired token") from None
    except BadSignature:
        raise TokenRefused("bad signature") from None
    age = (time.time() if now is None else now) - signed_at.timestamp()
    if age > max_age or age < -60:
        raise TokenRefused("expired token" if age > 0 else "token from the future")
    return payload
