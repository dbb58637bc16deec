"""The approval e-mail's confirmation page in headless Chromium, as the manager uses it: the link opens the
request with its choice ticked, nothing decided yet; a rejection without a reason is asked for one; with it, the
decision is recorded and a second visit says it was already decided."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI

from bot.approvals.decisions import Decisions
from bot.approvals.page import ApprovalPage
from tests.bot.approvals.scene import approval_of, people, request, ticket_of, token
from tests.bot.webchat.test_page_browser import browser
from tests.console.conftest import free_port, serving

__all__ = ["browser"]
SECRET = "approval-secret"


@pytest.fixture
def site(directory) -> Iterator[str]:
    app = FastAPI()
    app.include_router(ApprovalPage(Decisions(directory, SECRET)).router)
    with serving(app, free_port()) as url:
        yield url


@pytest.fixture
def page(browser, site) -> Iterator[Any]:
    context = browser.new_context(locale="fr-FR", base_url=site)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_the_manager_confirms_a_rejection_with_its_reason(page, directory) -> None:
    from playwright.sync_api import expect

    people(directory)
    number = request(directory)
    link = f"/approvals/{token(directory, number, SECRET)}?decision=reject"
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Approbation de la demande {number}")
    expect(page.get_by_test_id("requester")).to_have_text("marie.dupont@demo-industrie.example")
    expect(page.get_by_label("Refuser")).to_be_checked()
    assert approval_of(directory, number).status == "pending"  # opening the link decided nothing
    page.get_by_role("button", name="Envoyer ma décision").click()
    expect(page.get_by_role("alert")).to_have_text("Dites pourquoi vous refusez : le demandeur le lira.")
    page.get_by_label("Motif (obligatoire pour un refus)").fill("Pas de budget cette année")
    page.get_by_role("button", name="Envoyer ma décision").click()
    expect(page.get_by_role("status")).to_contain_text(f"Vous avez refusé la demande {number}.")
    assert approval_of(directory, number).reason == "Pas de budget cette année"
    assert ticket_of(directory, number).status == "cancelled"
    page.goto(link)
    expect(page.get_by_test_id("message")).to_contain_text("déjà été décidée")
    expect(page.get_by_role("button", name="Envoyer ma décision")).to_have_count(0)
