"""The knowledge base of each client: ingest, chunk, embed, a FAISS and BM25 index per client, hybrid search.

    from kb_index import search, upsert, delete, build, Document, ticket_document
    results = search("demo", "Outlook affiche l'erreur 0x800CCC0E", k=5)
    results[0].doc_id, results[0].score, results[0].confident, results[0].snippet
    article("demo", results[0].doc_id).steps  # the article's resolution steps, for a chat

The service desk's adapters feed resolved tickets with `learn(client, lesson)` (upsert(client,
ticket_document(**lesson)), a failure logged rather than raised); kb_index imports nothing of the service desk,
Rasa or the channels.
The editors' studio reads what a client's KB holds with kb_index.listing (documents, document) and publishes an
article with `upsert` (source "studio:<id>", which a build from the folder keeps).
Command line: `python -m kb_index build|search|eval|add|delete|info` (see kb_index/cli.py).
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kb_index.documents import Document, ticket_document
    from kb_index.hybrid import SearchResult, search
    from kb_index.index import WriteReport, build, delete, upsert
    from kb_index.lessons import learn
    from kb_index.steps import article

__all__ = ["Document", "SearchResult", "WriteReport", "article", "build", "delete", "learn", "search",
           "ticket_document", "upsert"]
_HOMES = {
    "Document": "kb_index.documents", "ticket_document": "kb_index.documents",
    "WriteReport": "kb_index.index", "build": "kb_index.index", "delete": "kb_index.index", "upsert": "kb_index.index",
    "SearchResult": "kb_index.hybrid", "search": "kb_index.hybrid", "article": "kb_index.steps",
    "learn": "kb_index.lessons",
}


def __getattr__(name: str) -> Any:
    """Import on first use: `kb_index.documents` stays cheap for whoever only builds Documents."""
    if name not in _HOMES:
        raise AttributeError(f"module 'kb_index' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_HOMES[name]), name)
