"""The web chat page under the doors' limits, in headless Chromium: a conversation over its rate shows the
polite answer and keeps the message as sent (it was received); an address over its rate sees the refusal in
its language and the message marked as not sent (nothing of it was read). Counts only, no timing."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI

from bot.config import LimitsConfig
from bot.limits import RateLimits
from bot.relay import Relay
from bot.webchat.door import WebchatDoor
from bot.webchat.throttle import AddressThrottle
from tests.bot.webchat.conftest import DOOR_SECRET
from tests.bot.webchat.test_page_browser import browser, open_page  # noqa: F401 - the browser fixtures


@pytest.fixture
def limits(request) -> RateLimits:
    return RateLimits(LimitsConfig(**getattr(request, "param", {})))


@pytest.fixture
def door(directory, rasa, limits, webchat_config) -> WebchatDoor:
    return WebchatDoor(Relay(directory, rasa.client, door_secret=DOOR_SECRET, limits=limits), directory,
                       default_key="demo", config=webchat_config)


@pytest.fixture
def app(door, limits) -> Iterator[FastAPI]:
    app = FastAPI()
    app.include_router(door.router)
    app.add_middleware(AddressThrottle, limits=limits)
    yield app


def send(page: Any, text: str, label: str = "Your message") -> None:
    """Type and send a message, and wait until its answer (or its refusal) is in."""
    box = page.get_by_label(label)
    box.fill(text)
    box.press("Enter")
    page.wait_for_function("() => document.getElementById('typing').hidden")


@pytest.mark.parametrize("limits", [{"conversation": "2/minute", "address": "1000/minute"}], indirect=True)
def test_a_conversation_over_its_rate_is_told_politely_and_its_message_kept(open_page, rasa) -> None:  # noqa: F811
    from playwright.sync_api import expect

    page = open_page("/", "en-GB")
    said = [f"The printer on the second floor is stuck again, attempt {n}." for n in range(3)]
    for text in said:
        send(page, text)
    expect(page.locator(".message.system").last).to_contain_text(
        "You're sending messages faster than I can read them: please wait a minute")
    expect(page.locator(".message.user.failed")).to_have_count(0)
    expect(page.get_by_role("alert")).to_be_hidden()
    assert rasa.texts() == said[:2]


@pytest.mark.parametrize("limits", [{"address": "6/minute"}], indirect=True)
def test_an_address_over_its_rate_sees_the_refusal_and_its_message_not_sent(open_page, rasa) -> None:  # noqa: F811
    from playwright.sync_api import expect

    page = open_page("/", "fr-FR")
    sent = []
    for n in range(8):  # the page's own requests count too: the refusal comes before the eighth message
        sent.append(f"mon imprimante est encore bloquée, essai {n}")
        send(page, sent[-1], "Votre message")
        if page.get_by_role("alert").is_visible():
            break
    expect(page.get_by_role("alert")).to_contain_text("Trop de demandes arrivent de votre adresse en peu de temps")
    expect(page.locator(".message.user.failed")).to_have_count(1)
    expect(page.locator(".message.user.failed")).to_contain_text("Non envoyé")
    assert rasa.texts() == sent[:-1]  # every message before the refusal was read, the refused one was not
