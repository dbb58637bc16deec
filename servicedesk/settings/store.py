"""Client settings as loaded into the client's own database: every version kept, the newest in force.

Loading the YAML into the database (not reading the file at run time) means every process of every
replica sees the same settings, a reload is one CLI call, and a ticket's history can be read against
the settings version that was in force.
"""

from datetime import datetime

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from servicedesk.models import Base, UTCDateTime, utcnow


class SettingsVersion(Base):
    __tablename__ = "client_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(32), unique=True)
    source: Mapped[str] = mapped_column(Text)  # the YAML text as loaded
    origin: Mapped[str] = mapped_column(String(500))  # file it came from
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def save(*, db_session: Session, version: str, source: str, origin: str) -> bool:
    """Store a version; False when that exact version is already there (reloading is idempotent)."""
    if db_session.scalar(select(SettingsVersion.id).where(SettingsVersion.version == version)):
        return False
    db_session.add(SettingsVersion(version=version, source=source, origin=origin))
    return True


def current(*, db_session: Session) -> SettingsVersion | None:
    return db_session.scalar(select(SettingsVersion).order_by(SettingsVersion.id.desc()).limit(1))
