"""The actions' catalogue: every word the action server says itself, in French and English.

The dialogue's sentences are Rasa's responses (domain.yml, one variant per language); what is here is
what only run time knows (a status, a date, a deadline, a group, the buttons under a fix) and the one
sentence said before anyone knows whose conversation it is, so in both languages.
"""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

from servicedesk import language as languages
from servicedesk.tickets import lifecycle

# The conversation's language is not known yet when we can't say whose it is: both, French first.
REFUSED = ("Je ne peux pas vérifier d'où vient ce message : je ne peux donc ni lire ni modifier de ticket. "
           "Écrivez-moi depuis Slack, Teams ou le chat de votre entreprise. / I can't verify where this message "
           "comes from, so I can't read or change any ticket. Please write to me from Slack, Teams or your "
           "company's chat.")

_FIX_BUTTONS = {"fr": ("✅ Ça a marché", "❌ Toujours pas"), "en": ("✅ That fixed it", "❌ Still not working")}
_TIME = {"fr": "%d/%m/%Y à %H:%M", "en": "%Y-%m-%d at %H:%M"}
_DEADLINE = {"fr": "échéance de résolution le {when}", "en": "resolution due by {when}"}
_NO_DEADLINE = {"fr": "pas d'échéance en cours (ticket en attente ou terminé)",
                "en": "no deadline running (the ticket is waiting or done)"}
_SERVICE_DESK = {"fr": "Centre de services", "en": "service desk"}


def language_of(slot_value: str | None) -> str:
    """Answers go out in French or English; a third language gets English, and so does an empty slot
    (the actions' historical fallback, kept until they pass the client's language as the default)."""
    return languages.language_of(slot_value, default="en")


def status_label(status: str, language: str) -> str:
    return lifecycle.status_label(status, language_of(language))


def format_time(moment: datetime, language: str) -> str:
    """Local time of the desk (RELAIS_TIMEZONE, Paris by default), written the way each language does."""
    zone = ZoneInfo(os.environ.get("RELAIS_TIMEZONE", "Europe/Paris"))
    return moment.astimezone(zone).strftime(_TIME[language_of(language)])


def deadline_phrase(deadline: datetime | None, language: str) -> str:
    """The SLA deadline as a clause the responses slot in: what the user may expect, and by when."""
    lang = language_of(language)
    if deadline is None:
        return _NO_DEADLINE[lang]
    return _DEADLINE[lang].format(when=format_time(deadline, lang))


def group_label(group: str | None, language: str) -> str:
    """A ticket nobody took yet is with the service desk."""
    return group or _SERVICE_DESK[language_of(language)]


def fix_buttons(language: str) -> tuple[str, str]:
    """The titles of the two answers under a fix the KB offers: it worked, it did not."""
    return _FIX_BUTTONS[language_of(language)]
