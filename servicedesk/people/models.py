"""The people directory's tables (servicedesk/migrations/versions/0013_people.py, 0020_directory_syncs.py).

A manager is linked by e-mail address, not by row id: an import names a manager who may come later in the same
file (or live in another branch of the LDAP tree), and an address is what every source has in common.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedesk.models import Base, UTCDateTime, utcnow


class Person(Base):
    """Someone of the client's staff. `email` is lowercase and unique: the key chat users are matched on."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str | None] = mapped_column(String(8))  # None: unknown, the caller's default applies
    manager_email: Mapped[str | None] = mapped_column(String(254), index=True)  # lowercase; None: nobody known
    source: Mapped[str] = mapped_column(String(10))  # csv, ldap
    # Where the source names them (an LDAP entry's DN), so that a later import of the same source finds them.
    source_id: Mapped[str | None] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(default=True)  # False: gone from its source at the last full import
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    chat_ids: Mapped[list["PersonChatId"]] = relationship(
        back_populates="person", order_by="PersonChatId.id", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def chat_id_values(self) -> tuple[str, ...]:
        return tuple(chat.chat_id for chat in self.chat_ids)


class PersonChatId(Base):
    """A chat user id a person is known under, as the doors write actor ids ("slack:T1:U1", "teams:…")."""

    __tablename__ = "person_chat_ids"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    chat_id: Mapped[str] = mapped_column(String(200), unique=True)

    person: Mapped[Person] = relationship(back_populates="chat_ids")


class DirectorySync(Base):
    """One import of the directory (servicedesk/people/sync.py): by the supervisor's schedule, a lead's "sync now"
    or the command line, with what it changed or why it failed; the console's "last sync" is the newest.

    `running` is True while the import runs and NULL once it ended. It is unique, and NULLs never collide (SQLite
    and PostgreSQL alike), so at most one import of the client's directory is running, whichever replica of the
    supervisor, the console or the command line started it.
    """

    __tablename__ = "directory_syncs"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(10))  # csv, ldap
    trigger: Mapped[str] = mapped_column(String(20))  # schedule, console, cli
    actor: Mapped[str] = mapped_column(String(200))  # "supervisor", "console:lea", "cli"
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    running: Mapped[bool | None] = mapped_column(unique=True)
    outcome: Mapped[str] = mapped_column(String(20), default="running")  # running, done, partial, failed, abandoned
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    deactivated: Mapped[int] = mapped_column(default=0)
    without_manager: Mapped[int] = mapped_column(default=0)
    refused: Mapped[int] = mapped_column(default=0)  # entries the import refused (their reasons in `message`)
    message: Mapped[str] = mapped_column(Text, default="")
