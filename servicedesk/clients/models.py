"""The catalogue's tables, on a base of their own so that they never end up in a client's database
(and the ticket tables never end up in the catalogue)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.schema import conv

from servicedesk.models import NAMING, UTCDateTime, utcnow

# What an adapter can identify a client by: a Slack workspace, a Teams tenant, a web-chat key, a REST caller.
CHANNEL_KINDS = ("slack_team", "teams_tenant", "webchat_key", "rest")


class CatalogueBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Client(CatalogueBase):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)  # [a-z0-9-]{2,40}, checked by the service
    name: Mapped[str] = mapped_column(String(200))
    # May hold a password: shown to operators only with it masked.
    database_url: Mapped[str] = mapped_column(Text)
    contact_email: Mapped[str | None] = mapped_column(String(254))  # who hears of P1 incidents
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    bindings: Mapped[list["ChannelBinding"]] = relationship(
        back_populates="client", order_by="ChannelBinding.id", cascade="all, delete-orphan"
    )


class ChannelBinding(CatalogueBase):
    """One workspace, tenant or key, and the client whose users speak through it."""

    __tablename__ = "channel_bindings"
    __table_args__ = (
        # The pair, not the id alone: the same string may name a Slack team and, by chance, a web-chat key.
        UniqueConstraint("kind", "external_id", name=conv("uq_channel_bindings_kind_external_id")),
        CheckConstraint(f"kind IN ({', '.join(repr(kind) for kind in CHANNEL_KINDS)})", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(200))

    client: Mapped[Client] = relationship(back_populates="bindings")


# What an API key may do is decided by the REST API (api/auth.py); the catalogue only knows the three names.
API_ROLES = ("agent", "integration", "admin")


class ApiKey(CatalogueBase):
    """A key an agents' tool or an integration calls the REST API with. The key decides the client, and so the
    only database its requests reach. Only the SHA-256 of the secret is kept: a stolen catalogue opens nothing."""

    __tablename__ = "api_keys"
    __table_args__ = (CheckConstraint(f"role IN ({', '.join(repr(role) for role in API_ROLES)})", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))  # recorded as the actor "api:<name>" of every change it makes
    role: Mapped[str] = mapped_column(String(20))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the secret
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    client: Mapped[Client] = relationship()
