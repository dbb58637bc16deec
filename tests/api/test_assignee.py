"""Giving a ticket to one agent through the API: the console's use case, the agent named by its account's login
and checked against the client and the ticket's group, the key in the history as the one who gave it."""

from servicedesk.accounts import service as accounts
from servicedesk.database import unit_of_work


def agents(desk, **grants: dict[str, list[str]]) -> None:
    with unit_of_work(desk.catalogue) as session:
        for login, granted in grants.items():
            accounts.create(db_session=session, login=login, display_name=login.title(),
                            email=f"{login}@desk.example", role="agent", grants=granted)


def test_a_ticket_goes_to_an_agent_of_its_group_and_is_assigned(desk) -> None:
    agents(desk, alice={"alpha": []})
    response = desk.http.post("/tickets/INC-000001/assignee", headers=desk.auth("alpha-agent"), json={"agent": "alice"})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "assigned"
    assert [(h["actor"], h["field"], h["new"]) for h in response.json()["history"]] == [
        ("api:alpha-agent", "assignee", "Alice"), ("api:alpha-agent", "status", "assigned")]
    stored = desk.ticket("alpha", "INC-000001")
    assert (stored.assignee, stored.assignee_name) == ("console:alice", "Alice")  # "mine" in alice's console


def test_an_agent_who_may_not_work_on_it_is_refused_as_one_who_does_not_exist(desk) -> None:
    agents(desk, bob={"bravo": []}, carl={"alpha": ["Infrastructure"]})
    with unit_of_work(desk.catalogue) as session:
        accounts.create(db_session=session, login="dan", display_name="Dan", email="dan@desk.example", role="agent",
                        grants={"alpha": []})
        accounts.disable(db_session=session, login="dan")
    for login in ["bob", "carl", "dan", "nobody"]:  # another client, another group, disabled, unknown
        response = desk.http.post("/tickets/INC-000001/assignee", headers=desk.auth("alpha-agent"),
                                  json={"agent": login})
        assert (response.status_code, response.json()) == (422, {"detail": f"no agent account {login!r}"})
    assert desk.ticket("alpha", "INC-000001").assignee is None


def test_a_ticket_no_longer_open_is_given_to_nobody(desk) -> None:
    agents(desk, alice={"alpha": []})
    desk.http.post("/tickets/INC-000001/status", headers=desk.auth("alpha-agent"), json={"to": "cancelled"})
    response = desk.http.post("/tickets/INC-000001/assignee", headers=desk.auth("alpha-agent"), json={"agent": "alice"})
    assert response.status_code == 409
    assert desk.ticket("alpha", "INC-000001").assignee is None
