"""Use cases on the client catalogue. Functions take the caller's catalogue session and never commit:
the caller owns the transaction.

Creating a client also creates and migrates its database, which no catalogue transaction can undo. Both
steps are idempotent, so when the catalogue transaction rolls back, creating the same client again reuses
the database already made instead of failing.
"""

import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from servicedesk.clients.database import default_client_url, ensure_database_exists
from servicedesk.clients.models import CHANNEL_KINDS, ChannelBinding, Client
from servicedesk.database import migrate
from servicedesk.errors import ChannelAlreadyBound, ClientExists, ClientUnknown, InvalidClient

_SLUG = re.compile(r"[a-z0-9-]{2,40}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_NAME_LENGTH = 200
_EXTERNAL_ID_LENGTH = 200


def create(
    *,
    db_session: Session,
    slug: str,
    name: str,
    database_url: str | None = None,
    contact_email: str | None = None,
) -> Client:
    """Register a client, with its own database created if missing and brought to the ticket schema's head.

    Everything is checked before the database is touched, so a refused client leaves nothing behind.
    """
    if not _SLUG.fullmatch(slug):
        raise InvalidClient(f"a slug is 2 to 40 lowercase letters, digits or hyphens: {slug!r}")
    name = " ".join(name.split())
    if not name or len(name) > _NAME_LENGTH:
        raise InvalidClient(f"a client needs a name of 1 to {_NAME_LENGTH} characters")
    if contact_email is not None and not _EMAIL.fullmatch(contact_email):
        raise InvalidClient(f"not an email address: {contact_email!r}")
    if db_session.scalar(select(Client.id).where(Client.slug == slug)) is not None:
        raise ClientExists(slug)
    try:
        url = database_url or default_client_url(slug)
        _check_database_is_its_own(db_session=db_session, url=url)
        ensure_database_exists(url)
    except (ValueError, ArgumentError) as error:  # ArgumentError: a URL SQLAlchemy cannot parse
        raise InvalidClient(str(error)) from error
    migrate(url)
    client = Client(slug=slug, name=name, database_url=url, contact_email=contact_email, active=True)
    db_session.add(client)
    db_session.flush()
    return client


def _check_database_is_its_own(*, db_session: Session, url: str) -> None:
    """Refuse the catalogue's database and another client's: sharing one would let tickets cross clients."""
    target = _identity(url)
    if target == _identity(db_session.get_bind().engine.url.render_as_string(hide_password=False)):
        raise InvalidClient("a client's tickets cannot live in the catalogue's database")
    for other_slug, other_url in db_session.execute(select(Client.slug, Client.database_url)):
        if _identity(other_url) == target:
            raise InvalidClient(f"that database already holds the tickets of client {other_slug!r}")


def _identity(url: str) -> tuple[str, str | None, int | None, str | None]:
    """What names a database, whatever the driver, user or password used to reach it."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() == "sqlite" and database and database != ":memory:":
        database = str(Path(database).resolve())
    return parsed.get_backend_name(), parsed.host, parsed.port, database


def get_by_slug(*, db_session: Session, slug: str) -> Client:
    """Fetch a client, active or not; raises ClientUnknown."""
    client = db_session.scalar(select(Client).where(Client.slug == slug))
    if client is None:
        raise ClientUnknown(slug)
    return client


def get_all(*, db_session: Session, active_only: bool = True) -> list[Client]:
    """The clients by slug, so that listings read the same every time."""
    query = select(Client).order_by(Client.slug)
    if active_only:
        query = query.where(Client.active.is_(True))
    return list(db_session.scalars(query))


def bind_channel(*, db_session: Session, client: Client, kind: str, external_id: str) -> ChannelBinding:
    """Declare that the users of a workspace, tenant or key belong to the client.

    Binding again to the same client changes nothing; binding to another client is refused, because it
    would silently route that client's users to this one's tickets.
    """
    if kind not in CHANNEL_KINDS:
        raise InvalidClient(f"unknown channel kind {kind!r}; one of {', '.join(CHANNEL_KINDS)}")
    if not external_id.strip() or len(external_id) > _EXTERNAL_ID_LENGTH:
        raise InvalidClient(f"a channel id has 1 to {_EXTERNAL_ID_LENGTH} characters")
    binding = _binding(db_session=db_session, kind=kind, external_id=external_id)
    if binding is not None:
        if binding.client_id != client.id:
            raise ChannelAlreadyBound(kind, external_id, binding.client.slug)
        return binding
    binding = ChannelBinding(kind=kind, external_id=external_id)
    client.bindings.append(binding)
    db_session.flush()
    return binding


def resolve_channel(*, db_session: Session, kind: str, external_id: str) -> Client:
    """The client whose users speak through this workspace, tenant or key.

    Raises ClientUnknown when nobody bound it or its client is inactive: a message from there must not
    reach any client's tickets.
    """
    binding = _binding(db_session=db_session, kind=kind, external_id=external_id)
    if binding is None or not binding.client.active:
        raise ClientUnknown(f"{kind}:{external_id}")
    return binding.client


def _binding(*, db_session: Session, kind: str, external_id: str) -> ChannelBinding | None:
    return db_session.scalar(
        select(ChannelBinding).where(ChannelBinding.kind == kind, ChannelBinding.external_id == external_id)
    )
