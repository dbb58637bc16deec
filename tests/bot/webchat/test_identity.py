"""Who is typing in the web chat is what the door checked when it issued the page's token, and nothing else:
each attack here is refused with a polite 401 in both languages, and leaves nothing in the journal, Rasa or
the conversations; what the client's site and its settings allow works, and says who the person is."""

import asyncio
import re
import time
import uuid
from dataclasses import replace
from typing import Any

import httpx
import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from bot.webchat import tokens
from bot.webchat.identity import user_hash
from servicedesk.conversations.models import Conversation, InboundMessage
from servicedesk.identity import claims
from tests.bot.webchat.conftest import (
    ACME_SECRET,
    DOOR_SECRET,
    TOKEN_SECRET,
    demo_secret,
    reload_settings,
    site_user,
)

JEAN = site_user("u-1042", "jean.dupont@acme.example", "Jean Dupont")
MARIE = site_user("u-2077", "marie.curie@acme.example", "Marie Curie")


def call(app, method: str, path: str, **kwargs: Any) -> httpx.Response:
    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://chat.test") as http:
            return await http.request(method, path, **kwargs)

    return asyncio.run(go())


def start(app, key: str, user: dict | None = None, *, token: str | None = None, fresh: bool = False):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return call(app, "POST", "/webchat/api/sessions", json={"key": key, "user": user, "fresh": fresh},
                headers=headers)


def issued(app, key: str = "demo", user: dict | None = None, **kwargs: Any) -> dict[str, Any]:
    answer = start(app, key, user, **kwargs)
    assert answer.status_code == 200, answer.text
    return answer.json()


def say(app, text: str, *, key: str, session: str, token: str | None, scheme: str = "Bearer") -> httpx.Response:
    headers = {"Authorization": f"{scheme} {token}"} if token is not None else {}
    return call(app, "POST", "/webchat/api/messages", headers=headers,
                json={"key": key, "session": session, "client_message_id": uuid.uuid4().hex, "text": text})


def ticket_for(app, page: dict[str, Any], *, key: str | None = None, session: str | None = None) -> httpx.Response:
    return call(app, "POST", "/webchat/api/stream-tickets", headers={"Authorization": f"Bearer {page['token']}"},
                json={"key": key or page["key"], "session": session or page["session"]})


def nothing_kept(directory, rasa) -> None:
    for client in ("demo", "acme"):
        with directory.sessions(client)() as session:
            assert session.scalar(select(func.count()).select_from(InboundMessage)) == 0
            assert session.scalar(select(func.count()).select_from(Conversation)) == 0
    assert rasa.messages == []


def assert_refused(answer: httpx.Response, code: str = "session_invalid", status: int = 401) -> None:
    assert answer.status_code == status, answer.text
    detail = answer.json()["detail"]
    assert detail["code"] == code and detail["fr"] and detail["en"] and detail["fr"] != detail["en"]
    if status == 401:
        assert answer.headers["www-authenticate"].startswith("Bearer")


# --- the bare session id, other conversations, other clients ----------------------------------------------


def test_a_bare_session_id_opens_nothing(app, directory, rasa) -> None:
    page = issued(app)
    for token, scheme in ((None, "Bearer"), ("", "Bearer"), (page["session"], "Bearer"), (page["token"], "Basic")):
        assert_refused(say(app, "bonjour", key="demo", session=page["session"], token=token, scheme=scheme))
    stream = call(app, "GET", "/webchat/api/stream", params={"key": "demo", "session": page["session"]})
    assert_refused(stream)
    stream = call(app, "GET", "/webchat/api/stream",  # a page token is not a stream ticket
                  params={"key": "demo", "session": page["session"], "ticket": page["token"]})
    assert_refused(stream)
    assert_refused(call(app, "POST", "/webchat/api/stream-tickets", json={"key": "demo", "session": page["session"]}))
    nothing_kept(directory, rasa)


def test_a_token_opens_its_own_conversation_only(app, directory, rasa) -> None:
    mine, theirs = issued(app), issued(app)
    assert mine["session"] != theirs["session"]
    assert_refused(say(app, "bonjour", key="demo", session=theirs["session"], token=mine["token"]))
    assert_refused(ticket_for(app, mine, session=theirs["session"]))
    good = ticket_for(app, mine).json()["ticket"]
    stream = call(app, "GET", "/webchat/api/stream", params={"key": "demo", "session": theirs["session"],
                                                           "ticket": good})
    assert_refused(stream)
    nothing_kept(directory, rasa)


def test_a_token_of_one_client_is_refused_at_another_clients_key(app, directory, rasa) -> None:
    demo, acme = issued(app), issued(app, "acme", JEAN)
    assert_refused(say(app, "hello", key="acme", session=demo["session"], token=demo["token"]))
    assert_refused(say(app, "hello", key="demo", session=acme["session"], token=acme["token"]))
    assert_refused(ticket_for(app, demo, key="acme"))
    nothing_kept(directory, rasa)


def test_a_tampered_forged_or_expired_token_is_refused(app, directory, rasa) -> None:
    page = issued(app)
    real = tokens.verify(page["token"], TOKEN_SECRET)
    body, stamp, signature = page["token"].rsplit(".", 2)
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    forged = [
        f"{flipped}.{stamp}.{signature}",  # the payload changed under the signature
        tokens.issue(replace(real, requester="webchat:demo:site:boss"), "another-secret"),  # not this door's
        tokens.issue(replace(real, expires=int(time.time()) - 1), TOKEN_SECRET),  # expired
        # the same secret signing for another purpose: a stream ticket, the relay's claims to Rasa
        tokens.ticket(real, TOKEN_SECRET),
        claims.sign(claims.DoorClaims(client="demo", requester=real.requester, channel="webchat",
                                      conversation=real.conversation), TOKEN_SECRET),
        # a payload that merely looks like one, signed without the door's salt
        URLSafeTimedSerializer(TOKEN_SECRET).dumps({"key": "demo", "conversation": real.conversation}),
    ]
    for token in forged:
        assert_refused(say(app, "bonjour", key="demo", session=page["session"], token=token))
    old = tokens.issue(replace(real, expires=int(time.time()) + 3600), TOKEN_SECRET)
    with pytest.raises(tokens.TokenRefused, match="expired"):  # past the longest lifetime, whatever it says
        tokens.verify(old, TOKEN_SECRET, now=time.time() + max(tokens.LIFETIME.values()) + 1)
    nothing_kept(directory, rasa)


def test_an_expired_stream_ticket_opens_nothing() -> None:
    page = tokens.PageToken(key="demo", client="demo", conversation=f"webchat:demo:{uuid.uuid4()}",
                            requester="x", mode="anonymous", expires=int(time.time()) + 3600)
    ticket = tokens.ticket(page, TOKEN_SECRET)
    assert tokens.verify_ticket(ticket, TOKEN_SECRET) == ("demo", page.conversation)
    with pytest.raises(tokens.TokenRefused):
        tokens.verify_ticket(ticket, TOKEN_SECRET, now=time.time() + tokens.TICKET_LIFETIME + 5)
    with pytest.raises(tokens.TokenRefused):  # its page token expired first
        tokens.verify_ticket(ticket, TOKEN_SECRET, now=page.expires + 1)


# --- the client's site vouches for its user --------------------------------------------------------------


def test_the_hash_is_hmac_sha256_of_the_user_id_and_email_in_hex() -> None:
    import hashlib
    import hmac

    expected = hmac.new(b"s3cret", b"u-1042:jean.dupont@acme.example", hashlib.sha256).hexdigest()
    assert user_hash("s3cret", "u-1042", "jean.dupont@acme.example") == expected
    assert user_hash("s3cret", "u-1042", None) == hmac.new(b"s3cret", b"u-1042:", hashlib.sha256).hexdigest()


@pytest.mark.parametrize("user", [
    {**JEAN, "hash": "0" * 64},  # made up
    site_user("u-1042", "jean.dupont@acme.example", secret="not-acme's-secret"),  # another secret
    {**JEAN, "email": "marie.curie@acme.example"},  # Jean's hash, Marie's address
    {**JEAN, "id": "u-2077"},  # Jean's hash, Marie's id
    {**JEAN, "hash": JEAN["hash"][:-1] + ("0" if JEAN["hash"][-1] != "0" else "1")},
])
def test_a_forged_user_hash_gets_a_polite_refusal_and_creates_nothing(app, directory, rasa, user) -> None:
    answer = start(app, "acme", user)
    assert_refused(answer, "identity_refused")
    assert "identité" in answer.json()["detail"]["fr"] and "identity" in answer.json()["detail"]["en"]
    assert "token" not in answer.json()
    nothing_kept(directory, rasa)


@pytest.mark.parametrize("user", [
    {key: value for key, value in JEAN.items() if key != "hash"},  # no hash at all
    {**JEAN, "hash": "not hex"},
    {**JEAN, "id": "u:1042"},  # a ":" would make "<id>:<email>" read two ways
    {**JEAN, "extra": "admin"},
])
def test_a_missing_or_malformed_user_hash_is_refused_before_anything(app, directory, rasa, user) -> None:
    assert start(app, "acme", user).status_code == 422
    nothing_kept(directory, rasa)


def test_a_verified_user_is_the_same_person_across_sessions_with_their_email(app, directory, rasa) -> None:
    first = issued(app, "acme", JEAN)
    assert (first["mode"], first["name"], first["email"]) == ("verified", "Jean Dupont", "jean.dupont@acme.example")
    again = issued(app, "acme", JEAN, token=first["token"])  # a reload: the site vouches again, same page
    assert again["session"] == first["session"]
    elsewhere = issued(app, "acme", JEAN)  # another browser: another conversation, the same person
    assert elsewhere["session"] != first["session"]
    fresh = issued(app, "acme", JEAN, token=first["token"], fresh=True)  # "New conversation"
    assert fresh["session"] not in (first["session"], elsewhere["session"])
    marie = issued(app, "acme", MARIE, token=first["token"])  # someone else at that page: not Jean's conversation
    assert marie["session"] != first["session"]
    for page in (first, elsewhere, fresh):
        assert tokens.verify(page["token"], TOKEN_SECRET).requester == "webchat:acme:site:u-1042"
    assert tokens.verify(marie["token"], TOKEN_SECRET).requester == "webchat:acme:site:u-2077"

    assert say(app, "mon écran reste noir", key="acme", session=first["session"], token=first["token"]).status_code \
        == 200
    [sent] = rasa.messages
    signed = claims.verify(sent["metadata"][claims.METADATA_KEY], DOOR_SECRET, conversation=sent["sender"])
    assert (signed.client, signed.requester, signed.email, signed.user_name) == (
        "acme", "webchat:acme:site:u-1042", "jean.dupont@acme.example", "Jean Dupont")


def test_a_verified_token_is_carried_on_only_while_the_site_vouches(app) -> None:
    page = issued(app, "acme", JEAN)
    assert_refused(start(app, "acme", token=page["token"]), "sign_in_required")  # Acme: no anonymous, oidc


def test_the_demos_secret_is_made_on_first_use_and_vouches_for_its_users(app, door) -> None:
    secret = demo_secret(door)
    assert len(secret) >= 32 and (door.config.secrets_dir / "webchat-demo-hmac").stat().st_mode & 0o077 == 0
    page = issued(app, "demo", site_user("42", "ana@demo.example", "Ana", secret=secret))
    assert page["mode"] == "verified" and tokens.verify(page["token"], TOKEN_SECRET).requester == \
        "webchat:demo:site:42"
    assert_refused(start(app, "demo", site_user("42", "ana@demo.example", secret=ACME_SECRET)), "identity_refused")


# --- anonymous chat, where the client allows it ----------------------------------------------------------


def test_anonymous_chat_is_refused_where_the_client_does_not_allow_it(app, directory, rasa) -> None:
    answer = start(app, "acme")
    assert_refused(answer, "sign_in_required")
    assert "connectez-vous" in answer.json()["detail"]["fr"] and "sign in" in answer.json()["detail"]["en"]
    page = call(app, "GET", "/chat", params={"key": "acme"})
    assert 'data-modes="verified oidc"' in page.text
    nothing_kept(directory, rasa)


def test_without_oidc_nor_anonymous_the_page_says_to_come_through_the_site(app, directory) -> None:
    def verified_only(text: str) -> str:
        text = re.sub(r"\n    oidc:\n(      .*\n)+", "\n", text)
        return text.replace("identity: [verified, oidc]", "identity: [verified]")

    reload_settings(directory, "acme", verified_only)
    answer = start(app, "acme")
    assert_refused(answer, "open_from_site")
    assert "site de votre entreprise" in answer.json()["detail"]["fr"]
    assert 'data-modes="verified"' in call(app, "GET", "/chat", params={"key": "acme"}).text


def test_an_anonymous_session_is_its_own_requester_and_keeps_its_conversation(app, rasa) -> None:
    page = issued(app)
    token = tokens.verify(page["token"], TOKEN_SECRET)
    assert page["mode"] == "anonymous" and token.requester == token.conversation == f"webchat:demo:{page['session']}"
    assert (token.email, token.directory_id) == (None, None)
    again = issued(app, token=page["token"])  # a reload: the same session, for longer
    assert again["session"] == page["session"] and again["expires"] >= page["expires"]
    fresh = issued(app, token=page["token"], fresh=True)  # "New conversation": a new requester too
    assert fresh["session"] != page["session"]
    assert tokens.verify(fresh["token"], TOKEN_SECRET).requester == f"webchat:demo:{fresh['session']}"
    stale = tokens.issue(replace(token, expires=int(time.time()) - 1), TOKEN_SECRET)
    assert issued(app, token=stale)["session"] != page["session"]  # an expired token keeps nothing


def test_a_client_that_no_longer_allows_anonymous_chat_stops_renewing_it(app, directory) -> None:
    page = issued(app)
    reload_settings(directory, "demo", lambda text: text.replace("identity: [anonymous, verified]",
                                                                 "identity: [verified]"))
    assert_refused(start(app, "demo", token=page["token"]), "open_from_site")


def test_the_token_secret_is_made_once_under_var_secrets_when_the_environment_has_none(tmp_path) -> None:
    from bot.config import WebchatConfig
    from bot.webchat.door import token_secret

    config = WebchatConfig(secrets_dir=tmp_path / "secrets")
    first = token_secret(config)
    assert first == token_secret(config) and len(first) >= 32
    assert (tmp_path / "secrets" / "webchat-token-secret").stat().st_mode & 0o077 == 0
    assert token_secret(WebchatConfig(token_secret="from-the-environment", secrets_dir=tmp_path)) == \
        "from-the-environment"
