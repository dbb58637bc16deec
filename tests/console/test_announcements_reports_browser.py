"""Announcements and reports in headless Chromium (Playwright with the system's browser): a lead starts a planned
change in French and English from the keyboard and the mouse, posts an update, ends it, and finds it among the past
ones; then opens the client's reports, picks the last 7 days, sees the charts beside their tables, and downloads
the CSV.

RELAIS_SCREENSHOTS=docs/screenshots saves the reports page (reports.png) and the ended announcement
(announcement.png), for the README.
"""

import csv
import io
import os
import re
from pathlib import Path

from tests.bot.webchat.test_page_browser import browser
from tests.console.conftest import NAMES, PASSWORD
from tests.console.test_browser import console_page
from tests.console.test_reports import resolve_two

__all__ = ["browser"]


def sign_in(page, login: str, path: str) -> None:
    page.goto(path)
    page.get_by_label("Login").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")


def test_a_lead_announces_a_planned_change_updates_it_and_ends_it(browser, desk) -> None:
    from playwright.sync_api import expect

    with console_page(browser, desk, "en-GB") as page:
        sign_in(page, "lea", "/clients/alpha")
        page.get_by_role("link", name="Announcements").click()
        expect(page.get_by_role("heading", name=f"Announcements to the users of {NAMES['alpha']}")).to_be_visible()
        expect(page.get_by_text("No announcement yet.")).to_be_visible()
        page.get_by_label("Planned change").check()
        page.get_by_label("VPN", exact=True).check()
        page.get_by_label("Starts (Europe/Paris time)").fill("2026-12-12T08:00")
        page.get_by_label("Ends (Europe/Paris time, optional)").fill("2026-12-12T12:00")
        page.get_by_label("Title in French").fill("Mise à jour du VPN")
        page.get_by_label("Text in French").fill("Le VPN sera coupé samedi matin.")
        page.get_by_label("Title in English").fill("VPN upgrade")
        page.get_by_label("Text in English").fill("The VPN will be off on Saturday morning.")
        page.get_by_role("button", name="Announce").click()

        expect(page.get_by_role("status")).to_have_text("Announced: it is on its way to the client's users.")
        expect(page.get_by_role("heading", name="VPN upgrade", level=1)).to_be_visible()
        expect(page.locator("dd[data-state]")).to_have_text("Planned")
        page.get_by_label("Update in French").fill("Décalé à 9h.")
        page.get_by_label("Update in English").fill("Moved to 9:00.")
        page.get_by_role("button", name="Post the update").click()
        expect(page.get_by_role("status")).to_have_text("Update posted in the announcement's thread.")
        expect(page.locator("ol.updates li")).to_have_count(1)
        expect(page.locator("ol.updates")).to_contain_text("Moved to 9:00.")

        page.get_by_label("Update in French").fill("Terminé, le VPN est revenu.")
        page.get_by_label("Update in English").fill("Over, the VPN is back.")
        page.get_by_role("button", name="End the announcement").click()
        expect(page.get_by_role("status")).to_have_text("Announcement ended: its last message is on its way.")
        expect(page.locator('ol.updates li[data-final="yes"]')).to_contain_text("Over, the VPN is back.")
        expect(page.locator("dd[data-state]")).to_contain_text("Ended on")
        expect(page.get_by_role("button", name="Post the update")).to_have_count(0)
        if os.environ.get("RELAIS_SCREENSHOTS"):
            page.screenshot(path=str(Path(os.environ["RELAIS_SCREENSHOTS"]) / "announcement.png"), full_page=True)

        page.get_by_role("link", name="All announcements").click()
        row = page.locator("table.announcements tbody tr")
        expect(row).to_have_count(1)
        expect(row.first).to_have_attribute("data-state", "ended")
        expect(row.first).to_contain_text("VPN upgrade")


def test_a_lead_reads_the_reports_and_downloads_the_csv(browser, desk, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    resolve_two(desk)  # one ticket by the KB in the chat, one by a level-2 agent
    with console_page(browser, desk, "en-GB") as page:
        sign_in(page, "lea", "/clients/alpha/announcements")
        page.get_by_role("navigation", name=f"Pages of {NAMES['alpha']}").get_by_role("link", name="Reports").click()
        expect(page.get_by_role("heading", name=f"Reports on {NAMES['alpha']}")).to_be_visible()
        expect(page.get_by_label("Last 30 days")).to_be_checked()
        page.get_by_label("Last 7 days").check()
        page.get_by_role("button", name="Show").click()
        expect(page).to_have_url(re.compile(r"/clients/alpha/reports\?period=7"))
        expect(page.get_by_label("Last 7 days")).to_be_checked()
        chart = page.get_by_role("img", name="Who resolved")
        expect(chart).to_be_visible()
        expect(chart).to_have_attribute("aria-describedby", "table-resolvers")
        expect(page.locator("#table-summary")).to_contain_text("Tickets created")
        bot = page.locator("#table-resolvers tr", has_text="Without an agent (the KB in the chat)")
        expect(bot.locator("td")).to_have_text(["1", "2", "50.0 %"])
        expect(page.locator("svg.chart")).not_to_have_count(0)
        if os.environ.get("RELAIS_SCREENSHOTS"):
            page.screenshot(path=str(Path(os.environ["RELAIS_SCREENSHOTS"]) / "reports.png"), full_page=True)

        with page.expect_download() as download:
            page.get_by_role("link", name="Download as CSV").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert re.fullmatch(r"relais-report-alpha-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv", saved.name)
        rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
        assert rows[0] == ["table", "row", "column", "value"]
        assert ["Key figures", "Tickets created", "Value", "2"] in rows
        assert ["Who resolved", "Level 2 agents", "Count", "1"] in rows
