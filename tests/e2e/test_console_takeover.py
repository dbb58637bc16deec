"""A live conversation taken over from the console, end to end: the real Rasa server and action server (the
session's `bot`), the real doors' process serving the web chat page (test_doors.py's `doors`), and the console
on the same catalogue and client databases, as `make run` starts them; two Chromium pages, the user's web chat
and the agent's console.

A web chat user describes a problem and asks for a technician; the dialogue opens the ticket and asks for a
takeover; the handoff appears in the agent's conversations page without a reload; the agent takes it over (the
doors' delivery pauses Rasa and tells the user who is with them), they talk both ways while the bot stays
silent, and the agent hands back: Rasa answers the user again.

The bridge between the two sets of fixtures is `console_url` below: the console app built on the catalogue that
`bot` bootstrapped (its RELAIS_CATALOGUE_URL and client database template), with one agent account granted on
the demo client, as tests/console/conftest.py creates them, served on loopback in a thread.
"""

import time
from collections.abc import Iterator
from typing import Any

import pytest

from console.app import create_app
from console.config import ConsoleConfig
from servicedesk.accounts import service as accounts
from servicedesk.clients.registry import open_catalogue
from servicedesk.database import unit_of_work
from servicedesk.tickets.models import Ticket
from tests.bot.webchat.test_page_browser import browser, session_of
from tests.console.conftest import PASSWORD, SECRET, serving
from tests.console.test_conversations_browser import agent_page, agent_writes
from tests.e2e.conftest import Bot, free_port
from tests.e2e.test_doors import WAIT, Doors, _bot_events, _ticket_of, doors

__all__ = ["browser", "doors"]

pytestmark = pytest.mark.e2e

AGENT = "julie"
TIMEOUT = WAIT * 1000  # Playwright's milliseconds: a Rasa turn with actions, then the outbox's delivery


@pytest.fixture(scope="module")
def console_url(bot: Bot) -> Iterator[str]:
    """The console on the catalogue the bot's processes use, with Julie working for the demo client."""
    with pytest.MonkeyPatch.context() as env:
        for name, value in bot.stores.items():
            env.setenv(name, value)
        with open_catalogue() as (catalogue, registry):
            with unit_of_work(catalogue) as session:
                accounts.create(db_session=session, login=AGENT, display_name="Julie", email="julie@desk.example",
                                role="agent", password=PASSWORD, grants={"demo": []})
            port = free_port()
            url = f"http://127.0.0.1:{port}"
            with serving(create_app(catalogue, registry, ConsoleConfig(secret=SECRET, public_url=url)), port):
                yield url


@pytest.fixture
def pages(browser) -> Iterator[Any]:
    contexts: list[Any] = []

    def opened(base: str, locale: str) -> Any:
        context = browser.new_context(locale=locale, base_url=base, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT)
        contexts.append(context)
        return context.new_page()

    yield opened
    for context in contexts:
        context.close()


@pytest.fixture
def patient() -> Iterator[None]:
    """Rasa's turns, the doors' delivery and the console's event polls on a busy machine."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT)
    yield
    expect.set_options(timeout=5_000)


def _escalated(bot: Bot, conversation: str) -> Ticket:
    """The ticket the dialogue opened for the conversation, once the action server has stored it."""
    deadline = time.monotonic() + WAIT
    while (ticket := _ticket_of(bot, conversation)) is None:
        assert time.monotonic() < deadline, f"no ticket for {conversation}"
        time.sleep(0.5)
    return ticket


def _paused(doors: Doors, conversation: str) -> bool:
    tracker = doors.bot.http.get(f"{doors.bot.base_url}/conversations/{conversation}/tracker",
                                 params=doors.bot.token).raise_for_status().json()
    return bool(tracker["paused"])


def test_an_agent_takes_a_web_chat_over_in_the_console_and_hands_back(doors: Doors, console_url: str, pages,
                                                                      patient) -> None:
    from playwright.sync_api import expect

    agent = agent_page(pages, console_url, AGENT)

    user = pages(doors.url, "fr-FR")
    user.goto("/")
    chat = user.get_by_role("log")
    expect(user.locator("#status")).to_have_text("En ligne")
    conversation = f"webchat:demo:{session_of(user)}"
    box = user.get_by_label("Votre message")
    box.fill("mon VPN coupe toutes les 5 minutes, je veux parler à un technicien")
    box.press("Enter")
    expect(chat.locator(".message.bot").last).to_contain_text("technicien")
    ticket = _escalated(doors.bot, conversation)

    row = agent.locator("table.waiting tr", has_text=ticket.number)  # appears without a reload
    expect(row).to_be_visible()
    row.get_by_role("link", name=ticket.number).click()
    expect(agent.get_by_role("log")).to_contain_text("mon VPN coupe toutes les 5 minutes")
    agent.get_by_role("button", name="Take over").click()
    expect(agent.locator("#state")).to_have_text("You have this conversation")
    expect(chat).to_contain_text("Julie, technicien du support, prend la suite de la conversation")
    assert _paused(doors, conversation), "the doors' delivery paused Rasa"

    agent_writes(agent, user, "Bonjour, pouvez-vous redémarrer le client VPN ?", "Julie")

    said_by_bot = _bot_events(doors, conversation)
    box.fill("c'est fait, ça coupe toujours")
    box.press("Enter")
    expect(agent.get_by_role("log")).to_contain_text("c'est fait, ça coupe toujours")  # live, no reload
    time.sleep(2)  # time for a bot reply, if there were one
    assert _bot_events(doors, conversation) == said_by_bot, "the bot stays silent while the agent has it"

    agent.get_by_role("button", name="Hand back to the bot").click()
    expect(agent.locator("#state")).to_have_text("Handed back to the bot")
    expect(chat).to_contain_text("Je reprends la main")
    deadline = time.monotonic() + WAIT
    while _paused(doors, conversation):
        assert time.monotonic() < deadline, "Rasa was not resumed"
        time.sleep(0.5)

    answers = chat.locator(".message.bot")
    before = answers.count()
    box.fill("bonjour")
    box.press("Enter")
    expect(answers.nth(before)).to_be_visible()  # the bot answers again
    assert _bot_events(doors, conversation) > said_by_bot

    stored = doors.bot.ticket(ticket.number or "")
    bodies = [line.body for line in stored.log]
    assert "c'est fait, ça coupe toujours" in bodies
    assert "Bonjour, pouvez-vous redémarrer le client VPN ?" in bodies
    assert [h.new for h in stored.history if h.field == "takeover"] == ["waiting", "taken", "handed_back"]
