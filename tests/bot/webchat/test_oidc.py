"""Signing in to Acme's web chat with its identity provider: a real OpenID Connect provider on loopback
(standins/oidc_provider.py), the door over real HTTP, the browser played by httpx following the redirects
and posting the provider's sign-in form. The signed-in user's tickets carry their e-mail; an id_token for
another audience, from another issuer, for another sign-in, expired or signed by anyone else is refused."""

import base64
import hashlib
import re
import secrets
import time
import uuid
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey
from sqlalchemy import select

from bot.webchat import tokens
from bot.webchat.oidc import SignInFailed, verify_id_token
from servicedesk.database import unit_of_work
from servicedesk.identity import claims
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, open_incident
from standins.doors import FakeRasa
from standins.oidc_provider import OidcClient, OidcProvider, oidc_provider
from tests.bot.webchat.conftest import DOOR_SECRET, TOKEN_SECRET


@pytest.fixture
def rasa(directory) -> FakeRasa:
    """A Rasa whose "action" opens a ticket as actions/incident.py does: for the requester and e-mail of the
    door's signed claims, and nothing else."""

    def opening(body: dict[str, Any]) -> list[dict[str, Any]]:
        said = claims.verify(body["metadata"][claims.METADATA_KEY], DOOR_SECRET, conversation=body["sender"])
        with unit_of_work(directory.sessions(said.client)) as session:
            ticket = open_incident(db_session=session, agreements=directory.desk(session), report=IncidentReport(
                service="VPN", description=body["message"], impact=3, urgency=3, requester=said.requester,
                requester_email=said.email, channel=said.channel, conversation_id=said.conversation,
                language="fr"))
            number = ticket.number
        return [{"recipient_id": body["sender"], "text": f"J'ai ouvert le ticket {number}."}]

    return FakeRasa(opening)


def follow(http: httpx.Client, response: httpx.Response, *, until: str) -> httpx.Response:
    """Follow redirects by hand up to the first one pointing at `until` (whose Location is then read as is)."""
    while response.status_code in (302, 303) and not response.headers["location"].startswith(until):
        response = http.get(urljoin(str(response.url), response.headers["location"]))
    return response


def sign_in_at_provider(http: httpx.Client, authorize: str, idp: OidcProvider, *, login: str | None = None,
                        password: str | None = None) -> httpx.Response:
    """What a user does at the provider: open the authorization URL, fill in and post its sign-in form."""
    page = follow(http, http.get(authorize), until="\0")
    assert page.status_code == 200 and "<form" in page.text
    action = re.search(r'action="([^"]+)"', page.text)[1]
    return http.post(urljoin(str(page.url), action),
                     data={"login": login or idp.user.login, "password": password or idp.user.password})


def sign_in(door_url: str, idp: OidcProvider, **credentials: str) -> httpx.Response:
    """The whole sign-in as a browser does it; the door's last answer (a redirect to the chat page)."""
    with httpx.Client(timeout=10) as http:
        started = http.get(f"{door_url}/webchat/login", params={"key": "acme"})
        assert started.status_code == 303 and started.headers["location"].startswith(idp.issuer)
        assert "relais_oidc" in started.cookies
        answered = sign_in_at_provider(http, started.headers["location"], idp, **credentials)
        back = follow(http, answered, until=door_url)
        assert back.headers["location"].startswith(f"{door_url}/webchat/callback?")
        return http.get(back.headers["location"])


def fragment_of(answer: httpx.Response) -> dict[str, str]:
    assert answer.status_code == 303, answer.text
    location = urlsplit(answer.headers["location"])
    assert (location.path, location.query) == ("/chat", "key=acme")
    return {name: values[0] for name, values in parse_qs(location.fragment).items()}


def test_a_signed_in_user_chats_as_themselves_and_their_tickets_carry_their_email(served, idp, directory,
                                                                                 rasa) -> None:
    page = fragment_of(sign_in(served.url, idp))
    assert (page["mode"], page["name"], page["email"]) == ("oidc", idp.user.name, idp.user.email)
    token = tokens.verify(page["token"], TOKEN_SECRET)
    assert (token.client, token.requester, token.directory_id) == ("acme", f"webchat:acme:oidc:{idp.user.sub}",
                                                                   idp.user.sub)

    answer = httpx.post(f"{served.url}/webchat/api/messages", headers={"Authorization": f"Bearer {page['token']}"},
                        json={"key": "acme", "session": page["session"], "client_message_id": "m-1",
                              "text": "mon VPN coupe toutes les dix minutes"}, timeout=10)
    assert answer.status_code == 200, answer.text
    assert answer.json()["messages"][0]["text"].startswith("J'ai ouvert le ticket")
    with directory.sessions("acme")() as session:
        [ticket] = session.scalars(select(Ticket))
        assert (ticket.requester, ticket.requester_email) == (f"webchat:acme:oidc:{idp.user.sub}", idp.user.email)
        assert ticket.conversation_id == f"webchat:acme:{page['session']}"

    again = httpx.post(f"{served.url}/webchat/api/sessions", headers={"Authorization": f"Bearer {page['token']}"},
                       json={"key": "acme"}, timeout=10)  # a reload: still signed in, same conversation
    assert again.status_code == 200 and again.json()["session"] == page["session"]


def test_a_wrong_password_at_the_provider_never_comes_back_signed_in(served, idp) -> None:
    with httpx.Client(timeout=10) as http:
        started = http.get(f"{served.url}/webchat/login", params={"key": "acme"})
        refused = sign_in_at_provider(http, started.headers["location"], idp, password="guess")
        assert refused.status_code == 401 and "Wrong login or password" in refused.text


def refused_page(answer: httpx.Response, *, back: bool = True) -> None:
    """The polite page of a failed sign-in, in both languages, with the way back to the chat when the door
    knows which chat it was (from the browser's sign-in cookie)."""
    assert answer.status_code == 401 and answer.headers["content-type"].startswith("text/html")
    assert "La connexion n'a pas abouti" in answer.text and "Signing in didn't work" in answer.text
    assert "location" not in answer.headers and ('href="/chat?key=acme"' in answer.text) == back


def test_a_callback_without_the_browsers_sign_in_or_with_another_state_is_refused(served, idp) -> None:
    with httpx.Client(timeout=10) as http:
        started = http.get(f"{served.url}/webchat/login", params={"key": "acme"})
        back = follow(http, sign_in_at_provider(http, started.headers["location"], idp), until=served.url)
        callback = back.headers["location"]
        # Another browser (no cookie of this sign-in) presents the code: login CSRF, a stolen code.
        stranger = httpx.get(callback, timeout=10)
        assert stranger.status_code == 401 and "Signing in didn't work" in stranger.text
        # This browser, but the state of another sign-in (forged by a page that sends the user there).
        tampered = re.sub(r"state=[^&]+", "state=" + secrets.token_urlsafe(32), callback)
        assert http.get(tampered).status_code == 401
        # Done once: the cookie is gone, and the code can't be spent twice.
        assert http.get(callback).status_code == 303
        refused_page(http.get(callback), back=False)


def test_a_callback_replaying_a_spent_code_with_its_cookie_is_refused_by_the_provider(served, idp) -> None:
    with httpx.Client(timeout=10) as http:
        started = http.get(f"{served.url}/webchat/login", params={"key": "acme"})
        cookie = started.cookies["relais_oidc"]
        back = follow(http, sign_in_at_provider(http, started.headers["location"], idp), until=served.url)
        assert http.get(back.headers["location"]).status_code == 303
    replay = httpx.get(back.headers["location"], cookies={"relais_oidc": cookie}, timeout=10)
    refused_page(replay)


def test_the_provider_saying_no_is_told_politely(served, idp) -> None:
    with httpx.Client(timeout=10) as http:
        started = http.get(f"{served.url}/webchat/login", params={"key": "acme"})
        state = parse_qs(urlsplit(started.headers["location"]).query)["state"][0]
        refused_page(http.get(f"{served.url}/webchat/callback",
                              params={"error": "access_denied", "state": state}))


def test_no_sign_in_where_the_client_offers_none(served) -> None:
    answer = httpx.get(f"{served.url}/webchat/login", params={"key": "demo"}, timeout=10)
    assert answer.status_code == 404 and "n'est pas proposée" in answer.text and "isn't offered" in answer.text
    assert "relais_oidc" not in answer.cookies


# --- the id_token itself ---------------------------------------------------------------------------------


def provider_tokens(idp: OidcProvider, client: OidcClient, nonce: str) -> dict[str, Any]:
    """The provider's tokens for a sign-in of `client` (code flow with PKCE, as any relying party does)."""
    metadata = httpx.get(f"{idp.issuer}/.well-known/openid-configuration", timeout=10).json()
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    redirect_uri = client.redirect_uris[0]
    with httpx.Client(timeout=10) as http:
        authorize = str(httpx.URL(metadata["authorization_endpoint"], params={
            "client_id": client.client_id, "response_type": "code", "scope": "openid email profile",
            "redirect_uri": redirect_uri, "state": "s", "nonce": nonce, "code_challenge": challenge,
            "code_challenge_method": "S256"}))
        back = follow(http, sign_in_at_provider(http, authorize, idp), until=redirect_uri)
        code = parse_qs(urlsplit(back.headers["location"]).query)["code"][0]
        answer = http.post(metadata["token_endpoint"], auth=(client.client_id, client.client_secret), data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "code_verifier": verifier})
    assert answer.status_code == 200, answer.text
    return {**answer.json(), "jwks": httpx.get(metadata["jwks_uri"], timeout=10).json()}


RELAIS = OidcClient(redirect_uris=("http://127.0.0.1:9/webchat/callback",))
OTHER = OidcClient(client_id="another-app", client_secret="another-secret",
                   redirect_uris=("http://127.0.0.1:9/other/callback",))


@pytest.fixture(scope="module")
def issued() -> Any:
    """A real id_token for Relais's client, one for another application of the same provider, and the keys."""
    with oidc_provider(clients=[RELAIS, OTHER]) as idp:
        yield idp, provider_tokens(idp, RELAIS, "nonce-1"), provider_tokens(idp, OTHER, "nonce-2")


def check(idp: OidcProvider, tokens_: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    arguments = {"jwks": tokens_["jwks"], "issuer": idp.issuer, "client_id": RELAIS.client_id, "nonce": "nonce-1",
                 "access_token": tokens_["access_token"], **overrides}
    return verify_id_token(tokens_["id_token"], **arguments)


def test_the_real_id_token_passes(issued) -> None:
    idp, mine, _ = issued
    assert check(idp, mine)["sub"] == idp.user.sub


@pytest.mark.parametrize(("overrides", "why"), [
    ({"client_id": "someone-else"}, "aud"),  # the right provider, for another application
    ({"issuer": "http://127.0.0.1:1"}, "iss"),  # another provider
    ({"nonce": "nonce-of-another-sign-in"}, "nonce"),  # replayed into another sign-in
    ({"now": time.time() + 2 * 3600}, "exp"),  # expired (the provider's lasts an hour)
])
def test_an_id_token_for_another_audience_issuer_or_sign_in_is_refused(issued, overrides, why) -> None:
    idp, mine, _ = issued
    with pytest.raises(SignInFailed, match=why):
        check(idp, mine, **overrides)


def test_an_id_token_the_provider_issued_to_another_application_is_refused(issued) -> None:
    idp, _, theirs = issued
    with pytest.raises(SignInFailed, match="aud"):
        check(idp, theirs, nonce="nonce-2")


def test_an_id_token_signed_by_anyone_else_or_by_no_one_is_refused(issued) -> None:
    idp, mine, _ = issued
    claims_ = jwt.decode(mine["id_token"], RSAKey.import_key(mine["jwks"]["keys"][0])).claims
    kid = mine["jwks"]["keys"][0]["kid"]
    own_key = RSAKey.generate_key(2048, parameters={"kid": kid})  # same key id, not the provider's key
    forged = jwt.encode({"alg": "RS256", "kid": kid}, {**claims_, "sub": "00u-admin"}, own_key)
    with pytest.raises(SignInFailed):
        check(idp, {**mine, "id_token": forged})
    header, payload, _ = mine["id_token"].split(".")
    unsigned = base64.urlsafe_b64encode(b'{"alg":"none"}').rstrip(b"=").decode() + f".{payload}."
    with pytest.raises(SignInFailed):
        check(idp, {**mine, "id_token": unsigned})
    tampered = ".".join([header, base64.urlsafe_b64encode(
        base64.urlsafe_b64decode(payload + "==").replace(idp.user.sub.encode(), b"00u-admin-000")
    ).rstrip(b"=").decode(), mine["id_token"].split(".")[2]])
    with pytest.raises(SignInFailed):
        check(idp, {**mine, "id_token": tampered})


def test_a_page_token_says_nothing_the_id_token_did_not(issued) -> None:
    """The door's token for a signed-in user is made from the checked claims only (what the page sends later
    can't add to it): a forged page token naming that sub is refused like any other."""
    idp, _, _ = issued
    forged = tokens.issue(tokens.PageToken(key="acme", client="acme", conversation=f"webchat:acme:{uuid.uuid4()}",
                                           requester=f"webchat:acme:oidc:{idp.user.sub}", mode="oidc",
                                           expires=int(time.time()) + 3600, email=idp.user.email), "not-the-secret")
    with pytest.raises(tokens.TokenRefused):
        tokens.verify(forged, TOKEN_SECRET)
