"""Live conversations in the console over HTTP (FastAPI's TestClient): the handoffs of the agent's clients listed,
taking over exactly as from the Slack card (one winner, the user told through the outbox, the card asked to redraw),
writing to the user, canned answers filled for the conversation, transfer, pending, resolve and hand back; what Slack
did shows here, what the console did reads in the card's terms; and the streams the pages follow."""

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from console.routes import conversations as routes
from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import Takeover
from servicedesk.conversations.takeovers import get_holder
from servicedesk.database import unit_of_work
from servicedesk.notifications.models import Notification
from servicedesk.notifications.service import mark_failed
from servicedesk.settings.current import desk_of
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, LogLine, open_incident
from tests.console.conftest import csrf_of

USER = "webchat:alpha:5e1f"
SLACK_AGENT = "slack:T0DESK:U0NADIA"
CODES = {"category": "network", "cause_code": "configuration", "resolution_code": "fixed",
         "solution": "VPN profile recreated"}


def escalate(desk, slug: str = "alpha", user: str = USER, group: str = "Infrastructure",
             text: str = "my VPN drops every five minutes") -> tuple[int, str]:
    """A web chat user of `slug` who asked for a person: their ticket in `group`, their message journalled in its
    log, a takeover waiting; (takeover id, ticket number)."""
    with unit_of_work(desk.registry.session_factory(slug)) as session:
        ticket = open_incident(db_session=session, agreements=desk_of(db_session=session), report=IncidentReport(
            service="VPN", description=text, impact=3, urgency=3, requester=user, channel="webchat",
            conversation_id=user, language="en"), transcript=[LogLine("requester", user, text)])
        ticket.group_name = group
        conversations.remember(db_session=session, key=user, channel="webchat", requester=user,
                               address={"key": slug, "session": user.rsplit(":", 1)[-1]}, language="en")
        takeover = conversations.request_takeover(db_session=session, ticket=ticket, conversation_key=user,
                                                  actor=user, reason="the user asked for a person")
        return takeover.id, ticket.number or ""


def pane(user: str = USER, slug: str = "alpha") -> str:
    return routes.pane_url(slug, user)


def post(http, path: str, **data: str):
    return http.post(path, data={"csrf_token": csrf_of(http, "/conversations"), **data}, follow_redirects=False)


def takeover_of(desk, takeover_id: int, slug: str = "alpha") -> Takeover:
    with desk.registry.session_factory(slug)() as session:
        takeover = session.get(Takeover, takeover_id)
        session.expunge(takeover)
        return takeover


def outbox(desk, event: str, slug: str = "alpha") -> list[Notification]:
    with desk.registry.session_factory(slug)() as session:
        return list(session.scalars(select(Notification).where(Notification.event == event)
                                    .order_by(Notification.id)))


@pytest.fixture
def fast_streams(monkeypatch) -> Iterator[None]:
    monkeypatch.setattr(routes, "POLL", 0.05)
    monkeypatch.setattr(routes, "STREAM", 0.6)
    yield


def events_of(body: str) -> list[tuple[str, object]]:
    found = []
    for block in body.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":"))
        if "event" in fields:
            found.append((fields["event"], json.loads(fields["data"])))
    return found


def test_the_agent_sees_the_handoffs_of_their_clients_only(desk, signed_in) -> None:
    _, number = escalate(desk)
    _, theirs = escalate(desk, "bravo", "webchat:bravo:77aa")
    http = signed_in("alice")
    page = http.get("/conversations")
    assert page.status_code == 200
    assert number in page.text and "Waiting for a technician (1)" in page.text
    assert pane().replace(":", "%3A") in page.text
    assert theirs not in page.text and "Bravo" not in page.text
    assert number in http.get("/clients/alpha/conversations").text
    assert number in http.get("/conversations/rows").text


def test_taking_over_from_the_web_is_the_slack_cards_step(desk, signed_in) -> None:
    takeover_id, number = escalate(desk)
    http = signed_in("alice")
    page = http.get(pane())
    assert "Take over" in page.text and "my VPN drops every five minutes" in page.text
    answer = post(http, pane() + "/take")
    assert answer.status_code == 303 and answer.headers["location"] == pane()
    taken = takeover_of(desk, takeover_id)
    assert (taken.status, taken.agent, taken.agent_name) == ("taken", "console:alice", "Alice")
    [joined] = outbox(desk, "agent_joined")
    assert (joined.recipient, joined.channel, joined.payload["agent_name"], joined.payload["number"]) == (
        USER, "webchat", "Alice", number)
    assert [row.payload["takeover_id"] for row in outbox(desk, "takeover_changed")] == [takeover_id]
    with desk.registry.session_factory("alpha")() as session:  # what the Slack card reads
        holder = get_holder(db_session=session, takeover_id=takeover_id, client_language="en")
        assert (holder.status, holder.agent_name) == ("taken", "Alice")
        assert session.scalar(select(Ticket.status).where(Ticket.number == number)) == "in_progress"
    page = http.get(pane())
    assert "You have this conversation" in page.text and 'id="message"' in page.text


def test_the_second_agent_loses_the_race_and_is_told_who_won(desk, signed_in) -> None:
    takeover_id, _ = escalate(desk)
    http = signed_in("alice")
    assert post(http, pane() + "/take").status_code == 303
    http.post("/signout", data={"csrf_token": csrf_of(http, "/conversations")})
    http = signed_in("lea")
    lost = post(http, pane() + "/take")
    assert lost.status_code == 409 and "Alice took this conversation first." in lost.text
    assert takeover_of(desk, takeover_id).agent == "console:alice"
    assert len(outbox(desk, "agent_joined")) == 1
    assert "Alice has this conversation" in http.get(pane()).text


def test_taken_in_slack_it_shows_here_as_theirs(desk, signed_in) -> None:
    takeover_id, _ = escalate(desk)
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        conversations.take(db_session=session, takeover_id=takeover_id, agent=SLACK_AGENT, agent_name="Nadia",
                           agreements=desk_of(db_session=session))
    http = signed_in("alice")
    page = http.get(pane())
    assert "Nadia has this conversation" in page.text and "Take over" not in page.text
    assert "Taken by colleagues" in http.get("/conversations").text
    refused = post(http, pane() + "/say", text="Hello, it's me")
    assert refused.status_code == 409 and "Only Nadia, who has this conversation, can write" in refused.text
    assert outbox(desk, "agent_message") == []


def test_the_agent_writes_to_the_user_through_the_outbox(desk, signed_in) -> None:
    _, number = escalate(desk)
    http = signed_in("alice")
    post(http, pane() + "/take")
    page = http.get(pane())
    assert f"Hello 5e1f, I&#39;m a support technician and I&#39;m taking over your request {number}." in page.text
    sent = post(http, pane() + "/say", text="  Could you restart the VPN client?  ")
    assert sent.status_code == 303
    quiet = http.post(pane() + "/say", data={"csrf_token": csrf_of(http, "/conversations"), "text": "And now?"},
                      headers={"X-Requested-With": "fetch"})
    assert quiet.status_code == 204  # the page's script sends without a reload
    assert [row.payload["text"] for row in outbox(desk, "agent_message")] == [
        "Could you restart the VPN client?", "And now?"]
    page = http.get(pane())
    assert "Could you restart the VPN client?" in page.text and "Not delivered to the user yet" not in page.text
    with unit_of_work(desk.registry.session_factory("alpha")) as session:  # the web chat refused it
        row = session.scalars(select(Notification).where(Notification.event == "agent_message")).first()
        mark_failed(db_session=session, notification=row, error="webchat answered 503")
    page = http.get(pane())
    assert "Not delivered to the user yet" in page.text and "webchat answered 503" in page.text


def test_transfer_to_a_colleague_then_to_a_group(desk, signed_in) -> None:
    takeover_id, _ = escalate(desk)
    http = signed_in("alice")
    post(http, pane() + "/take")
    page = http.get(pane())
    assert 'value="agent:lea"' in page.text and 'value="agent:bob"' not in page.text  # bob is not on alpha
    assert post(http, pane() + "/transfer", to="agent:lea", note="VPN 5.2, rebooted").status_code == 303
    moved = takeover_of(desk, takeover_id)
    assert (moved.status, moved.agent, moved.agent_name) == ("taken", "console:lea", "Lea")
    assert "Lea has this conversation" in http.get(pane()).text
    assert "VPN 5.2, rebooted" in http.get(pane()).text  # the note, shown to agents as internal
    http.post("/signout", data={"csrf_token": csrf_of(http, "/conversations")})
    http = signed_in("lea")
    assert 'value="group:Applications"' in http.get(pane()).text
    assert post(http, pane() + "/transfer", to="group:Nobody", note="").status_code == 404
    assert post(http, pane() + "/transfer", to="group:Applications", note="SAP side").status_code == 303
    moved = takeover_of(desk, takeover_id)
    assert (moved.status, moved.agent) == ("waiting", None)
    with desk.registry.session_factory("alpha")() as session:
        assert session.get(Takeover, takeover_id).ticket.group_name == "Applications"
    assert "Take over" in http.get(pane()).text  # back in the queue, anyone of the group may take it
    assert post(http, pane() + "/transfer", to="group:Applications").status_code == 409  # nobody holds it


def test_pending_resolve_and_hand_back(desk, signed_in) -> None:
    first, number = escalate(desk)
    http = signed_in("alice")
    post(http, pane() + "/take")
    assert post(http, pane() + "/pending", reason="send us a screenshot").status_code == 303
    [pending] = outbox(desk, "pending_on_you")
    assert pending.payload["reason"] == "send us a screenshot"
    missing = post(http, pane() + "/resolve", **(CODES | {"cause_code": ""}))
    assert missing.status_code == 409 and "give the category, the cause" in missing.text
    assert post(http, pane() + "/resolve", **CODES).status_code == 303
    with desk.registry.session_factory("alpha")() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.number == number))
        assert (ticket.status, ticket.resolution_code) == ("resolved", "fixed")
    assert "Resolved" in http.get(pane()).text
    assert post(http, pane() + "/hand-back").status_code == 409  # over

    other = "webchat:alpha:9b9b"
    second, _ = escalate(desk, user=other)
    post(http, pane(other) + "/take")
    assert post(http, pane(other) + "/hand-back").status_code == 303
    ended = takeover_of(desk, second)
    assert (ended.status, ended.outcome) == ("ended", "handed_back")
    [back] = outbox(desk, "handed_back")
    assert (back.payload["conversation"], back.payload["rasa"]) == (other, "resume")
    assert first != second


def test_the_pane_streams_new_lines_and_the_state(desk, signed_in, fast_streams) -> None:
    takeover_id, _ = escalate(desk)
    http = signed_in("alice")
    page = http.get(pane())
    last = int(page.text.split('data-last="', 1)[1].split('"', 1)[0])
    with unit_of_work(desk.registry.session_factory("alpha")) as session:  # what the doors' relay does
        conversations.log_message(db_session=session, takeover=session.get(Takeover, takeover_id),
                                  author_kind="requester", author=USER, text="still broken")
    found = events_of(http.get(pane() + f"/events?after={last}").text)
    lines = [data for name, data in found if name == "line"]
    assert [line["body"] for line in lines] == ["still broken"] and lines[0]["author_kind"] == "requester"
    assert ("state", {"status": "waiting", "agent": None, "mine": False}) in found


def test_the_list_streams_the_waiting_handoffs(desk, signed_in, fast_streams) -> None:
    http = signed_in("alice")
    [(name, data)] = events_of(http.get("/conversations/events").text)
    assert (name, data["waiting"]) == ("handoffs", [])
    takeover_id, _ = escalate(desk)
    [(_, data)] = events_of(http.get("/conversations/events?client=alpha").text)
    assert data["waiting"] == [takeover_id] and str(takeover_id) in data["mark"]
