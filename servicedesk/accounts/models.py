"""The agent accounts' tables, on the catalogue's base: they migrate with the catalogue
(servicedesk/clients/migrations/versions/0003_agent_accounts.py)."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.schema import conv

from servicedesk.accounts.rules import ROLES
from servicedesk.clients.models import CatalogueBase, Client
from servicedesk.models import UTCDateTime, utcnow


class AgentAccount(CatalogueBase):
    """A person of the desk who signs in to the console: with a password (only its argon2 hash is kept) or
    through the desk's identity provider, whose subject is remembered once it has named this account."""

    __tablename__ = "agent_accounts"
    __table_args__ = (
        CheckConstraint(f"role IN ({', '.join(repr(role) for role in ROLES)})", name="role"),
        UniqueConstraint("oidc_issuer", "oidc_subject", name=conv("uq_agent_accounts_oidc_issuer_oidc_subject")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(60), unique=True)  # lowercase, checked by the rules
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), unique=True)  # lowercase: what the provider's e-mail matches
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str | None] = mapped_column(String(255))  # None: signs in through the provider only
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped when the account is disabled or its password changes: a session signed before is refused.
    session_epoch: Mapped[int] = mapped_column(default=0)
    oidc_issuer: Mapped[str | None] = mapped_column(String(255))
    oidc_subject: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # with a password or the provider

    grants: Mapped[list["AccountGrant"]] = relationship(
        back_populates="account", order_by="AccountGrant.id", cascade="all, delete-orphan", lazy="selectin"
    )


class AccountGrant(CatalogueBase):
    """One client an account may work on, and the support groups of that client it works for (none listed: all)."""

    __tablename__ = "agent_account_grants"
    __table_args__ = (UniqueConstraint("account_id", "client_id",
                                       name=conv("uq_agent_account_grants_account_id_client_id")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("agent_accounts.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    groups: Mapped[list[str]] = mapped_column(JSON, default=list)

    account: Mapped[AgentAccount] = relationship(back_populates="grants")
    client: Mapped[Client] = relationship(lazy="joined")


class AccountEvent(CatalogueBase):
    """One line of the accounts' audit trail (servicedesk/accounts/audit.py): a sign-in, a refused one (with why,
    never the password), a lockout, a sign-out, a password or account change. Kept by login as typed, so that a
    login nobody has is traced too; `account_id` names the account when there is one."""

    __tablename__ = "account_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(30))
    login: Mapped[str] = mapped_column(String(60))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("agent_accounts.id"), index=True)
    actor: Mapped[str | None] = mapped_column(String(60))  # who did it, when not the account itself
    via: Mapped[str] = mapped_column(String(20))  # password, provider, console, command line
    address: Mapped[str | None] = mapped_column(String(64))  # the browser's, as the console saw it
    detail: Mapped[str | None] = mapped_column(String(500))  # why refused, what changed
