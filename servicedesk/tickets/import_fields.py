"""How the fields of another tool's export read in ours: statuses, priorities, types and dates, as ServiceNow, GLPI,
Jira and French desks write them. Pure rules, tested without a database; a value they cannot read is a ValueError
whose message the import reports against the row.
"""

import re
import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

import dateparser

from servicedesk.tickets.lifecycle import PendingReason, Status

_REQUESTER, _THIRD_PARTY, _CHANGE = PendingReason.REQUESTER, PendingReason.THIRD_PARTY, PendingReason.CHANGE

# Folded (lower case, no accents, separators as spaces) -> our status and, for pending, what it waits for.
_STATUSES: dict[str, tuple[Status, PendingReason | None]] = {
    **dict.fromkeys(["new", "nouveau", "nouvelle", "open", "opened", "ouvert", "to do", "todo", "backlog",
                     "waiting for support", "en attente de support", "draft", "submitted", "soumis"],
                    (Status.NEW, None)),
    **dict.fromkeys(["assigned", "assigne", "assignee", "attribue", "attribuee", "processing assigned",
                     "en cours attribue", "queued", "dispatched"], (Status.ASSIGNED, None)),
    **dict.fromkeys(["in progress", "work in progress", "wip", "active", "en cours", "en traitement", "processing",
                     "processing planned", "en cours planifie", "planned", "planifie", "escalated", "escalade",
                     "pris en charge", "in development"], (Status.IN_PROGRESS, None)),
    **dict.fromkeys(["on hold", "pending", "en attente", "suspended", "suspendu", "en suspens", "awaiting user info",
                     "awaiting caller", "awaiting customer", "waiting for customer", "en attente utilisateur",
                     "en attente demandeur", "en attente du demandeur", "en attente client"],
                    (Status.PENDING, _REQUESTER)),
    **dict.fromkeys(["awaiting vendor", "awaiting supplier", "waiting for vendor", "waiting for third party",
                     "en attente fournisseur", "en attente du fournisseur", "en attente tiers"],
                    (Status.PENDING, _THIRD_PARTY)),
    **dict.fromkeys(["awaiting change", "waiting for change", "en attente changement", "en attente de changement"],
                    (Status.PENDING, _CHANGE)),
    **dict.fromkeys(["resolved", "resolu", "resolue", "solved", "fixed", "corrige", "traite", "traitee"],
                    (Status.RESOLVED, None)),
    **dict.fromkeys(["closed", "clos", "close", "cloture", "cloturee", "ferme", "fermee", "done", "termine",
                     "terminee", "closed complete", "closed incomplete", "complete", "completed"],
                    (Status.CLOSED, None)),
    **dict.fromkeys(["cancelled", "canceled", "annule", "annulee", "abandonne", "abandonnee", "rejected", "rejete",
                     "rejetee", "refuse", "refusee", "closed skipped", "won t do", "withdrawn"],
                    (Status.CANCELLED, None)),
}
# The numeric states of the two tools whose exports often carry codes rather than labels.
_STATE_CODES: dict[str, dict[str, str]] = {
    "servicenow": {"1": "new", "2": "in progress", "3": "on hold", "6": "resolved", "7": "closed", "8": "cancelled"},
    "glpi": {"1": "new", "2": "assigned", "3": "planned", "4": "pending", "5": "solved", "6": "closed"},
}
_PRIORITIES: dict[str, str] = {
    **dict.fromkeys(["critical", "critique", "very high", "tres haute", "majeure", "blocker", "bloquant", "urgent",
                     "urgente", "highest", "p1"], "P1"),
    **dict.fromkeys(["high", "haute", "elevee", "eleve", "major", "importante", "p2"], "P2"),
    **dict.fromkeys(["moderate", "medium", "moyenne", "moyen", "normal", "normale", "minor", "mineure", "p3"], "P3"),
    **dict.fromkeys(["low", "basse", "faible", "tres basse", "very low", "lowest", "trivial", "planning", "p4"], "P4"),
}
_TYPES: dict[str, str] = {
    **dict.fromkeys(["incident", "inc", "incidents", "bug", "panne"], "incident"),
    **dict.fromkeys(["service request", "service_request", "request", "requested item", "demande",
                     "demande de service", "req", "ritm", "sr", "sctask"], "service_request"),
}
_REQUEST_PREFIXES = ("RITM", "REQ", "SCTASK")
# impact, urgency giving each priority through the matrix (servicedesk.priority): an import keeps the priority.
PRIORITY_RATING = {"P1": (1, 1), "P2": (2, 2), "P3": (3, 3), "P4": (3, 4)}
_DATE_SETTINGS = {"DATE_ORDER": "DMY", "RETURN_AS_TIMEZONE_AWARE": True, "TO_TIMEZONE": "UTC",
                  "REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["timestamp", "absolute-time"]}


def fold(value: str) -> str:
    """Lower case, without accents, with -, _, (, ) and runs of spaces as one space: "En cours (Attribué)" reads
    "en cours attribue"."""
    text = unicodedata.normalize("NFKD", value.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[-_()'’/]", " ", text).split())


def read_status(value: str, system: str | None = None) -> tuple[str, str | None]:
    """Our status and pending reason for another tool's status; "new" when none is given."""
    folded = fold(value)
    if not folded:
        return Status.NEW.value, None
    folded = _STATE_CODES.get(system or "", {}).get(folded, folded)
    try:
        status, reason = _STATUSES[folded]
    except KeyError:
        raise ValueError(f"unknown status {value!r}") from None
    return status.value, None if reason is None else reason.value


def read_priority(value: str) -> str:
    """P1 to P4 from 1-4 (5, ServiceNow's planning, is P4), "P2", "2 - High", "critique"…; P3 when none is given."""
    folded = fold(value)
    if not folded:
        return "P3"
    leading = re.match(r"p?([1-5])\b", folded)
    if leading:
        return f"P{min(int(leading.group(1)), 4)}"
    label = re.sub(r"^\d+\s*", "", folded)
    try:
        return _PRIORITIES[label]
    except KeyError:
        raise ValueError(f"unknown priority {value!r}") from None


def read_type(value: str, reference: str) -> str:
    """incident or service_request; when none is given, a ServiceNow request's reference (RITM…, REQ…, SCTASK…)
    says service_request and anything else incident."""
    folded = fold(value)
    if not folded:
        return "service_request" if reference.upper().startswith(_REQUEST_PREFIXES) else "incident"
    try:
        return _TYPES[folded]
    except KeyError:
        raise ValueError(f"unknown type {value!r}: incident or service_request") from None


def read_date(value: str, timezone: str) -> datetime | None:
    """An absolute date and time, read leniently (ISO, "2026-11-03 14:22:00", "03/11/2026 14:22" day first, "3 nov.
    2026"); naive ones are the client's local time. None when none is given; relative ones ("hier") are refused,
    since they would be read from the day of the import."""
    text = value.strip()
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        lenient = dateparser.parse(text, languages=["fr", "en"], settings={**_DATE_SETTINGS, "TIMEZONE": timezone})
        if lenient is None:
            raise ValueError(f"unreadable date {value!r}") from None
        parsed = lenient
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo(timezone))
