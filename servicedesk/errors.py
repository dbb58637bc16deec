"""Errors raised by the ticketing domain.

    ServiceDeskError                 base class: every domain failure an adapter may translate for a user
    ├── TicketNotFound               no ticket carries that number (for this client)
    ├── MalformedTicketNumber        the text looks like a ticket number but is not a valid one
    └── InvalidQualification         impact or urgency outside the ITIL scales, or a missing field

Adapters turn these into a message in the user's language in exactly one place each; the domain
raises and never returns error values.
"""


class ServiceDeskError(Exception):
    """Base class of every error the ticketing domain raises on purpose."""


class TicketNotFound(ServiceDeskError):
    def __init__(self, number: str) -> None:
        super().__init__(f"no ticket {number}")
        self.number = number


class MalformedTicketNumber(ServiceDeskError):
    def __init__(self, text: str) -> None:
        super().__init__(f"not a ticket number: {text!r}")
        self.text = text


class InvalidQualification(ServiceDeskError):
    """Raised when a ticket is opened with values the priority matrix cannot rate."""
