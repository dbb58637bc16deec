"""A live conversation end to end in headless Chromium: a web chat user (the real web chat page and door, Rasa a
script) asks for a person; an agent in the console sees the handoff appear without a reload, takes it over, and
they talk both ways through the doors' outbox; a second agent loses the race for another conversation and is told
who won; a transfer with a note, a hand-back to the bot, a resolution with the closure codes.

The doors (web chat door, relay, delivery of the outbox) and the console are two servers on one catalogue and one
client database, as `make run` starts them. No trained model is needed: the escalation itself is what the dialogue's
action does, the use cases that open the ticket and ask for a takeover. RELAIS_SCREENSHOTS=<folder> keeps a
screenshot of the live conversation there (docs/screenshots/ in the README)."""

import contextlib
import os
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from bot.delivery import Delivery
from bot.directory import Directory
from bot.relay import Relay
from bot.webchat.door import WebchatDoor
from bot.webchat.outlet import WebchatOutlet
from console.app import create_app
from console.config import ConsoleConfig
from servicedesk.accounts import service as accounts
from servicedesk.clients.registry import open_catalogue
from servicedesk.conversations import service as conversations
from servicedesk.database import unit_of_work
from servicedesk.tickets.service import IncidentReport, LogLine, open_incident
from standins.doors import FakeRasa, RecordingAgentDesk
from tests.bot.conftest import bootstrapped, directory
from tests.bot.webchat.conftest import DOOR_SECRET, rasa, secrets_dir, served, webchat_config
from tests.bot.webchat.test_page_browser import browser, session_of
from tests.console.conftest import PASSWORD, SECRET, free_port, serving

__all__ = ["bootstrapped", "browser", "directory", "rasa", "secrets_dir", "served", "webchat_config"]


@pytest.fixture
def agents_desk() -> RecordingAgentDesk:
    return RecordingAgentDesk()


@pytest.fixture
def app(directory: Directory, rasa: FakeRasa, webchat_config, agents_desk: RecordingAgentDesk) -> FastAPI:
    """The doors as bot/server.py wires them for the web chat: the relay passes a taken conversation's messages
    to the agents' desk, and the outbox is delivered in the background."""
    outlet = WebchatOutlet()
    delivery = Delivery(directory, {"webchat": outlet}, agents_desk, rasa.client, interval=0.2)
    relay = Relay(directory, rasa.client, agents_desk, delivery.wake, door_secret=DOOR_SECRET)
    door = WebchatDoor(relay, directory, default_key="demo", outlet=outlet, config=webchat_config)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        import asyncio

        worker = asyncio.create_task(delivery.run_forever())
        yield
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker

    doors = FastAPI(lifespan=lifespan)
    doors.include_router(door.router)
    return doors


@pytest.fixture
def console_url(directory: Directory) -> Iterator[str]:
    """The console on the doors' catalogue, with Alice and Léa working for the demo client."""
    with open_catalogue() as (catalogue, registry):
        with unit_of_work(catalogue) as session:
            for login in ("alice", "lea"):
                accounts.create(db_session=session, login=login, display_name=login.title(),
                                email=f"{login}@desk.example", role="agent", password=PASSWORD,
                                grants={"demo": []})
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        with serving(create_app(catalogue, registry, ConsoleConfig(secret=SECRET, public_url=url)), port):
            yield url


@pytest.fixture
def pages(browser, served, console_url) -> Iterator[Any]:
    contexts: list[Any] = []

    def opened(base: str, locale: str) -> Any:
        context = browser.new_context(locale=locale, base_url=base, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield opened
    for context in contexts:
        context.close()


def agent_page(pages, console_url: str, login: str) -> Any:
    page = pages(console_url, "en-GB")
    page.goto("/conversations")
    page.get_by_label("Login").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.get_by_role("heading", name="Live conversations").wait_for()
    return page


def agent_writes(agent: Any, user: Any, text: str, name: str) -> None:
    """The agent sends a message from the pane; it reaches the user's web chat page with the agent's name."""
    from playwright.sync_api import expect

    message = agent.get_by_label("Message to the user")
    message.fill(text)
    message.press("Enter")
    expect(message).to_have_value("")
    agent_said = user.locator(".message.agent")
    expect(agent_said).to_contain_text(text)
    expect(agent_said).to_contain_text(name)


def escalate(directory: Directory, conversation: str, said: str) -> str:
    """What the dialogue's escalation does: the ticket (in the Infrastructure group) and a takeover waiting."""
    with directory.unit_of_work("demo") as session:
        ticket = open_incident(db_session=session, agreements=directory.desk(session), report=IncidentReport(
            service="VPN", description=said, impact=3, urgency=2, requester=conversation, channel="webchat",
            conversation_id=conversation, language="fr"), transcript=[LogLine("requester", conversation, said)])
        ticket.group_name = "Infrastructure"
        conversations.request_takeover(db_session=session, ticket=ticket, conversation_key=conversation,
                                       actor=conversation, reason="l'utilisateur demande un technicien")
        return ticket.number or ""


@pytest.fixture
def patient() -> Iterator[None]:
    """Two servers, a browser with three pages and the SSE polls on a busy machine: more than 5 s may pass."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def test_a_web_chat_user_and_an_agent_talk_live(pages, served, console_url, directory, rasa, patient) -> None:
    from playwright.sync_api import expect

    alice = agent_page(pages, console_url, "alice")
    expect(alice.get_by_text("Nobody is waiting.")).to_be_visible()

    user = pages(served.url, "fr-FR")
    user.goto("/")
    chat = user.get_by_role("log")
    expect(user.locator("#status")).to_have_text("En ligne")
    box = user.get_by_label("Votre message")
    box.fill("mon VPN coupe toutes les cinq minutes, je veux parler à quelqu'un")
    box.press("Enter")
    expect(chat).to_contain_text("Quel service pose problème ?")
    conversation = f"webchat:demo:{session_of(user)}"
    number = escalate(directory, conversation, "mon VPN coupe toutes les cinq minutes, je veux parler à quelqu'un")

    row = alice.locator("table.waiting tr", has_text=number)  # appears without a reload, marked as new
    expect(row).to_be_visible()
    expect(row).to_have_class(re.compile(r"\bnew\b"))
    expect(alice.locator("#announce")).to_have_text("A new conversation is waiting for a technician.")
    expect(alice).to_have_title(re.compile(r"^\(1\) "))

    row.get_by_role("link", name=number).click()
    expect(alice.get_by_role("log")).to_contain_text("mon VPN coupe toutes les cinq minutes")
    alice.get_by_role("button", name="Take over").click()
    expect(alice.locator("#state")).to_have_text("You have this conversation")
    expect(chat).to_contain_text("Alice, technicien du support, prend la suite de la conversation")
    assert rasa.events and rasa.events[-1][1] == [{"event": "pause"}]

    message = alice.get_by_label("Message to the user")
    alice.get_by_label("Canned answer").select_option(label="Bonjour")  # in the user's language
    alice.get_by_role("button", name="Insert").click()
    expect(message).to_have_value(re.compile(rf"^Bonjour .*, je suis technicien du support .*{number}\.$"))
    agent_writes(alice, user, "Bonjour, pouvez-vous redémarrer le client VPN ?", "Alice")
    expect(alice.get_by_role("log")).to_contain_text("Bonjour, pouvez-vous redémarrer le client VPN ?")

    box.fill("c'est fait, ça coupe toujours")
    box.press("Enter")
    expect(alice.get_by_role("log")).to_contain_text("c'est fait, ça coupe toujours")  # live, no reload
    assert rasa.texts() == ["mon VPN coupe toutes les cinq minutes, je veux parler à quelqu'un"]  # bot silent
    folder = os.environ.get("RELAIS_SCREENSHOTS")
    if folder:
        alice.screenshot(path=str(Path(folder) / "live_conversation.png"), full_page=True)

    # A second user; Léa looks at it, Alice takes it first: Léa is told who has it.
    other = "webchat:demo:second"
    second = escalate(directory, other, "l'imprimante du 3e ne répond plus")
    lea = agent_page(pages, console_url, "lea")
    lea.route(re.compile(r"/events"), lambda route: route.abort())  # she clicks before her page hears of it
    lea.locator("table.waiting tr", has_text=second).get_by_role("link", name=second).click()
    alice.goto("/conversations")
    alice.locator("table.waiting tr", has_text=second).get_by_role("link", name=second).click()
    alice.get_by_role("button", name="Take over").click()
    expect(alice.locator("#state")).to_have_text("You have this conversation")
    lea.get_by_role("button", name="Take over").click()
    expect(lea.get_by_role("alert")).to_have_text("Alice took this conversation first.")
    expect(lea.locator("#state")).to_have_text("Alice has this conversation")
    expect(lea.get_by_role("button", name="Take over")).to_have_count(0)
    lea.unroute(re.compile(r"/events"))

    # Alice passes the first conversation to Léa with a note; Léa hands it back to the bot.
    alice.goto("/conversations")
    alice.locator("table.mine tr", has_text=number).get_by_role("link", name=number).click()
    alice.get_by_text("Transfer", exact=True).first.click()
    alice.get_by_label("To", exact=True).select_option(label="Lea")
    alice.get_by_label("Note for them (not shown to the user)").fill("client VPN 5.2, déjà redémarré")
    alice.get_by_role("button", name="Transfer").click()
    expect(alice.locator("#state")).to_have_text("Lea has this conversation")
    expect(chat).to_contain_text("Lea, technicien du support, prend la suite")
    expect(chat).not_to_contain_text("déjà redémarré")  # the note is the desk's
    lea.goto("/conversations")
    lea.locator("table.mine tr", has_text=number).get_by_role("link", name=number).click()
    expect(lea.get_by_role("log")).to_contain_text("client VPN 5.2, déjà redémarré")
    lea.get_by_role("button", name="Hand back to the bot").click()
    expect(lea.locator("#state")).to_have_text("Handed back to the bot")
    expect(chat).to_contain_text("Lea a terminé. Je reprends la main")
    assert (conversation, [{"event": "resume"}, {"event": "action", "name": "action_listen"}]) in rasa.events

    expect(alice.locator("#state")).to_have_text("Handed back to the bot")  # her open pane follows, live

    # Alice resolves the second one with the client's closure codes.
    alice.goto("/conversations")
    alice.locator("table.mine tr", has_text=second).get_by_role("link", name=second).click()
    alice.get_by_text("Resolve", exact=True).first.click()
    alice.get_by_label("Category").select_option("printing")
    alice.get_by_label("Cause").select_option(index=1)
    alice.get_by_label("Resolution").select_option("fixed")
    alice.get_by_label("Solution (the user reads it)").fill("File d'impression purgée")
    alice.get_by_role("button", name="Resolve").click()
    expect(alice.locator("#state")).to_have_text("Resolved")
