"""The people page in headless Chromium (Playwright with the system's browser): a lead opens a client's people from
the client's pages, finds the directory never imported, clicks "Sync now" (a real slapd), reads who is whose manager
and who approves, searches by name from the keyboard, and reads the page in French; an agent is offered no such
page. RELAIS_SCREENSHOTS=docs/screenshots saves the page (people.png) for the README."""

import os
from pathlib import Path

from tests.bot.webchat.test_page_browser import browser
from tests.console.conftest import PASSWORD
from tests.console.people_desk import slapd, with_directory
from tests.console.test_announcements_reports_browser import sign_in
from tests.console.test_browser import console_page

__all__ = ["browser", "slapd"]


def test_a_lead_syncs_the_directory_and_searches_it(browser, desk, slapd, monkeypatch) -> None:
    from playwright.sync_api import expect

    with_directory(desk, slapd, monkeypatch)
    with console_page(browser, desk, "en-GB") as page:
        sign_in(page, "lea", "/clients/alpha")
        page.get_by_role("link", name="People").click()
        expect(page.get_by_role("heading", name="People of Alpha Industries", level=1)).to_be_visible()
        expect(page.locator("#last-sync")).to_have_text("The directory was never imported.")
        expect(page.get_by_text("Nobody matches.")).to_be_visible()

        page.get_by_role("button", name="Sync now").click()
        expect(page.get_by_role("status").first).to_have_text(
            "Directory imported from LDAP: created 3, updated 0, unchanged 0, deactivated 0, refused 0.")
        expect(page.locator("#last-sync")).to_contain_text("(by lea, from LDAP): created 3")
        expect(page.locator("#sync")).to_contain_text("Next scheduled import:")
        people = page.locator("#people tbody tr")
        expect(people).to_have_count(3)
        bob = page.locator('tr[data-person="bob@acme.example"]')
        expect(bob.locator("td.manager")).to_contain_text("Chloé Martin")
        expect(bob.locator("td.approver")).to_have_text("manager of 1, group finance")
        expect(page.locator('tr[data-person="chloe.martin@acme.example"] td.manager')).to_have_text(
            "ceo@acme.example (not in the directory)")
        if os.environ.get("RELAIS_SCREENSHOTS"):
            page.screenshot(path=str(Path(os.environ["RELAIS_SCREENSHOTS"]) / "people.png"), full_page=True)

        page.get_by_label("Search by name or address").fill("dan")
        page.get_by_label("Search by name or address").press("Enter")
        expect(people).to_have_count(1)
        expect(people.first).to_have_attribute("data-person", "dan@acme.example")
        expect(page.locator("#people-found")).to_contain_text("1 of 3 active people match.")
        expect(page.get_by_label("Search by name or address")).to_have_value("dan")

    with console_page(browser, desk, "fr-FR") as page:
        page.goto("/clients/alpha/people")
        page.get_by_label("Identifiant").fill("lea")
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_label("Mot de passe").press("Enter")
        expect(page.get_by_role("heading", name="Personnes de Alpha Industries", level=1)).to_be_visible()
        expect(page.get_by_role("button", name="Synchroniser maintenant")).to_be_visible()
        expect(page.locator('tr[data-person="bob@acme.example"] td.approver')).to_have_text(
            "responsable de 1, groupe finance")


def test_an_agent_is_offered_no_people_page(browser, desk) -> None:
    from playwright.sync_api import expect

    with console_page(browser, desk, "en-GB") as page:
        sign_in(page, "alice", "/clients/alpha")
        expect(page.get_by_role("navigation", name="Pages of Alpha Industries")).to_be_visible()
        expect(page.get_by_role("link", name="People")).to_have_count(0)
        page.goto("/clients/alpha/people")
        expect(page.get_by_role("heading", level=1)).not_to_have_text("People of Alpha Industries")
