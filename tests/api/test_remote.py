"""Remote assistance through the REST API (issue 17): the same use cases as the console's button — the consent
question queued, one session at a time, the sessions listed, one ended — and nothing of another client's."""

from sqlalchemy import select

from servicedesk.notifications.models import Notification
from tests.servicedesk.remote.settings import CODE_TOOL, load_remote

NUMBER = "INC-000001"


def test_a_key_asks_for_hands_on_the_machine_once(desk) -> None:
    load_remote(desk.registry.session_factory("alpha"), CODE_TOOL)
    asked = desk.http.post(f"/tickets/{NUMBER}/remote-session", headers=desk.auth("alpha-agent"))
    assert asked.status_code == 201, asked.text
    body = asked.json()
    assert (body["state"], body["provider"], body["tool"], body["requested_by"]) == (
        "asked", "code", "RustDesk", "api:alpha-agent")
    again = desk.http.post(f"/tickets/{NUMBER}/remote-session", headers=desk.auth("alpha-agent"))
    assert again.status_code == 409 and "in_progress" in again.json()["detail"]
    with desk.registry.session_factory("alpha")() as session:
        events = [row.event for row in session.scalars(select(Notification))]
    assert events.count("remote_consent") == 1
    listed = desk.http.get(f"/tickets/{NUMBER}/remote-sessions", headers=desk.auth("alpha-agent")).json()
    assert [row["id"] for row in listed] == [body["id"]]
    ended = desk.http.post(f"/tickets/{NUMBER}/remote-session/end", headers=desk.auth("alpha-agent"))
    assert ended.status_code == 200 and ended.json()["state"] == "ended"


def test_without_a_tool_the_request_is_refused(desk) -> None:
    refused = desk.http.post(f"/tickets/{NUMBER}/remote-session", headers=desk.auth("alpha-agent"))
    assert refused.status_code == 409 and "no_provider" in refused.json()["detail"]


def test_another_clients_ticket_is_not_found_and_an_integration_key_may_not_ask(desk) -> None:
    load_remote(desk.registry.session_factory("bravo"), CODE_TOOL)
    # INC-000003 exists only in bravo's database: alpha's key reaches alpha's only.
    assert desk.http.post("/tickets/INC-000003/remote-session", headers=desk.auth("alpha-agent")).status_code == 404
    assert desk.http.get("/tickets/INC-000003/remote-sessions", headers=desk.auth("alpha-agent")).status_code == 404
    assert desk.http.post(f"/tickets/{NUMBER}/remote-session",
                          headers=desk.auth("alpha-integration")).status_code in (401, 403)
