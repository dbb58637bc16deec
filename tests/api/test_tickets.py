"""Working tickets through the API: the same workflow as the chat and the supervisor, with the key's name as the
actor, every write one transaction, and domain refusals as 404, 409 and 422."""

from datetime import timedelta

from sqlalchemy import func, select

from servicedesk.clients import keys
from servicedesk.clients.service import create
from servicedesk.database import unit_of_work
from servicedesk.errors import IllegalTransition
from servicedesk.models import utcnow
from servicedesk.notifications.models import Notification
from servicedesk.sla import policy
from servicedesk.sla.models import Clock
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident

CODES = {"category": "software", "cause_code": "software_bug", "resolution_code": "fixed",
         "solution": "Outlook profile rebuilt"}


def post(desk, key: str, path: str, body: dict):
    return desk.http.post(path, headers=desk.auth(key), json=body)


def notifications(desk, slug: str) -> int:
    with desk.registry.session_factory(slug)() as session:
        return session.scalar(select(func.count()).select_from(Notification))


def test_a_status_change_is_in_the_history_with_the_keys_name(desk) -> None:
    response = post(desk, "alpha-agent", "/tickets/INC-000001/status", {"to": "in_progress", "reason": "on it"})
    assert response.status_code == 200
    answer = response.json()
    assert answer["status"] == "in_progress"
    assert [(h["actor"], h["field"], h["old"], h["new"], h["reason"]) for h in answer["history"]] == [
        ("api:alpha-agent", "status", "new", "in_progress", "on it")]
    stored = desk.ticket("alpha", "INC-000001")
    assert stored.status == "in_progress" and stored.owned_at is not None
    assert [(h.actor, h.field, h.new) for h in stored.history] == [("api:alpha-agent", "status", "in_progress")]


def test_detail_has_the_log_and_the_history(desk) -> None:
    post(desk, "alpha-admin", "/tickets/INC-000002/status", {"to": "cancelled", "reason": "duplicate"})
    answer = desk.http.get("/tickets/INC-000002", headers=desk.auth("alpha-integration")).json()
    assert answer["number"] == "INC-000002" and answer["status"] == "cancelled"
    assert answer["description"] == "alpha: printer jammed" and (answer["impact"], answer["urgency"]) == (2, 2)
    assert [entry["kind"] for entry in answer["log"]] == ["created"]
    assert [(h["actor"], h["new"], h["reason"]) for h in answer["history"]] == [
        ("api:alpha-admin", "cancelled", "duplicate")]


def test_pending_needs_a_reason_and_keeps_the_supplier(desk) -> None:
    response = post(desk, "alpha-agent", "/tickets/INC-000001/status", {"to": "pending"})
    assert response.status_code == 409
    assert "pending needs a reason" in response.json()["detail"]
    response = post(desk, "alpha-agent", "/tickets/INC-000001/status",
                    {"to": "pending", "pending_reason": "third_party", "supplier": "Orange Business"})
    assert response.status_code == 200
    stored = desk.ticket("alpha", "INC-000001")
    assert (stored.status, stored.pending_reason, stored.supplier) == ("pending", "third_party", "Orange Business")


def test_an_illegal_transition_is_409_and_changes_nothing(desk) -> None:
    response = post(desk, "alpha-agent", "/tickets/INC-000001/status", {"to": "closed", "reason": "done"})
    assert response.status_code == 409
    assert response.json() == {"detail": "cannot go from new to closed: new can only go to assigned, cancelled, "
                                         "in_progress, pending, resolved"}
    stored = desk.ticket("alpha", "INC-000001")
    assert (stored.status, stored.history) == ("new", [])
    assert notifications(desk, "alpha") == 0


def test_a_status_the_workflow_does_not_know_or_resolved_is_422(desk) -> None:
    unknown = post(desk, "alpha-agent", "/tickets/INC-000001/status", {"to": "done"})
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["body", "to"]
    misspelt = post(desk, "alpha-agent", "/tickets/INC-000001/status", {"to": "in_progress", "raison": "typo"})
    assert misspelt.status_code == 422
    resolved = post(desk, "alpha-agent", "/tickets/INC-000001/status", {"to": "resolved"})
    assert resolved.status_code == 422 and "/resolve" in resolved.json()["detail"]
    assert desk.ticket("alpha", "INC-000001").status == "new"


def test_resolving_needs_every_closure_code_from_the_clients_settings(desk) -> None:
    response = post(desk, "alpha-agent", "/tickets/INC-000001/resolve", {})
    assert (response.status_code, response.json()) == (
        422, {"detail": "resolution needs: category, cause_code, resolution_code, solution"})
    response = post(desk, "alpha-agent", "/tickets/INC-000001/resolve", CODES | {"solution": "   "})
    assert (response.status_code, response.json()) == (422, {"detail": "resolution needs: solution"})
    response = post(desk, "alpha-agent", "/tickets/INC-000001/resolve", CODES | {"category": "plumbing"})
    assert response.status_code == 422 and response.json()["detail"].startswith("category 'plumbing' is not one")
    stored = desk.ticket("alpha", "INC-000001")
    assert (stored.status, stored.category, stored.history) == ("new", None, [])

    response = post(desk, "alpha-agent", "/tickets/INC-000001/resolve", CODES)
    assert response.status_code == 200
    answer = response.json()
    assert (answer["status"], answer["category"], answer["resolution_code"], answer["solution"]) == (
        "resolved", "software", "fixed", "Outlook profile rebuilt")
    assert answer["history"][-1]["actor"] == "api:alpha-agent"


def test_closing_and_reopening_follow_the_workflow_and_its_window(desk) -> None:
    post(desk, "alpha-agent", "/tickets/INC-000001/resolve", CODES)
    closed = post(desk, "alpha-agent", "/tickets/INC-000001/status", {"to": "closed"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert desk.ticket("alpha", "INC-000001").closed_by == "agent"
    reopened = post(desk, "alpha-agent", "/tickets/INC-000001/status", {"to": "in_progress", "reason": "back"})
    assert reopened.status_code == 200 and reopened.json()["reopen_count"] == 1

    post(desk, "alpha-agent", "/tickets/INC-000001/resolve", CODES)
    post(desk, "alpha-agent", "/tickets/INC-000001/status", {"to": "closed"})
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        get_by_number(db_session=session, number="INC-000001").closed_at = utcnow() - timedelta(days=30)
    late = post(desk, "alpha-agent", "/tickets/INC-000001/status", {"to": "in_progress", "reason": "again"})
    assert (late.status_code, late.json()) == (409, {"detail": "INC-000001 was closed too long ago to reopen"})
    assert desk.ticket("alpha", "INC-000001").status == "closed"


def test_assigning_takes_the_groups_level_from_the_clients_settings(desk) -> None:
    response = post(desk, "alpha-agent", "/tickets/INC-000002/assign",
                    {"group": "Infrastructure", "reason": "printer hardware"})
    assert response.status_code == 200
    answer = response.json()
    assert (answer["group_name"], answer["status"]) == ("Infrastructure", "assigned")
    assert [(h["actor"], h["field"], h["old"], h["new"]) for h in answer["history"]] == [
        ("api:alpha-agent", "group", None, "Infrastructure"), ("api:alpha-agent", "level", "1", "2"),
        ("api:alpha-agent", "status", "new", "assigned")]
    assert desk.ticket("alpha", "INC-000002").level == 2

    unknown = post(desk, "alpha-agent", "/tickets/INC-000002/assign", {"group": "Plumbers"})
    assert (unknown.status_code, unknown.json()) == (422, {"detail": "no support group 'Plumbers' in the client's "
                                                                     "settings"})
    assert desk.ticket("alpha", "INC-000002").group_name == "Infrastructure"


def test_comments_go_to_the_log_as_an_agent_from_any_role(desk) -> None:
    response = post(desk, "alpha-integration", "/tickets/INC-000001/comments", {"body": "  monitoring: back up  "})
    assert response.status_code == 201
    assert response.json() | {"at": None} == {"at": None, "author": "api:alpha-integration", "kind": "comment",
                                              "body": "monitoring: back up"}
    entry = desk.ticket("alpha", "INC-000001").log[-1]
    assert (entry.author_kind, entry.author, entry.kind, entry.body) == (
        "agent", "api:alpha-integration", "comment", "monitoring: back up")
    assert post(desk, "alpha-integration", "/tickets/INC-000001/comments", {"body": "   "}).status_code == 422


def test_a_reply_reaches_the_requester_through_the_outbox_and_a_comment_does_not(desk) -> None:
    before = notifications(desk, "alpha")
    assert post(desk, "alpha-agent", "/tickets/INC-000001/comments", {"body": "checked the logs"}).status_code == 201
    assert notifications(desk, "alpha") == before
    response = post(desk, "alpha-agent", "/tickets/INC-000001/replies", {"body": "  Restart Outlook, please.  "})
    assert response.status_code == 201 and response.json()["kind"] == "reply"
    with desk.registry.session_factory("alpha")() as session:
        row = session.scalars(select(Notification).order_by(Notification.id.desc())).first()
        assert (row.event, row.audience, row.recipient, row.channel) == (
            "agent_reply", "requester", "user@client.example", "rest")
        assert row.payload == {"number": "INC-000001", "agent": "alpha-agent", "text": "Restart Outlook, please."}
    assert post(desk, "alpha-integration", "/tickets/INC-000001/replies", {"body": "hi"}).status_code == 403


def test_a_new_rating_gives_the_priority_and_retargets_the_clocks(desk) -> None:
    def ttr_target() -> int:
        with desk.registry.session_factory("alpha")() as session:
            ticket = get_by_number(db_session=session, number="INC-000001")
            return session.scalar(select(Clock.target_seconds).where(Clock.ticket_id == ticket.id,
                                                                      Clock.kind == "SLA", Clock.metric == "ttr"))

    before = ttr_target()
    response = post(desk, "alpha-agent", "/tickets/INC-000001/priority", {"impact": 1, "urgency": 1, "major": True,
                                                                          "reason": "the whole floor"})
    assert response.status_code == 200 and response.json()["priority"] == "P1"
    assert ttr_target() < before
    stored = desk.ticket("alpha", "INC-000001")
    assert stored.major and [(h.actor, h.field) for h in stored.history] == [("api:alpha-agent", "major"),
                                                                              ("api:alpha-agent", "priority")]
    assert post(desk, "alpha-agent", "/tickets/INC-000001/priority", {"impact": 4, "urgency": 1}).status_code == 422
    assert post(desk, "alpha-integration", "/tickets/INC-000001/priority",
                {"impact": 3, "urgency": 4}).status_code == 403


def test_listing_filters_and_pages(desk) -> None:
    headers = desk.auth("bravo-agent")
    post(desk, "bravo-agent", "/tickets/INC-000002/status", {"to": "in_progress"})

    def numbers(**params) -> list[str]:
        response = desk.http.get("/tickets", headers=headers, params=params)
        assert response.status_code == 200, response.text
        return [row["number"] for row in response.json()]

    assert numbers() == ["INC-000003", "INC-000002", "INC-000001"]
    assert numbers(status="new") == ["INC-000003", "INC-000001"]
    assert numbers(priority="P1") == ["INC-000003"]
    assert numbers(status="in_progress", priority="P4") == ["INC-000002"]
    assert numbers(limit=1, offset=1) == ["INC-000002"]
    assert numbers(offset=3) == []
    for params in [{"limit": 0}, {"limit": 201}, {"offset": -1}, {"status": "open"}, {"priority": "P5"}]:
        assert desk.http.get("/tickets", headers=headers, params=params).status_code == 422, params


def test_a_write_that_fails_halfway_leaves_nothing_behind(desk, monkeypatch) -> None:
    """The status is set and the history written before the clocks are updated: a failure there rolls back all."""

    def broken_clocks(**_: object) -> None:
        raise IllegalTransition("new", "in_progress", "the clocks failed")

    monkeypatch.setattr(policy, "on_status_change", broken_clocks)
    response = post(desk, "alpha-agent", "/tickets/INC-000001/status", {"to": "in_progress"})
    assert response.status_code == 409
    stored = desk.ticket("alpha", "INC-000001")
    assert (stored.status, stored.owned_at, stored.history) == ("new", None, [])
    assert notifications(desk, "alpha") == 0


def test_a_client_without_settings_cannot_be_worked_yet(desk) -> None:
    """Its tickets can be read, but no workflow rule is in force to change them: 503 until settings are loaded."""
    with unit_of_work(desk.catalogue) as session:
        charlie = create(db_session=session, slug="charlie", name="Charlie")
        secret = keys.issue(db_session=session, client=charlie, name="charlie-agent", role="agent")
    with unit_of_work(desk.registry.session_factory("charlie")) as session:
        open_incident(db_session=session, report=IncidentReport(
            service="VPN", description="charlie: VPN down", impact=3, urgency=3, requester="u@charlie.example",
            channel="rest", conversation_id="c-1", language="en"))
    headers = {"Authorization": f"Bearer {secret}"}
    assert [row["title"] for row in desk.http.get("/tickets", headers=headers).json()] == ["charlie: VPN down"]
    response = desk.http.post("/tickets/INC-000001/status", headers=headers, json={"to": "in_progress"})
    assert response.status_code == 503 and "no settings loaded" in response.json()["detail"]
    assert desk.ticket("charlie", "INC-000001").status == "new"


def test_a_resolution_teaches_the_clients_knowledge_base_only(desk, tmp_path, monkeypatch) -> None:
    import kb_index

    monkeypatch.setenv("RELAIS_KB_ROOT", str(tmp_path / "kb"))
    assert post(desk, "alpha-agent", "/tickets/INC-000001/resolve", CODES).status_code == 200
    [found] = kb_index.search("alpha", "Outlook crashes at start-up", k=1)
    assert (found.doc_id, found.kind) == ("INC-000001", "ticket")
    assert "Outlook profile rebuilt" in found.snippet or found.doc_id == "INC-000001"
    assert not (tmp_path / "kb" / "bravo").exists()  # bravo's KB learnt nothing of alpha's ticket


def test_a_resolution_feeds_the_kb_the_lesson_of_the_shared_use_case(desk, monkeypatch) -> None:
    import kb_index

    fed = []
    monkeypatch.setattr(kb_index, "upsert", lambda client, document: fed.append((client, document)))
    assert post(desk, "alpha-agent", "/tickets/INC-000001/resolve", CODES).status_code == 200
    stored = desk.ticket("alpha", "INC-000001")
    assert fed == [("alpha", kb_index.ticket_document(
        number="INC-000001", title=stored.title, description="alpha: Outlook crashes at start-up",
        solution="Outlook profile rebuilt", resolution_code="fixed", language=stored.language))]


def test_a_kb_that_cannot_learn_leaves_the_resolution_standing(desk, monkeypatch) -> None:
    import kb_index

    def broken(client, document):
        raise OSError("disk full")

    monkeypatch.setattr(kb_index, "upsert", broken)
    assert post(desk, "alpha-agent", "/tickets/INC-000001/resolve", CODES).status_code == 200
    assert desk.ticket("alpha", "INC-000001").status == "resolved"
