"""Escalating through the API, functionally (to a higher-level group) and hierarchically (to the manager of the
ticket's group), by the use cases the console's ticket page calls."""

from sqlalchemy import select

from servicedesk.notifications.models import Notification


def test_a_functional_escalation_moves_the_ticket_up_and_flags_it(desk) -> None:
    response = desk.http.post("/tickets/INC-000001/escalate", headers=desk.auth("alpha-agent"),
                              json={"group": "Experts", "reason": "needs an expert"})
    assert response.status_code == 200, response.text
    assert response.json()["group_name"] == "Experts"
    assert ("api:alpha-agent", "level", "3", "needs an expert") in [
        (h["actor"], h["field"], h["new"], h["reason"]) for h in response.json()["history"]]
    stored = desk.ticket("alpha", "INC-000001")
    assert (stored.level, stored.escalated) == (3, True)


def test_an_escalation_needs_a_known_group_and_a_reason(desk) -> None:
    unknown = desk.http.post("/tickets/INC-000001/escalate", headers=desk.auth("alpha-agent"),
                             json={"group": "Plumbers", "reason": "why not"})
    assert unknown.status_code == 422 and "Plumbers" in unknown.json()["detail"]
    for body in [{"group": "Experts"}, {"group": "Experts", "reason": "   "}]:
        assert desk.http.post("/tickets/INC-000001/escalate", headers=desk.auth("alpha-agent"),
                              json=body).status_code == 422
        assert desk.http.post("/tickets/INC-000001/escalate/manager", headers=desk.auth("alpha-agent"),
                              json={k: v for k, v in body.items() if k == "reason"}).status_code == 422
    stored = desk.ticket("alpha", "INC-000001")
    assert (stored.group_name, stored.escalated, stored.history) == (None, False, [])


def test_the_manager_of_the_tickets_group_is_told(desk) -> None:
    response = desk.http.post("/tickets/INC-000001/escalate/manager", headers=desk.auth("alpha-agent"),
                              json={"reason": "VIP waiting since Monday"})
    assert response.status_code == 200, response.text
    assert [(h["actor"], h["field"], h["reason"]) for h in response.json()["history"]] == [
        ("api:alpha-agent", "escalation", "VIP waiting since Monday")]
    with desk.registry.session_factory("alpha")() as session:
        told = session.scalars(select(Notification).where(Notification.event == "escalated")).all()
        assert [(n.audience, n.payload["reason"]) for n in told] == [("manager", "VIP waiting since Monday")]
    assert desk.ticket("alpha", "INC-000001").escalated
