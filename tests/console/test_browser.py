"""The sign-in page and My clients in headless Chromium (Playwright with the system's browser; nothing downloaded):
an agent asks for a page, signs in with the keyboard, lands where they asked, sees their clients and only theirs,
opens one, and signs out; a wrong password is said where a screen reader hears it; a French browser gets French."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from console.config import ConsoleConfig
from tests.bot.webchat.test_page_browser import browser
from tests.console.conftest import NAMES, PASSWORD, SECRET, free_port, serving

__all__ = ["browser"]


@contextmanager
def console_page(browser, desk, locale: str) -> Iterator[Any]:
    """A page of a browser speaking `locale`, in a context of its own, on the console served over loopback."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with serving(desk.app(ConsoleConfig(secret=SECRET, public_url=url)), port):
        context = browser.new_context(locale=locale, base_url=url)
        context.set_default_timeout(10_000)
        try:
            yield context.new_page()
        finally:
            context.close()


@pytest.fixture
def page(browser, desk) -> Iterator[Any]:
    with console_page(browser, desk, "en-GB") as opened:
        yield opened


def test_an_agent_signs_in_sees_their_clients_and_signs_out(page) -> None:
    from playwright.sync_api import expect

    page.goto("/clients/alpha")
    expect(page).to_have_url(re.compile(r"/signin\?next=%2Fclients%2Falpha$"))
    expect(page.get_by_role("heading", name="Sign in to the console")).to_be_visible()
    expect(page.get_by_label("Login")).to_be_focused()

    page.get_by_label("Login").fill("alice")
    page.get_by_label("Password").fill("not her password")
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("alert")).to_have_text("Wrong login or password.")
    expect(page.get_by_label("Login")).to_have_value("alice")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page).to_have_url(re.compile(r"/clients/alpha$"))
    expect(page.get_by_role("heading", name=NAMES["alpha"])).to_be_visible()
    expect(page.get_by_text("2 open tickets.")).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="My clients").click()
    expect(page.get_by_role("heading", name="My clients")).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(NAMES["alpha"])
    expect(rows.first.locator("td.count")).to_have_text("2")
    expect(page.get_by_text(NAMES["bravo"])).to_have_count(0)

    page.goto("/clients/bravo")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()

    page.goto("/clients")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    page.goto("/clients")
    expect(page.get_by_role("heading", name="Sign in to the console")).to_be_visible()


def test_the_session_cookie_is_out_of_reach_of_scripts(page) -> None:
    page.goto("/signin")
    assert page.evaluate("document.cookie") == ""
    [cookie] = page.context.cookies()
    assert (cookie["httpOnly"], cookie["sameSite"]) == (True, "Lax")


def test_a_french_browser_signs_in_in_french(browser, desk) -> None:
    from playwright.sync_api import expect

    with console_page(browser, desk, "fr-FR") as page:
        page.goto("/clients")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        page.get_by_label("Identifiant").fill("lea")
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_role("heading", name="Mes clients")).to_be_visible()
        expect(page.locator("tbody tr")).to_have_count(2)
