"""Setting a ticket pending with its reason and reopening it, through the API, by the console's use cases."""

CODES = {"category": "software", "cause_code": "software_bug", "resolution_code": "fixed",
         "solution": "Outlook profile rebuilt"}


def test_pending_needs_what_we_wait_on_and_why_and_a_supplier_for_a_third_party(desk) -> None:
    for body in [{"on": "requester"}, {"on": "requester", "reason": " "}, {"on": "nobody", "reason": "x"},
                 {"on": "third_party", "reason": "waiting for the carrier"}]:
        response = desk.http.post("/tickets/INC-000001/pending", headers=desk.auth("alpha-agent"), json=body)
        assert response.status_code == 422, body
    assert desk.ticket("alpha", "INC-000001").status == "new"

    response = desk.http.post("/tickets/INC-000001/pending", headers=desk.auth("alpha-agent"), json={
        "on": "third_party", "reason": "waiting for the carrier", "supplier": "Orange Business"})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "pending"
    assert [(h["actor"], h["new"], h["reason"]) for h in response.json()["history"]] == [
        ("api:alpha-agent", "pending", "waiting for the carrier (pending on third_party)")]
    stored = desk.ticket("alpha", "INC-000001")
    assert (stored.pending_reason, stored.supplier) == ("third_party", "Orange Business")


def test_no_agent_sets_a_ticket_pending_on_approval_by_hand(desk) -> None:
    """Only the approvals' use case, which asks the approvers, puts a ticket there: both routes answer 409 with
    the domain's refusal, and the ticket is left as it was."""
    for path, body in (("/pending", {"on": "approval", "reason": "the manager must say yes"}),
                       ("/status", {"to": "pending", "pending_reason": "approval", "reason": "manager"})):
        response = desk.http.post(f"/tickets/INC-000001{path}", headers=desk.auth("alpha-agent"), json=body)
        assert response.status_code == 409, (path, response.text)
        assert response.json() == {"detail": "cannot go from new to pending: only an approval request puts a "
                                             "ticket pending on approval"}
    stored = desk.ticket("alpha", "INC-000001")
    assert (stored.status, stored.pending_reason) == ("new", None)
    assert desk.http.get("/tickets/INC-000001", headers=desk.auth("alpha-agent")).json()["history"] == []


def test_a_resolved_ticket_is_reopened_and_an_open_one_is_not(desk) -> None:
    still_open = desk.http.post("/tickets/INC-000001/reopen", headers=desk.auth("alpha-agent"), json={})
    assert still_open.status_code == 409
    desk.http.post("/tickets/INC-000001/resolve", headers=desk.auth("alpha-agent"), json=CODES)
    response = desk.http.post("/tickets/INC-000001/reopen", headers=desk.auth("alpha-agent"),
                              json={"reason": "Outlook crashes again"})
    assert response.status_code == 200, response.text
    assert (response.json()["status"], response.json()["reopen_count"]) == ("in_progress", 1)
    assert response.json()["history"][-1]["reason"] == "Outlook crashes again"
