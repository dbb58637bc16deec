"""The ticket page in headless Chromium (Playwright with the system's browser): an agent signs in, opens a ticket
from the clients page through its queue, adds an internal note and a public reply (queued for the requester's own
channel), raises the priority (the clock's deadline moves), resolves it with the client's closure codes and reopens
it — with the keyboard-reachable forms and labels a person uses."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from servicedesk.conversations import service as conversations
from servicedesk.database import unit_of_work
from servicedesk.notifications.models import Notification
from servicedesk.tickets.service import get_by_number
from tests.bot.webchat.test_page_browser import browser
from tests.console.conftest import PASSWORD
from tests.console.test_browser import console_page

__all__ = ["browser"]


@pytest.fixture
def page(browser, desk) -> Iterator[Any]:
    with unit_of_work(desk.registry.session_factory("alpha")) as session:  # the requester talks in the web chat
        conversations.remember(db_session=session, key="webchat:alpha:u1", channel="webchat",
                               requester="user@client.example", address={"session": "u1"})
        get_by_number(db_session=session, number="INC-000001").channel = "webchat"
    with console_page(browser, desk, "en-GB") as opened:
        yield opened


def test_an_agent_works_a_ticket_from_note_to_reopening(page, desk) -> None:
    from playwright.sync_api import expect

    page.goto("/clients")
    page.get_by_label("Login").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.locator('a[href="/clients/alpha/queue"]').first.click()
    page.get_by_role("link", name="INC-000001").click()
    expect(page).to_have_url(re.compile(r"/clients/alpha/tickets/INC-000001$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("INC-000001")
    done = page.locator('p.notice[role="status"]')

    page.get_by_label("Internal note").fill("user is on leave until Monday")
    page.get_by_role("button", name="Add the note").click()
    expect(done).to_have_text("Note added to INC-000001.")
    expect(page.locator("li.log-comment")).to_contain_text("user is on leave until Monday")

    page.get_by_label("Public reply to the requester").fill("Could you restart Outlook?")
    page.get_by_role("button", name="Send the reply").click()
    expect(done).to_have_text("Reply sent to the requester of INC-000001.")
    with desk.registry.session_factory("alpha")() as session:
        row = session.scalars(select(Notification).where(Notification.event == "agent_reply")).one()
        assert (row.audience, row.recipient, row.channel) == ("requester", "user@client.example", "webchat")
        assert row.payload["text"] == "Could you restart Outlook?"

    deadline = page.locator('tr[data-clock="SLA-ttr"] td.deadline')
    before = deadline.inner_text()
    page.locator("#priority-impact").select_option("1")
    page.locator("#priority-urgency").select_option("1")
    page.get_by_role("button", name="Change the priority").click()
    expect(done).to_have_text("Priority of INC-000001 changed: its clocks follow.")
    expect(page.locator(".ticket-facts .priority")).to_have_text("P1")
    assert deadline.inner_text() != before  # the resolution clock was retargeted

    page.get_by_label("Cause", exact=True).select_option("software_bug")
    page.get_by_label("Resolution", exact=True).select_option("fixed")
    page.get_by_label("Solution", exact=True).fill("Outlook profile rebuilt")
    page.get_by_role("button", name="Resolve the ticket").click()
    expect(done).to_have_text("INC-000001 is resolved: the requester is asked to confirm.")
    expect(page.locator(".ticket-facts .status")).to_have_text("Resolved")

    page.locator("#reopen-reason").fill("it crashed again")
    page.get_by_role("button", name="Reopen").click()
    expect(done).to_have_text("INC-000001 is reopened.")
    expect(page.locator(".ticket-facts .status")).to_have_text("In progress")
    with desk.registry.session_factory("alpha")() as session:
        ticket = get_by_number(db_session=session, number="INC-000001")
        assert (ticket.priority, ticket.reopen_count, ticket.cause_code) == ("P1", 1, "software_bug")
        assert {entry.actor for entry in ticket.history if entry.field != "takeover"} == {"console:alice"}
