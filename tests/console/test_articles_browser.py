"""The studio's articles in headless Chromium (Playwright with the system's browser): an editor edits an article
with the live preview, publishes it and the next KB search finds it, then restores the version before; a lead
turns a resolved ticket into a draft from the ticket page, its personal data masked.

RELAIS_SCREENSHOTS=docs/screenshots saves the editor with its live preview (article_editor.png) and the versions
with their diff (article_versions.png), for the README.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import kb_index
from servicedesk.database import unit_of_work
from servicedesk.settings.current import desk_of
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.resolution import resolve_ticket
from tests.bot.webchat.test_page_browser import browser
from tests.console.article_desk import editors, kb
from tests.console.conftest import PASSWORD
from tests.console.test_browser import console_page

__all__ = ["browser", "editors", "kb"]


@pytest.fixture
def page(browser, editors, kb) -> Iterator[Any]:
    with console_page(browser, editors, "en-GB") as opened:
        yield opened


def sign_in(page: Any, login: str) -> None:
    page.goto("/studio")
    page.get_by_label("Login").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")


def test_an_editor_edits_publishes_finds_and_restores_an_article(page) -> None:
    from playwright.sync_api import expect

    sign_in(page, "eve")
    page.locator('a[href="/clients/alpha/articles"]').first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Articles of Alpha Industries")
    page.get_by_role("link", name="Le VPN tourne en boucle").click()

    body = page.get_by_label("Text (Markdown)")
    body.fill("# Le VPN tourne en boucle\n\n## Solution\n1. Désinstallez GlobalProtect.\n2. **Réinstallez** la "
              "version 6.2 depuis le Portail d'entreprise.")
    preview = page.locator("#a-preview")
    expect(preview.locator("strong")).to_have_text("Réinstallez", timeout=15_000)  # the live preview, from the server
    expect(preview.locator("ol li")).to_have_count(2)
    page.get_by_label("Services it covers").select_option("VPN")
    folder = os.environ.get("RELAIS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / "article_editor.png"), full_page=True)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator('p.notice[role="status"]')).to_have_text("Published: the next search finds it.")
    assert kb_index.search("alpha", "réinstaller GlobalProtect 6.2 Portail d'entreprise", k=1)[0].doc_id == (
        "vpn-boucle")

    page.locator("nav.client-nav").get_by_role("link", name="Articles", exact=True).first.click()
    page.get_by_label("Search the knowledge base").fill("GlobalProtect 6.2 Portail d'entreprise")
    page.get_by_role("button", name="Show").click()
    first = page.locator("table.articles tbody tr").first
    expect(first).to_have_attribute("data-doc", "vpn-boucle")
    expect(first.locator("td[data-state]")).to_have_text("Published")

    first.get_by_role("link").click()
    page.get_by_role("link", name=re.compile(r"^Versions \(2\)$")).click()
    expect(page.locator("pre.diff .add").first).to_contain_text("+")
    expect(page.locator("pre.diff")).to_contain_text("+2. **Réinstallez** la version 6.2")
    if folder:
        page.screenshot(path=str(Path(folder) / "article_versions.png"), full_page=True)
    page.locator('li[data-version="1"]').get_by_role("button", name="Restore and publish 1").click()
    expect(page.locator('p.notice[role="status"]')).to_have_text("Version 1 restored as a new version.")
    expect(page.get_by_label("Text (Markdown)")).to_have_value(re.compile("Redémarrez GlobalProtect"))
    document = kb_index.listing.document("alpha", "vpn-boucle")
    assert document is not None and "Redémarrez GlobalProtect" in document.text


def test_a_lead_drafts_an_article_from_a_resolved_ticket_with_its_personal_data_masked(page, editors) -> None:
    from playwright.sync_api import expect

    with unit_of_work(editors.registry.session_factory("alpha")) as session:
        ticket = session.scalars(select(Ticket).order_by(Ticket.id)).first()
        assert ticket is not None
        number = ticket.number
        ticket.requester = "Jeanne Roux"
        ticket.description = "Jeanne Roux (jeanne.roux@alpha.example, 06 11 22 33 44): Outlook crashes at start-up"
        resolve_ticket(db_session=session, ticket=ticket, desk=desk_of(db_session=session), actor="console:lea",
                       category="software", cause_code="configuration", resolution_code="fixed",
                       solution="Outlook profile rebuilt; told Jeanne to call 06 11 22 33 44 if it comes back.")
    sign_in(page, "lea")
    page.goto(f"/clients/alpha/tickets/{number}")
    page.get_by_role("button", name="Write an article from this ticket").click()
    expect(page.locator('p.notice[role="status"]')).to_contain_text(f"Draft made from ticket {number}")
    text = page.get_by_label("Text (Markdown)").input_value()
    assert "Outlook profile rebuilt" in text
    assert all(gone not in text for gone in ("Jeanne", "Roux", "jeanne.roux@", "06 11 22"))
    expect(page.locator("p[data-state]")).to_have_attribute("data-state", "draft")
    assert all(not r.doc_id.startswith("alpha-outlook") for r in kb_index.search("alpha", "Outlook profile rebuilt"))
