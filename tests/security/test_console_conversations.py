"""Attacks on the console's live conversations: another client's conversation by URL (as one that does not exist),
a conversation of a group the agent does not work for, writing into a conversation someone else holds, a transfer
to an agent of another client, a forged form without its CSRF token or from another site, and streams of what the
agent may not see."""

from servicedesk.conversations.models import Takeover
from servicedesk.database import unit_of_work
from tests.console.conftest import built_desk, cheap_hashes, csrf_of, desk, http, signed_in
from tests.console.test_conversations import USER, escalate, outbox, pane, post, takeover_of

__all__ = ["built_desk", "cheap_hashes", "desk", "http", "signed_in"]  # the console's desk, not the servers'

BRAVO_USER = "webchat:bravo:9f9f"


def test_another_clients_conversation_answers_as_one_that_does_not_exist(desk, signed_in) -> None:
    escalate(desk, "bravo", BRAVO_USER)
    http = signed_in("alice")
    missing = http.get(pane("webchat:alpha:nobody"))
    assert missing.status_code == 404
    for path in (pane(BRAVO_USER, "bravo"), pane(BRAVO_USER), pane(USER, "charlie"), pane(BRAVO_USER, "zulu"),
                 "/clients/bravo/conversations", pane(BRAVO_USER, "bravo") + "/events",
                 "/conversations/events?client=bravo", "/conversations/rows?client=bravo"):
        answer = http.get(path)
        assert answer.status_code == 404, path
        assert answer.text == missing.text, path
    for action in ("take", "say", "hand-back", "pending", "resolve", "transfer"):
        answer = post(http, pane(BRAVO_USER, "bravo") + f"/{action}", text="x", reason="x", to="agent:alice")
        assert answer.status_code == 404, action
    assert "9f9f" not in http.get("/conversations").text


def test_a_conversation_outside_the_agents_groups_is_not_theirs(desk, signed_in) -> None:
    takeover_id, _ = escalate(desk, "bravo", BRAVO_USER, group="Applications")  # bob works for Infrastructure
    http = signed_in("bob")
    assert http.get(pane(BRAVO_USER, "bravo")).status_code == 404
    assert post(http, pane(BRAVO_USER, "bravo") + "/take").status_code == 404
    assert takeover_of(desk, takeover_id, "bravo").status == "waiting"
    assert "9f9f" not in http.get("/conversations").text


def test_nobody_writes_into_a_conversation_someone_else_holds(desk, signed_in) -> None:
    takeover_id, _ = escalate(desk)
    http = signed_in("alice")
    post(http, pane() + "/take")
    http.post("/signout", data={"csrf_token": csrf_of(http, "/conversations")})
    http = signed_in("lea")
    for action, data in (("say", {"text": "it's Léa now"}), ("hand-back", {}), ("pending", {"reason": "x"}),
                         ("resolve", {"category": "network", "cause_code": "configuration",
                                      "resolution_code": "fixed", "solution": "x"}),
                         ("transfer", {"to": "agent:lea", "note": "mine now"})):
        assert post(http, pane() + f"/{action}", **data).status_code == 409, action
    taken = takeover_of(desk, takeover_id)
    assert (taken.status, taken.agent) == ("taken", "console:alice")
    assert outbox(desk, "agent_message") == [] and "it&#39;s Léa now" not in http.get(pane()).text


def test_a_transfer_to_someone_not_on_the_client_is_refused(desk, signed_in) -> None:
    takeover_id, _ = escalate(desk)
    http = signed_in("alice")
    post(http, pane() + "/take")
    for target in ("agent:bob", "agent:dan", "agent:nobody", "agent:alice2", "group:Nobody", "root"):
        assert post(http, pane() + "/transfer", to=target).status_code == 404, target
    assert takeover_of(desk, takeover_id).agent == "console:alice"


def test_forms_without_the_token_or_from_another_site_are_refused(desk, signed_in) -> None:
    takeover_id, _ = escalate(desk)
    http = signed_in("alice")
    assert http.post(pane() + "/take", follow_redirects=False).status_code == 403
    assert http.post(pane() + "/take", data={"csrf_token": "forged"}).status_code == 403
    token = csrf_of(http, "/conversations")
    foreign = http.post(pane() + "/take", data={"csrf_token": token}, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert takeover_of(desk, takeover_id).status == "waiting"
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        assert session.get(Takeover, takeover_id).agent is None
