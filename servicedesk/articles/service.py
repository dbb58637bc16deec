"""The editors' use cases on a client's articles: save a version (as a draft or published), restore an old one,
adopt an article the KB already holds from its folder. Each takes the caller's session and never commits.

Publishing here records which version is live and returns what the client's KB must index (`Publication`: the
plain fields of a kb_index.Document, as a resolved ticket's lesson): the adapter hands it to `kb_index.upsert`
once the transaction has committed, so the version history never says live what the KB does not hold for long,
and servicedesk stays free of the KB (DESIGN.md). A draft changes nothing the users search.
"""

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.articles.content import KINDS, Content, checked, indexed_text, quoted_error
from servicedesk.articles.errors import ArticleNotFound, InvalidArticle
from servicedesk.articles.models import DRAFT, PUBLISHED, Article, ArticleVersion
from servicedesk.models import utcnow

FROM_FOLDER = "kb"  # the author of an adopted article's version 1: the KB folder, not a person
RESERVED = ("new", "preview", "from-ticket")  # the studio's own pages under /articles/
SOURCE = "studio:"  # the KB's `source` of a published article: kb_index's build keeps these (kb_index/index.py)
_DOC_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,119}")


@dataclass(frozen=True)
class Publication:
    """What the client's KB indexes of a published article: the fields of kb_index.Document."""

    doc_id: str
    kind: str
    language: str
    title: str
    text: str
    source: str
    link: str

    def as_dict(self) -> dict[str, str]:
        return dict(self.__dict__)


def get(*, db_session: Session, doc_id: str) -> Article | None:
    """The article with this KB id, if the studio holds it."""
    return db_session.scalar(select(Article).where(Article.doc_id == doc_id))


def get_or_refuse(*, db_session: Session, doc_id: str) -> Article:
    article = get(db_session=db_session, doc_id=doc_id)
    if article is None:
        raise ArticleNotFound(doc_id)
    return article


def get_all(*, db_session: Session) -> list[Article]:
    return list(db_session.scalars(select(Article).order_by(Article.updated_at.desc(), Article.id.desc())))


def content_of(row: Article | ArticleVersion) -> Content:
    return Content(title=row.title, kind=row.kind, language=row.language, body=row.body,
                   services=tuple(row.services or ()), error_text=row.error_text)


def version(article: Article, number: int) -> ArticleVersion:
    for found in article.versions:
        if found.number == number:
            return found
    raise ArticleNotFound(article.doc_id, version=number)


def new_doc_id(*, db_session: Session, title: str) -> str:
    """A KB id from the title (lowercase ASCII words and hyphens), made unique with -2, -3…"""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    base = "-".join(re.findall(r"[a-z0-9]+", ascii_title))[:80].strip("-") or "article"
    base = f"{base}-article" if base in RESERVED else base
    taken = set(db_session.scalars(select(Article.doc_id).where(Article.doc_id.like(f"{base}%"))))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def adopt(*, db_session: Session, doc_id: str, content: Content, source: str, link: str = "",
          now: datetime | None = None) -> Article:
    """The KB folder's article made the studio's, its version 1 what the folder said (live, as it was), before an
    editor's first change: the history then starts where the editor did. The folder's words are not checked as an
    editor's are (a known error of the folder may not name its error text)."""
    kind = content.kind if content.kind in KINDS else "article"
    error_text = content.error_text or (quoted_error(content.body) if kind == "known_error" else "")
    return create(db_session=db_session, content=replace(content, kind=kind, error_text=error_text),
                  actor=FROM_FOLDER, doc_id=doc_id,
                  origin=f"kb:{source}", note="as the KB folder had it", publish=True, link=link, now=now,
                  check=False)


def create(*, db_session: Session, content: Content, actor: str, catalogue: tuple[str, ...] = (),
           doc_id: str | None = None, origin: str = "", note: str = "", publish: bool = False,
           link: str = "", now: datetime | None = None, check: bool = True) -> Article:
    """A new article and its version 1. `doc_id`: the KB id to use (an article of the folder the studio adopts,
    or one the editor chose); None: made from the title."""
    content = checked(content, catalogue) if check else content
    if doc_id is None:
        doc_id = new_doc_id(db_session=db_session, title=content.title)
    elif not _DOC_ID.fullmatch(doc_id) or doc_id in RESERVED:
        raise InvalidArticle("doc_id", value=doc_id)
    elif get(db_session=db_session, doc_id=doc_id) is not None:
        raise InvalidArticle("doc_id_taken", value=doc_id)
    now = now or utcnow()
    article = Article(doc_id=doc_id, title=content.title, kind=content.kind, language=content.language,
                      services=list(content.services), error_text=content.error_text, body=content.body, link=link,
                      state=DRAFT, origin=origin[:200], created_at=now, updated_at=now, updated_by=actor)
    db_session.add(article)
    _write(article, content, actor=actor, publish=publish, note=note, now=now)
    db_session.flush()
    return article


def save(*, db_session: Session, article: Article, content: Content, actor: str, publish: bool,
         catalogue: tuple[str, ...] = (), note: str = "", based_on: int | None = None,
         now: datetime | None = None) -> ArticleVersion:
    """A new version of the article (a draft, or published). Saving what the latest version already says writes
    no version, unless it publishes a draft: that is a version of its own, so that the history says who
    published it and when. `based_on`: the version the editor started from; a later one saved meanwhile (by
    another editor) is not silently overwritten."""
    content = checked(content, catalogue)
    latest = article.versions[-1]
    if based_on is not None and based_on != latest.number:
        raise InvalidArticle("stale", number=latest.number, author=latest.author)
    if content_of(latest) == content and (not publish or latest.state == PUBLISHED):
        return latest
    if content_of(latest) == content and not note:
        note = f"version {latest.number} published"
    written = _write(article, content, actor=actor, publish=publish, note=note, now=now or utcnow())
    db_session.flush()
    return written


def restore(*, db_session: Session, article: Article, number: int, actor: str, publish: bool,
            now: datetime | None = None) -> ArticleVersion:
    """A new version holding what version `number` said; the history keeps everything in between."""
    old = version(article, number)
    written = _write(article, content_of(old), actor=actor, publish=publish, note=f"restored from version {number}",
                     now=now or utcnow())
    db_session.flush()
    return written


def publication(article: Article) -> Publication | None:
    """What the KB must index for the article's live version; None when no version was ever published."""
    if article.published_version is None:
        return None
    live = version(article, article.published_version)
    content = content_of(live)
    return Publication(doc_id=article.doc_id, kind=content.kind, language=content.language, title=content.title,
                       text=indexed_text(content), source=f"{SOURCE}{article.doc_id}", link=article.link)


def _write(article: Article, content: Content, *, actor: str, publish: bool, note: str,
           now: datetime) -> ArticleVersion:
    number = article.versions[-1].number + 1 if article.versions else 1
    state = PUBLISHED if publish else DRAFT
    written = ArticleVersion(number=number, title=content.title, kind=content.kind, language=content.language,
                             services=list(content.services), error_text=content.error_text, body=content.body,
                             state=state, author=actor, at=now, note=note[:300])
    article.versions.append(written)
    article.title, article.kind, article.language = content.title, content.kind, content.language
    article.services, article.error_text, article.body = list(content.services), content.error_text, content.body
    article.state, article.updated_at, article.updated_by = state, now, actor
    if publish:
        article.published_version = number
    return written
