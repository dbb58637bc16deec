"""The questions nobody answered, grouped by meaning (issue 15 item 2): each question embedded with the encoder of
the client's own index (the one its searches use, loaded from this machine as kb_index loads it), grouped by
scikit-learn's agglomerative clustering (average linkage on cosine distance, cut at a distance rather than at a
number of groups: nobody knows in advance how many different questions a week brings), largest group first.

A group is answered when most of its questions now find a confident article in the client's current index: an
article or a known error (not a resolved ticket, which holds the very words asked), and not one that already failed
for that question. So a group disappears once an editor publishes the article that answers it.

    groups = group("demo", [Asked("INC-1", "Outlook plante au démarrage", failed=("KB-12",)), …])
    groups[0].members, groups[0].unanswered, groups[0].answered_by
"""

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kb_index import config, encoders, hybrid, store
from kb_index.errors import IndexNotBuilt

# Cosine distance at which two questions stop being the same one: with USE (multilingual), paraphrases of one problem
# across French and English ("Outlook plante au démarrage" / "Outlook crashes when it starts") sat at 0.11-0.37,
# different problems at 0.66-0.99, and cuts from 0.4 to 0.6 made the same pure groups (bench/gaps_grouping.py).
DISTANCE = 0.5
ANSWERED_SHARE = 0.5  # of a group's questions finding a confident article: then it is answered
NOT_ANSWERS = frozenset({"ticket"})  # a resolved ticket holds the words asked, not an article for them
SEARCHED = 5


@dataclass(frozen=True)
class Asked:
    key: str  # the caller's id of the question (a ticket number)
    text: str
    failed: tuple[str, ...] = ()  # doc ids that failed for it: never its answer


@dataclass(frozen=True)
class Answer:
    doc_id: str
    title: str
    score: float


@dataclass(frozen=True)
class Group:
    members: tuple[Asked, ...]  # most central first: the words that say the group best
    answers: tuple[Answer | None, ...]  # what the current index answers each member (None: nothing confident)
    answered_by: Answer | None  # the article most of its questions now find; None: still a gap

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def unanswered(self) -> tuple[Asked, ...]:
        """The members still without an answer: the group shrinks as articles settle them one by one."""
        return tuple(member for member, answer in zip(self.members, self.answers, strict=True) if answer is None)


def encoder_of(client: str, root: Path | None = None) -> encoders.Encoder:
    """The client's index's first encoder (its searches' own), else the configured one when no index exists yet."""
    try:
        spec = store.open_snapshot(client, root).encoders[0]["spec"]
    except IndexNotBuilt:
        spec = config.model_specs()[0]
    return encoders.get(spec)


def cluster(vectors: np.ndarray, distance: float = DISTANCE) -> list[list[int]]:
    """Row indexes grouped, largest group first (ties: the group holding the earliest row first)."""
    if len(vectors) == 0:
        return []
    if len(vectors) == 1:
        return [[0]]
    from sklearn.cluster import AgglomerativeClustering  # a second to import: only when there is something to group

    labels = AgglomerativeClustering(n_clusters=None, distance_threshold=distance, metric="cosine",
                                     linkage="average").fit_predict(vectors)
    groups: dict[int, list[int]] = {}
    for row, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(row)
    return sorted(groups.values(), key=lambda rows: (-len(rows), rows[0]))


def _central_first(rows: list[int], vectors: np.ndarray) -> list[int]:
    centre = vectors[rows].mean(axis=0)
    return sorted(rows, key=lambda row: -float(vectors[row] @ centre))


# What each question's search gave, per index generation: the page is read again and again while the index stays
# the same, and a search is most of its cost (bench/gaps_page.py); a new generation (an article published) is a new
# key, so the page sees it at once. Bounded: the oldest answers go first.
_ANSWERS: dict[tuple[str, str, str, tuple[str, ...]], Answer | None] = {}
_ANSWERS_KEPT = 20_000
_answers_lock = threading.Lock()


_VECTORS: dict[tuple[str, str], np.ndarray] = {}  # (encoder, text) -> its vector: the same questions every load


def _vectors(encoder: encoders.Encoder, texts: list[str]) -> np.ndarray:
    new = list(dict.fromkeys(text for text in texts if (encoder.name, text) not in _VECTORS))
    if new:
        for text, vector in zip(new, encoder.encode(new), strict=True):
            with _answers_lock:
                while len(_VECTORS) >= _ANSWERS_KEPT:
                    del _VECTORS[next(iter(_VECTORS))]
                _VECTORS[(encoder.name, text)] = vector
    return np.stack([_VECTORS[(encoder.name, text)] for text in texts])


def answer_of(client: str, asked: Asked, root: Path | None = None) -> Answer | None:
    """The confident article the current index gives this question, if any."""
    generation = store.current_generation(client, root)
    if generation is None:
        return None
    key = (client, str(generation), asked.text, asked.failed)
    with _answers_lock:
        if key in _ANSWERS:
            return _ANSWERS[key]
    try:
        results = hybrid.search(client, asked.text, SEARCHED, root=root)
    except IndexNotBuilt:
        return None
    answer = next((Answer(result.doc_id, result.title, result.score) for result in results
                   if result.confident and result.kind not in NOT_ANSWERS and result.doc_id not in asked.failed), None)
    with _answers_lock:
        while len(_ANSWERS) >= _ANSWERS_KEPT:
            del _ANSWERS[next(iter(_ANSWERS))]
        _ANSWERS[key] = answer
    return answer


def group(client: str, asked: Sequence[Asked], *, distance: float = DISTANCE, root: Path | None = None,
          encoder: encoders.Encoder | None = None) -> list[Group]:
    """The questions grouped by meaning, largest first, each group judged against the client's current index."""
    if not asked:
        return []
    vectors = _vectors(encoder or encoder_of(client, root), [question.text for question in asked])
    found: list[Group] = []
    for rows in cluster(vectors, distance):
        members = tuple(asked[row] for row in _central_first(rows, vectors))
        answers = [answer_of(client, member, root) for member in members]
        given = [answer for answer in answers if answer is not None]
        answered = given[0] if given and len(given) >= ANSWERED_SHARE * len(members) else None
        found.append(Group(members, tuple(answers), answered))
    return found
