"""Signing in to the console through the desk's identity provider: a real OpenID Connect provider on loopback
(standins/oidc_provider.py, panva's oidc-provider), the console over real HTTP, the browser played by httpx. The
provider's identity names an existing active account and nothing else: no account is ever made by signing in."""

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from console.config import ConsoleConfig, OidcSettings
from servicedesk.accounts import audit, service
from standins.oidc_provider import OidcClient, OidcProvider, OidcUser, oidc_provider
from tests.bot.webchat.test_oidc import follow, sign_in_at_provider
from tests.console.conftest import SECRET, free_port, serving

ALICE = OidcUser(login="alice", password="alice's provider password", sub="idp-alice-1", email="alice@desk.example",
                 name="Alice")
EVE = OidcUser(login="eve", password="eve's provider password", sub="idp-eve-1", email="eve@desk.example", name="Eve")
DAN = OidcUser(login="dan", password="dan's provider password", sub="idp-dan-1", email="dan@desk.example", name="Dan")


@dataclass
class Served:
    url: str
    idp: OidcProvider


@pytest.fixture
def served(desk) -> Iterator[Served]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    client = OidcClient(client_id="relais-console", client_secret="relais-console-test-secret",
                        redirect_uris=(f"{url}/signin/oidc/callback",))
    with oidc_provider(clients=[client], users=[ALICE, EVE, DAN]) as idp:
        config = ConsoleConfig(secret=SECRET, public_url=url, oidc=OidcSettings(
            issuer=idp.issuer, client_id=client.client_id, client_secret=client.client_secret, label="Desk SSO"))
        with serving(desk.app(config), port):
            yield Served(url, idp)


def through_provider(served: Served, user: OidcUser, http: httpx.Client) -> httpx.Response:
    """The whole sign-in as a browser does it; the console's answer to the provider's redirect back."""
    assert 'href="/signin/oidc?next=%2Fwhoami"' in http.get(f"{served.url}/signin?next=/whoami").text
    started = http.get(f"{served.url}/signin/oidc", params={"next": "/whoami"})
    assert started.status_code == 302 and started.headers["location"].startswith(served.idp.issuer)
    assert "code_challenge_method=S256" in started.headers["location"]
    answered = sign_in_at_provider(http, started.headers["location"], served.idp, login=user.login,
                                   password=user.password)
    back = follow(http, answered, until=served.url)
    assert back.headers["location"].startswith(f"{served.url}/signin/oidc/callback?")
    return http.get(back.headers["location"])


def test_an_agent_signs_in_through_the_provider_as_their_account(served, desk) -> None:
    with httpx.Client(timeout=10) as http:
        done = through_provider(served, ALICE, http)
        assert done.status_code == 303 and done.headers["location"] == "/whoami"
        assert http.get(f"{served.url}/whoami").text == "alice agent"
    with desk.catalogue() as session:
        alice = service.get_by_login(db_session=session, login="alice")
        assert (alice.oidc_issuer, alice.oidc_subject) == (served.idp.issuer, ALICE.sub)
        [event] = audit.events(db_session=session, login="alice", kinds=["signed_in"])
        assert (event.via, event.account_id, event.address) == ("provider", alice.id, "127.0.0.1")


@pytest.mark.parametrize("user", [EVE, DAN], ids=["no account", "disabled account"])
def test_an_identity_without_an_active_account_gets_nothing(served, desk, user) -> None:
    with httpx.Client(timeout=10) as http:
        refused = through_provider(served, user, http)
        assert refused.status_code == 401 and "no account of the desk has this identity" in refused.text
        assert http.get(f"{served.url}/whoami", follow_redirects=False).status_code == 303
    with desk.catalogue() as session:
        assert [a.login for a in service.list_accounts(db_session=session) if a.login == "eve"] == []
        [event] = audit.events(db_session=session, login=user.email, kinds=["sign_in_refused"])
        assert event.via == "provider" and event.detail in ("no account for this identity", "disabled account")
        assert (event.account_id is not None) == (user is DAN)  # named by the e-mail the provider vouched for


def test_a_callback_no_sign_in_started_is_refused(served, desk) -> None:
    with httpx.Client(timeout=10) as http:
        forged = http.get(f"{served.url}/signin/oidc/callback", params={"code": "stolen", "state": "guessed"})
        assert forged.status_code == 401
        assert http.get(f"{served.url}/whoami", follow_redirects=False).status_code == 303
    with desk.catalogue() as session:  # audited, though nobody was named
        assert [e.login for e in audit.events(db_session=session, kinds=["sign_in_refused"])] == ["(provider)"]


def test_without_a_provider_there_is_no_provider_sign_in(http) -> None:
    assert http.get("/signin/oidc").status_code == 404
    assert "/signin/oidc" not in http.get("/signin").text
