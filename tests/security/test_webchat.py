"""The web chat, on the real doors: who is typing is what the door checked when it issued the page's token.

Replays the finding of issue 11 (anyone with a client's chat link asked for any number and got its title, and
wrote into it): a message without a token, with a token of another conversation, an Acme page (no anonymous
chat there) without the site's proof or with a forged one; and an anonymous demo visitor asking for a ticket
of another session, which reads exactly like a number that does not exist.
"""

import hashlib
import hmac
import json
import re
import uuid
from typing import Any

import httpx
import pytest

from tests.security.servers import WEBCHAT_SECRETS, Desk

pytestmark = pytest.mark.e2e

MISSING = "INC-999999"


def session(desk: Desk, key: str, user: dict[str, Any] | None = None) -> httpx.Response:
    return desk.http.post(f"{desk.doors_url}/webchat/api/sessions", json={"key": key, "user": user, "fresh": True})


def opened(desk: Desk, key: str = "demo", user: dict[str, Any] | None = None) -> dict[str, Any]:
    answer = session(desk, key, user)
    assert answer.status_code == 200, answer.text
    return answer.json()


def say(desk: Desk, page: dict[str, Any], text: str, *, token: str | None = "page",
        session_id: str | None = None) -> httpx.Response:
    body = {"key": page["key"], "session": session_id or page["session"], "client_message_id": uuid.uuid4().hex,
            "text": text}
    bearer = page["token"] if token == "page" else token
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    return desk.http.post(f"{desk.doors_url}/webchat/api/messages", json=body, headers=headers)


def acme_user(user_id: str, email: str, secret: str = WEBCHAT_SECRETS["RELAIS_WEBCHAT_SECRET_ACME"]) -> dict[str, str]:
    """What Acme's site passes to the page for its signed-in user: the HMAC of id and e-mail (bot/webchat)."""
    digest = hmac.new(secret.encode(), f"{user_id}:{email}".encode(), hashlib.sha256).hexdigest()
    return {"id": user_id, "email": email, "name": "Jean Dupont", "hash": digest}


def blanked(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    texts = [message.get("text", "") for message in response.json()["messages"]]
    return re.sub(r"INC-\d{6}", "INC-<n>", json.dumps(texts, ensure_ascii=False))


@pytest.mark.parametrize("bearer", [None, "junk", "other conversation"], ids=["no token", "junk", "another's"])
def test_a_message_without_this_conversations_token_is_401_and_journals_nothing(desk: Desk, bearer: str | None) -> None:
    page, other = opened(desk), opened(desk)
    token = other["token"] if bearer == "other conversation" else bearer
    with desk.untouched():
        response = say(desk, page, "où en est INC-000001 ?", token=token)
        assert response.status_code == 401, response.text


def test_a_token_does_not_open_another_session(desk: Desk) -> None:
    page, victim = opened(desk), opened(desk)
    with desk.untouched():
        response = say(desk, page, "où en est INC-000001 ?", session_id=victim["session"])
        assert response.status_code == 401, response.text


def test_a_stream_ticket_does_not_open_another_sessions_stream(desk: Desk) -> None:
    page, victim = opened(desk), opened(desk)
    ticket = desk.http.post(f"{desk.doors_url}/webchat/api/stream-tickets",
                            json={"key": "demo", "session": page["session"]},
                            headers={"Authorization": f"Bearer {page['token']}"})
    assert ticket.status_code == 200, ticket.text
    for session_id, given in [(victim["session"], ticket.json()["ticket"]), (victim["session"], "junk"),
                              (victim["session"], victim["token"])]:
        response = desk.http.get(f"{desk.doors_url}/webchat/api/stream",
                                 params={"key": "demo", "session": session_id, "ticket": given}, timeout=10)
        assert response.status_code == 401, response.text


@pytest.mark.parametrize("user", [
    None,
    {"id": "u-1042", "email": "jean.dupont@acme.example", "name": "Jean", "hash": "0" * 64},
    "another secret",
    "another email",
], ids=["anonymous", "zero hash", "hash with another secret", "hash of another email"])
def test_an_acme_page_needs_the_sites_proof(desk: Desk, user: Any) -> None:
    if user == "another secret":
        user = acme_user("u-1042", "jean.dupont@acme.example", secret="guessed")
    elif user == "another email":
        user = {**acme_user("u-1042", "jean.dupont@acme.example"), "email": "pdg@acme.example"}
    with desk.untouched():
        answer = session(desk, "acme", user)
        assert answer.status_code in (401, 403), answer.text
        assert "token" not in answer.json()


def test_an_acme_user_the_site_vouches_for_is_answered(desk: Desk) -> None:
    """The control: with the right HMAC the page gets its token, and its message reaches acme."""
    page = opened(desk, "acme", acme_user(f"u-{uuid.uuid4().hex[:6]}", "jean.dupont@acme.example"))
    response = say(desk, page, "bonjour")
    assert response.status_code == 200 and response.json()["messages"], response.text


def test_an_anonymous_visitor_sees_no_other_sessions_ticket(desk: Desk) -> None:
    owner = opened(desk)
    number = desk.open_ticket("demo", requester=f"webchat:demo:{owner['session']}", channel="webchat",
                              conversation=f"webchat:demo:{owner['session']}",
                              description="webchat-only: the meeting room screen stays blue")
    prober = opened(desk)
    with desk.untouched("acme"):
        log = len(desk.ticket("demo", number).log)
        not_theirs = say(desk, prober, f"où en est {number} ?")
        missing = say(desk, opened(desk), f"où en est {MISSING} ?")
        assert "webchat-only" not in not_theirs.text
        assert blanked(not_theirs) == blanked(missing)
        assert len(desk.ticket("demo", number).log) == log
