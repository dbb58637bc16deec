"""Readable ticket numbers (INC-000042) and finding them in what users type.

Users write "INC-000042", "inc 42", "INC000042" or "où en est INC-42 ?"; all mean the same ticket,
so parsing is lenient on case, separators and leading zeros, and strict on the prefix and the digits.
"""

import re

from servicedesk.errors import MalformedTicketNumber

PREFIXES = {"incident": "INC", "service_request": "REQ", "problem": "PRB"}
_DIGITS = 6
_MAX_ID = 10**9 - 1

_NUMBER = re.compile(r"(?<![A-Za-z0-9])(INC|REQ|PRB)[\s_#-]*(\d+)(?![A-Za-z0-9])", re.IGNORECASE)
_PREFIX_ONLY = re.compile(r"(?<![A-Za-z])(INC|REQ|PRB)[_#-]\S*", re.IGNORECASE)


def format_number(ticket_type: str, ticket_id: int) -> str:
    """The public number of a ticket, derived from its database id."""
    return f"{PREFIXES[ticket_type]}-{ticket_id:0{_DIGITS}d}"


def find_number(text: str) -> str | None:
    """The first ticket number in free text, canonical; None when the text names no ticket.

    Raises MalformedTicketNumber when the text clearly tries to name one ("INC-ABC",
    "INC-12345678901") so that the user is told the expected form instead of "not found".
    """
    match = _NUMBER.search(text)
    if match:
        prefix, digits = match.group(1).upper(), int(match.group(2))
        if 0 < digits <= _MAX_ID:
            return f"{prefix}-{digits:0{_DIGITS}d}"
        raise MalformedTicketNumber(match.group(0))
    attempt = _PREFIX_ONLY.search(text)
    if attempt:
        raise MalformedTicketNumber(attempt.group(0))
    return None
