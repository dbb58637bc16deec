"""Who sees a ticket, on SQLite and PostgreSQL: its requester from any door (matched by verified e-mail), the
client's agents, whom the client's settings allow — and for anyone else, exactly what a missing number gets."""

import pytest

from servicedesk.database import unit_of_work
from servicedesk.errors import TicketNotFound
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import CLIENTS_ROOT, load_text
from servicedesk.tickets.access import Viewer, can_see, get_visible, open_tickets_of
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident


def incident(session, requester: str, email: str | None = None) -> str:
    report = IncidentReport(service="VPN", description="le VPN coupe", impact=3, urgency=2, requester=requester,
                            channel="slack", conversation_id=requester, language="fr", requester_email=email)
    return open_incident(db_session=session, report=report).number


@pytest.fixture
def numbers(session_factory) -> dict[str, str]:
    with unit_of_work(session_factory) as session:
        return {"ann": incident(session, "slack:T1:U-ann", "Ann.Martin@acme.example"),
                "bob": incident(session, "teams:tenant:bob", "bob@acme.example"),
                "anonymous": incident(session, "webchat:demo:7f9c")}


def refusal(session, number: str, viewer: Viewer) -> str:
    with pytest.raises(TicketNotFound) as refused:
        get_visible(db_session=session, number=number, viewer=viewer)
    return str(refused.value)


def test_the_requester_sees_their_ticket_from_the_door_they_used(session_factory, numbers) -> None:
    with session_factory() as session:
        assert get_visible(db_session=session, number=numbers["ann"], viewer=Viewer("slack:T1:U-ann")).number \
            == numbers["ann"]
        assert get_visible(db_session=session, number=numbers["anonymous"],
                           viewer=Viewer("webchat:demo:7f9c")).number == numbers["anonymous"]


def test_the_same_person_sees_it_from_another_door_by_their_verified_address(session_factory, numbers) -> None:
    web_ann = Viewer("webchat:acme:ann-42", email="ann.martin@ACME.example")
    with session_factory() as session:
        assert get_visible(db_session=session, number=numbers["ann"], viewer=web_ann).requester == "slack:T1:U-ann"
        assert [t.number for t in open_tickets_of(db_session=session, viewer=web_ann)] == [numbers["ann"]]


def test_anyone_else_gets_exactly_what_a_missing_number_gets(session_factory, numbers) -> None:
    bob = Viewer("teams:tenant:bob", email="bob@acme.example")
    with session_factory() as session:
        not_yours = refusal(session, numbers["ann"], bob).replace(numbers["ann"], "N")
        missing = refusal(session, "INC-999999", bob).replace("INC-999999", "N")
        assert not_yours == missing
        refusal(session, numbers["anonymous"], Viewer("webchat:demo:another-browser"))
        refusal(session, numbers["ann"], Viewer("slack:T1:U-ann-impostor"))  # a requester id is not a prefix


def test_the_clients_agents_see_every_ticket(session_factory, numbers) -> None:
    with session_factory() as session:
        for number in numbers.values():
            assert get_visible(db_session=session, number=number, viewer=Viewer("api:desk", agent=True))


def test_whom_the_settings_allow_sees_those_tickets_and_no_others(session_factory, numbers) -> None:
    text = (CLIENTS_ROOT / "acme" / "settings.yml").read_text(encoding="utf-8")
    text += "\naccess:\n  viewers:\n    - email: lead@acme.example\n      sees: [\"ann.*@acme.example\"]\n"
    desk = ClientDesk(load_text(text))
    assert desk.viewer_patterns("LEAD@acme.example") == ("ann.*@acme.example",)
    assert desk.viewer_patterns("bob@acme.example") == () and desk.viewer_patterns(None) == ()
    lead = Viewer("slack:T1:U-lead", email="Lead@acme.example", sees=desk.viewer_patterns("Lead@acme.example"))
    with session_factory() as session:
        assert get_visible(db_session=session, number=numbers["ann"], viewer=lead)
        with pytest.raises(TicketNotFound):
            get_visible(db_session=session, number=numbers["bob"], viewer=lead)
        with pytest.raises(TicketNotFound):  # without the e-mail verified, the settings can't apply
            get_visible(db_session=session, number=numbers["ann"], viewer=Viewer("slack:T1:U-lead",
                                                                                 sees=lead.sees))
        # the allowance never lists the lead's team as their own tickets
        assert open_tickets_of(db_session=session, viewer=lead) == []


def test_a_ticket_without_a_verified_address_is_its_requesters_only(session_factory, numbers) -> None:
    with session_factory() as session:
        anonymous = get_by_number(db_session=session, number=numbers["anonymous"])
        assert not can_see(anonymous, Viewer("someone", email=None))
        assert not can_see(anonymous, Viewer("someone", email="x@acme.example", sees=("*",)))


def test_patterns_are_addresses_not_sql(session_factory, numbers) -> None:
    """A pattern's % or _ is a character of an address, never a SQL wildcard."""
    with session_factory() as session:
        for pattern in ("%", "_nn.martin@acme.example", "%@acme.example"):
            with pytest.raises(TicketNotFound):
                get_visible(db_session=session, number=numbers["ann"],
                            viewer=Viewer("x", email="lead@acme.example", sees=(pattern,)))
        assert get_visible(db_session=session, number=numbers["ann"],
                           viewer=Viewer("x", email="lead@acme.example", sees=("?nn.martin@ACME.example",)))
