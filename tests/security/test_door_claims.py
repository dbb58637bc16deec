"""Rasa's REST webhook believes a message's client and requester only from the doors' signed claims.

Replays the finding of issue 11 (a POST naming another client and one of its requesters in `metadata` got
that client's ticket and wrote into its log), then every way of faking the claims themselves: another secret,
an edited payload, a stale or future signature, claims lifted from another conversation; the development
door speaking in a door's conversation; and, with the door closed (production), unsigned messages refused
while signed ones still work (on Rasa's channel alone, tests/security/channel_server.py).
"""

import base64
import json
import re
import time
import uuid
import zlib
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest

from servicedesk.identity import claims
from tests.security.servers import ACME_TEAM, Desk

pytestmark = pytest.mark.e2e

ALICE = f"slack:{ACME_TEAM}:UALICE0001"  # an acme requester
ALICE_CONVERSATION = f"slack:{ACME_TEAM}:DALICE0001"
MISSING = "INC-999999"


def replies(response: Any) -> str:
    """What the bot answered, numbers of tickets blanked, so that two answers about two numbers compare."""
    assert response.status_code == 200, response.text
    return re.sub(r"INC-\d{6}", "INC-<n>", "\n".join(reply.get("text", "") for reply in response.json()))


@pytest.fixture(scope="module")
def acme_ticket(desk: Desk) -> str:
    return desk.open_ticket("acme", requester=ALICE, conversation=ALICE_CONVERSATION,
                            description="acme-only: the payroll share asks for a password every hour")


def user_events(desk: Desk, sender: str) -> list[dict[str, Any]]:
    """What Rasa's tracker store kept of this conversation's user messages."""
    tracker = desk.http.get(f"{desk.rasa.base_url}/conversations/{sender}/tracker", params=desk.rasa.token).json()
    return [event for event in tracker["events"] if event["event"] == "user"]


def test_forged_metadata_names_nobody(desk: Desk, acme_ticket: str) -> None:
    title = desk.ticket("acme", acme_ticket).title
    attacker = f"attacker-{uuid.uuid4().hex[:10]}"
    forged = {"client": "acme", "requester": ALICE, "channel": "slack", "email": "alice@acme.example",
              "conversation": ALICE_CONVERSATION}
    with desk.untouched("acme"):
        answered = replies(desk.post(desk.rasa, attacker, f"où en est {acme_ticket} ?", metadata=forged))
    assert title not in answered and "payroll" not in answered
    missing = replies(desk.post(desk.rasa, f"other-{uuid.uuid4().hex[:10]}", f"où en est {MISSING} ?"))
    assert answered == missing, "a forged client gets what a number that does not exist gets"
    assert all(not (event.get("metadata") or {}).get("client") for event in user_events(desk, attacker))


def _edited(token: str, **changes: str) -> str:
    """The token with its payload edited and its signature kept (itsdangerous: [.]payload.timestamp.signature,
    the leading dot marking a zlib-compressed payload)."""
    compressed = token.startswith(".")
    payload, stamp, signature = token.removeprefix(".").split(".")
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    decoded = json.loads(zlib.decompress(raw) if compressed else raw)
    edited = json.dumps({**decoded, **changes}, separators=(",", ":")).encode()
    encoded = base64.urlsafe_b64encode(zlib.compress(edited) if compressed else edited).rstrip(b"=").decode()
    return ("." if compressed else "") + ".".join([encoded, stamp, signature])


def _signed_at(offset: float, desk: Desk, **fields: str) -> str:
    """Claims signed as if the clock read now + `offset` seconds (itsdangerous reads time.time())."""
    with mock.patch("time.time", return_value=time.time() + offset):
        return desk.sign(**fields)[claims.METADATA_KEY]


FORGERIES: dict[str, Callable[[Desk, dict[str, str]], str]] = {
    "wrong secret": lambda desk, f: desk.sign(**f, secret="not-the-doors-secret")[claims.METADATA_KEY],
    "edited client": lambda desk, f: _edited(desk.sign(**{**f, "client": "demo"})[claims.METADATA_KEY],
                                             client="acme"),
    "stale, 6 min old": lambda desk, f: _signed_at(-(claims.MAX_AGE + 61), desk, **f),
    "from the future": lambda desk, f: _signed_at(claims.MAX_AGE + 61, desk, **f),
    "another conversation": lambda desk, f: desk.sign(**{**f, "conversation": ALICE_CONVERSATION})[
        claims.METADATA_KEY],
    "not a token": lambda desk, f: "relais-claims-trust-me",
    "not a string": lambda desk, f: {"client": "acme", "requester": ALICE},  # type: ignore[return-value]
}


@pytest.mark.parametrize("forgery", FORGERIES, ids=list(FORGERIES))
def test_forged_claims_are_refused_with_401(desk: Desk, acme_ticket: str, forgery: str) -> None:
    sender = f"slack:{ACME_TEAM}:DMALLORY{uuid.uuid4().hex[:6].upper()}"
    fields = {"client": "acme", "requester": ALICE, "channel": "slack", "conversation": sender}
    token = FORGERIES[forgery](desk, fields)
    with desk.untouched():
        response = desk.post(desk.rasa, sender, f"où en est {acme_ticket} ?", metadata={claims.METADATA_KEY: token})
        assert response.status_code == 401, response.text
    assert "payroll" not in response.text
    assert user_events(desk, sender) == [], "the message never reached the dialogue"


def test_valid_claims_are_answered(desk: Desk, acme_ticket: str) -> None:
    """The control: the same message, signed by a door with the doors' secret, is Alice's, on acme's ticket."""
    log = len(desk.ticket("acme", acme_ticket).log)
    metadata = desk.sign(client="acme", requester=ALICE, channel="slack", conversation=ALICE_CONVERSATION)
    answered = replies(desk.post(desk.rasa, ALICE_CONVERSATION, f"où en est {acme_ticket} ?", metadata=metadata))
    assert desk.ticket("acme", acme_ticket).title in answered
    assert len(desk.ticket("acme", acme_ticket).log) == log + 1


@pytest.mark.parametrize("sender", ["webchat:demo:{uuid}", "slack:T0DEMOINDUS:D{uuid}", "slack:T1:U1",
                                    "teams:{uuid}", "email:someone@acme.example", "api:{uuid}"])
def test_the_rest_door_cannot_speak_in_a_doors_conversation(desk: Desk, sender: str) -> None:
    conversation = sender.format(uuid=uuid.uuid4().hex[:12])
    with desk.untouched():
        response = desk.post(desk.rasa, conversation, "où en est INC-000001 ?")
        assert response.status_code == 403, response.text
    assert user_events(desk, conversation) == []


def test_with_the_rest_door_closed_unsigned_messages_are_refused(desk: Desk) -> None:
    """Rasa's channel as production runs it (RELAIS_REST_DOOR=off, tests/security/channel_server.py)."""
    for sender, metadata in [(f"terminal-{uuid.uuid4().hex[:10]}", None), ("curl", {"client": "demo"}),
                             (f"webchat:demo:{uuid.uuid4()}", {"client": "demo", "requester": "x"})]:
        response = desk.post(desk.closed_url, sender, "bonjour", metadata=metadata)
        assert response.status_code == 403, response.text
        assert "sender" not in response.text, "nothing reached the dialogue"


def test_with_the_rest_door_closed_forged_claims_are_still_401(desk: Desk) -> None:
    sender = f"slack:{ACME_TEAM}:DMALLORY{uuid.uuid4().hex[:6].upper()}"
    metadata = desk.sign(client="acme", requester=ALICE, channel="slack", conversation=sender, secret="guessed")
    assert desk.post(desk.closed_url, sender, "bonjour", metadata=metadata).status_code == 401


def test_with_the_rest_door_closed_signed_messages_still_work(desk: Desk) -> None:
    """What reaches Rasa's agent: the door's channel, and the signed claims alone as metadata."""
    conversation = f"slack:{ACME_TEAM}:DALICE{uuid.uuid4().hex[:6].upper()}"
    metadata = desk.sign(client="acme", requester=ALICE, channel="slack", conversation=conversation)
    response = desk.post(desk.closed_url, conversation, "bonjour", metadata={**metadata, "client": "demo"})
    assert response.status_code == 200, response.text
    [reply] = response.json()
    reached = json.loads(reply["text"])
    assert reached == {"sender": conversation, "channel": "slack", "metadata": metadata, "text": "bonjour"}
