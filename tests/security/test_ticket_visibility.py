"""Another requester's ticket, asked for by its number, gets exactly what a number that does not exist gets.

Numbers are sequential: if "not yours" read differently from "no such ticket" (or took visibly longer), anyone
could probe them one by one. Through the doors (two Slack users of the same client) and through the REST door
(two conversations), each asks for A's number and for a missing one; the two answers, numbers blanked, are
identical, and A's ticket has no new log line. How long each takes is measured in bench/signing.py, never
asserted here (tests assert no durations).
"""

import json
import re
import time
import uuid
from typing import Any

import pytest

from standins.slack_api import Call
from standins.slack_signing import event_envelope, signed_headers
from tests.security.servers import DEMO_TEAM, SLACK_SECRET, Desk

pytestmark = pytest.mark.e2e

MISSING = "INC-999999"
WAIT = 60  # seconds: a Rasa turn with actions on a busy 2-core machine
QUIET = 2.0  # seconds without a new reply after which a turn's answer is taken as complete


def blanked(text: str) -> str:
    return re.sub(r"INC-\d{6}", "INC-<n>", text)


def slack_says(desk: Desk, user: str, text: str) -> str:
    """`user` writes `text` in their DM with the bot (a signed Events API post); what the bot answered there."""
    channel = f"D{user}"
    start = len(desk.slack.calls)
    event = {"type": "message", "channel": channel, "user": user, "text": text, "ts": f"{time.time():.6f}",
             "channel_type": "im"}
    body = event_envelope(DEMO_TEAM, event)
    response = desk.http.post(f"{desk.doors_url}/slack/events", content=body, headers=signed_headers(body,
                                                                                                     SLACK_SECRET))
    assert response.status_code == 200, response.text

    def in_dm(call: Call) -> bool:
        return desk.slack.calls.index(call) >= start and call.params.get("channel") == channel

    desk.slack.wait_for("chat.postMessage", in_dm, timeout=WAIT)
    seen = -1
    while seen != len(desk.slack.calls):  # the turn may send several messages: wait until it is quiet
        seen = len(desk.slack.calls)
        time.sleep(QUIET)
    said = [call for call in desk.slack.calls_to("chat.postMessage") if in_dm(call)]
    return "\n".join(json.dumps([call.params.get("text"), call.params.get("blocks")], ensure_ascii=False)
                     for call in said)


def rest_says(desk: Desk, sender: str, text: str) -> str:
    """What the bot answered on the REST door, without the recipient (each prober has its own conversation)."""
    response = desk.post(desk.rasa, sender, text)
    assert response.status_code == 200, response.text
    return json.dumps([{k: v for k, v in reply.items() if k != "recipient_id"} for reply in response.json()],
                      ensure_ascii=False)


def test_through_slack_another_users_ticket_reads_as_a_missing_one(desk: Desk) -> None:
    alice, bob, carol = (f"U{name}{uuid.uuid4().hex[:6].upper()}" for name in ("ALICE", "BOB", "CAROL"))
    number = desk.open_ticket("demo", requester=f"slack:{DEMO_TEAM}:{alice}",
                              conversation=f"slack:{DEMO_TEAM}:D{alice}",
                              description="alice-only: her laptop's disk is encrypted and locked")
    with desk.untouched("acme"):
        log = len(desk.ticket("demo", number).log)
        not_hers = slack_says(desk, bob, f"où en est {number} ?")
        missing = slack_says(desk, carol, f"où en est {MISSING} ?")
        assert "alice-only" not in not_hers
        assert blanked(not_hers) == blanked(missing)
        assert len(desk.ticket("demo", number).log) == log, "nothing was written into Alice's ticket"
    assert "alice-only" in slack_says(desk, alice, f"où en est {number} ?"), "the control: Alice sees it"


@pytest.mark.parametrize("asking", ["où en est {number} ?", "toujours rien sur {number} ?! c'est la 3e fois"],
                         ids=["status", "reminder"])
def test_through_the_rest_door_another_conversations_ticket_reads_as_a_missing_one(desk: Desk,
                                                                                   asking: str) -> None:
    owner = f"owner-{uuid.uuid4().hex[:10]}"
    number = desk.open_ticket("demo", requester=owner, channel="rest", conversation=owner,
                              description="owner-only: the shared mailbox of finance is full")
    before: dict[str, Any] = {}
    with desk.untouched("acme"):
        before["log"] = len(desk.ticket("demo", number).log)
        not_theirs = rest_says(desk, f"prober-{uuid.uuid4().hex[:10]}", asking.format(number=number))
        missing = rest_says(desk, f"prober-{uuid.uuid4().hex[:10]}", asking.format(number=MISSING))
        assert "owner-only" not in not_theirs
        assert blanked(not_theirs) == blanked(missing)
        ticket = desk.ticket("demo", number)
        assert (len(ticket.log), ticket.status, ticket.history) == (before["log"], "new", [])
    assert "owner-only" in rest_says(desk, owner, f"où en est {number} ?"), "the control: its requester sees it"
