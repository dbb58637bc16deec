"""The upload link's token: which ticket of which client, for which requester, until when, in which language.

It is itsdangerous's serializer (HMAC-SHA256 over a compact JSON payload, URL-safe), as the doors' claims and the
web chat's page tokens are, salted with its purpose so that no other token signed with the same secret passes
for one. The secret (RELAIS_UPLOAD_SECRET) is shared by whoever offers links (the action server, the console,
the REST API) and the doors, who serve the page: the doors check the signature, then the link's row (models.py)
says whether it was already used. Nothing in the token is secret from its user; the nonce only names the row.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime

from itsdangerous import BadSignature, URLSafeSerializer

from servicedesk.errors import UploadRefused

_SALT = "relais.upload-link.v1"
PATH = "/upload/"  # where the doors serve the page: {base}/upload/{token}


@dataclass(frozen=True)
class UploadGrant:
    """What a link allows: one upload to ticket `number` of `client`, by `requester`, before `expires`."""

    client: str
    number: str
    requester: str
    nonce: str
    expires: int  # epoch seconds
    language: str = "fr"  # the ticket's: the page speaks it

    @property
    def expires_at(self) -> datetime:
        return datetime.fromtimestamp(self.expires, UTC)


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def _serializer(secret: str) -> URLSafeSerializer:
    if not secret:
        raise UploadRefused("forged")  # no secret configured: no link can be trusted, none is made
    return URLSafeSerializer(secret, salt=_SALT)


def sign(grant: UploadGrant, secret: str) -> str:
    return str(_serializer(secret).dumps(asdict(grant)))


def url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}{PATH}{token}"


def verify(token: str | None, secret: str, *, now: datetime) -> UploadGrant:
    """The grant, if `token` was signed with `secret` and has not expired; UploadRefused otherwise."""
    if not token:
        raise UploadRefused("forged")
    try:
        payload = _serializer(secret).loads(token)
    except BadSignature:
        raise UploadRefused("forged") from None
    names = {f.name for f in fields(UploadGrant)}
    if not isinstance(payload, dict) or not {"client", "number", "requester", "nonce", "expires"} <= payload.keys():
        raise UploadRefused("forged")
    grant = UploadGrant(**{key: value for key, value in payload.items() if key in names})
    if not isinstance(grant.expires, int) or grant.expires <= now.timestamp():
        raise UploadRefused("expired", grant=grant)
    return grant
