"""Who may write on a ticket by e-mail: its requester by their address (any case), an imported ticket's requester
address, a viewer the client's settings allow by pattern; nobody else."""

from servicedesk.mail_replies import may_write
from servicedesk.tickets.models import Ticket


def ticket(requester: str = "slack:T1:U1", email: str | None = "marie.dupont@acme.example") -> Ticket:
    return Ticket(requester=requester, requester_email=email)


def test_the_requester_may_write_by_their_address_in_any_case() -> None:
    assert may_write(ticket=ticket(), sender="Marie.Dupont@ACME.example")
    assert may_write(ticket=ticket(requester="jdoe@acme.example", email=None), sender="jdoe@acme.example")


def test_a_viewer_the_settings_allow_may_write_and_a_stranger_may_not() -> None:
    assert may_write(ticket=ticket(), sender="boss@acme.example", sees=("*@acme.example",))
    assert not may_write(ticket=ticket(), sender="boss@acme.example", sees=("*@sales.acme.example",))
    assert not may_write(ticket=ticket(), sender="intruder@evil.example")
    assert not may_write(ticket=ticket(email=None), sender="marie.dupont@acme.example")
