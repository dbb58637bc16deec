"""Hybrid search over one client's index: BM25, the dense encoders and exact codes, fused per document.

Each signal proposes its best chunks; every proposed chunk is then scored by every signal (a chunk that
BM25 found gets its cosine too), chunks are grouped by document, and a document takes the best score of
its chunks for each signal. The fusion is a weighted sum of scores that mean the same thing for every
query (cosines; the share of the query's BM25 weight matched) plus a bonus for the exact codes and quoted
messages the document contains, so that a pasted error code puts its known error first. Reciprocal rank
fusion is kept as an option for comparison (`make eval-kb` shows both).

A document's `score` is the fused score calibrated to [0, 1] (a logistic fit, see CALIBRATION);
`confident` says whether it reaches the threshold below which the dialogue should say that nothing
relevant was found.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np

from kb_index import config, encoders, exact, lexical, store
from telemetry.metrics import KB_SEARCH_SECONDS

CANDIDATES = 100  # chunks proposed by each signal
RRF_K = 60
# Weights of the fusion, chosen by `make eval-kb` (README, "Knowledge base"): "bm25" multiplies the share of
# the query's BM25 weight a document matches ("bm25_norm": "coverage"; "relative" divides by the best
# chunk's score instead); "dense" is shared equally by the index's encoders unless one is named here;
# "exact" is the bonus for containing every code and quoted message of the query (more than any other
# signal can add, so that an exact code comes first).
WEIGHTS: dict[str, float | str] = {"bm25": 0.5, "bm25_norm": "coverage", "dense": 1.0, "exact": 1.0}
EXACT_MAX_SHARE = 0.05  # a code found in more than 5% of the documents (and more than 3) is not specific
SNIPPET_CHARS = 280


@dataclass(frozen=True)
class SearchResult:
    """One document of the answer, with the chunk that matched best."""

    doc_id: str
    title: str
    kind: str
    language: str
    source: str
    link: str
    score: float  # calibrated relevance in [0, 1]
    confident: bool  # score >= threshold: worth proposing to the user as the answer
    snippet: str
    heading: str
    signals: dict[str, float] = field(default_factory=dict)


@KB_SEARCH_SECONDS.time()  # the action server's /metrics shows it; every search of every client
def search(client: str, query: str, k: int = 5, *, signals: Sequence[str] | None = None, fusion: str = "weighted",
           weights: dict[str, float | str] | None = None, root: Path | None = None) -> list[SearchResult]:
    """The k documents of the client's knowledge base that best answer the query, best first.

    `signals` restricts the search to some of "bm25", "exact" and the index's encoder names (evaluation);
    by default all are used. `fusion` is "weighted" (default) or "rrf".
    """
    snapshot = store.open_snapshot(client, root)
    if not query.strip() or not len(snapshot.chunk_ids) or k <= 0:
        return []
    names = [e["name"] for e in snapshot.encoders]
    active = list(signals) if signals else ["bm25", "exact", *names]
    chunk_signals = _chunk_signals(snapshot, query, active, names)
    if not chunk_signals.ids.size:
        return []
    return _rank(snapshot, query, chunk_signals, active, names, k, fusion, {**WEIGHTS, **(weights or {})})


@dataclass
class _Candidates:
    ids: np.ndarray  # chunk ids
    docs: np.ndarray  # document index of each
    bm25: np.ndarray  # raw BM25 of each chunk
    bm25_top: float  # the best raw BM25 of any chunk for this query
    query_weight: float  # the most a chunk could score (sum of the query tokens' idf), see _query_weight
    dense: dict[str, np.ndarray]  # cosine of each chunk, per encoder
    exact_chunks: set[int]
    exact_docs: dict[int, int]  # document index -> number of needles it contains
    needles: int  # codes and messages of the query that count (specific, or found nowhere)


def _chunk_signals(snapshot: store.Snapshot, query: str, active: list[str], names: list[str]) -> _Candidates:
    proposed: list[np.ndarray] = []
    lex = snapshot.lexical
    bm25_rows = np.zeros(len(lex.row_chunk_ids), dtype=np.float32)
    terms = lexical.query_tokens(query)
    weight = 0.0
    if "bm25" in active:
        bm25_rows = lex.scores(terms)
        weight = _query_weight(lex, terms, query)
        top = _top(bm25_rows, CANDIDATES)
        proposed.append(lex.row_chunk_ids[top[bm25_rows[top] > 0]])
    vectors, known = {}, {}
    for name, spec in ((e["name"], e["spec"]) for e in snapshot.encoders):
        if name in active:
            vectors[name] = encoders.get(spec).encode([query])
            scores, found = snapshot.dense[name].search(vectors[name], min(CANDIDATES, len(snapshot.chunk_ids)))
            keep = found[0] >= 0
            proposed.append(found[0][keep])
            known[name] = dict(zip(found[0][keep].tolist(), scores[0][keep].tolist(), strict=True))
    exact_chunks: set[int] = set()
    exact_docs: dict[int, int] = {}
    counted = 0
    for needle in exact.needles(query) if "exact" in active else []:
        chunk_ids = _fts(snapshot, needle)
        docs = set(snapshot.doc_index(np.asarray(chunk_ids, dtype=np.int64)).tolist()) if chunk_ids else set()
        if len(docs) > max(3, EXACT_MAX_SHARE * len(snapshot.docs)):
            continue  # common text ("Office 365"): not a code that identifies a fix
        counted += 1
        exact_chunks.update(chunk_ids)
        for doc in docs:
            exact_docs[doc] = exact_docs.get(doc, 0) + 1
        proposed.append(np.asarray(chunk_ids, dtype=np.int64))
    ids = np.unique(np.concatenate(proposed)) if proposed else np.zeros(0, np.int64)
    rows = np.searchsorted(lex.row_chunk_ids, ids)
    dense = {name: _cosines(snapshot.dense[name], vector[0], ids, known[name]) for name, vector in vectors.items()}
    return _Candidates(ids, snapshot.doc_index(ids), bm25_rows[rows] if len(bm25_rows) else np.zeros(len(ids)),
                       float(bm25_rows.max(initial=0.0)), weight, dense, exact_chunks, exact_docs, counted)


SHORT_QUERY_WORDS = 3


def _query_weight(lex: lexical.Lexical, terms: list[str], query: str) -> float:
    """What a full lexical match of the query is worth; a query of fewer than three words counts as three.

    "no it isn't" or "where do you work" leave one word after stop words, which any article containing it
    matches "fully": one word is too little evidence for BM25 to vouch for a match by itself.
    """
    words = len(set(lexical.words(query)))
    weight = lex.query_weight(terms)
    return weight * SHORT_QUERY_WORDS / words if 0 < words < SHORT_QUERY_WORDS else weight


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    if len(scores) <= k:
        return np.arange(len(scores))
    return np.argpartition(-scores, k)[:k]


def _fts(snapshot: store.Snapshot, needle: str) -> list[int]:
    phrase = exact.fts_phrase(needle)
    if phrase is None:
        return []
    return [row[0] for row in snapshot.query("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT 1000",
                                             (phrase,))]


def _cosines(index: faiss.Index, vector: np.ndarray, ids: np.ndarray, known: dict[int, float]) -> np.ndarray:
    """The cosine of the query with each chunk: from the search when it found the chunk, else from its vector."""
    cosines = np.fromiter((known.get(chunk_id, np.nan) for chunk_id in ids.tolist()), dtype=np.float32,
                          count=len(ids))
    missing = np.isnan(cosines)
    if missing.any():
        cosines[missing] = index.reconstruct_batch(ids[missing]) @ vector
    return cosines


@dataclass
class _Documents:
    """The candidates grouped by document: each signal's best value, the best chunk, the fused score."""

    index: np.ndarray  # document index in the snapshot
    best_chunk: np.ndarray  # position in the candidates of each document's best chunk
    signals: dict[str, np.ndarray]  # "bm25" (raw), each encoder's cosine
    coverage: np.ndarray  # share of the query's BM25 weight matched
    exact: np.ndarray  # share of the query's codes and messages contained
    fused: np.ndarray


def _fuse(c: _Candidates, active: list[str], used: list[str], fusion: str,
          weights: dict[str, float | str]) -> _Documents:
    w_dense = {name: float(weights.get(name, float(weights["dense"]) / len(used))) for name in used}
    w_bm25, w_exact = float(weights["bm25"]), float(weights["exact"])
    scale = c.bm25_top if weights["bm25_norm"] == "relative" else c.query_weight
    docs, inverse = np.unique(c.docs, return_inverse=True)
    # the best chunk of each document, by the weighted fusion at chunk level (a chunk with the code wins ties)
    bm25 = c.bm25 / scale if scale > 0 else np.zeros(len(c.ids))
    has_code = np.fromiter((i in c.exact_chunks for i in c.ids.tolist()), dtype=bool, count=len(c.ids))
    chunk_score = w_bm25 * bm25 + sum(w_dense[name] * c.dense[name] for name in used) + 0.01 * has_code
    best = np.full(len(docs), -1)
    best_score = np.full(len(docs), -np.inf)
    for position, (doc, score) in enumerate(zip(inverse.tolist(), chunk_score.tolist(), strict=True)):
        if score > best_score[doc]:
            best_score[doc], best[doc] = score, position
    per_doc = {"bm25": _doc_max(inverse, c.bm25, len(docs))}
    per_doc.update({name: _doc_max(inverse, c.dense[name], len(docs)) for name in used})
    exact_share = np.asarray([c.exact_docs.get(int(doc), 0) / max(c.needles, 1) for doc in docs])
    coverage = per_doc["bm25"] / c.query_weight if c.query_weight > 0 else np.zeros(len(docs))
    if fusion == "rrf":
        fused = w_exact * exact_share
        for signal in ["bm25", *used]:
            if signal in active and (signal != "bm25" or c.bm25_top > 0):
                ranks = np.empty(len(docs))
                ranks[np.argsort(-per_doc[signal], kind="stable")] = np.arange(1, len(docs) + 1)
                fused = fused + np.where(per_doc[signal] > 0, 1.0 / (RRF_K + ranks), 0.0)
    else:
        bm25_doc = per_doc["bm25"] / scale if scale > 0 else np.zeros(len(docs))
        fused = w_bm25 * bm25_doc + sum(w_dense[name] * per_doc[name] for name in used) + w_exact * exact_share
    return _Documents(docs, best, per_doc, coverage, exact_share, fused)


def _rank(snapshot: store.Snapshot, query: str, c: _Candidates, active: list[str], names: list[str], k: int,
          fusion: str, weights: dict[str, float | str]) -> list[SearchResult]:
    used = [name for name in names if name in c.dense]
    d = _fuse(c, active, used, fusion, weights)
    order = np.argsort(-d.fused, kind="stable")[:k].tolist()
    chosen = [int(c.ids[d.best_chunk[i]]) for i in order]
    texts = _chunk_texts(snapshot, chosen)
    needles = exact.needles(query)
    results = []
    for i, chunk_id in zip(order, chosen, strict=True):
        doc_id, kind, language, title, source, link = snapshot.docs[int(d.index[i])]
        score = calibrate(float(d.fused[i]), used) if fusion != "rrf" else float(d.fused[i])
        heading, body = texts[chunk_id]
        signals = {"fused": float(d.fused[i]), "bm25": float(d.signals["bm25"][i]),
                   "coverage": float(d.coverage[i]), "exact": float(d.exact[i])}
        signals.update({name: float(d.signals[name][i]) for name in used})
        results.append(SearchResult(doc_id, title, kind, language, source, link, round(score, 4),
                                    score >= config.threshold(), snippet(body, needles), heading,
                                    {name: round(value, 4) for name, value in signals.items()}))
    return results


def _doc_max(inverse: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Each document's best value over its candidate chunks (every document has at least one)."""
    out = np.full(n, -np.inf)
    np.maximum.at(out, inverse, values)
    return out


def _chunk_texts(snapshot: store.Snapshot, chunk_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Each chunk's heading and body; a title chunk (no body) shows its document's first passage instead."""
    marks = ",".join("?" * len(chunk_ids))
    rows = snapshot.query(
        f"SELECT c.id, c.heading, CASE WHEN c.body != '' THEN c.body ELSE coalesce((SELECT f.body FROM chunks f "
        f"WHERE f.doc_id = c.doc_id AND f.body != '' ORDER BY f.position LIMIT 1), '') END "
        f"FROM chunks c WHERE c.id IN ({marks})", tuple(chunk_ids))
    return {row[0]: (row[1], row[2]) for row in rows}


# Calibration: P(the first result answers the query) as a logistic function of the fused score, fitted by
# `make eval-kb` (bench/kb_eval.py) on the demo queries and off-topic chat, one (slope, intercept) per set of
# dense signals, since cosines of different encoders do not share a scale. Unknown sets use the default's.
CALIBRATION: dict[str, tuple[float, float]] = {
    "use": (8.878, -3.399),
    "minilm": (8.903, -5.476),
    "minilm+use": (8.593, -4.276),
    "": (14.687, -1.375),  # BM25 and exact codes only
}


def calibrate(fused: float, used: Sequence[str]) -> float:
    """The fused score mapped to [0, 1]; monotone, so results stay sorted by score."""
    slope, intercept = CALIBRATION.get("+".join(sorted(used)), CALIBRATION["use"])
    return 1.0 / (1.0 + math.exp(-(slope * fused + intercept)))


def snippet(body: str, needles: Sequence[str] = ()) -> str:
    """About SNIPPET_CHARS of the chunk: around the first exact match when there is one, else its start."""
    text = re.sub(r"\s+", " ", body).strip()
    start = 0
    lowered = text.lower()
    for needle in needles:
        found = lowered.find(needle.lower())
        if found >= 0:
            start = max(0, found - SNIPPET_CHARS // 3)
            start = text.rfind(" ", 0, start) + 1 if start else 0
            break
    piece = text[start:start + SNIPPET_CHARS]
    if start + SNIPPET_CHARS < len(text):
        piece = piece[: piece.rfind(" ")] + " …" if " " in piece else piece + "…"
    return ("… " if start else "") + piece
