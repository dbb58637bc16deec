"""The ticket page's remote-assistance panel in headless Chromium (Playwright with the system's browser): an agent
asks for hands on the machine with the button, the panel says the requester is being asked, the device's link and
the user's code appear once they came, and the agent ends the session."""

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.remote import service as remote
from servicedesk.remote.models import RemoteSession
from servicedesk.remote.providers import Device
from tests.bot.webchat.test_page_browser import browser
from tests.console.conftest import PASSWORD
from tests.console.test_browser import console_page
from tests.servicedesk.remote.settings import CODE_TOOL, load_remote

__all__ = ["browser"]


@pytest.fixture
def page(browser, desk) -> Iterator[Any]:
    load_remote(desk.registry.session_factory("alpha"), CODE_TOOL)
    with console_page(browser, desk, "en-GB") as opened:
        yield opened


def test_an_agent_asks_for_hands_on_the_machine_and_sees_the_device_arrive(page, desk) -> None:
    from playwright.sync_api import expect

    page.goto("/clients/alpha/tickets/INC-000001")
    page.get_by_label("Login").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    panel = page.locator("section.remote")
    expect(panel.get_by_role("heading", name="Remote assistance")).to_be_visible()
    panel.get_by_role("button", name="Ask for hands on the machine (RustDesk)").click()
    expect(page.locator('p.notice[role="status"]')).to_contain_text("the requester is asked for their consent")
    expect(panel.locator(".remote-state")).to_have_text("waiting for the requester's consent")
    expect(panel.get_by_role("button", name="Ask for hands on the machine (RustDesk)")).to_have_count(0)

    factory = desk.registry.session_factory("alpha")
    with unit_of_work(factory) as db_session:  # the requester agrees on their page and reads out their code
        [session] = db_session.scalars(select(RemoteSession)).all()
        remote.answer(db_session=db_session, session_id=session.id, requester="user@client.example", consent=True)
        remote.give_code(db_session=db_session, session_id=session.id, requester="user@client.example",
                         code="987 654 321")
        remote.joined(db_session=db_session, session=session,
                      device=Device("node//n1", "PC-0042", "https://mesh.example/?gotonode=n1", True))
    page.reload()
    expect(panel.locator(".remote-code")).to_have_text("987 654 321")
    device = panel.get_by_role("link", name="Open PC-0042 in RustDesk")
    expect(device).to_have_attribute("href", "https://mesh.example/?gotonode=n1")
    expect(page.locator("li.log-remote", has_text="RustDesk session code: 987 654 321")).to_have_count(1)

    panel.get_by_role("button", name="End the remote session").click()
    expect(page.locator('p.notice[role="status"]')).to_have_text("INC-000001: remote session ended.")
    expect(panel.locator(".remote-state")).to_have_text("ended")
    expect(panel.get_by_role("button", name="Ask for hands on the machine (RustDesk)")).to_be_visible()
