"""What a door asserts about one message, signed with the secret the doors share with the action server.

The doors are the only part of Relais that talks to users' platforms, so they alone can say who wrote a
message (a Slack signature checked, a Bot Framework token validated, a web-chat identity verified). They put
these claims, signed, in the message's metadata; the actions read the client and the requester from nothing
else. The signature covers the conversation, so claims lifted from one conversation name nobody in another,
and a time, so that an old one can't be replayed: a claim older than `max_age` is refused.

The signing is itsdangerous's timed serializer (HMAC-SHA256 over a canonical JSON payload), salted with the
purpose so that a door claim can never pass for any other token signed with the same secret.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, fields
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from servicedesk.errors import ClaimsRefused

METADATA_KEY = "relais_claims"  # where the signed claims travel in a message's metadata
# The journal's id of the message, beside the claims: Rasa keeps it on the user event of its tracker, where the doors
# look before replaying a message after an outage (bot/replayer.py). A reference for the doors, believed by no action.
MESSAGE_KEY = "relais_message"
MAX_AGE = 300  # seconds: a message's actions run within seconds of it; a claim older than this is stale
_SALT = "relais.door-claims.v1"


@dataclass(frozen=True)
class DoorClaims:
    """Who and where, as the door checked it. `requester` is the user's stable id in that door; `email` and
    `directory_id`, when the door knows them, are what make the same person one across doors."""

    client: str
    requester: str
    channel: str  # slack, teams, webchat
    conversation: str  # Rasa's sender id: the claims are valid for this conversation only
    email: str | None = None
    directory_id: str | None = None
    user_name: str | None = None
    issued_at: float = 0.0  # informational; freshness is checked on the signature's own timestamp


def _serializer(secret: str | bytes) -> URLSafeTimedSerializer:
    if not secret:
        raise ClaimsRefused("no door secret configured")
    return URLSafeTimedSerializer(secret, salt=_SALT)


def sign(claims: DoorClaims, secret: str | bytes) -> str:
    """The token a door puts under METADATA_KEY."""
    payload = {**asdict(claims), "issued_at": claims.issued_at or time.time()}
    return _serializer(secret).dumps(payload)


def verify(token: Any, secret: str | bytes, *, conversation: str, max_age: int = MAX_AGE) -> DoorClaims:
    """The claims, if `token` was signed with `secret`, less than `max_age` seconds ago, for `conversation`.

    Raises ClaimsRefused otherwise (missing, forged, stale, or lifted from another conversation)."""
    if not isinstance(token, str) or not token:
        raise ClaimsRefused("no signed claims")
    try:
        payload = _serializer(secret).loads(token, max_age=max_age)
    except SignatureExpired:
        raise ClaimsRefused("stale claims") from None
    except BadSignature:
        raise ClaimsRefused("bad signature") from None
    known = {f.name for f in fields(DoorClaims)}
    if not isinstance(payload, dict) or not {"client", "requester", "channel", "conversation"} <= payload.keys():
        raise ClaimsRefused("malformed claims")
    claims = DoorClaims(**{key: value for key, value in payload.items() if key in known})
    if claims.conversation != conversation:
        raise ClaimsRefused("claims of another conversation")
    return claims
