"""Exact error codes and quoted messages: when a user pastes one, the documents that contain it come first.

A code is what a person copies from an error box: hexadecimal (0x800CCC0E), letters and digits together
(AADSTS50076, CAA50021, KB5034441), upper-case identifiers with underscores (ERR_CONNECTION_TIMED_OUT),
or a number after "error"/"erreur"/"code" (erreur 1603). A message is text between quotes (" ", « », “ ”,
or backticks). Both are matched as phrases by SQLite FTS5 (case, accents and punctuation ignored), over
every chunk of the client, so a code counts even when neither BM25 nor the encoders ranked its article.
"""

import re

_HEX = r"0x[0-9a-fA-F]{4,16}"
_MIXED = r"(?=[A-Za-z0-9_.-]*[A-Za-z])(?=[A-Za-z0-9_.-]*\d)[A-Za-z0-9][A-Za-z0-9_.-]{2,40}[A-Za-z0-9]"
_UPPER_ID = r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+"
_CODE = re.compile(rf"(?<![\w.-])(?:{_HEX}|{_UPPER_ID}|{_MIXED})(?![\w-])")
_NUMBER_AFTER_WORD = re.compile(
    r"\b(?:error|erreur|code|err|status|statut|event\s+id|id\s+d'événement|ssl|http)\s*[:#n°]*\s*(\d{2,6})\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"\"([^\"\n]{4,200})\"|«\s*([^»\n]{4,200}?)\s*»|“([^”\n]{4,200})”|`([^`\n]{4,200})`")
_VERSION = re.compile(r"\d+(?:\.\d+)+")  # 3.2.1 is a version, not a code


def codes(text: str) -> list[str]:
    """The error codes in a text, in order, each once (as written)."""
    found = [match.group(0).strip(".-") for match in _CODE.finditer(text)]
    found += [match.group(1) for match in _NUMBER_AFTER_WORD.finditer(text)]
    return list(dict.fromkeys(code for code in found if not _VERSION.fullmatch(code) and len(code) >= 2))


def messages(text: str) -> list[str]:
    """The quoted messages in a text, each once, with at least two words or one code."""
    found = []
    for match in _QUOTED.finditer(text):
        quoted = next(group for group in match.groups() if group).strip()
        if len(quoted.split()) >= 2 or codes(quoted):
            found.append(quoted)
    return list(dict.fromkeys(found))


def needles(text: str) -> list[str]:
    """Everything in the query that should match a document exactly: codes, then quoted messages."""
    return list(dict.fromkeys([*codes(text), *messages(text)]))


def fts_phrase(needle: str) -> str | None:
    """An FTS5 phrase query for the needle (its words in order), or None when it has no word at all."""
    words = re.findall(r"\w+", needle)
    if not words:
        return None
    return '"' + " ".join(words) + '"'
