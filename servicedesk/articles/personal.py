"""Personal data taken out of what a resolved ticket says before it becomes an article everyone may read.

    >>> scrub("Marie Dupont (marie.dupont@acme.example, 06 12 34 56 78) sur PC-MDUPONT", language="fr",
    ...       names=["Marie Dupont"], hosts=["pc-*"])
    '[nom] ([e-mail], [téléphone]) sur [poste]'

What goes: the secrets users typed (servicedesk.privacy.secrets, the masking every stored message gets), e-mail
addresses, phone numbers (8 digits or more, spaced or dotted as people write them), the names of the people of
the ticket (the requester, the agents, whoever wrote in its log; a full name, then each of its words of three
letters or more, so that "Marie" goes with "Marie Dupont"), and the host names the client marks as personal in
its settings (`privacy.personal_hosts`: shell patterns such as "pc-*" or "*.home.example", matched without case,
since a workstation's name is often its user's). Error codes, versions, dates, IP-less URLs and the client's
servers stay: they are what makes the article useful.
"""

import fnmatch
import re
from collections.abc import Iterable

from servicedesk.privacy.secrets import mask_secrets

MARKERS = {
    "fr": {"name": "[nom]", "email": "[e-mail]", "phone": "[téléphone]", "host": "[poste]"},
    "en": {"name": "[name]", "email": "[e-mail]", "phone": "[phone]", "host": "[host]"},
}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w.+])(?:\+|00)?\d(?:[ .()-]{0,2}\d){7,14}(?![\w])")
_DOTTED_QUAD = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}[./-]\d{2}[./-]\d{4}")
_HOST = re.compile(r"(?<![\w.-])[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*(?![\w-])")
_MIN_WORD = 3  # "Li" or "de" alone is not a name worth removing from every sentence


def scrub(text: str, *, language: str, names: Iterable[str] = (), hosts: Iterable[str] = ()) -> str:
    """The text without secrets, e-mails, phone numbers, these people's names and hosts matching these patterns."""
    marks = MARKERS.get(language, MARKERS["en"])
    text = mask_secrets(text).text
    text = _EMAIL.sub(marks["email"], text)
    text = _PHONE.sub(lambda found: _phone(found, marks["phone"]), text)
    text = _hosts(text, [pattern.lower() for pattern in hosts if pattern.strip()], marks["host"])
    return _names(text, names, marks["name"])


def _phone(found: re.Match[str], marker: str) -> str:
    value = found.group(0)
    digits = sum(char.isdigit() for char in value)
    if digits < 8 or _DOTTED_QUAD.fullmatch(value.strip()) or _DATE.fullmatch(value.strip()):
        return value
    return marker


def _hosts(text: str, patterns: list[str], marker: str) -> str:
    if not patterns:
        return text
    return _HOST.sub(lambda found: marker if any(fnmatch.fnmatchcase(found.group(0).lower(), pattern)
                                                 for pattern in patterns) else found.group(0), text)


def _names(text: str, names: Iterable[str], marker: str) -> str:
    wholes: set[str] = set()
    words: set[str] = set()
    for name in names:
        name = " ".join(name.split())
        if not name or "@" in name or ":" in name:  # an address or an actor id, not a person's name
            continue
        wholes.add(name)
        words.update(word for word in re.findall(r"[^\W\d_][\w'-]*", name) if len(word) >= _MIN_WORD)
    for value in sorted(wholes, key=len, reverse=True) + sorted(words, key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(value)}(?![\w-])", marker, text, flags=re.IGNORECASE)
    return text
