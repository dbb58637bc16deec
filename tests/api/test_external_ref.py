"""A ticket imported from the client's previous tool shows its old reference to the tools that read it."""

from servicedesk.database import unit_of_work
from servicedesk.tickets.service import get_by_number


def test_the_detail_carries_the_reference_of_the_previous_tool(desk) -> None:
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        ticket = get_by_number(db_session=session, number="INC-000001")
        ticket.external_ref, ticket.external_system = "INC0012345", "servicenow"
    imported = desk.http.get("/tickets/INC-000001", headers=desk.auth("alpha-integration")).json()
    assert (imported["external_ref"], imported["external_system"]) == ("INC0012345", "servicenow")
    ours = desk.http.get("/tickets/INC-000002", headers=desk.auth("alpha-integration")).json()
    assert (ours["external_ref"], ours["external_system"]) == (None, None)
