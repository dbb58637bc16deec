"""Reading the user's answers to the qualification questions, in French or English.

Buttons send the level as a digit; people who type get their words matched against a few phrases
per level. Anything else is None, and the form asks again.
"""

import re
import unicodedata

_IMPACT_WORDS: dict[int, tuple[str, ...]] = {
    1: ("site", "departement", "department", "entreprise", "company", "tout le monde", "everyone", "everybody",
        "whole office", "tout le bureau", "batiment", "building", "service entier", "toute la boite", "all users"),
    2: ("equipe", "team", "groupe", "group", "collegues", "colleagues", "plusieurs", "several", "service",
        "quelques", "a few", "some people"),
    3: ("only me", "juste moi", "que moi", "moi seul", "moi seule", "moi uniquement", "seulement moi", "just me",
        "me only", "only myself", "personne d'autre", "nobody else", "je suis seul", "je suis la seule",
        "mon poste", "my computer", "une personne", "one person", "je suis le seul", "i am the only"),
}
_URGENCY_WORDS: dict[int, tuple[str, ...]] = {
    1: ("bloque", "bloquant", "blocking", "blocked", "plus travailler", "pas travailler", "can't work", "cannot work",
        "can not work", "critique", "critical", "urgent", "asap", "impossible", "rien faire", "stuck"),
    2: ("gene", "genant", "serieux", "seriously", "hampered", "slows", "ralenti", "difficile", "hard", "high",
        "important", "vite", "quickly"),
    3: ("moyen", "medium", "contourner", "workaround", "inconvenient", "peux travailler", "can work", "moderate",
        "modere", "annoying", "embetant"),
    4: ("pas urgent", "not urgent", "attendre", "can wait", "faible", "low", "quand vous pouvez", "whenever",
        "no rush", "pas presse", "rien ne presse"),
}
_NO_ERROR = ("non", "no", "aucun", "aucune", "none", "rien", "nothing", "nope", "n/a", "-", "je ne sais pas",
             "i don't know", "dont know", "sais pas", "pas vu", "non aucun")
_NO_ERROR_START = ("pas de message", "pas d'erreur", "aucun message", "aucune erreur", "no error", "no message",
                   "there is no", "il n'y a pas", "y a pas", "non, pas", "no, no", "no, there")
_SHORT_ANSWER = 60
# Whole answers too short to search for inside a longer sentence ("raconte-moi" is not "moi").
_EXACT_IMPACT = {"moi": 3, "me": 3, "myself": 3, "seul": 3, "seule": 3, "equipe": 2, "team": 2, "tous": 1, "all": 1}
_DIGIT = re.compile(r"^\s*([1-4])\s*$")


def _normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def _level(text: str, words: dict[int, tuple[str, ...]], highest: int, exact: dict[str, int]) -> int | None:
    digit = _DIGIT.match(text or "")
    if digit:
        level = int(digit.group(1))
        return level if level <= highest else None
    normalised = f" {_normalise(text or '')} "
    if normalised.strip(" .!") in exact:
        return exact[normalised.strip(" .!")]
    # Longest phrase wins, so "pas urgent" beats "urgent" and "only me" beats "me".
    hits = [(len(w), level) for level, ws in words.items() for w in ws if re.search(rf"\b{re.escape(w)}\b", normalised)]
    return max(hits)[1] if hits else None


def read_impact(text: str) -> int | None:
    """1 (site/department), 2 (team) or 3 (one person)."""
    return _level(text, _IMPACT_WORDS, 3, _EXACT_IMPACT)


def read_urgency(text: str) -> int | None:
    """1 (blocking) to 4 (low)."""
    return _level(text, _URGENCY_WORDS, 4, {})


def read_error_message(text: str) -> str:
    """The exact error message, or "" when the user says there is none."""
    cleaned = (text or "").strip()
    normalised = _normalise(cleaned).strip(" .!")
    if normalised in _NO_ERROR or (len(normalised) < _SHORT_ANSWER and normalised.startswith(_NO_ERROR_START)):
        return ""
    return cleaned.strip("\"'«» ")


_URL = re.compile(r"https?://\S+", re.IGNORECASE)


def read_optional(text: str) -> str:
    """A free answer the user may decline ("no", "je ne sais pas"): "" when they do."""
    return read_error_message(text)


def read_evidence(text: str) -> tuple[str, ...]:
    """The links in the answer (screenshots, shared trace files), else the path or file name as given;
    nothing when the user has none."""
    answer = read_optional(text)
    if not answer:
        return ()
    links = tuple(link.rstrip(".,;)»\"'") for link in _URL.findall(answer))
    return links or (answer[:500],)
