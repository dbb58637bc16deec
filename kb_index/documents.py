"""What the knowledge base holds: documents (articles, known errors, problems, resolved tickets) and their chunks.

A Document is plain data so that the service desk can feed resolved tickets without either package
importing the other: servicedesk builds a Document (see `ticket_document`) and calls `kb_index.upsert`.
Its text is Markdown-like: `#` headings give the chunker the structure it keeps with each chunk.
"""

import hashlib
import re
from dataclasses import dataclass

from kb_index.errors import InvalidDocument

KINDS = ("article", "known_error", "problem", "ticket")  # the kinds the service desk knows; others are allowed
LANGUAGES = ("fr", "en")  # the languages with a stemmer and a detector here
_KIND = re.compile(r"[a-z][a-z_]{1,39}")


@dataclass(frozen=True)
class Document:
    """One searchable item of a client's knowledge base; `doc_id` is unique within the client."""

    doc_id: str
    kind: str
    language: str
    title: str
    text: str
    source: str = ""
    link: str = ""

    def __post_init__(self) -> None:
        if not self.doc_id or not self.doc_id.strip():
            raise InvalidDocument(self.doc_id, "empty id")
        if not _KIND.fullmatch(self.kind):
            raise InvalidDocument(self.doc_id, f"kind {self.kind!r} is not a lowercase word such as {', '.join(KINDS)}")
        if self.language not in LANGUAGES:
            raise InvalidDocument(self.doc_id, f"language {self.language!r} is not one of {', '.join(LANGUAGES)}")
        if not self.text.strip() and not self.title.strip():
            raise InvalidDocument(self.doc_id, "no text")

    @property
    def digest(self) -> str:
        """Changes whenever anything indexed changes: an unchanged document is not embedded again."""
        payload = "\x1f".join((self.kind, self.language, self.title, self.text, self.source, self.link))
        return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class Chunk:
    """A piece of one document small enough for the encoder, carrying the title and heading path it sits under."""

    doc_id: str
    position: int
    heading: str  # "Title > Section > Subsection"
    body: str

    @property
    def text(self) -> str:
        """What is embedded and indexed: the heading path first, so that a chunk never loses its topic."""
        if not self.heading:
            return self.body
        return f"{self.heading}\n{self.body}" if self.body else self.heading


_TICKET_SECTIONS = {
    "fr": ("Description", "Solution", "Code de résolution"),
    "en": ("Description", "Solution", "Resolution code"),
}


def ticket_document(
    *,
    number: str,
    title: str,
    description: str,
    solution: str,
    resolution_code: str,
    language: str,
    link: str = "",
) -> Document:
    """The Document of a resolved ticket, as the service desk feeds it to `kb_index.upsert` at resolution."""
    headings = _TICKET_SECTIONS.get(language, _TICKET_SECTIONS["en"])
    text = "\n\n".join(
        f"## {heading}\n{body.strip()}"
        for heading, body in zip(headings, (description, solution, resolution_code), strict=True)
        if body and body.strip()
    )
    return Document(
        doc_id=number,
        kind="ticket",
        language=language,
        title=title.strip() or number,
        text=f"# {title.strip() or number}\n\n{text}",
        source=f"ticket:{number}",
        link=link,
    )
