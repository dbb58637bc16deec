"""How the request catalogue compares words: as office workers type them, so case, accents and a typo
do not matter ("acés", "ACCES", "acess" are one word), and a phrase may have a few small words inside it
("accès au dossier" matches "accès dossier").

Folding keeps one character for each character, so a span found in the folded text is the same span of
the text the user wrote: a value can be quoted in the user's own words.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from servicedesk.level1._patterns import fold

_TOKEN = re.compile(r"[a-z0-9]+")
GAP = 3  # small words allowed between two words of a phrase: "acces au dossier", "site web est bloque"
_FUZZY_FROM = 5  # shorter words must be exact: "pc" is not "mac", "rh" is not "rtt"
# Everyday words one letter away from a product's name: "my team" speaks of colleagues, not of Teams.
_WORDS_NOT_TYPOS = frozenset({"team", "equipe"})


def words(text: str) -> frozenset[str]:
    """A set of words written as one string, as word lists read best."""
    return frozenset(text.split())


@dataclass(frozen=True)
class Token:
    word: str
    start: int
    end: int


def tokens(text: str) -> tuple[Token, ...]:
    return tuple(Token(m[0], m.start(), m.end()) for m in _TOKEN.finditer(fold(text)))


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance: one typo is one insertion, deletion, substitution or swap."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def similarity(word: str, wanted: str) -> float:
    """1 for the same word, 0.75 for one typo away (two in long words), else 0. The first letter must agree:
    typos there are rare, and it keeps "portable" from passing for "portail". An everyday word is never a typo."""
    if word == wanted:
        return 1.0
    if word in _WORDS_NOT_TYPOS or len(wanted) < _FUZZY_FROM or len(word) < _FUZZY_FROM - 1 or word[0] != wanted[0]:
        return 0.0
    allowed = 1 if len(wanted) < 9 else 2
    return 0.75 if abs(len(word) - len(wanted)) <= allowed and _distance(word, wanted) <= allowed else 0.0


@dataclass(frozen=True)
class Found:
    score: float  # letters of the phrase found, a typo counting for less
    start: int  # where it begins and ends in the text
    end: int


def find_phrase(phrase: str, words: Sequence[Token]) -> Found | None:
    """The best place where all the words of `phrase` stand in order, at most GAP words apart."""
    wanted = [token.word for token in tokens(phrase)]
    best: Found | None = None
    for first in range(len(words)):
        score, at, ok = 0.0, first - 1, True
        start = None
        for index, word in enumerate(wanted):
            window = range(at + 1, min(len(words), at + 2 + (GAP if index else 0)))
            scored = [(similarity(words[k].word, word), k) for k in window]
            sim, k = max(scored, key=lambda pair: (pair[0], -pair[1]), default=(0.0, -1))
            if sim == 0.0:
                ok = False
                break
            start = words[k].start if start is None else start
            score, at = score + sim * len(word), k
        if ok and start is not None:
            found = Found(score - 0.1 * (at - first + 1 - len(wanted)), start, words[at].end)
            if best is None or found.score > best.score:
                best = found
    return best


def has_phrase(text: str, phrases: Sequence[str]) -> bool:
    words = tokens(text)
    return any(find_phrase(phrase, words) for phrase in phrases)
