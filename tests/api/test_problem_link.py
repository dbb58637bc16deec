"""Linking a ticket to a problem through the API: the console's use case, its refusals as 404 and 422."""

from servicedesk.database import unit_of_work
from servicedesk.problems import open_problem
from servicedesk.tickets.service import get_by_number


def test_a_ticket_is_linked_to_a_problem_of_its_client_only(desk) -> None:
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        behind = get_by_number(db_session=session, number="INC-000002")
        problem = open_problem(db_session=session, title="Printers", service="Printing", description="jams",
                               actor="relais", incidents=[behind]).number
    assert problem is not None

    def link(number: str):
        return desk.http.post("/tickets/INC-000001/problem", headers=desk.auth("alpha-agent"), json={"problem": number})

    not_a_problem = link("INC-000002")
    assert (not_a_problem.status_code, not_a_problem.json()) == (422, {"detail": "INC-000002 is not a problem ticket"})
    assert link("PRB-000999").status_code == 404
    assert desk.ticket("alpha", "INC-000001").history == []

    linked = link(problem.lower())
    assert linked.status_code == 200, linked.text
    assert [(h["actor"], h["field"], h["new"]) for h in linked.json()["history"]] == [
        ("api:alpha-agent", "problem", problem)]
    assert desk.http.post("/tickets/INC-000001/problem", headers=desk.auth("bravo-agent"),
                          json={"problem": problem}).status_code == 404  # bravo's INC-000001 has no such problem
