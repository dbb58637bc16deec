"""Rasa's HTTP API and the action server are private: a token on Rasa's API, loopback only, no CORS anywhere.

The finding of issue 11 was `GET /conversations/<id>/tracker` answering anyone with any user's transcript, on
0.0.0.0, to any web page (CORS echoing every origin, with credentials). Each probe here replays it.
"""

import ipaddress
import uuid
from pathlib import Path

import pytest

from tests.security.servers import Desk

pytestmark = pytest.mark.e2e

EVIL = "https://evil.example"
SECRET_WORDS = "mon code de badge est le 4242 et la salle serveur est au sous-sol"


@pytest.fixture(scope="module")
def conversation(desk: Desk) -> str:
    """A conversation with something private in it, on the REST door."""
    sender = f"victim-{uuid.uuid4().hex[:10]}"
    assert desk.post(desk.rasa, sender, SECRET_WORDS).status_code == 200
    return sender


@pytest.mark.parametrize("params, headers", [
    ({}, {}),
    ({"token": "wrong-token"}, {}),
    ({"token": ""}, {}),
    ({}, {"Authorization": "Bearer wrong-token"}),
    ({}, {"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJ1c2VyIjp7InVzZXJuYW1lIjoiYWRtaW4ifX0."}),  # alg none
], ids=["no token", "wrong token", "empty token", "bearer", "unsigned jwt"])
def test_a_tracker_is_not_read_without_rasas_token(desk: Desk, conversation: str, params: dict[str, str],
                                                   headers: dict[str, str]) -> None:
    response = desk.http.get(f"{desk.rasa.base_url}/conversations/{conversation}/tracker", params=params,
                             headers=headers)
    assert response.status_code in (401, 403), response.text
    assert "badge" not in response.text


def test_rasas_other_api_routes_want_the_token_too(desk: Desk, conversation: str) -> None:
    base = desk.rasa.base_url
    with desk.untouched():
        for method, path, body in [
            ("GET", "/status", None),
            ("GET", f"/conversations/{conversation}/story", None),
            ("POST", f"/conversations/{conversation}/messages", {"text": "injected", "sender": "user"}),
            ("POST", f"/conversations/{conversation}/trigger_intent", {"name": "greet"}),
            ("PUT", f"/conversations/{conversation}/tracker/events", [{"event": "restart"}]),
            ("POST", "/model/parse", {"text": "bonjour"}),
            ("PUT", "/model", {"model_file": "/tmp/x.tar.gz"}),
            ("DELETE", "/model", None),
        ]:
            response = desk.http.request(method, f"{base}{path}", json=body, params={"token": "wrong"})
            assert response.status_code in (401, 403), (method, path, response.status_code)
    events = desk.http.get(f"{base}/conversations/{conversation}/tracker", params=desk.rasa.token).json()["events"]
    assert [e.get("text") for e in events if e["event"] == "user"] == [SECRET_WORDS]  # nothing was injected


def test_with_the_token_the_tracker_is_read(desk: Desk, conversation: str) -> None:
    """The control: the doors and the tools, which hold the token, still can."""
    response = desk.http.get(f"{desk.rasa.base_url}/conversations/{conversation}/tracker", params=desk.rasa.token)
    assert response.status_code == 200
    assert SECRET_WORDS in response.text


def _routes(desk: Desk) -> list[tuple[str, str, str]]:
    rasa, actions = desk.rasa.base_url, desk.actions_url
    token = f"?token={desk.secrets.rasa_token}"
    return [
        ("OPTIONS", rasa, "/webhooks/rest/webhook"), ("OPTIONS", rasa, "/conversations/x/tracker"),
        ("GET", rasa, f"/status{token}"), ("GET", rasa, "/"),
        ("OPTIONS", actions, "/webhook"), ("GET", actions, "/health"), ("GET", actions, "/actions"),
        ("OPTIONS", desk.doors_url, "/slack/events"), ("OPTIONS", desk.doors_url, "/api/messages"),
        ("GET", desk.doors_url, "/health"), ("GET", desk.doors_url, "/"),
        ("OPTIONS", desk.api_url, "/tickets"), ("GET", desk.api_url, "/health"),
    ]


ROUTE_IDS = ["rasa webhook", "rasa tracker", "rasa status", "rasa root", "actions webhook",
             "actions health", "actions list", "slack events", "teams messages", "doors health", "web chat page",
             "api tickets", "api health"]


@pytest.mark.parametrize("index", range(len(ROUTE_IDS)), ids=ROUTE_IDS)
def test_no_server_lets_a_foreign_page_read_its_answers(desk: Desk, index: int) -> None:
    method, base, path = _routes(desk)[index]
    headers = {"Origin": EVIL}
    if method == "OPTIONS":
        headers |= {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    response = desk.http.request(method, f"{base}{path}", headers=headers)
    allowed = response.headers.get("Access-Control-Allow-Origin")
    assert allowed not in (EVIL, "*"), (method, path, dict(response.headers))
    assert "Access-Control-Allow-Credentials" not in response.headers, (method, path, dict(response.headers))


def _decode(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """An address as /proc/net/tcp{,6} writes it: 32-bit words in host (little-endian) order."""
    raw = bytes.fromhex(address)
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    return ipaddress.ip_address(words)


def listening_addresses(port: int) -> set[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Every address a socket on this machine listens on at `port`, from the kernel's own table."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                found.add(_decode(address))
    return found


@pytest.mark.parametrize("name", ["rasa", "actions", "doors", "api"])
def test_the_servers_listen_on_loopback_only(desk: Desk, name: str) -> None:
    addresses = listening_addresses(desk.ports[name])
    assert addresses, f"nothing listens on {name}'s port {desk.ports[name]}"
    assert all(address.is_loopback for address in addresses), (name, addresses)
