"""The queue in headless Chromium (Playwright with the system's browser): an agent signs in and opens a client's
queue from My clients; a P1 ticket's time to own turns amber, then red, as the test moves the console's clock; a
ticket opened in the client's database meanwhile, and a conversation handed to a person, appear without a reload,
through the page's event stream.

RELAIS_SCREENSHOTS=docs/screenshots saves the queue as it ends there (queue.png), for the README.
"""

import os
import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from console.app import create_app
from console.config import ConsoleConfig
from servicedesk.conversations.service import request_takeover
from servicedesk.database import unit_of_work
from servicedesk.settings.current import desk_of
from servicedesk.tickets import workflow
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from tests.bot.webchat.test_page_browser import browser
from tests.console.conftest import PASSWORD, SECRET, Desk, free_port, serving
from tests.console.test_queue import Clock

__all__ = ["browser"]
PARIS = ZoneInfo("Europe/Paris")


def a_tuesday_morning() -> datetime:
    """10:00 in Paris on a Tuesday after the desk was built (its tickets opened before), the demo's office open."""
    day = datetime.now(UTC).astimezone(PARIS).date() + timedelta(days=2)
    while day.weekday() != 1:
        day += timedelta(days=1)
    return datetime.combine(day, time(10), PARIS).astimezone(UTC)


def opened(desk: Desk, description: str, impact: int, urgency: int, at: datetime, service: str = "WMS") -> str:
    report = IncidentReport(service=service, description=description, impact=impact, urgency=urgency,
                            requester="marie.dupont@alpha.example", channel="webchat", conversation_id=description,
                            language="en")
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        return open_incident(db_session=session, report=report, agreements=desk_of(db_session=session),
                             now=at).number or ""


def changed(desk: Desk, number: str, step, **kwargs) -> None:
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        ticket = get_by_number(db_session=session, number=number)
        step(db_session=session, ticket=ticket, agreements=desk_of(db_session=session), **kwargs)


def test_a_ticket_turns_amber_then_red_and_news_arrive_without_a_reload(browser, desk: Desk) -> None:
    from playwright.sync_api import expect

    t0 = a_tuesday_morning()
    clock = Clock(t0 + timedelta(minutes=5))
    down = opened(desk, "Every handheld scanner of the warehouse is down", 1, 1, t0)  # P1: 15 min to own, 24/7
    soon = opened(desk, "Label printer of dock 3 prints blank labels", 2, 2, t0 - timedelta(minutes=5))  # P2: 30 min
    vpn = opened(desk, "VPN drops every hour for the sales team", 3, 2, t0 - timedelta(minutes=40), service="VPN")
    changed(desk, vpn, workflow.assign, group="Infrastructure", level=2, actor="console:lea", reason="network",
            now=t0 - timedelta(minutes=30))
    form = opened(desk, "Which form do I fill in for a new badge?", 3, 3, t0 - timedelta(hours=1), service="Badge")
    changed(desk, form, workflow.change_status, to="pending", pending_reason="requester", actor="console:lea",
            now=t0 - timedelta(minutes=50))

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    config = ConsoleConfig(secret=SECRET, public_url=url, live_poll=0.2)
    with serving(create_app(desk.catalogue, desk.registry, config, clock=clock), port):
        context = browser.new_context(locale="en-GB", base_url=url, viewport={"width": 1440, "height": 900})
        context.set_default_timeout(10_000)
        try:
            page = context.new_page()
            page.goto("/clients")
            page.get_by_label("Login").fill("alice")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_label("Password").press("Enter")
            page.get_by_role("link", name="Queue Alpha Industries").click()
            expect(page.get_by_role("heading", name="Queue of Alpha Industries")).to_be_visible()

            row = page.locator(f'tr[data-number="{down}"]')
            tto = row.locator("td.clock").first
            order = page.locator("tbody tr").evaluate_all("rows => rows.map(row => row.dataset.number)")
            assert order.index(down) < order.index(soon) < order.index(vpn)  # the nearest deadline first
            expect(row).to_have_class("ok")
            expect(tto).to_have_text("10 min on time")
            page.evaluate("window.stillTheSamePage = true")

            clock.now = t0 + timedelta(minutes=12)
            expect(row).to_have_class("warning")
            expect(tto).to_have_text("3 min due soon")

            clock.now = t0 + timedelta(minutes=20, seconds=30)
            expect(row).to_have_class("breached")
            expect(tto).to_have_text("−5 min breached")
            expect(page.locator(f'tr[data-number="{form}"] td.clock').nth(1)).to_contain_text("paused")

            new = opened(desk, "The WMS refuses every putaway since 10:15", 2, 2, clock.now)
            expect(page.locator(f'tr[data-number="{new}"]')).to_be_visible()
            expect(page.locator("#waiting-count")).to_have_text("0")
            with unit_of_work(desk.registry.session_factory("alpha")) as session:
                request_takeover(db_session=session, ticket=get_by_number(db_session=session, number=new),
                                 conversation_key="webchat:alpha:marie", actor="marie.dupont@alpha.example",
                                 reason="asked for a person")
            expect(page.locator("#waiting-count")).to_have_text("1")
            expect(page.locator(f'tr[data-number="{new}"]')).to_contain_text("waiting for an agent")
            assert page.evaluate("window.stillTheSamePage") is True  # all of it without a reload
            assert re.search(r"/clients/alpha/queue$", page.url)
            expect(page.locator(f'tr[data-number="{soon}"]')).to_have_class("warning")

            page.get_by_label("Priority").select_option("P1")
            page.get_by_label("Search: number, reference or words").press("Enter")  # a form, sent from the keyboard
            expect(page).to_have_url(re.compile(r"priority=P1"))
            expect(page.locator("tbody tr")).to_have_count(1)
            page.get_by_role("link", name="Clear the filters").click()
            expect(page.locator("tbody tr")).to_have_count(7)  # the desk's two, and the five opened here

            folder = os.environ.get("RELAIS_SCREENSHOTS")
            if folder:
                Path(folder).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(folder) / "queue.png"), full_page=True)
        finally:
            context.close()
