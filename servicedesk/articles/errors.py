"""Errors of the editors' articles, in the domain's hierarchy (servicedesk/errors.py):

    ServiceDeskError
    ├── InvalidArticle      content, id or request the studio refuses; `reason` names the rule, `values` the rest
    └── ArticleNotFound     no article (or no such version of it) with that KB id at this client

Adapters word them from their fields, as the other refusals (console/article_texts.py).
"""

from typing import Literal

from servicedesk.errors import ServiceDeskError

ArticleRefusal = Literal["kind", "language", "title", "body", "error_text", "services", "doc_id", "doc_id_taken",
                         "ticket_not_resolved", "stale"]
_ARTICLE_REFUSALS: dict[ArticleRefusal, str] = {
    "kind": "an article is one of {kinds}, not {value!r}",
    "language": "an article is written in one of {languages}, not {value!r}",
    "title": "an article needs a title of {max} characters at most",
    "body": "an article needs a text of {max} characters at most",
    "error_text": "a known error needs its exact error text",
    "services": "services outside the client's catalogue: {services}",
    "doc_id": "{value!r} is not a KB id (lowercase letters, digits, dots, hyphens)",
    "doc_id_taken": "an article already has the KB id {value!r}",
    "ticket_not_resolved": "ticket {number} is not resolved with a solution yet",
    "stale": "version {number} was saved meanwhile by {author}: read it before saving over it",
}


class InvalidArticle(ServiceDeskError):
    def __init__(self, reason: ArticleRefusal, **values: object) -> None:
        super().__init__(_ARTICLE_REFUSALS[reason].format(**values))
        self.reason, self.values = reason, values


class ArticleNotFound(ServiceDeskError):
    def __init__(self, doc_id: str, version: int | None = None) -> None:
        super().__init__(f"no article {doc_id!r}" + (f" version {version}" if version is not None else ""))
        self.doc_id, self.version = doc_id, version
