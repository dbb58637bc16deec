"""API keys: issuing one to a client, recognising it on each request, revoking it. Functions take the caller's
catalogue session and never commit.

The secret is shown once, when issued, and only its SHA-256 is stored: a copy of the catalogue lets nobody call
the API. A secret of 32 random bytes needs no slow, salted hash: nobody can guess it from its digest.
"""

import hashlib
import hmac
import re
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.clients.models import API_ROLES, ApiKey, Client
from servicedesk.errors import InvalidApiKey, InvalidClient
from servicedesk.models import utcnow

SECRET_PREFIX = "rk_"  # makes a leaked Relais key recognisable to secret scanners and to people
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,59}")


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue(*, db_session: Session, client: Client, name: str, role: str) -> str:
    """Give the client a new key and return its secret, which is not kept anywhere.

    A name is unique among a client's active keys, because it is the actor written in ticket history: two
    live keys with one name would make that history ambiguous. A revoked key's name can be reused.
    """
    if role not in API_ROLES:
        raise InvalidClient(f"unknown API role {role!r}; one of {', '.join(API_ROLES)}")
    if not _NAME.fullmatch(name):
        raise InvalidClient(f"a key name is 1 to 60 letters, digits, dots, hyphens or underscores: {name!r}")
    if _active(db_session=db_session, client=client, name=name) is not None:
        raise InvalidClient(f"client {client.slug!r} already has an active key named {name!r}: revoke it first")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    db_session.add(ApiKey(client_id=client.id, name=name, role=role, key_hash=hash_secret(secret)))
    db_session.flush()
    return secret


def find_key(*, db_session: Session, secret: str) -> ApiKey:
    """The active key of an active client that this secret opens; raises InvalidApiKey.

    The API needs the key itself (its name is the actor of the changes it makes); authenticate() is the
    narrower answer for callers that only need the client and the role.
    """
    digest = hash_secret(secret)
    key = db_session.scalar(select(ApiKey).where(ApiKey.key_hash == digest))
    # The lookup already matched on the digest; comparing again in constant time costs nothing and keeps the
    # decision independent of how the database compares strings.
    if key is None or not hmac.compare_digest(key.key_hash, digest):
        raise InvalidApiKey()
    if key.revoked_at is not None or not key.client.active:
        raise InvalidApiKey()
    return key


def authenticate(*, db_session: Session, secret: str) -> tuple[Client, str]:
    """The client and the role a secret stands for; raises InvalidApiKey."""
    key = find_key(db_session=db_session, secret=secret)
    return key.client, key.role


def revoke(*, db_session: Session, client: Client, name: str, now: datetime | None = None) -> ApiKey:
    """Revoke the client's active key of that name; its next request is refused. Raises InvalidApiKey when
    the client has no such active key. The row stays, so that history's "api:<name>" keeps its meaning."""
    key = _active(db_session=db_session, client=client, name=name)
    if key is None:
        raise InvalidApiKey(f"client {client.slug!r} has no active key named {name!r}")
    key.revoked_at = now or utcnow()
    db_session.flush()
    return key


def _active(*, db_session: Session, client: Client, name: str) -> ApiKey | None:
    return db_session.scalar(
        select(ApiKey).where(ApiKey.client_id == client.id, ApiKey.name == name, ApiKey.revoked_at.is_(None))
    )
