"""Trace files end to end in headless Chromium (Playwright with the system's browser): an agent asks the requester
for files from the ticket page; the requester opens the link, drops a screenshot on the upload page and sends
it; the link then refuses a second use; the agent finds the file on the ticket and downloads it. A program dropped
under an image's name is refused politely, and an expired link, or one rewritten to reach another client's ticket,
opens nothing."""

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.directory import Directory
from servicedesk.database import unit_of_work
from servicedesk.models import utcnow
from servicedesk.notifications.models import Notification
from servicedesk.tickets.service import get_by_number
from servicedesk.uploads import links
from servicedesk.uploads.service import offer_upload
from tests.bot.uploads.conftest import SECRET, upload_app
from tests.bot.webchat.test_page_browser import browser
from tests.console.conftest import PASSWORD, free_port, serving
from tests.console.test_browser import console_page
from tests.servicedesk.uploads import samples
from tests.servicedesk.uploads.environment import configure

__all__ = ["browser"]

DROP = """([name, type, bytes]) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], name, { type }));
    return transfer;
}"""


@pytest.fixture
def doors(desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[str]:
    """The upload page on loopback, on the console's client databases and the store the console reads."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    configure(monkeypatch, request, tmp_path / "files", secret=SECRET, public_url=base)
    with serving(upload_app(Directory(desk.catalogue, desk.registry), tmp_path / "files", base), port):
        yield base


@pytest.fixture
def agent_page(browser, desk) -> Iterator[Any]:
    with console_page(browser, desk, "en-GB") as opened:
        yield opened


def drop(page: Any, name: str, data: bytes, content_type: str) -> None:
    page.dispatch_event("#drop", "drop", {"dataTransfer": page.evaluate_handle(DROP, [name, content_type,
                                                                                     list(data)])})


def test_a_dropped_screenshot_reaches_the_ticket_in_the_console(agent_page, browser, desk, doors) -> None:
    from playwright.sync_api import expect

    agent_page.goto("/clients/alpha/tickets/INC-000001")
    agent_page.get_by_label("Login").fill("alice")
    agent_page.get_by_label("Password").fill(PASSWORD)
    agent_page.get_by_label("Password").press("Enter")
    agent_page.get_by_role("button", name="Ask the requester for files (upload link)").click()
    expect(agent_page.locator('p.notice[role="status"]')).to_contain_text("one-time upload link")
    with desk.registry.session_factory("alpha")() as session:
        link = session.scalars(select(Notification).where(Notification.event == "upload_offer")).one().payload["url"]
    assert link.startswith(doors)

    requester = browser.new_context(locale="en-GB").new_page()
    try:
        requester.goto(link)  # in the ticket's language
        expect(requester.get_by_role("heading", level=1)).to_have_text("Files for ticket INC-000001")
        drop(requester, "capture.png", samples.png(), "image/png")
        expect(requester.locator("#chosen li")).to_contain_text("capture.png")
        requester.get_by_role("button", name="Send to support").click()
        expect(requester.locator("#status")).to_contain_text("Thank you: 1 file(s) attached to ticket INC-000001.")
        expect(requester.locator("#drop")).to_be_hidden()
        requester.goto(link)  # a second use
        expect(requester.locator("main")).to_contain_text("This upload link has already been used.")
    finally:
        requester.context.close()

    agent_page.reload()
    file_link = agent_page.locator("a.attachment-file", has_text="capture.png")
    expect(file_link).to_be_visible()
    got = agent_page.request.get(file_link.get_attribute("href"))
    assert got.status == 200 and got.body() == samples.png()
    assert got.headers["content-disposition"].startswith("attachment;")


def test_a_disguised_program_is_refused_politely_and_an_expired_link_opens_nothing(browser, desk, doors) -> None:
    from playwright.sync_api import expect

    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        ticket = get_by_number(db_session=session, number="INC-000001")
        link = offer_upload(db_session=session, client="alpha", ticket=ticket, offered_by="bot", secret=SECRET,
                            base_url=doors).url
        expired = offer_upload(db_session=session, client="alpha", ticket=ticket, offered_by="bot", secret=SECRET,
                               base_url=doors, now=utcnow() - timedelta(days=2)).url
    requester = browser.new_context(locale="en-GB").new_page()
    try:
        requester.goto(link)
        requester.get_by_role("button", name="Send to support").click()
        expect(requester.locator("#status")).to_have_text("Choose a file first.")
        requester.locator("#files").set_input_files([{"name": "holiday.png", "mimeType": "image/png",
                                                      "buffer": samples.windows_program()}])
        requester.get_by_role("button", name="Send to support").click()
        expect(requester.locator("#status .refused")).to_have_text("holiday.png: programs are not accepted.")
        expect(requester.locator("#drop")).to_be_visible()  # nothing kept: the link still serves
        requester.goto(expired)
        expect(requester.locator("main")).to_contain_text("This upload link has expired.")
        # The same link rewritten to name another client's ticket: its signature no longer holds.
        grant = links.verify(link.rsplit("/", 1)[1], SECRET, now=utcnow())
        forged = links.sign(replace(grant, client="bravo"), "not-the-secret")
        requester.goto(f"{doors}/upload/{forged}")
        expect(requester.locator("main")).to_contain_text("This upload link is not valid.")
    finally:
        requester.context.close()
    with desk.registry.session_factory("alpha")() as session:
        assert [a.kind for a in get_by_number(db_session=session, number="INC-000001").attachments] == []
