"""The per-client index on disk: immutable generations, an atomic `current` link, one writer at a time.

    <RELAIS_KB_ROOT>/<client>/
        current -> generations/g-…       the generation readers use (a symlink, swapped with os.replace)
        generations/g-…/                 manifest.json, meta.sqlite (documents, chunks, FTS5),
                                         dense-<encoder>.faiss, lexical/ (BM25 matrix, vocabulary, token ids)
        .lock                            held by a writer (filelock), never by readers

A writer builds a complete new generation in a temporary folder, renames it, then points `current` at
it. Readers never see a half-written index, and a reader still holding the previous generation keeps
working: its files are open or memory-mapped, and the last few generations are kept anyway.
Clients are isolated by construction: a client's slug is its folder, and nothing is shared between them.
"""

import json
import os
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import faiss
import numpy as np
from filelock import FileLock

from kb_index import config
from kb_index.errors import IndexNotBuilt
from kb_index.lexical import Lexical

FORMAT = 2  # 2: documents keep their text (a build carries resolved tickets over)
NPROBE = 32  # IVF cells searched per query (of 4 * sqrt(chunks))
KEEP_GENERATIONS = 3  # the current one and two before it, for readers that loaded them a moment ago
SCHEMA = """
CREATE TABLE docs (doc_id TEXT PRIMARY KEY, kind TEXT NOT NULL, language TEXT NOT NULL, title TEXT NOT NULL,
                   source TEXT NOT NULL, link TEXT NOT NULL, digest TEXT NOT NULL, updated_at TEXT NOT NULL,
                   text TEXT NOT NULL);
CREATE TABLE chunks (id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, position INTEGER NOT NULL,
                     heading TEXT NOT NULL, body TEXT NOT NULL, digest TEXT NOT NULL);
CREATE INDEX chunks_doc ON chunks (doc_id);
CREATE VIRTUAL TABLE chunks_fts USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');
"""


def client_dir(client: str, root: Path | None = None) -> Path:
    """The folder of one client's index (the slug is checked: it must not escape the root)."""
    return (root or config.kb_root()) / config.check_client(client)


def current_generation(client: str, root: Path | None = None) -> Path | None:
    """The generation readers use now, or None before the first build."""
    link = client_dir(client, root) / "current"
    try:
        return link.parent / os.readlink(link)
    except FileNotFoundError:
        return None


@contextmanager
def writing(client: str, root: Path | None = None, timeout: float = 600) -> Iterator[Path]:
    """Hold the client's writer lock; yields the client folder. Concurrent writers wait their turn."""
    folder = client_dir(client, root)
    (folder / "generations").mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder / ".lock"), timeout=timeout):
        yield folder


def new_generation(folder: Path) -> Path:
    """A fresh, private folder for the next generation (renamed into place by `publish`)."""
    path = folder / "generations" / f".g-{time.time_ns()}-{uuid.uuid4().hex[:6]}.tmp"
    path.mkdir(parents=True)
    return path


def publish(folder: Path, work: Path) -> Path:
    """Make a finished generation current in one atomic step, then drop generations nobody needs."""
    final = work.with_name(work.name.removeprefix(".").removesuffix(".tmp"))
    os.rename(work, final)
    link = folder / f".current-{uuid.uuid4().hex[:8]}"
    os.symlink(os.path.relpath(final, folder), link)
    os.replace(link, folder / "current")
    _fsync_dir(folder)
    _collect(folder, final)
    return final


def _collect(folder: Path, keep: Path) -> None:
    generations = sorted((folder / "generations").glob("g-*"), key=lambda path: path.name)
    for old in generations[:-KEEP_GENERATIONS]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
    for stale in (folder / "generations").glob(".g-*.tmp"):  # a writer that died half-way
        if time.time() - stale.stat().st_mtime > 3600:
            shutil.rmtree(stale, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def dense_path(generation: Path, name: str) -> Path:
    return generation / f"dense-{name}.faiss"


def read_manifest(generation: Path) -> dict[str, Any]:
    return json.loads((generation / "manifest.json").read_text(encoding="utf-8"))


def write_manifest(generation: Path, manifest: dict[str, Any]) -> None:
    path = generation / "manifest.json"
    with path.open("w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=1, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())


@dataclass
class Snapshot:
    """One generation loaded for searching: read-only, shared by every thread of the process."""

    path: Path
    manifest: dict[str, Any]
    dense: dict[str, faiss.Index]
    lexical: Lexical
    docs: list[tuple[str, str, str, str, str, str]]  # doc_id, kind, language, title, source, link
    chunk_ids: np.ndarray  # sorted
    chunk_doc: np.ndarray  # document index of each chunk id, aligned with chunk_ids
    row_doc: np.ndarray  # document index of each BM25 row
    db: sqlite3.Connection
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def encoders(self) -> list[dict[str, Any]]:
        return self.manifest["encoders"]

    def doc_index(self, chunk_ids: np.ndarray) -> np.ndarray:
        """The document index of each of these chunk ids."""
        return self.chunk_doc[np.searchsorted(self.chunk_ids, chunk_ids)]

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self.lock:
            return self.db.execute(sql, params).fetchall()


def load(generation: Path) -> Snapshot:
    """A generation's files opened for reading; FAISS vectors and the BM25 matrix are memory-mapped."""
    manifest = read_manifest(generation)
    dense = {encoder["name"]: _read_dense(generation, encoder) for encoder in manifest["encoders"]}
    lexical = Lexical.load(generation / "lexical")
    db = sqlite3.connect(f"file:{generation / 'meta.sqlite'}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    docs = db.execute("SELECT doc_id, kind, language, title, source, link FROM docs ORDER BY doc_id").fetchall()
    position = {row[0]: index for index, row in enumerate(docs)}
    rows = db.execute("SELECT id, doc_id FROM chunks ORDER BY id").fetchall()
    chunk_ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    chunk_doc = np.fromiter((position[row[1]] for row in rows), dtype=np.int32, count=len(rows))
    row_doc = chunk_doc[np.searchsorted(chunk_ids, lexical.row_chunk_ids)] if len(rows) else np.zeros(0, np.int32)
    return Snapshot(generation, manifest, dense, lexical, docs, chunk_ids, chunk_doc, row_doc, db)


def _read_dense(generation: Path, encoder: dict[str, Any]) -> faiss.Index:
    """A flat index memory-maps its vectors (shared between processes, paged in by the OS); an IVF index is read
    into memory, since its memory-mapped lists searched ten times slower here."""
    path = str(dense_path(generation, encoder["name"]))
    if encoder.get("index") == "ivf":
        index = cast(faiss.IndexIVF, faiss.read_index(path))  # faiss returns the index as its own class
        index.nprobe = NPROBE
        return index
    return faiss.read_index(path, faiss.IO_FLAG_MMAP_IFC)


_snapshots: dict[Path, Snapshot] = {}
_snapshots_lock = threading.Lock()


def open_snapshot(client: str, root: Path | None = None) -> Snapshot:
    """The client's current generation, loaded once per process and reloaded when a writer publishes."""
    generation = current_generation(client, root)
    if generation is None:
        raise IndexNotBuilt(client)
    key = client_dir(client, root)
    with _snapshots_lock:
        snapshot = _snapshots.get(key)
        if snapshot is None or snapshot.path != generation:
            snapshot = load(generation)
            _snapshots[key] = snapshot
            faiss.omp_set_num_threads(1)  # one query per thread: OpenMP on 2 shared cores made search 6x slower
        return snapshot


def forget(client: str | None = None, root: Path | None = None) -> None:
    """Drop cached snapshots (all, or one client's): tests that delete folders call it."""
    with _snapshots_lock:
        if client is None:
            _snapshots.clear()
        else:
            _snapshots.pop(client_dir(client, root), None)
