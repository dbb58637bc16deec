"""The action server answers Rasa alone, and then only for messages whose identity a door signed.

Replays the finding of issue 11 (the action server "runs any action for any tracker posted to it"): a direct
POST /webhook without Rasa's token; then with the token — as if Rasa, or whoever took its token, posted it —
a tracker that claims an acme requester without valid claims. The first is a 401, the second one polite
sentence and a return to listening, and neither reads or writes a thing.
"""

import json
import time
import uuid
from typing import Any

import httpx
import pytest

from servicedesk.identity import claims
from tests.security.servers import ACME_TEAM, Desk

pytestmark = pytest.mark.e2e

ALICE = f"slack:{ACME_TEAM}:UALICE0002"
REFUSED_START = "Je ne peux pas vérifier d'où vient ce message"
LISTEN = [{"event": "followup", "name": "action_listen"}]


@pytest.fixture(scope="module")
def acme_ticket(desk: Desk) -> str:
    return desk.open_ticket("acme", requester=ALICE, conversation=f"slack:{ACME_TEAM}:DALICE0002",
                            description="acme-only: the warehouse scanner reboots at every scan")


def action_call(sender: str, text: str, *, metadata: dict[str, Any] | None = None, channel: str = "slack",
                action: str = "action_level1") -> dict[str, Any]:
    """What Rasa posts to the action server to run `action` after the user said `text`."""
    parse = {"text": text, "intent": {"name": "incident_followup", "confidence": 0.99}, "entities": []}
    user = {"event": "user", "timestamp": time.time(), "text": text, "parse_data": parse, "input_channel": channel,
            "metadata": metadata or {}}
    return {"next_action": action, "sender_id": sender, "version": "3.6.21", "domain": {},
            "tracker": {"sender_id": sender, "slots": {"language": "fr"}, "latest_message": parse,
                        "events": [{"event": "action", "timestamp": time.time(), "name": "action_listen"}, user],
                        "paused": False, "followup_action": None, "active_loop": {},
                        "latest_action_name": "action_listen"}}


def webhook(desk: Desk, body: dict[str, Any], token: str | None, path: str = "/webhook") -> httpx.Response:
    params = {} if token is None else {"token": token}
    return desk.http.post(f"{desk.actions_url}{path}", json=body, params=params)


def refused_lines(desk: Desk, sender: str) -> list[str]:
    """The action server's log lines that record a refusal for this conversation."""
    return [line for line in (desk.work / "actions.log").read_text(errors="replace").splitlines()
            if "refused" in line and sender in line]


@pytest.mark.parametrize("token, path", [(None, "/webhook"), ("", "/webhook"), ("wrong", "/webhook"),
                                         (None, "/webhook/"), ("wrong", "/webhook/")],
                         ids=["no token", "empty token", "wrong token", "no token, slash", "wrong token, slash"])
def test_without_rasas_token_the_webhook_is_401(desk: Desk, acme_ticket: str, token: str | None,
                                                path: str) -> None:
    sender = f"slack:{ACME_TEAM}:D{uuid.uuid4().hex[:8].upper()}"
    signed = desk.sign(client="acme", requester=ALICE, channel="slack", conversation=sender)
    with desk.untouched():
        response = webhook(desk, action_call(sender, f"où en est {acme_ticket} ?", metadata=signed), token, path)
        assert response.status_code == 401, response.text
    assert "warehouse" not in response.text


def test_a_wrong_token_among_others_opens_nothing(desk: Desk, acme_ticket: str) -> None:
    sender = f"slack:{ACME_TEAM}:D{uuid.uuid4().hex[:8].upper()}"
    body = action_call(sender, f"où en est {acme_ticket} ?",
                       metadata=desk.sign(client="acme", requester=ALICE, channel="slack", conversation=sender))
    with desk.untouched():
        response = desk.http.post(f"{desk.actions_url}/webhook?token=wrong&token={desk.secrets.actions_token}",
                                  json=body)
        assert response.status_code == 401, response.text


UNSIGNED: dict[str, dict[str, Any]] = {
    "plain metadata in a slack conversation": {
        "sender": f"slack:{ACME_TEAM}:DMALLORY01", "channel": "slack",
        "metadata": {"client": "acme", "requester": ALICE, "email": "alice@acme.example"}},
    "plain metadata, rest channel, door's conversation": {
        "sender": f"slack:{ACME_TEAM}:DMALLORY02", "channel": "rest", "metadata": {"client": "acme",
                                                                                   "requester": ALICE}},
    "a door's channel named, in a plain conversation": {
        "sender": "attacker-conversation-06", "channel": "slack", "metadata": {"client": "acme", "requester": ALICE}},
    "claims signed with another secret": {"sender": f"slack:{ACME_TEAM}:DMALLORY03", "channel": "slack",
                                          "secret": "not-the-doors-secret"},
    "claims of another conversation": {"sender": f"slack:{ACME_TEAM}:DMALLORY04", "channel": "slack",
                                       "conversation": f"slack:{ACME_TEAM}:DALICE0002"},
    "claims that are not a token": {"sender": f"slack:{ACME_TEAM}:DMALLORY05", "channel": "slack",
                                    "metadata": {claims.METADATA_KEY: "trust-me"}},
}


@pytest.mark.parametrize("case", UNSIGNED, ids=list(UNSIGNED))
def test_with_the_token_an_unproven_identity_gets_the_polite_refusal(desk: Desk, acme_ticket: str,
                                                                      case: str) -> None:
    probe = UNSIGNED[case]
    sender = probe["sender"]
    metadata = probe.get("metadata")
    if metadata is None:
        metadata = desk.sign(client="acme", requester=ALICE, channel="slack",
                             conversation=probe.get("conversation", sender), secret=probe.get("secret"))
    body = action_call(sender, f"où en est {acme_ticket} ?", metadata=metadata, channel=probe["channel"])
    with desk.untouched():
        response = webhook(desk, body, desk.secrets.actions_token)
        assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["events"] == LISTEN, "no slot, no ticket in focus: only a return to listening"
    assert [message.get("text", "")[:len(REFUSED_START)] for message in answer["responses"]] == [REFUSED_START]
    assert "warehouse" not in json.dumps(answer)
    deadline = time.monotonic() + 10  # the log line is written by a Sanic worker: give it a moment
    while not refused_lines(desk, sender) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert refused_lines(desk, sender), "the refusal is logged"


def test_with_the_token_and_valid_claims_the_action_runs(desk: Desk, acme_ticket: str) -> None:
    """The control: what Rasa forwards from a door's signed message is answered, on acme's own ticket."""
    sender = f"slack:{ACME_TEAM}:DALICE{uuid.uuid4().hex[:6].upper()}"
    log = len(desk.ticket("acme", acme_ticket).log)
    body = action_call(sender, f"où en est {acme_ticket} ?",
                       metadata=desk.sign(client="acme", requester=ALICE, channel="slack", conversation=sender))
    response = webhook(desk, body, desk.secrets.actions_token)
    assert response.status_code == 200, response.text
    assert "warehouse" in json.dumps(response.json(), ensure_ascii=False)
    assert len(desk.ticket("acme", acme_ticket).log) == log + 1


def test_plain_metadata_on_the_rest_door_is_the_demo_clients_message(desk: Desk, acme_ticket: str) -> None:
    """A REST-door tracker (no door's conversation) naming acme in plain metadata runs, but as the demo client's
    own REST user: acme's number is looked up in demo's database, where it is not theirs."""
    sender = f"terminal-{uuid.uuid4().hex[:10]}"
    body = action_call(sender, f"où en est {acme_ticket} ?", channel="rest",
                       metadata={"client": "acme", "requester": ALICE})
    with desk.untouched("acme"):
        response = webhook(desk, body, desk.secrets.actions_token)
        assert response.status_code == 200, response.text
    answer = response.json()
    assert "warehouse" not in json.dumps(answer)
    assert [message.get("response") for message in answer["responses"]] == ["utter_reference_unknown"]
