"""The actions' catalogue: every word the action server says itself, in French and English.

The dialogue's sentences are Rasa's responses (domain.yml, one variant per language); what is here is
what only run time knows (a status, a date, a deadline, a group, the buttons under a fix) and the one
sentence said before anyone knows whose conversation it is, so in both languages. Every function takes
the conversation's language as servicedesk.language.language_of gives it, the client's by default.
"""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

from servicedesk.language import Language

# The conversation's language is not known yet when we can't say whose it is: both, French first.
REFUSED = ("Je ne peux pas vérifier d'où vient ce message : je ne peux donc ni lire ni modifier de ticket. "
           "Écrivez-moi depuis Slack, Teams ou le chat de votre entreprise. / I can't verify where this message "
           "comes from, so I can't read or change any ticket. Please write to me from Slack, Teams or your "
           "company's chat.")

# The statuses of servicedesk.tickets.lifecycle as a user reads them; an unknown one reads as it is.
_STATUS = {
    "fr": {"new": "nouveau", "assigned": "assigné", "in_progress": "en cours", "pending": "en attente",
           "resolved": "résolu", "closed": "clos", "cancelled": "annulé"},
    "en": {"new": "new", "assigned": "assigned", "in_progress": "in progress", "pending": "pending",
           "resolved": "resolved", "closed": "closed", "cancelled": "cancelled"},
}
_FIX_BUTTONS = {"fr": ("✅ Ça a marché", "❌ Toujours pas"), "en": ("✅ That fixed it", "❌ Still not working")}
_TIME = {"fr": "%d/%m/%Y à %H:%M", "en": "%Y-%m-%d at %H:%M"}
_DEADLINE = {"fr": "échéance de résolution le {when}", "en": "resolution due by {when}"}
_NO_DEADLINE = {"fr": "pas d'échéance en cours (ticket en attente ou terminé)",
                "en": "no deadline running (the ticket is waiting or done)"}
_SERVICE_DESK = {"fr": "Centre de services", "en": "service desk"}


def status_label(status: str, language: Language) -> str:
    return _STATUS[language].get(status, status)


def format_time(moment: datetime, language: Language) -> str:
    """Local time of the desk (RELAIS_TIMEZONE, Paris by default), written the way each language does."""
    zone = ZoneInfo(os.environ.get("RELAIS_TIMEZONE", "Europe/Paris"))
    return moment.astimezone(zone).strftime(_TIME[language])


def deadline_phrase(deadline: datetime | None, language: Language) -> str:
    """The SLA deadline as a clause the responses slot in: what the user may expect, and by when."""
    if deadline is None:
        return _NO_DEADLINE[language]
    return _DEADLINE[language].format(when=format_time(deadline, language))


def group_label(group: str | None, language: Language) -> str:
    """A ticket nobody took yet is with the service desk."""
    return group or _SERVICE_DESK[language]


def fix_buttons(language: Language) -> tuple[str, str]:
    """The titles of the two answers under a fix the KB offers: it worked, it did not."""
    return _FIX_BUTTONS[language]


_APPROVERS = {"fr": "j'ai écrit à {who}", "en": "I've written to {who}"}
_NO_APPROVER = {"fr": "le service desk cherche qui doit l'approuver",
                "en": "the service desk is finding who approves it"}


def approvers_phrase(approvers: list[str], language: Language) -> str:
    """Who was asked to approve, as a clause; nobody known (no manager in the directory) is said as such, since
    the desk was told to sort it out."""
    return _APPROVERS[language].format(who=", ".join(approvers)) if approvers else _NO_APPROVER[language]
