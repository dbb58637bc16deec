"""The ticket references a mail of ours carries, signed so that nobody can make one up: the thread id every
notice of a ticket points at (In-Reply-To, References) and the reply address (support+t.<client>.<number>.<sig>).

A reply is matched to a ticket by one of these, never by its subject: the subject is the sender's to write, and
a "[INC-000042]" in it proves nothing. The signature is an HMAC of the client and the ticket's number with the
doors' mail secret (RELAIS_EMAIL_SECRET), cut to 16 hex digits: enough that guessing one is hopeless, short
enough for an address's local part (64 characters at most). Addresses are read whatever their case, since some
mail servers fold the local part.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass
from email.utils import getaddresses

_SIGNATURE_DIGITS = 16
_NUMBER = r"(?:INC|REQ|PRB)-\d{6,9}"
_CLIENT = r"[a-z0-9][a-z0-9-]{1,39}"
_THREAD = re.compile(rf"ticket-(?P<number>{_NUMBER})\.(?P<signature>[0-9a-f]{{16}})@relais\.(?P<client>{_CLIENT})$",
                     re.IGNORECASE)
_TAG = re.compile(rf"\+t\.(?P<client>{_CLIENT})\.(?P<number>{_NUMBER})\.(?P<signature>[0-9a-f]{{16}})@",
                  re.IGNORECASE)


@dataclass(frozen=True)
class TicketRef:
    """A ticket of a client, as a signed reference named it."""

    client: str
    number: str


def signature(ref: TicketRef, secret: str) -> str:
    message = f"{ref.client.casefold()}:{ref.number.upper()}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:_SIGNATURE_DIGITS]


def thread_id(ref: TicketRef, secret: str) -> str:
    """The id of the ticket's thread, which every notice about it replies to: one thread per ticket."""
    return f"<ticket-{ref.number.upper()}.{signature(ref, secret)}@relais.{ref.client}>"


def notice_id(ref: TicketRef | None, notice: int, client: str, secret: str) -> str:
    """A notice's own Message-ID: the same at every attempt (a resend is recognised as the same mail), and
    carrying the ticket's thread id, so that a reply naming only this mail still finds its ticket."""
    if ref is None:
        return f"<notice-{notice}@relais.{client}>"
    return f"<notice-{notice}.{thread_id(ref, secret)[1:]}"


def reply_address(sender: str, ref: TicketRef, secret: str) -> str:
    """The desk's address with the ticket's signed tag: support@desk.example -> support+t.demo.inc-000042.<sig>@…"""
    local, _, domain = sender.rpartition("@")
    return f"{local}+t.{ref.client}.{ref.number.lower()}.{signature(ref, secret)}@{domain}"


def _verified(match: re.Match[str] | None, secret: str) -> TicketRef | None:
    if match is None:
        return None
    ref = TicketRef(client=match["client"].lower(), number=match["number"].upper())
    return ref if hmac.compare_digest(signature(ref, secret), match["signature"].lower()) else None


def from_thread_ids(header: str, secret: str) -> TicketRef | None:
    """The ticket the first well-signed id of an In-Reply-To or References header names; None for none."""
    for candidate in re.findall(r"<([^<>\s]+)>", header or ""):
        ref = _verified(_THREAD.search(candidate), secret)
        if ref is not None:
            return ref
    return None


def from_addresses(addresses: list[str], secret: str) -> TicketRef | None:
    """The ticket the first well-signed reply address among these names (a mail's envelope recipients)."""
    for _, address in getaddresses(addresses):
        ref = _verified(_TAG.search(address), secret)
        if ref is not None:
            return ref
    return None
