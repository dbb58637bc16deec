"""The lexical side of the search: French/English stemming and a BM25 index (bm25s) over the chunks.

Each chunk is stemmed with its document's language (Snowball stemmers from PyStemmer); a query is
stemmed with both, since users ask in either language and the two stems of one word rarely collide with
other words. Tokens with digits or underscores (0x800ccc0e, err_connection_timed_out, kb5034441) are
never stemmed, and accents are folded after stemming so that "reseau" typed on a phone finds "réseau".

The index keeps every chunk's token ids, so that adding or removing one document rebuilds the BM25
matrix from ids (about 2 s for 100,000 chunks) without tokenising the rest of the knowledge base again.
"""

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS, STOPWORDS_FRENCH
from bm25s.tokenization import Tokenized

_WORD = re.compile(r"\w+")
_KEEP = {"down", "up", "off", "out", "on", "no", "not", "over"}  # "VPN down", "sign out", "no internet"
# French elisions: once a word is split at its apostrophe ("d'absence", "jusqu’à"), the elided article, pronoun or
# conjunction left in front is no word of its own. The one-letter ones are dropped anyway.
ELISIONS = frozenset({"c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
                      "quelqu"})
# How a chat message asks, not what it asks about ("je veux…", "I want to…"). No article says it, so each would
# count as the rarest word of the query and shrink the share of it (coverage) that the right article matches.
ASKING = frozenset({"veux", "voudrais", "voudrait", "aimerais", "aimerait", "souhaite", "souhaiterais", "want",
                    "wanted", "wanna"})
STOPWORDS = frozenset((set(STOPWORDS_EN_PLUS) - _KEEP) | set(STOPWORDS_FRENCH) | {"est-ce"} | ELISIONS | ASKING)
_STEMMERS = {"fr": "french", "en": "english"}


@lru_cache(maxsize=2)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMERS[language])


def fold(text: str) -> str:
    """Lower case without accents: "Réseau" and "reseau" become the same word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The words of a text, lower-cased, stop words and single letters removed."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return [word for word in _WORD.findall(text) if len(word) > 1 and word not in STOPWORDS]


def tokens(text: str, language: str) -> list[str]:
    """The BM25 tokens of a document's text, stemmed in its language."""
    return [fold(token) for token in _stem(words(text), language)]


def query_tokens(text: str) -> list[str]:
    """The BM25 tokens of a query: its words stemmed in French and in English, each distinct token once."""
    found = words(text)
    return list(dict.fromkeys(fold(token) for language in _STEMMERS for token in _stem(found, language)))


def _stem(found: list[str], language: str) -> list[str]:
    stem = _stemmer(language).stemWord
    return [word if any(char.isdigit() or char == "_" for char in word) else stem(word) for word in found]


@dataclass
class Lexical:
    """BM25 over the rows (chunks) of one generation; `row_chunk_ids[i]` is the chunk id of row i."""

    retriever: bm25s.BM25 | None
    vocab: dict[str, int]
    row_chunk_ids: np.ndarray
    row_tokens: list[np.ndarray]

    @classmethod
    def build(cls, row_chunk_ids: np.ndarray, row_tokens: list[np.ndarray], vocab: dict[str, int]) -> "Lexical":
        """The BM25 matrix of these rows; `vocab` maps every token to its id (ids may be unused)."""
        retriever = None
        if len(row_tokens):
            retriever = bm25s.BM25()
            retriever.index(Tokenized(ids=[row.tolist() for row in row_tokens], vocab=vocab), show_progress=False)
        return cls(retriever, vocab, np.asarray(row_chunk_ids, dtype=np.int64), row_tokens)

    def ids(self, words: list[str], *, grow: bool = False) -> np.ndarray:
        """Token ids of these tokens; unknown tokens are added (grow=True, when indexing) or dropped."""
        found = []
        for word in words:
            if word not in self.vocab:
                if not grow:
                    continue
                self.vocab[word] = len(self.vocab)
            found.append(self.vocab[word])
        return np.asarray(found, dtype=np.int32)

    def scores(self, query: list[str]) -> np.ndarray:
        """The BM25 score of every row for these query tokens (zeros when none is known).

        Summed with one bincount over the tokens' columns of bm25s's score matrix: at 100,000 chunks it is
        several times faster than bm25s's own per-token `np.add.at`, and gives the same scores.
        """
        n = len(self.row_chunk_ids)
        ids = self.ids(query)
        if self.retriever is None or not len(ids):
            return np.zeros(n, dtype=np.float32)
        matrix = self.retriever.scores
        indptr = matrix["indptr"]
        ids = ids[ids + 1 < len(indptr)]
        spans = [(int(indptr[token]), int(indptr[token + 1])) for token in ids]
        rows = np.concatenate([matrix["indices"][start:end] for start, end in spans] or [np.zeros(0, np.int64)])
        weights = np.concatenate([matrix["data"][start:end] for start, end in spans] or [np.zeros(0, np.float32)])
        return np.bincount(rows, weights=weights, minlength=n).astype(np.float32)

    def query_weight(self, query: list[str]) -> float:
        """The most a row could score for these tokens (each token's idf; unknown tokens count as rare)."""
        if self.retriever is None:
            return 0.0
        indptr = self.retriever.scores["indptr"]
        n = float(len(self.row_chunk_ids))
        total = 0.0
        for word in query:
            token = self.vocab.get(word)
            df = 0.0 if token is None or token + 1 >= len(indptr) else float(indptr[token + 1] - indptr[token])
            total += float(np.log(1.0 + (n - df + 0.5) / (df + 0.5)))
        return total

    def save(self, folder: Path) -> None:
        """BM25 matrix (bm25s format), vocabulary and token ids of every row, in `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        if self.retriever is not None:
            self.retriever.save(str(folder / "bm25"))
        (folder / "vocab.json").write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")
        lengths = np.asarray([len(row) for row in self.row_tokens], dtype=np.int64)
        flat = np.concatenate(self.row_tokens) if self.row_tokens else np.zeros(0, dtype=np.int32)
        np.savez(folder / "rows.npz", chunk_ids=self.row_chunk_ids, lengths=lengths, tokens=flat.astype(np.int32))

    @classmethod
    def load(cls, folder: Path, *, with_rows: bool = False) -> "Lexical":
        """The index saved in `folder`, its BM25 matrix memory-mapped (shared between processes).

        Searching needs no token ids; a writer asks for them (`with_rows`) to rebuild the matrix.
        """
        vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        with np.load(folder / "rows.npz") as rows:
            chunk_ids = rows["chunk_ids"]
            row_tokens: list[np.ndarray] = []
            if with_rows and len(chunk_ids):
                row_tokens = np.split(rows["tokens"], np.cumsum(rows["lengths"])[:-1])
        retriever = bm25s.BM25.load(str(folder / "bm25"), mmap=True) if (folder / "bm25").exists() else None
        return cls(retriever, vocab, chunk_ids, row_tokens)
