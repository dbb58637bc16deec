"""The articles the editors write in the console's studio, and every version of each, in the client's database.

`kb_articles` holds one row per article as it stands now (its latest version's content, which version is live
in the client's KB index); `kb_article_versions` holds every version ever saved, with who saved it and when, so
that an editor reads what changed, compares two versions and restores an old one. A version is never changed
once written: a restore writes a new one.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedesk.models import Base, UTCDateTime, utcnow

DRAFT, PUBLISHED = "draft", "published"


class Article(Base):
    __tablename__ = "kb_articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(120), unique=True)  # its id in the client's KB index
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))  # article, known_error, problem
    language: Mapped[str] = mapped_column(String(8))
    services: Mapped[list[str]] = mapped_column(JSON, default=list)
    error_text: Mapped[str] = mapped_column(Text, default="")  # a known error's exact message, as users see it
    body: Mapped[str] = mapped_column(Text)  # Markdown
    link: Mapped[str] = mapped_column(String(500), default="")
    state: Mapped[str] = mapped_column(String(20), default=DRAFT)  # of the latest version
    published_version: Mapped[int | None]  # the version live in the KB index; None: never published
    origin: Mapped[str] = mapped_column(String(200), default="")  # "ticket:INC-…", "kb:<source>", "gap", ""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))

    versions: Mapped[list["ArticleVersion"]] = relationship(
        back_populates="article", order_by="ArticleVersion.number", cascade="all, delete-orphan"
    )


class ArticleVersion(Base):
    __tablename__ = "kb_article_versions"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("kb_articles.id"), index=True)
    number: Mapped[int]  # 1, 2, … within the article
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(8))
    services: Mapped[list[str]] = mapped_column(JSON, default=list)
    error_text: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))  # draft, published: what the editor saved it as
    author: Mapped[str] = mapped_column(String(200))  # an actor id: "console:alice"
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(String(300), default="")  # "restored from version 2", "drafted from INC-…"

    article: Mapped[Article] = relationship(back_populates="versions")
