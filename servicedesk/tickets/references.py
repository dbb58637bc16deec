"""Ticket references as people bring them from other tools, and the ticket each one names.

    ours          INC-000042, inc 42, REQ-12, PRB-3                       (servicedesk.tickets.numbering)
    ServiceNow    INC0012345, RITM0012345, REQ0012345, CHG…, TASK…, SCTASK…, PRB…   (prefix glued to the digits)
    other desks   SR-20931, HD-1234 (an upper-case key, a dash, digits), GLPI 4521
    after a word  ticket 815, ticket n°815, mon ticket #815, demande 7702, incident 4521, case 12345,
                  la demande numero 7702, ref 815

The clash between ServiceNow's INC0012345 and our INC-000042 typed as INC000042: a prefix of ours glued to its
digits (or followed by ServiceNow's seven digits whatever the separator) is read both ways, and `find_ticket` takes
the imported ticket first, then ours. An imported reference is an exact string another tool printed; ours is only a
reading of what was typed. With a separator and fewer digits (INC-42, inc 42) it is ours alone. A bare number after a
ticket word ("ticket 815") is an external reference first, then the id of one of ours whatever its type (our numbers
are unique by id, so REQ-000815 is "ticket 815" too).

Not references: phone numbers, dates, times, prices, error codes (0x80070005, ORA-12541, HTTP 500, erreur 404,
AADSTS50076), versions, office numbers (bureau 3.12), host names (DI-PC04512, LAPTOP-7FJ2K). So bare digits count only
after a ticket word and only when no unit, decimal, time or phone group follows; a dash key only in upper case
and when its key is not that of an error code, a standard or a host name.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from servicedesk.tickets.access import Viewer, visible_to
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.numbering import PREFIXES

MAX_LENGTH = 60  # tickets.external_ref
_OURS = frozenset(PREFIXES.values())
_MAX_ID = 10**9 - 1
_SERVICENOW_WIDTH = 7

_PREFIXED = re.compile(r"(?<![A-Za-z0-9])(SCTASK|CTASK|PTASK|RITM|TASK|CHG|INC|REQ|PRB)([\s_#-]*)(\d+)(?![A-Za-z0-9])",
                       re.IGNORECASE)
# Not the middle of a French licence plate (FG-512-KL), whose last letters follow a dash.
_DASH_KEY = re.compile(r"(?<![\w.-])([A-Z]{2,10})-(\d+)(?!\w|[.,/-]\d|-[A-Za-z])")
_GLPI = re.compile(r"(?<!\w)GLPI\s*(?:#|n\s?[°º]|no\b\.?|num(?:[ée]ro|ero)?\b\.?|:)?\s*(\d+)(?!\w|[.,/:]\d)",
                   re.IGNORECASE)
_AFTER_WORD = re.compile(
    r"(?<!\w)(tickets?|incidents?|demandes?|requ[êe]tes?|requests?|cases?|r[ée]f[ée]rences?|r[ée]f|ref)\.?"
    r"(?:\s*(?:n\s?[°º]|no\b\.?|nr\b\.?|num(?:[ée]ro|ero|ber)?\b\.?|#|:))*\s*(\d+)(?!\w|[.,:/-]\d)",
    re.IGNORECASE)
_ATTEMPT = re.compile(r"(?<![A-Za-z])(INC|REQ|PRB)[_#-]\S*", re.IGNORECASE)

# Keys shaped like SR-20931 that name something else: error codes, standards, hardware, host names.
_NOT_KEYS = frozenset({
    "ORA", "TNS", "PLS", "SQL", "ERR", "ERROR", "HTTP", "HTTPS", "TLS", "SSL", "UTF", "SHA", "MD", "AES", "RSA",
    "ISO", "CVE", "CWE", "RFC", "KB", "COVID", "WIN", "WINDOWS", "OFFICE", "PC", "LAPTOP", "DESKTOP", "SRV", "SERVER",
    "VM", "WS", "MS", "IP", "IPV", "USB", "HDMI", "DDR", "RAID", "LTE", "CODE", "EVENT", "ID", "AADSTS",
})
# Words after a number that make it a quantity, a duration or a price rather than a ticket.
_UNITS = frozenset({
    "fois", "jour", "jours", "j", "heure", "heures", "h", "min", "mn", "minute", "minutes", "seconde", "secondes",
    "sec", "s", "semaine", "semaines", "mois", "an", "ans", "année", "années", "personne", "personnes", "utilisateur",
    "utilisateurs", "user", "users", "people", "persons", "poste", "postes", "pc", "ordinateur", "ordinateurs",
    "licence", "licences", "license", "licenses", "compte", "comptes", "account", "accounts", "euro", "euros", "eur",
    "€", "$", "£", "dollars", "usd", "%", "go", "mo", "ko", "to", "gb", "mb", "kb", "tb", "ms", "time", "times", "day",
    "days", "hour", "hours", "week", "weeks", "month", "months", "year", "years", "second", "seconds", "page", "pages",
    "mail", "mails", "email", "emails", "message", "messages", "fichier", "fichiers", "file", "files", "étage",
    "ème", "eme", "e", "er", "th", "st", "nd", "rd",
})
_NEXT_WORD = re.compile(r"\s*([^\s\w]|\w+)")
_PHONE_GROUP = re.compile(r"[\s.]\d{2}\b")
_REQUEST_WORDS = ("demande", "requ", "request")


@dataclass(frozen=True)
class Reference:
    written: str  # as the user wrote it ("RITM0012345", "ticket 815", "demande 7702")
    number: str | None  # our canonical number when it can read as one of ours ("INC-000042")
    external: str | None  # the normalised external reference to look up ("INC0012345", "SR-20931", "815")


def find_reference(text: str) -> Reference | None:
    """The first ticket reference in free text, in any of the forms of the module docstring; None when there is none.

    Never raises: a malformed attempt at one of ours (INC-ABC, INC-0) gives Reference(written, None, None), so the
    caller can say it does not read it."""
    found: list[tuple[int, int, Reference]] = []
    for rank, (pattern, read) in enumerate(_READERS):
        for match in pattern.finditer(text):
            reference = read(match, text)
            if reference is not None:
                found.append((match.start(), rank, reference))
                break
    if found:
        return min(found, key=lambda item: item[:2])[2]
    attempt = _ATTEMPT.search(text)
    return Reference(attempt.group(0), None, None) if attempt else None


def normalise_external(reference: str) -> str | None:
    """The form a reference is stored and looked up in: upper case, "#" and spaces between key and digits dropped,
    leading zeros of a bare number dropped ("#0815" is "815"); None when nothing or too much is left."""
    text = " ".join(reference.strip().lstrip("#").split()).upper()
    if text.isdigit():
        text = str(int(text))
    spaced = re.fullmatch(r"([A-Z]+) (\d+)", text)
    if spaced:
        text = spaced.group(1) + spaced.group(2)
    return text if 0 < len(text) <= MAX_LENGTH else None


def find_ticket(*, db_session: Session, viewer: Viewer, reference: Reference) -> Ticket | None:
    """The ticket the reference names that this viewer may see, by external reference first and then by our number;
    None when there is none: unknown, or not theirs, get the same answer from the same statement
    (servicedesk.tickets.access)."""
    conditions = []
    if reference.external:
        conditions.append(Ticket.external_ref == reference.external)
    numbers = _our_numbers(reference)
    if numbers:
        conditions.append(Ticket.number.in_(numbers))
    if not conditions:
        return None
    candidates = db_session.scalars(select(Ticket).where(or_(*conditions), visible_to(viewer)).limit(4)).all()
    return min(candidates, key=lambda ticket: (ticket.external_ref != reference.external, ticket.id), default=None)


def _our_numbers(reference: Reference) -> list[str]:
    if reference.number is None:
        return []
    if reference.external is not None and reference.external.isdigit():  # "ticket 815": the id, whatever the type
        ticket_id = int(reference.external)
        return [f"{prefix}-{ticket_id:06d}" for prefix in sorted(_OURS)]
    return [reference.number]


def _ours(prefix: str, digits: str) -> str | None:
    value = int(digits)
    return f"{prefix}-{value:06d}" if 0 < value <= _MAX_ID else None


def _read_prefixed(match: re.Match[str], text: str) -> Reference | None:
    prefix, separator, digits = match.group(1).upper(), match.group(2), match.group(3)
    written = match.group(0)
    glued = prefix + digits
    if prefix in _OURS:
        number = _ours(prefix, digits)
        servicenow = (not separator or len(digits) >= _SERVICENOW_WIDTH) and int(digits) > 0 \
            and len(glued) <= MAX_LENGTH
        if number is None and (separator or not servicenow):
            return Reference(written, None, None)  # INC-0, INC-12345678901: an attempt at ours
        return Reference(written, number, glued if servicenow else None)
    if len(digits) < 4 or separator not in ("", " ") or (separator and not match.group(1).isupper()):
        return None  # TASK-12 is a dash key; "task 2024" in lower case is a word and a year
    return Reference(written, None, glued) if len(glued) <= MAX_LENGTH else None


def _read_dash_key(match: re.Match[str], text: str) -> Reference | None:
    key = match.group(1)
    if key in _NOT_KEYS or key in _OURS or key.isdigit():
        return None
    return Reference(match.group(0), None, normalise_external(match.group(0)))


def _read_glpi(match: re.Match[str], text: str) -> Reference | None:
    if len(match.group(1)) < 3 or _quantity_follows(text, match.end()):  # "GLPI 10" is the version
        return None
    return Reference(match.group(0), None, normalise_external(match.group(1)))


def _read_after_word(match: re.Match[str], text: str) -> Reference | None:
    word, digits = match.group(1).casefold(), match.group(2)
    if len(digits) < 2 or (len(digits) == 10 and digits.startswith("0")) or _quantity_follows(text, match.end()):
        return None
    prefix = PREFIXES["service_request"] if word.startswith(_REQUEST_WORDS) else PREFIXES["incident"]
    return Reference(match.group(0), _ours(prefix, digits), normalise_external(digits))


def _quantity_follows(text: str, end: int) -> bool:
    """A unit, a currency or a phone number's next pair of digits right after the number."""
    if _PHONE_GROUP.match(text, end):
        return True
    following = _NEXT_WORD.match(text, end)
    return following is not None and following.group(1).casefold() in _UNITS


_READERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], str], Reference | None]], ...] = (
    (_PREFIXED, _read_prefixed),
    (_AFTER_WORD, _read_after_word),
    (_GLPI, _read_glpi),
    (_DASH_KEY, _read_dash_key),
)
