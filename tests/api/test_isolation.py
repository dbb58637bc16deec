"""The key decides the client: a request reads and writes that client's database and no other, even when the
other client has a ticket with the same number."""

from servicedesk.tickets.service import make_title
from tests.api.conftest import TICKETS


def titles(response) -> set[str]:
    return {row["title"] for row in response.json()}


def expected_titles(slug: str) -> set[str]:
    return {make_title(service, description) for service, description, _, _ in TICKETS[slug]}


def test_each_key_lists_only_its_own_clients_tickets(desk) -> None:
    alpha = desk.http.get("/tickets", headers=desk.auth("alpha-agent"))
    bravo = desk.http.get("/tickets", headers=desk.auth("bravo-agent"))
    assert alpha.status_code == bravo.status_code == 200
    assert [row["number"] for row in alpha.json()] == ["INC-000002", "INC-000001"]
    assert [row["number"] for row in bravo.json()] == ["INC-000003", "INC-000002", "INC-000001"]
    assert titles(alpha) == expected_titles("alpha")
    assert titles(bravo) == expected_titles("bravo")


def test_the_same_number_is_each_clients_own_ticket(desk) -> None:
    alpha = desk.http.get("/tickets/INC-000001", headers=desk.auth("alpha-agent")).json()
    bravo = desk.http.get("/tickets/inc-000001", headers=desk.auth("bravo-agent")).json()
    assert alpha["description"] == "alpha: Outlook crashes at start-up"
    assert bravo["description"] == "bravo: the VPN drops every hour"


def test_a_ticket_only_another_client_has_is_not_found_for_reads_and_writes(desk) -> None:
    assert desk.http.get("/tickets/INC-000003", headers=desk.auth("bravo-agent")).status_code == 200
    alpha = desk.auth("alpha-admin")
    for method, path, body in [
        ("GET", "/tickets/INC-000003", None),
        ("POST", "/tickets/INC-000003/status", {"to": "in_progress", "reason": "taking it"}),
        ("POST", "/tickets/INC-000003/assign", {"group": "Infrastructure", "reason": "network"}),
        ("POST", "/tickets/INC-000003/resolve", {"category": "software", "cause_code": "software_bug",
                                                 "resolution_code": "fixed", "solution": "patched"}),
        ("POST", "/tickets/INC-000003/comments", {"body": "looking"}),
        ("POST", "/tickets/INC-000003/assignee", {"agent": "alice"}),
        ("POST", "/tickets/INC-000003/escalate", {"group": "Experts", "reason": "needs an expert"}),
        ("POST", "/tickets/INC-000003/escalate/manager", {"reason": "waiting too long"}),
        ("POST", "/tickets/INC-000003/problem", {"problem": "PRB-000001"}),
        ("POST", "/tickets/INC-000003/pending", {"on": "requester", "reason": "asked for the serial number"}),
        ("POST", "/tickets/INC-000003/reopen", {}),
    ]:
        response = desk.http.request(method, path, headers=alpha, json=body)
        assert (response.status_code, response.json()) == (404, {"detail": "no ticket INC-000003"}), path
    untouched = desk.ticket("bravo", "INC-000003")
    assert (untouched.status, untouched.group_name, untouched.history) == ("new", None, [])
    assert [entry.kind for entry in untouched.log] == ["created"]


def test_a_write_with_one_key_changes_only_that_clients_ticket(desk) -> None:
    response = desk.http.post("/tickets/INC-000001/status", headers=desk.auth("alpha-agent"),
                              json={"to": "in_progress", "reason": "on it"})
    assert response.status_code == 200
    comment = desk.http.post("/tickets/INC-000001/comments", headers=desk.auth("alpha-agent"), json={"body": "hi"})
    assert comment.status_code == 201
    assert desk.ticket("alpha", "INC-000001").status == "in_progress"
    bravo = desk.ticket("bravo", "INC-000001")
    assert (bravo.status, bravo.history, [entry.kind for entry in bravo.log]) == ("new", [], ["created"])
