"""The rows of a client's article list: what its KB index holds (kb_index.listing) and what its studio holds
(servicedesk.articles: drafts, versions), with how often level 1 proposed each and how that went
(servicedesk.articles.usage). The two packages do not know each other; the console, which uses both, meets them
here. A search goes through the KB's own hybrid search, so an editor finds what users would find."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

import kb_index
from kb_index import listing
from kb_index.errors import IndexNotBuilt
from servicedesk.articles import service
from servicedesk.articles.content import KINDS
from servicedesk.articles.models import PUBLISHED, Article
from servicedesk.articles.usage import Usage, usage

SEARCHED = 30  # results of the KB's search a listing shows; drafts matching by their words come on top


@dataclass(frozen=True)
class Row:
    doc_id: str
    title: str
    kind: str
    language: str
    changed: datetime | None
    state: str  # published, draft, pending (published, with a newer draft), folder (the KB's, never edited here)
    usage: Usage


@dataclass(frozen=True)
class Listing:
    rows: list[Row]
    indexed: bool  # the client's KB has been built


def state_of(article: Article) -> str:
    """published, draft, or pending: published, with a newer draft."""
    if article.state == PUBLISHED:
        return "published"
    return "pending" if article.published_version is not None else "draft"


def _moment(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        return None


def rows(*, db_session: Session, slug: str, query: str = "", kind: str = "", language: str = "") -> Listing:
    """The client's articles (of this kind and language when named), the latest change first; matching `query`
    in the KB's order when one is given."""
    counts = usage(db_session=db_session)
    articles = {article.doc_id: article for article in service.get_all(db_session=db_session)}
    entries = listing.documents(slug, kinds=KINDS)
    found: dict[str, Row] = {}
    for entry in entries:
        found[entry.doc_id] = Row(entry.doc_id, entry.title, entry.kind, entry.language, _moment(entry.updated_at),
                                  "folder", counts.get(entry.doc_id, Usage()))
    for doc_id, article in articles.items():
        found[doc_id] = Row(doc_id, article.title, article.kind, article.language, article.updated_at,
                            state_of(article), counts.get(doc_id, Usage()))
    kept = [row for row in found.values()
            if (not kind or row.kind == kind) and (not language or row.language == language)]
    if not query.strip():
        return Listing(sorted(kept, key=lambda row: row.changed or datetime.min.replace(tzinfo=UTC), reverse=True),
                       bool(entries))
    order = {doc_id: rank for rank, doc_id in enumerate(_searched(slug, query))}
    words = query.casefold().split()
    for doc_id, article in articles.items():  # a draft is not in the index yet: found by its words
        text = f"{article.title}\n{article.body}\n{article.error_text}".casefold()
        if doc_id not in order and all(word in text for word in words):
            order[doc_id] = -1
    return Listing(sorted((row for row in kept if row.doc_id in order), key=lambda row: order[row.doc_id]),
                   bool(entries))


def _searched(slug: str, query: str) -> list[str]:
    try:
        return [result.doc_id for result in kb_index.search(slug, query, k=SEARCHED)]
    except IndexNotBuilt:
        return []
