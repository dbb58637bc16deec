"""Signing out everywhere in headless Chromium: an agent signed in in two browsers (two contexts, two cookies)
signs out everywhere in one; the other is sent to the sign-in page at its next click, told its session ended."""

import re
from collections.abc import Iterator
from typing import Any

import pytest

from console.config import ConsoleConfig
from tests.bot.webchat.test_page_browser import browser
from tests.console.conftest import NAMES, PASSWORD, SECRET, free_port, serving

__all__ = ["browser"]


@pytest.fixture
def two_browsers(browser, desk) -> Iterator[tuple[Any, Any]]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with serving(desk.app(ConsoleConfig(secret=SECRET, public_url=url)), port):
        contexts = [browser.new_context(locale="en-GB", base_url=url) for _ in range(2)]
        try:
            for context in contexts:
                context.set_default_timeout(10_000)
            yield contexts[0].new_page(), contexts[1].new_page()
        finally:
            for context in contexts:
                context.close()


def sign_in(page: Any) -> None:
    from playwright.sync_api import expect

    page.goto("/clients")
    page.get_by_label("Login").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", name="My clients")).to_be_visible()


def test_signing_out_everywhere_in_one_browser_ends_the_other_ones_session(two_browsers) -> None:
    from playwright.sync_api import expect

    laptop, phone = two_browsers
    sign_in(laptop)
    sign_in(phone)
    expect(phone.get_by_role("link", name=NAMES["alpha"], exact=True)).to_be_visible()

    laptop.get_by_role("navigation").get_by_role("link", name="My password").click()
    laptop.get_by_role("button", name="Sign out everywhere").click()
    expect(laptop).to_have_url(re.compile(r"/signin\?signed_out=1$"))
    expect(laptop.get_by_role("status")).to_have_text("You are signed out.")

    phone.get_by_role("link", name=NAMES["alpha"], exact=True).click()  # its next click, with the cookie of before
    expect(phone).to_have_url(re.compile(r"/signin\?next=%2Fclients%2Falpha&expired=1$"))
    expect(phone.get_by_role("status")).to_have_text("Your session has ended: sign in again.")
    expect(phone.get_by_role("heading", name="Sign in to the console")).to_be_visible()

    phone.get_by_label("Login").fill("alice")  # and signs in again, back where it was going
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_label("Password").press("Enter")
    expect(phone.get_by_role("heading", name=NAMES["alpha"])).to_be_visible()
