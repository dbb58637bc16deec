"""Writing a client's index: a full build, or the upsert/delete of single documents without a rebuild.

Every write produces a new generation (see store.py) from the current one: unchanged documents are
neither re-chunked nor re-embedded, and the chunks of a changed document whose text did not change keep
their vectors (found again by chunk digest, also when a build starts from scratch); the FAISS indexes get
`remove_ids`/`add_with_ids`; the BM25 matrix is rebuilt from the stored token ids. Then the new
generation is published atomically.
"""

import hashlib
import shutil
import sqlite3
import time
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np
from tqdm import tqdm

from kb_index import config, encoders, lexical, store
from kb_index.chunking import MAX_WORDS, chunk
from kb_index.documents import Chunk, Document

EMBED_BATCH = 64
KEPT_BY_BUILD = ("ticket",)  # kinds that come through `upsert`, not from the client's folder
# Documents whose source starts so were published by an editor in the console's studio (servicedesk.articles):
# a build keeps them too, and keeps them over the folder's document of the same id, which they replaced.
STUDIO_SOURCE = "studio:"
# From this many chunks a build makes an IVF index (inverted lists over k-means cells, `store.NPROBE` of them
# searched) instead of an exact flat one: at 112k chunks searches took 13.5 ms median and 29.9 ms p95 with
# a flat index on 2 busy cores, 7.7 and 16.8 ms with IVF, whose top-10 kept 92% of the exhaustive one
# (bench/kb_perf.py, README "Knowledge base"). Updates keep the type of the index they start from.
IVF_FROM_CHUNKS = 50_000


@dataclass(frozen=True)
class WriteReport:
    """What one write changed, for the CLI and the logs."""

    generation: Path
    added: int  # documents new or changed
    unchanged: int
    removed: int
    chunks_embedded: int
    chunks_reused: int
    seconds: float


class _Work:
    """A generation being written: the previous one's content, changed in memory, then saved."""

    def __init__(self, folder: Path, base: Path | None, specs: Sequence[str] | None) -> None:
        self.path = store.new_generation(folder)
        self.base_manifest = store.read_manifest(base) if base else None
        if not specs:
            specs = [e["spec"] for e in self.base_manifest["encoders"]] if self.base_manifest else config.model_specs()
        self.encoders = [encoders.get(spec) for spec in specs]
        self.db = sqlite3.connect(self.path / "meta.sqlite")
        self.dense: dict[str, faiss.Index] = {  # an IVF index replaces a flat one once the build is large enough
            e.name: faiss.IndexIDMap2(faiss.IndexFlatIP(e.dim)) for e in self.encoders}
        self.fresh = base is None  # a build from scratch chooses the index type by size
        self.previous: dict[str, faiss.Index] = {}  # vectors of another generation, reused by chunk digest
        self.previous_digests: dict[str, int] = {}
        self.stashed: dict[str, dict[str, np.ndarray]] = {}  # encoder -> chunk digest -> vector of removed chunks
        self.embedded = self.reused = 0
        if base is None:
            self.db.executescript(store.SCHEMA)
            self.next_id = 0
            self.lexical = lexical.Lexical.build(np.zeros(0, np.int64), [], {})
            return
        with closing(sqlite3.connect(f"file:{base / 'meta.sqlite'}?mode=ro", uri=True)) as source:
            source.backup(self.db)
        assert self.base_manifest is not None  # read from base above
        if self.base_manifest.get("format", 1) < 2:
            self.db.execute("ALTER TABLE docs ADD COLUMN text TEXT NOT NULL DEFAULT ''")
        self.next_id = int(self.base_manifest["next_chunk_id"])
        for encoder in self.encoders:
            self.dense[encoder.name] = faiss.read_index(str(store.dense_path(base, encoder.name)))
        self.lexical = lexical.Lexical.load(base / "lexical", with_rows=True)

    def documents(self) -> dict[str, str]:
        """doc_id -> digest of every document in this generation."""
        return dict(self.db.execute("SELECT doc_id, digest FROM docs"))

    def remember_vectors(self, base: Path) -> dict[str, str]:
        """Let a from-scratch build reuse the base generation's vectors of chunks whose text is unchanged.

        Returns the base's documents (doc_id -> digest), to report what the build changed.
        """
        names = {e["name"] for e in store.read_manifest(base)["encoders"]}
        self.previous = {
            e.name: faiss.read_index(str(store.dense_path(base, e.name))) for e in self.encoders if e.name in names
        }
        with closing(sqlite3.connect(f"file:{base / 'meta.sqlite'}?mode=ro", uri=True)) as source:
            self.previous_digests = dict(source.execute("SELECT digest, id FROM chunks"))
            return dict(source.execute("SELECT doc_id, digest FROM docs"))

    def remove(self, doc_ids: Iterable[str]) -> int:
        doc_ids = list(doc_ids)
        if not doc_ids:
            return 0
        marks = ",".join("?" * len(doc_ids))
        rows = self.db.execute(f"SELECT id, digest FROM chunks WHERE doc_id IN ({marks})", doc_ids).fetchall()
        ids = np.asarray([row[0] for row in rows], dtype=np.int64)
        if len(ids):
            for name, index in self.dense.items():  # kept aside: a changed document keeps its unchanged chunks
                self.stashed.setdefault(name, {}).update(zip([row[1] for row in rows], index.reconstruct_batch(ids),
                                                             strict=True))
            for index in self.dense.values():
                if isinstance(index, faiss.IndexIVF):  # its id hashtable only removes by an explicit array
                    index.remove_ids(faiss.IDSelectorArray(len(ids), faiss.swig_ptr(ids)))
                else:
                    index.remove_ids(faiss.IDSelectorBatch(ids))
            self.db.execute(f"DELETE FROM chunks_fts WHERE rowid IN ({','.join(map(str, ids))})")
            keep = ~np.isin(self.lexical.row_chunk_ids, ids)
            self.lexical.row_tokens = [row for row, kept in zip(self.lexical.row_tokens, keep, strict=True) if kept]
            self.lexical.row_chunk_ids = self.lexical.row_chunk_ids[keep]
        self.db.execute(f"DELETE FROM chunks WHERE doc_id IN ({marks})", doc_ids)
        return self.db.execute(f"DELETE FROM docs WHERE doc_id IN ({marks})", doc_ids).rowcount

    def add(self, documents: Sequence[Document], progress: bool) -> None:
        pieces: list[tuple[Document, Chunk]] = [(doc, piece) for doc in documents for piece in chunk(doc)]
        ids = np.arange(self.next_id, self.next_id + len(pieces), dtype=np.int64)
        self.next_id += len(pieces)
        now = time.strftime("%Y-%m-%dT%H:%M:%S")
        self.db.executemany(
            "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(d.doc_id, d.kind, d.language, d.title, d.source, d.link, d.digest, now, d.text) for d in documents],
        )
        digests = [hashlib.sha1(f"{doc.language}\x1f{piece.text}".encode()).hexdigest() for doc, piece in pieces]
        self.db.executemany(
            "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?)",
            [(int(i), doc.doc_id, p.position, p.heading, p.body, dig)
             for i, (doc, p), dig in zip(ids, pieces, digests, strict=True)],
        )
        self.db.executemany("INSERT INTO chunks_fts (rowid, text) VALUES (?, ?)",
                            [(int(i), p.text) for i, (_, p) in zip(ids, pieces, strict=True)])
        for doc_piece in pieces:
            doc, piece = doc_piece
            self.lexical.row_tokens.append(self.lexical.ids(lexical.tokens(piece.text, doc.language), grow=True))
        self.lexical.row_chunk_ids = np.concatenate([self.lexical.row_chunk_ids, ids])
        texts = [piece.text for _, piece in pieces]
        for encoder in self.encoders:
            self._embed(encoder, ids, texts, digests, progress)

    def _embed(self, encoder: encoders.Encoder, ids: np.ndarray, texts: list[str], digests: list[str],
               progress: bool) -> None:
        vectors = np.zeros((len(texts), encoder.dim), dtype=np.float32)
        todo = []
        previous = self.previous.get(encoder.name)
        stashed = self.stashed.get(encoder.name, {})
        for row, digest in enumerate(digests):
            old = self.previous_digests.get(digest)
            if digest in stashed:
                vectors[row] = stashed[digest]
            elif previous is not None and old is not None:
                vectors[row] = previous.reconstruct(int(old))
            else:
                todo.append(row)
        self.reused += len(digests) - len(todo)
        bar = tqdm(total=len(todo), desc=f"embedding ({encoder.name})", unit="chunk", disable=not progress or not todo)
        for start in range(0, len(todo), EMBED_BATCH):
            rows = todo[start:start + EMBED_BATCH]
            vectors[rows] = encoder.encode([texts[row] for row in rows])
            bar.update(len(rows))
        bar.close()
        self.embedded += len(todo)
        if not len(ids):
            return
        if self.fresh and self.dense[encoder.name].ntotal + len(ids) >= IVF_FROM_CHUNKS:
            self.dense[encoder.name] = _ivf(vectors)
        self.dense[encoder.name].add_with_ids(vectors, ids)

    def save(self, client: str) -> None:
        self.db.commit()
        documents = self.db.execute("SELECT count(*) FROM docs").fetchone()[0]
        chunks = self.db.execute("SELECT count(*) FROM chunks").fetchone()[0]
        self.db.close()
        for name, index in self.dense.items():
            faiss.write_index(index, str(store.dense_path(self.path, name)))
        lexical.Lexical.build(self.lexical.row_chunk_ids, self.lexical.row_tokens, self.lexical.vocab).save(
            self.path / "lexical")
        now = time.strftime("%Y-%m-%dT%H:%M:%S")
        store.write_manifest(self.path, {
            "format": store.FORMAT,
            "client": client,
            "encoders": [{"spec": e.spec, "name": e.name, "dim": e.dim,
                          "index": "ivf" if isinstance(self.dense[e.name], faiss.IndexIVF) else "flat"}
                         for e in self.encoders],
            "documents": documents,
            "chunks": chunks,
            "next_chunk_id": self.next_id,
            "max_words": MAX_WORDS,
            "built_at": self.base_manifest["built_at"] if self.base_manifest else now,
            "updated_at": now,
        })

    def abandon(self) -> None:
        self.db.close()
        shutil.rmtree(self.path, ignore_errors=True)


def _ivf(vectors: np.ndarray) -> faiss.Index:
    """An inner-product IVF index trained on these vectors, able to reconstruct and remove by id."""
    rng = np.random.default_rng(0)
    dim = vectors.shape[1]
    cells = int(4 * np.sqrt(len(vectors)))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, cells, faiss.METRIC_INNER_PRODUCT)
    sample = vectors[rng.choice(len(vectors), min(len(vectors), 40 * cells), replace=False)]
    index.train(sample)
    index.set_direct_map_type(faiss.DirectMap.Hashtable)  # type: ignore[attr-defined]  # faiss's stubs omit DirectMap
    return index


def build(client: str, documents: Sequence[Document], *, specs: Sequence[str] | None = None,
          root: Path | None = None, progress: bool = False) -> WriteReport:
    """Replace the client's index with these documents (vectors of unchanged chunks are reused).

    Documents of the kinds in KEPT_BY_BUILD (resolved tickets, fed one by one through `upsert`) are not in
    any folder: a build keeps them unless `documents` holds one with the same id; `delete` removes them. An
    article published in the studio (source STUDIO_SOURCE…) is kept even over the folder's of the same id.
    """
    started = time.perf_counter()
    with store.writing(client, root) as folder:
        base = store.current_generation(client, root)
        work = _Work(folder, None, specs)
        try:
            before = work.remember_vectors(base) if base is not None else {}
            ids = {d.doc_id for d in documents}
            kept = _kept(base)
            studio = {d.doc_id for d in kept if d.source.startswith(STUDIO_SOURCE)}
            documents = [*(d for d in documents if d.doc_id not in studio),
                         *(d for d in kept if d.doc_id not in ids or d.doc_id in studio)]
            work.add(documents, progress)
            work.save(client)
        except BaseException:
            work.abandon()
            raise
        generation = store.publish(folder, work.path)
    unchanged = sum(before.get(d.doc_id) == d.digest for d in documents)
    removed = len(set(before) - {d.doc_id for d in documents})
    return WriteReport(generation, len(documents) - unchanged, unchanged, removed, work.embedded, work.reused,
                       time.perf_counter() - started)


def _kept(base: Path | None) -> list[Document]:
    if base is None or store.read_manifest(base).get("format", 1) < 2:  # format 1 did not keep texts
        return []
    marks = ",".join("?" * len(KEPT_BY_BUILD))
    with closing(sqlite3.connect(f"file:{base / 'meta.sqlite'}?mode=ro", uri=True)) as source:
        rows = source.execute(f"SELECT doc_id, kind, language, title, text, source, link FROM docs "
                              f"WHERE kind IN ({marks}) OR source LIKE ? ORDER BY doc_id",
                              (*KEPT_BY_BUILD, f"{STUDIO_SOURCE}%")).fetchall()
    return [Document(*row) for row in rows]


def upsert(client: str, documents: Document | Sequence[Document], *, root: Path | None = None,
           progress: bool = False) -> WriteReport:
    """Add or replace documents by id (a resolved ticket, an edited article) without rebuilding the rest."""
    documents = [documents] if isinstance(documents, Document) else list(documents)
    return _update(client, documents, [], root, progress)


def delete(client: str, doc_ids: str | Sequence[str], *, root: Path | None = None) -> WriteReport:
    """Remove documents by id; ids the index does not hold are ignored."""
    doc_ids = [doc_ids] if isinstance(doc_ids, str) else list(doc_ids)
    return _update(client, [], doc_ids, root, False)


def _update(client: str, documents: list[Document], doc_ids: list[str], root: Path | None,
            progress: bool) -> WriteReport:
    started = time.perf_counter()
    with store.writing(client, root) as folder:
        base = store.current_generation(client, root)
        work = _Work(folder, base, None)
        try:
            existing = work.documents()
            changed = [d for d in documents if existing.get(d.doc_id) != d.digest]
            removed = work.remove([d for d in doc_ids if d in existing])
            work.remove([d.doc_id for d in changed if d.doc_id in existing])
            work.add(changed, progress)
            work.save(client)
        except BaseException:
            work.abandon()
            raise
        generation = store.publish(folder, work.path)
    return WriteReport(generation, len(changed), len(documents) - len(changed), removed, work.embedded, work.reused,
                       time.perf_counter() - started)
