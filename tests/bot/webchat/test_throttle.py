"""The web chat under the doors' limits, over HTTP (no browser): a flood from one address is refused with 429,
Retry-After and a polite body in both languages before anything is read or journalled, while the messages
before it were answered; other addresses, the static files and other doors are not counted; X-Forwarded-For
counts only behind trusted proxies; a conversation over its rate gets 429 with the polite message in the
usual JSON, and a message too long 413, both journalled whole. Each page has its token first, as the real page
does (POST /webchat/api/sessions), and that request counts like any other."""

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from bot.config import BotConfig, LimitsConfig, WebchatConfig
from bot.limits import MAX_MESSAGE_CHARS, RateLimits
from bot.relay import Relay
from bot.server import create_app
from bot.webchat.door import TEXT_CEILING, WebchatDoor
from bot.webchat.throttle import AddressThrottle, client_address
from servicedesk.conversations.models import InboundMessage
from standins.doors import FakeRasa
from tests.bot.webchat.conftest import DOOR_SECRET

PEER = "198.51.100.7"


@pytest.fixture
def throttled(directory, webchat_config: WebchatConfig):
    """throttled(rasa, address=..., conversation=..., hops=0): the web chat behind the address limit."""
    def build(rasa: FakeRasa, *, address: str = "100/minute", conversation: str = "100/minute",
              hops: int = 0) -> FastAPI:
        limits = RateLimits(LimitsConfig(address=address, conversation=conversation))
        door = WebchatDoor(Relay(directory, rasa.client, door_secret=DOOR_SECRET, limits=limits), directory,
                           default_key="demo", config=webchat_config)
        app = FastAPI()
        app.include_router(door.router)
        app.add_middleware(AddressThrottle, limits=limits, trusted_proxy_hops=hops)
        return app

    return build


def request(app, method: str, path: str, peer: str = PEER, **kwargs: Any) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, client=(peer, 50123))
        async with httpx.AsyncClient(transport=transport, base_url="http://chat.test") as http:
            return await http.request(method, path, **kwargs)

    return asyncio.run(go())


class Page:
    """One chat page at one address: its token first, then its messages."""

    def __init__(self, app: FastAPI, peer: str = PEER, **headers: str) -> None:
        self.app, self.peer = app, peer
        opened = request(app, "POST", "/webchat/api/sessions", peer, json={"key": "demo"}, headers=headers)
        assert opened.status_code == 200, opened.text
        self.session, self.token = opened.json()["session"], opened.json()["token"]

    def say(self, text: str, **headers: str) -> httpx.Response:
        body = {"key": "demo", "session": self.session, "client_message_id": uuid.uuid4().hex, "text": text}
        return request(self.app, "POST", "/webchat/api/messages", self.peer, json=body,
                       headers={"Authorization": f"Bearer {self.token}", **headers})


def journal(directory) -> list[InboundMessage]:
    with directory.sessions("demo")() as session:
        return list(session.scalars(select(InboundMessage).order_by(InboundMessage.id)))


def test_a_flood_from_one_address_gets_429_in_both_languages_and_nothing_of_it_is_read(directory, throttled) -> None:
    rasa = FakeRasa()
    app = throttled(rasa, address="4/minute")
    said = [f"mon imprimante bloque, essai {n}" for n in range(3)]
    assert request(app, "GET", "/").status_code == 200
    page = Page(app)
    *answers, refused = [page.say(text) for text in said]
    assert [a.status_code for a in answers] == [200, 200]
    assert [a.json()["messages"][0]["text"] for a in answers] == ["ok", "ok"]  # answered before the flood
    assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 60
    assert refused.json()["detail"] == {
        "code": "too_many_requests",
        "fr": "Trop de demandes arrivent de votre adresse en peu de temps : patientez une minute, puis réessayez.",
        "en": "Too many requests are coming from your address in a short time: please wait a minute, then try again."}
    assert rasa.texts() == said[:2] and [m.text for m in journal(directory)] == said[:2]

    again, stream, asset = (request(app, "GET", path) for path in (
        "/chat", f"/webchat/api/stream?key=demo&session={page.session}", "/webchat/static/chat.js"))
    assert again.status_code == 429 and "text/html" in again.headers["content-type"]
    assert 'lang="fr">Trop de demandes' in again.text and 'lang="en">Too many requests' in again.text
    assert stream.status_code == 429 and asset.status_code == 200  # the page's files are not counted
    assert Page(app, "203.0.113.40").say("my printer is stuck").status_code == 200  # another address, its own count


def test_x_forwarded_for_counts_only_behind_trusted_proxies(throttled) -> None:
    untrusting = Page(throttled(FakeRasa(), address="3/minute"), **{"X-Forwarded-For": "10.0.0.9"})
    statuses = [untrusting.say(f"essai {n}", **{"X-Forwarded-For": f"10.0.0.{n}"}).status_code for n in range(3)]
    assert statuses == [200, 200, 429]  # a header anyone can send changes nothing
    proxied = Page(throttled(FakeRasa(), address="1/minute", hops=1), "127.0.0.1", **{"X-Forwarded-For": "10.0.0.9"})
    statuses = [proxied.say(f"essai {n}", **{"X-Forwarded-For": f"10.0.0.{n}"}).status_code for n in range(3)]
    assert statuses == [200, 200, 200]  # behind the proxy, each client is its own address


@pytest.mark.parametrize(("forwarded", "hops", "address"), [
    (None, 0, "198.51.100.7"),
    ("203.0.113.5", 0, "198.51.100.7"),
    (None, 1, "198.51.100.7"),
    ("203.0.113.5", 1, "203.0.113.5"),
    ("6.6.6.6, 203.0.113.5", 1, "203.0.113.5"),  # what the user wrote in the header themselves is not read
    ("6.6.6.6, 203.0.113.5, 10.1.0.2", 2, "203.0.113.5"),
    ("203.0.113.5", 3, "203.0.113.5"),
])
def test_the_client_address(forwarded: str | None, hops: int, address: str) -> None:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    scope = {"type": "http", "client": ("198.51.100.7", 50123), "headers": headers}
    assert client_address(scope, hops) == address


def test_a_conversation_over_its_rate_gets_429_with_the_polite_message_and_all_is_journalled(directory,
                                                                                             throttled) -> None:
    rasa = FakeRasa()
    said = [f"my printer is stuck again, attempt {n}" for n in range(4)]
    page = Page(throttled(rasa, conversation="2/minute"))
    answers = [page.say(text) for text in said]
    assert [a.status_code for a in answers] == [200, 200, 429, 429]
    assert all(0 < int(a.headers["Retry-After"]) <= 60 for a in answers[2:])
    assert answers[2].json() == {"limited": "limited", "messages": [{
        "text": "You're sending messages faster than I can read them: please wait a minute, then send again what I "
                "haven't answered.", "buttons": [], "image": None, "author": "system", "author_name": None}]}
    assert answers[3].json()["messages"] == answers[2].json()["messages"]  # every request gets its answer
    assert rasa.texts() == said[:2]
    assert [(m.text, m.outcome) for m in journal(directory)] == [
        *((text, "answered") for text in said[:2]), *((text, "limited") for text in said[2:])]


def test_a_message_too_long_gets_413_with_the_polite_message_and_is_journalled_whole(directory, throttled) -> None:
    rasa = FakeRasa()
    long = "Voici le journal : " + "x" * MAX_MESSAGE_CHARS
    page = Page(throttled(rasa))
    too_long, beyond, largest = (page.say(text) for text in (long, "y" * (TEXT_CEILING + 1), "é" * MAX_MESSAGE_CHARS))
    assert too_long.status_code == 413 and too_long.json()["limited"] == "too_long"
    assert too_long.json()["messages"][0]["text"] == (
        f"Votre message est trop long ({len(long)} caractères, {MAX_MESSAGE_CHARS} au plus) : envoyez-le en "
        "plusieurs parties ou joignez-le en fichier.")
    assert beyond.status_code == 422  # past the hard ceiling: not even read
    assert largest.status_code == 200
    assert rasa.texts() == ["é" * MAX_MESSAGE_CHARS]
    assert [(m.text, m.outcome) for m in journal(directory)] == [(long, "too_long"), ("é" * MAX_MESSAGE_CHARS,
                                                                                      "answered")]


def test_the_page_s_text_box_holds_the_doors_limit(throttled) -> None:
    page = request(throttled(FakeRasa()), "GET", "/")
    assert f'maxlength="{MAX_MESSAGE_CHARS}"' in page.text and f'data-max-chars="{MAX_MESSAGE_CHARS}"' in page.text


def test_the_doors_app_counts_browsers_per_address(directory, webchat_config) -> None:
    app = create_app(BotConfig(limits=LimitsConfig(address="2/minute"), webchat=webchat_config), directory)
    statuses = [request(app, "GET", path).status_code for path in ("/", "/", "/", "/health")]
    assert statuses == [200, 200, 429, 200]
