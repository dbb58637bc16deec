"""The web chat page in headless Chromium (Playwright with the system's browser; nothing downloaded): a user
types, the bot answers with buttons, a click sends the payload and disables the group, an agent who takes
over writes through the event stream, a closed page gets what it missed, and the page speaks the browser's
language, French or English, including when something goes wrong."""

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.delivery import Delivery
from bot.handoff import Handoff
from bot.messages import BotMessage
from servicedesk.conversations import service as conversations
from servicedesk.database import unit_of_work
from servicedesk.identity import claims
from servicedesk.tickets.service import IncidentReport, open_incident
from standins.doors import RecordingAgentDesk
from tests.bot.webchat.conftest import DOOR_SECRET, MENU, demo_secret, site_user

CHROMIUM = Path(os.environ.get("RELAIS_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
AGENT = "slack:T0RELAISDESK:U9"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        reason = f"no Chromium at {CHROMIUM} (scripts/setup.sh installs it: apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if CHROMIUM.exists() else Path(shutil.which("chromium") or "")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, served) -> Iterator[Callable[[str, str], Any]]:
    """Pages in their own browser contexts (a fresh localStorage each), closed before the server stops."""
    contexts = []

    def opened(path: str, locale: str) -> Any:
        context = browser.new_context(locale=locale)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(served.url + path)
        return page

    yield opened
    for context in contexts:
        context.close()


def session_of(page, key: str = "demo", storage: str = "localStorage") -> str:
    """The session the server issued the page (an anonymous one is kept in localStorage, a person's in
    sessionStorage), waiting for the page to have it."""
    page.wait_for_function(f"{storage}.getItem('relais.webchat.{key}.auth') !== null")
    return page.evaluate(f"JSON.parse({storage}.getItem('relais.webchat.{key}.auth')).session")


def agent_takes_over(served, door, directory, rasa, conversation: str) -> tuple[Handoff, int]:
    with unit_of_work(directory.sessions("demo")) as session:
        ticket = open_incident(db_session=session, agreements=directory.desk(session), report=IncidentReport(
            service="VPN", description="le VPN coupe", impact=3, urgency=3, requester=conversation,
            channel="webchat", conversation_id=conversation, language="fr"))
        takeover_id = conversations.request_takeover(db_session=session, ticket=ticket, conversation_key=conversation,
                                                     actor="bot", reason="a human, please").id
    delivery = Delivery(directory, {"webchat": door.outlet}, RecordingAgentDesk(), rasa.client, interval=60)
    handoff = Handoff(directory, wake=lambda: served.run_soon(delivery.run_once()))
    served.run(handoff.take("demo", takeover_id, AGENT, "Hélène Martin"))
    return handoff, takeover_id


def test_a_conversation_with_buttons_then_an_agent_who_takes_over(open_page, served, door, directory, rasa) -> None:
    from playwright.sync_api import expect

    page = open_page("/", "fr-FR")
    log = page.get_by_role("log")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(log).to_contain_text("Bonjour ! Je suis Relais")
    expect(page.locator("#status")).to_have_text("En ligne")

    box = page.get_by_label("Votre message")
    box.fill("mon VPN coupe toutes les dix minutes")
    box.press("Enter")
    expect(log).to_contain_text("Quel service pose problème ?")
    choices = page.get_by_role("group", name="Réponses possibles")
    expect(choices.get_by_role("button")).to_have_text(["VPN", "Imprimante"])
    expect(box).to_be_focused()

    choices.get_by_role("button", name="VPN").click()
    expect(log).to_contain_text(f"Noté : {MENU[0]['payload']}")
    assert rasa.texts() == ["mon VPN coupe toutes les dix minutes", MENU[0]["payload"]]
    for button in choices.get_by_role("button").all():
        expect(button).to_be_disabled()
    expect(page.locator(".message.user .bubble").last).to_have_text("VPN")

    conversation = f"webchat:demo:{session_of(page)}"
    assert rasa.messages[-1]["sender"] == conversation
    handoff, takeover_id = agent_takes_over(served, door, directory, rasa, conversation)
    expect(log).to_contain_text("Hélène Martin, technicien du support, prend la suite")
    served.run(handoff.agent_says("demo", takeover_id, AGENT, "Hélène Martin", "Bonjour, je regarde votre VPN."))
    agent = page.locator(".message.agent")
    expect(agent).to_have_count(1)
    expect(agent).to_contain_text("Hélène Martin")
    expect(agent).to_contain_text("Bonjour, je regarde votre VPN.")

    box.fill("merci !")
    box.press("Enter")
    expect(page.locator(".message.user .bubble").last).to_have_text("merci !")
    page.wait_for_function("document.getElementById('typing').hidden")
    assert rasa.texts()[-1] == MENU[0]["payload"]  # the agent has it: Rasa hears nothing

    page.goto("about:blank")  # the page is closed while the agent writes
    served.run(handoff.agent_says("demo", takeover_id, AGENT, "Hélène Martin", "Pouvez-vous redémarrer ?"))
    page.goto(f"{served.url}/")
    expect(log).to_contain_text("Pouvez-vous redémarrer ?")
    expect(page.locator(".message.agent")).to_have_count(2)  # restored once, not twice
    expect(log).to_contain_text("mon VPN coupe toutes les dix minutes")  # the transcript is kept
    assert f"webchat:demo:{session_of(page)}" == conversation


def test_in_english_with_a_notification_and_polite_errors(open_page, served, door, rasa) -> None:
    from playwright.sync_api import expect

    page = open_page("/chat?key=demo", "en-GB")
    log = page.get_by_role("log")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    box = page.get_by_label("Your message")
    expect(box).to_have_attribute("placeholder", re.compile("Describe your problem"))

    page.get_by_role("button", name="Send").click()  # nothing typed
    expect(page.get_by_role("alert")).to_have_text("Write a message before sending.")
    assert rasa.messages == []

    # The server's own check: a message made too long on its way (the text box stops at 4000 characters) is
    # kept, not read, and answered politely; it was sent, so it is not marked as not sent.
    def lengthen(route) -> None:
        long = " ".join(["The printer on the second floor has not printed anything since this morning."] * 60)
        route.continue_(post_data=route.request.post_data.replace('"text":"hello"', '"text":"' + long + '"'))

    page.route("**/webchat/api/messages", lengthen)
    box.fill("hello")
    box.press("Enter")
    expect(page.locator(".message.system").last).to_contain_text(
        "Your message is too long (4619 characters, 4000 at most)")
    expect(page.locator(".message.user.failed")).to_have_count(0)
    page.unroute("**/webchat/api/messages")
    assert rasa.messages == []

    rasa.down = True
    box.fill("my printer is jammed again")
    box.press("Enter")
    expect(log).to_contain_text("Sorry, I'm having a technical problem")

    served.run(door.outlet.notify(door.place("demo", "demo", session_of(page)),
                                  [BotMessage(text="Ticket INC-0042 has been resolved.", author="system")]))
    notice = page.locator(".message.system").last
    expect(notice).to_contain_text("Ticket INC-0042 has been resolved.")
    expect(notice.locator(".author")).to_have_text("Notice")


def test_an_unknown_key_gets_a_page_in_both_languages(open_page, rasa) -> None:
    from playwright.sync_api import expect

    page = open_page("/chat?key=nobody", "en-US")
    expect(page.get_by_role("alert")).to_contain_text("n'est rattaché à aucun client")
    expect(page.get_by_role("alert")).to_contain_text("isn't linked to any client")
    assert page.locator("textarea").count() == 0 and rasa.messages == []


def signed_claims(rasa) -> claims.DoorClaims:
    sent = rasa.messages[-1]
    return claims.verify(sent["metadata"][claims.METADATA_KEY], DOOR_SECRET, conversation=sent["sender"])


def test_a_user_the_site_vouches_for_chats_as_themselves_and_a_forged_hash_is_refused(open_page, served, door,
                                                                                       rasa) -> None:
    from urllib.parse import urlencode

    from playwright.sync_api import expect

    ana = site_user("42", "ana.lima@demo.example", "Ana Lima", secret=demo_secret(door))
    page = open_page("/chat?key=demo#" + urlencode({"user_id": ana["id"], "email": ana["email"],
                                                    "name": ana["name"], "user_hash": ana["hash"]}), "fr-FR")
    expect(page.locator("#who")).to_have_text("Connecté : Ana Lima")
    expect(page.locator("#status")).to_have_text("En ligne")
    session = session_of(page, storage="sessionStorage")  # a person's token goes with the tab
    assert page.evaluate("localStorage.getItem('relais.webchat.demo.auth')") is None
    box = page.get_by_label("Votre message")
    box.fill("mon imprimante bourre")
    box.press("Enter")
    expect(page.get_by_role("log")).to_contain_text("Quel service pose problème ?")
    said = signed_claims(rasa)
    assert (said.requester, said.email, said.conversation) == ("webchat:demo:site:42", "ana.lima@demo.example",
                                                               f"webchat:demo:{session}")

    forged = open_page("/chat?key=demo#" + urlencode({"user_id": "43", "email": "boss@demo.example",
                                                      "user_hash": ana["hash"]}), "fr-FR")
    expect(forged.get_by_role("alert")).to_contain_text("Nous n'avons pas pu vérifier votre identité")
    expect(forged.get_by_label("Votre message")).to_be_disabled()
    expect(forged.get_by_role("button", name="Recharger la page")).to_be_visible()
    assert len(rasa.messages) == 1


def test_a_page_whose_token_is_refused_asks_to_reload(open_page, served, rasa) -> None:
    from playwright.sync_api import expect

    page = open_page("/", "en-GB")
    session_of(page)
    expect(page.locator("#status")).to_have_text("Online")
    page.evaluate("""() => {  // as if the token had expired, or been tampered with
        const auth = JSON.parse(localStorage.getItem('relais.webchat.demo.auth'));
        localStorage.setItem('relais.webchat.demo.auth', JSON.stringify({...auth, token: auth.token + 'x'}));
    }""")
    page.reload()  # the old token is not renewed: a new anonymous session instead
    expect(page.locator("#status")).to_have_text("Online")
    tampered = page.evaluate("JSON.parse(localStorage.getItem('relais.webchat.demo.auth')).token") + "x"
    page.route("**/webchat/api/messages", lambda route: route.continue_(headers={
        **route.request.headers, "authorization": f"Bearer {tampered}"}))
    box = page.get_by_label("Your message")
    box.fill("hello")
    box.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Your chat session is no longer valid")
    expect(box).to_be_disabled()
    expect(page.get_by_role("button", name="Reload the page")).to_be_visible()
    assert rasa.messages == []
    page.unroute("**/webchat/api/messages")
    page.get_by_role("button", name="Reload the page").click()
    expect(page.get_by_label("Your message")).to_be_enabled()


def test_acme_asks_to_sign_in_and_a_signed_in_user_chats_with_their_email(open_page, served, idp, rasa) -> None:
    from playwright.sync_api import expect

    page = open_page("/chat?key=acme", "fr-FR")
    expect(page.get_by_role("alert")).to_contain_text("connectez-vous avec votre compte d'entreprise")
    expect(page.get_by_label("Votre message")).to_be_disabled()
    page.get_by_role("button", name="Se connecter").click()

    page.wait_for_url(f"{idp.issuer}/**")  # the identity provider's own page
    page.get_by_label("Login").fill(idp.user.login)
    page.get_by_label("Password").fill(idp.user.password)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(f"{served.url}/chat?key=acme")  # back, the token out of the address bar
    expect(page.locator("#who")).to_have_text(f"Connecté : {idp.user.name}")
    assert "token" not in page.url
    box = page.get_by_label("Votre message")
    expect(box).to_be_enabled()
    box.fill("mon VPN coupe")
    box.press("Enter")
    expect(page.get_by_role("log")).to_contain_text("Quel service pose problème ?")
    said = signed_claims(rasa)
    assert (said.client, said.requester, said.email, said.directory_id) == (
        "acme", f"webchat:acme:oidc:{idp.user.sub}", idp.user.email, idp.user.sub)
    assert said.conversation == f"webchat:acme:{session_of(page, 'acme', 'sessionStorage')}"

