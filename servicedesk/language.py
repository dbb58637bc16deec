"""Which language a chat message is written in: French, English, or another one.

Short chat lines ("ok", "INC-000042", "3") say nothing about the language, so detection answers
None there and the conversation keeps its language. A few very common chat words are decided by a
lexicon because statistical detectors guess wildly on single words.

It lives in the domain so that the doors (bot/) and the actions share one detector and one language
type; it imports nothing but lingua, so both virtual environments can load it (Python 3.10+).
"""

import re
from collections.abc import Iterable
from functools import cache
from typing import Final, Literal

from lingua import Language as _Lingua
from lingua import LanguageDetector, LanguageDetectorBuilder

Language = Literal["fr", "en"]
"""A language Relais speaks; a client's settings name one as its default."""

FRENCH: Final = "fr"
ENGLISH: Final = "en"
OTHER: Final = "other"

_LEXICON = {
    FRENCH: {"bonjour", "bonsoir", "salut", "merci", "oui", "non", "svp", "stp", "coucou", "bjr", "ouais", "daccord"},
    ENGLISH: {"hello", "hi", "hey", "thanks", "thank", "thx", "yes", "no", "please", "pls", "yep", "nope", "bye"},
}
_NOISE = re.compile(r"\b(?:INC|REQ|PRB)[\s_#-]*\d+\b|https?://\S+|\S+@\S+|\b\w*\d\w*\b", re.IGNORECASE)
# Product names and chat tokens that say nothing about the language.
_NEUTRAL = {"ok", "okay", "outlook", "teams", "vpn", "sap", "excel", "word", "wifi", "wi", "fi", "citrix", "zoom",
            "sharepoint", "onedrive", "windows", "office", "salesforce", "pc", "mac", "iphone", "android", "chrome",
            "email", "mail", "laptop", "login", "bug"}
_WORD = re.compile(r"[^\W\d_]{2,}")
# Double quotes only: single quotes and ’ are French apostrophes ("l'écran", "j’ai"), not quotations.
_QUOTED = re.compile(r'"[^"\n]*"|«[^»\n]*»|“[^”\n]*”|„[^“”\n]*[“”]')
_FR_EN_MARGIN = 0.2
_FOREIGN_CONFIDENCE = 0.6
_FOREIGN_MIN_WORDS = 3


@cache
def _fr_en() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(_Lingua.FRENCH, _Lingua.ENGLISH).build()


@cache
def _wide() -> LanguageDetector:
    languages = (_Lingua.FRENCH, _Lingua.ENGLISH, _Lingua.GERMAN, _Lingua.SPANISH, _Lingua.ITALIAN,
                 _Lingua.PORTUGUESE, _Lingua.DUTCH)
    return LanguageDetectorBuilder.from_languages(*languages).build()


def without_quotations(text: str, spans: Iterable[tuple[int, int]] = ()) -> str:
    """The text with what the user copied rather than wrote blanked out: the given (start, end) spans (the
    error messages the NLU found) and anything between double quotes. Software speaks English far more often
    than the people quoting it, so "mon VPN affiche Gateway cannot be reached" would otherwise read as English.
    Blanks keep the offsets of the remaining spans valid and stop words on either side from being glued."""
    chars = list(text or "")
    for start, end in spans:
        start, end = max(0, start), min(len(chars), end)
        chars[start:end] = " " * max(0, end - start)
    return _QUOTED.sub(" ", "".join(chars))


def detect(text: str) -> str | None:
    """'fr', 'en', 'other' (a confident third language), or None when the text cannot tell. A button's
    payload ("/incident_followup{...}") is in no language: the user clicked, they did not write."""
    if (text or "").lstrip().startswith("/"):
        return None
    words = [w for w in _WORD.findall(_NOISE.sub(" ", text or "").lower()) if w not in _NEUTRAL]
    if not words:
        return None
    if len(words) == 1:
        return next((lang for lang, lexicon in _LEXICON.items() if words[0] in lexicon), None)
    if len(words) == 2:
        for language, lexicon in _LEXICON.items():
            if any(word in lexicon for word in words):
                return language
    sample = " ".join(words)
    if len(words) >= _FOREIGN_MIN_WORDS:
        best = _wide().compute_language_confidence_values(sample)[0]
        if best.language not in (_Lingua.FRENCH, _Lingua.ENGLISH) and best.value >= _FOREIGN_CONFIDENCE:
            return OTHER
    values = {v.language: v.value for v in _fr_en().compute_language_confidence_values(sample)}
    margin = values[_Lingua.FRENCH] - values[_Lingua.ENGLISH]
    if abs(margin) < _FR_EN_MARGIN:
        return None
    return FRENCH if margin > 0 else ENGLISH


DEFAULT: Language = FRENCH
"""The desk's language when neither the conversation nor the client's settings name one."""


def language_of(value: str | None, default: Language = DEFAULT) -> Language:
    """The language to answer in: `default` (the client's language where one is known) when nothing is
    said, English for a third language (what most users read after their own), else the one said."""
    if not value:
        return default
    return FRENCH if value == FRENCH else ENGLISH
