"""French or English: what a document or a query is written in, to pick its stemmer and report per language.

Lingua, restricted to the two languages the knowledge base serves, so that a short line always gets one
of them; a text with no words at all (an error code alone) counts as the default, French.

This is not the chat's detector (servicedesk.language, shared by the doors and the actions), on purpose:
kb_index imports nothing of the service desk (the import contracts in pyproject.toml), and the two answer
different questions. A chat line may say nothing ("ok", "INC-000042") and keeps its conversation's language,
so that detector abstains or answers "other"; a document (or an evaluation query, for its report) must always
be filed under one of the two stemmers, so this one always answers. DEFAULT is that stemmer for a text without
words, not the language anyone is spoken to in (a search query is stemmed in both, kb_index/lexical.py).
"""

import re
import threading
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

DEFAULT = "fr"
_NAMES = {
    "fr": "fr", "fra": "fr", "fre": "fr", "french": "fr", "francais": "fr", "français": "fr",
    "en": "en", "eng": "en", "english": "en", "anglais": "en",
}
_lock = threading.Lock()
_CODES = re.compile(r"\S*\d\S*")


@lru_cache(maxsize=1)
def _detector() -> "LanguageDetector":
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.FRENCH, Language.ENGLISH).build()


def detect(text: str) -> str:
    """"fr" or "en" for any text; the first 2,000 characters are plenty and keep long articles fast.

    Words with digits (error codes, versions) carry no language and are left out.
    """
    sample = _CODES.sub(" ", text[:2000])
    if not any(char.isalpha() for char in sample):
        return DEFAULT
    with _lock:
        language = _detector().detect_language_of(sample)
    if language is None:
        return DEFAULT
    return "en" if language.name == "ENGLISH" else "fr"


def normalise(value: object) -> str | None:
    """"fr"/"en" from what authors write in front matter ("fr-FR", "Français", "English"), else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    key = value.strip().lower().replace("_", "-").split("-")[0]
    folded = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    return _NAMES.get(key) or _NAMES.get(folded)
