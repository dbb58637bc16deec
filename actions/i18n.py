"""Words the actions put into responses (statuses, dates), in the conversation's language.

Whole sentences live in domain.yml as response variants per language; only values computed at run
time are translated here.
"""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

from servicedesk import language as languages
from servicedesk.tickets import lifecycle


def language_of(slot_value: str | None) -> str:
    """Answers go out in French or English; a third language gets English, and so does an empty slot
    (the actions' historical fallback, kept until they pass the client's language as the default)."""
    return languages.language_of(slot_value, default="en")


def status_label(status: str, language: str) -> str:
    return lifecycle.status_label(status, language_of(language))


def format_time(moment: datetime, language: str) -> str:
    """Local time of the desk (RELAIS_TIMEZONE, Paris by default), written the way each language does."""
    zone = ZoneInfo(os.environ.get("RELAIS_TIMEZONE", "Europe/Paris"))
    local = moment.astimezone(zone)
    if language_of(language) == "fr":
        return local.strftime("%d/%m/%Y à %H:%M")
    return local.strftime("%Y-%m-%d at %H:%M")


_DEADLINE = {"fr": "échéance de résolution le {when}", "en": "resolution due by {when}"}
_NO_DEADLINE = {"fr": "pas d'échéance en cours (ticket en attente ou terminé)",
                "en": "no deadline running (the ticket is waiting or done)"}
_SERVICE_DESK = {"fr": "Centre de services", "en": "service desk"}


def deadline_phrase(deadline: datetime | None, language: str) -> str:
    """The SLA deadline as a clause the responses slot in: what the user may expect, and by when."""
    lang = language_of(language)
    if deadline is None:
        return _NO_DEADLINE[lang]
    return _DEADLINE[lang].format(when=format_time(deadline, lang))


def group_label(group: str | None, language: str) -> str:
    """A ticket nobody took yet is with the service desk."""
    return group or _SERVICE_DESK[language_of(language)]
