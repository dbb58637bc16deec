"""What a client's KB holds, for the editors' studio: every document with its kind, language and last change,
and one document whole (its indexed text), read from the current generation (store.open_snapshot).

    documents("demo")               [Entry(doc_id, kind, language, title, source, link, updated_at)], by id
    document("demo", "vpn-loop")    the Document as indexed, or None
"""

from dataclasses import dataclass
from pathlib import Path

from kb_index import store
from kb_index.documents import Document
from kb_index.errors import IndexNotBuilt


@dataclass(frozen=True)
class Entry:
    doc_id: str
    kind: str
    language: str
    title: str
    source: str
    link: str
    updated_at: str  # when this document last changed in the index, "YYYY-MM-DDTHH:MM:SS" (the writer's clock)


def documents(client: str, *, kinds: tuple[str, ...] = (), root: Path | None = None) -> list[Entry]:
    """The client's documents (of these kinds; none named: all), by id; none before the first build."""
    try:
        snapshot = store.open_snapshot(client, root)
    except IndexNotBuilt:
        return []
    rows = snapshot.query("SELECT doc_id, kind, language, title, source, link, updated_at FROM docs ORDER BY doc_id")
    return [Entry(*row) for row in rows if not kinds or row[1] in kinds]


def document(client: str, doc_id: str, *, root: Path | None = None) -> Document | None:
    """The document as the index holds it (text included); None when it has no such id or no index yet."""
    try:
        snapshot = store.open_snapshot(client, root)
    except IndexNotBuilt:
        return None
    rows = snapshot.query("SELECT doc_id, kind, language, title, text, source, link FROM docs WHERE doc_id = ?",
                          (doc_id,))
    return Document(*rows[0]) if rows else None
