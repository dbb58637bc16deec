"""Errors raised by the knowledge base.

    KbError                  base class: every knowledge-base failure an adapter may translate for a user
    ├── InvalidClient        a client slug that cannot name an index folder (path characters, empty, too long)
    ├── IndexNotBuilt        the client has no index yet: run `python -m kb_index build` first
    ├── UnsupportedSource    a file whose format the ingestion does not read, or that it cannot parse
    ├── InvalidDocument      a Document with an empty id, text or an unknown field value
    └── EncoderUnavailable   the configured embedding model cannot be loaded offline

The knowledge base raises and never returns error values; the dialogue decides what a user is told.
"""


class KbError(Exception):
    """Base class of every error the knowledge base raises on purpose."""


class InvalidClient(KbError):
    def __init__(self, client: str) -> None:
        super().__init__(f"not a client slug usable as an index folder: {client!r}")
        self.client = client


class IndexNotBuilt(KbError):
    def __init__(self, client: str) -> None:
        super().__init__(f"no knowledge-base index for client {client!r}: run `python -m kb_index build` first")
        self.client = client


class UnsupportedSource(KbError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class InvalidDocument(KbError):
    def __init__(self, doc_id: str, reason: str) -> None:
        super().__init__(f"document {doc_id!r}: {reason}")
        self.doc_id = doc_id
        self.reason = reason


class EncoderUnavailable(KbError):
    def __init__(self, spec: str, reason: str) -> None:
        super().__init__(f"embedding model {spec!r} cannot be loaded offline: {reason}")
        self.spec = spec
        self.reason = reason
