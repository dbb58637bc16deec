"""The doors take a message only when its platform proved it: Slack's request signature, the Bot Framework's JWT.

A forged request is refused before anything is written: no journal row, no conversation, no ticket, nothing
passed to Rasa. The doors here run with a Slack signing secret and with a Teams app id (so the Bot Framework
SDK validates every request's token), as a deployment runs them.
"""

import time
import uuid
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from standins.bot_connector import teams_activity
from standins.slack_signing import event_envelope, signed_headers
from tests.security.servers import DEMO_TEAM, DEMO_TENANT, SLACK_SECRET, TEAMS_APP_ID, TEAMS_APP_PASSWORD, Desk

pytestmark = pytest.mark.e2e

EVIL_ISSUER = "https://evil.example"


def slack_event(user: str, text: str) -> bytes:
    event = {"type": "message", "channel": f"D{user}", "user": user, "text": text, "ts": f"{time.time():.6f}",
             "channel_type": "im"}
    return event_envelope(DEMO_TEAM, event)


SLACK_FORGERIES = {
    "wrong secret": lambda body: signed_headers(body, "not-the-signing-secret"),
    "stale timestamp": lambda body: signed_headers(body, SLACK_SECRET, timestamp=int(time.time()) - 6 * 60),
    "another body's signature": lambda body: signed_headers(body + b" ", SLACK_SECRET),
    "no signature": lambda body: {"Content-Type": "application/json"},
    "malformed signature": lambda body: {**signed_headers(body, SLACK_SECRET), "X-Slack-Signature": "v0=zz"},
}


@pytest.mark.parametrize("forgery", SLACK_FORGERIES, ids=list(SLACK_FORGERIES))
def test_a_forged_slack_signature_is_401_and_journals_nothing(desk: Desk, forgery: str) -> None:
    user = f"UMALLORY{uuid.uuid4().hex[:6].upper()}"
    body = slack_event(user, "où en est INC-000001 ?")
    with desk.untouched():
        response = desk.http.post(f"{desk.doors_url}/slack/events", content=body,
                                  headers=SLACK_FORGERIES[forgery](body))
        assert response.status_code == 401, response.text
        time.sleep(1)  # were anything done after the answer, it would show in the databases by now
    assert not [call for call in desk.slack.calls if call.params.get("channel") == f"D{user}"]


def test_a_signed_slack_event_is_taken(desk: Desk) -> None:
    """The control: the same event, signed with the app's secret, is journalled and answered."""
    user = f"UCONTROL{uuid.uuid4().hex[:6].upper()}"
    body = slack_event(user, "bonjour")
    response = desk.http.post(f"{desk.doors_url}/slack/events", content=body, headers=signed_headers(body,
                                                                                                     SLACK_SECRET))
    assert response.status_code == 200
    desk.slack.wait_for("chat.postMessage", lambda call: call.params.get("channel") == f"D{user}", timeout=60)


def _rs256(claims: dict[str, Any]) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "forged-key"})


def _claims(issuer: str) -> dict[str, Any]:
    now = int(time.time())
    return {"iss": issuer, "aud": TEAMS_APP_ID, "iat": now, "nbf": now - 10, "exp": now + 600,
            "serviceurl": "https://smba.trafficmanager.net/emea/"}


# Tokens that name the Bot Framework as their issuer make the SDK fetch Microsoft's signing keys first, which
# this machine must not try to reach: the forgeries here are refused on what needs no key.
TEAMS_FORGERIES = {
    "no token": lambda: None,
    "junk bearer": lambda: "Bearer junk",
    "not bearer": lambda: "Basic YWRtaW46YWRtaW4=",
    "bearer without a token": lambda: "Bearer",
    "alg none": lambda: "Bearer " + jwt.encode(_claims(EVIL_ISSUER), key=None, algorithm="none"),
    "hs256 with the app password": lambda: "Bearer " + jwt.encode(_claims(EVIL_ISSUER), TEAMS_APP_PASSWORD,
                                                                  algorithm="HS256"),
    "rs256 with a key of ours": lambda: "Bearer " + _rs256(_claims(EVIL_ISSUER)),
}


@pytest.mark.parametrize("forgery", TEAMS_FORGERIES, ids=list(TEAMS_FORGERIES))
def test_a_forged_teams_token_is_refused_and_journals_nothing(desk: Desk, forgery: str) -> None:
    conversation = f"a:{uuid.uuid4().hex}"
    activity = teams_activity(text="où en est INC-000001 ?", service_url="http://127.0.0.1:9/teams", tenant=DEMO_TENANT,
                              conversation_id=conversation, user_id=f"29:{uuid.uuid4().hex[:12]}")
    authorization = TEAMS_FORGERIES[forgery]()
    headers = {"Authorization": authorization} if authorization else {}
    with desk.untouched():
        response = desk.http.post(f"{desk.doors_url}/api/messages", json=activity, headers=headers)
        assert response.status_code in (401, 403), response.text
        time.sleep(1)
