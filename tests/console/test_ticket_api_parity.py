"""The console's ticket page and the REST API run one use case per action: the same action on two tickets in the
same state writes the same history, field for field, with only the actor told apart ("console:<login>" against
"api:<key name>"), and gives a ticket to an agent under the same assignee id."""

from fastapi.testclient import TestClient

from api.app import create_app
from servicedesk.clients import keys
from servicedesk.clients.service import get_by_slug
from servicedesk.database import unit_of_work
from servicedesk.problems import open_problem
from servicedesk.settings.current import desk_of
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from tests.console.test_ticket_page import act, ticket

# (console action and form, API route and body): the same step through each door
STEPS = [
    (("problem", {"problem": "{problem}"}), ("/problem", {"problem": "{problem}"})),
    (("assign_agent", {"login": "lea"}), ("/assignee", {"agent": "lea"})),
    (("escalate", {"group": "Experts", "reason": "needs an expert"}),
     ("/escalate", {"group": "Experts", "reason": "needs an expert"})),
    (("manager", {"reason": "VIP user"}), ("/escalate/manager", {"reason": "VIP user"})),
    (("pending", {"on": "change", "reason": "waits for the Outlook upgrade"}),
     ("/pending", {"on": "change", "reason": "waits for the Outlook upgrade"})),
]


def twin_and_problem(desk) -> tuple[str, str]:
    """A ticket opened as INC-000001 was (so both start alike), and a problem ticket to link them to."""
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        twin = open_incident(db_session=session, agreements=desk_of(db_session=session), report=IncidentReport(
            service="Outlook", description="alpha: Outlook crashes at start-up", impact=3, urgency=3,
            requester="user@client.example", channel="rest", conversation_id="c-1", language="en"))
        problem = open_problem(db_session=session, title="Outlook", service="Outlook", description="crashes",
                               actor="relais", incidents=[get_by_number(db_session=session, number="INC-000002")])
        assert twin.number and problem.number
        return twin.number, problem.number


def test_each_action_writes_the_same_history_from_the_console_and_the_api(desk, signed_in) -> None:
    twin, problem = twin_and_problem(desk)
    with unit_of_work(desk.catalogue) as session:
        secret = keys.issue(db_session=session, client=get_by_slug(db_session=session, slug="alpha"),
                            name="desk-tool", role="agent")
    alice = signed_in("alice")
    with TestClient(create_app(desk.catalogue, desk.registry)) as api:
        for (action, form), (route, body) in STEPS:
            act(alice, action, **{name: value.format(problem=problem) for name, value in form.items()})
            answer = api.post(f"/tickets/{twin}{route}", headers={"Authorization": f"Bearer {secret}"},
                              json={name: value.format(problem=problem) for name, value in body.items()})
            assert answer.status_code == 200, (route, answer.text)

    by_console, by_api = ticket(desk, "INC-000001"), ticket(desk, twin)
    assert {row.actor for row in by_console.history} == {"console:alice"}
    assert {row.actor for row in by_api.history} == {"api:desk-tool"}
    fields = [(row.field, row.old, row.new, row.reason) for row in by_console.history]
    assert fields == [(row.field, row.old, row.new, row.reason) for row in by_api.history]
    assert {"problem", "assignee", "group", "level", "escalation", "status"} <= {field for field, *_ in fields}
    assert by_console.problem_id is not None
    assert [(t.status, t.pending_reason, t.group_name, t.level, t.escalated, t.assignee, t.problem_id)
            for t in (by_console, by_api)] == 2 * [
        ("pending", "change", "Experts", 3, True, None, by_console.problem_id)]
