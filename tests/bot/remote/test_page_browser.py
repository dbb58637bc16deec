"""The session's page in headless Chromium, as the requester uses it (issue 17): the link from their chat opens the
question in their language; they agree with the button, read the steps, type their tool's code and send it."""

from collections.abc import Iterator
from typing import Any

import pytest

from servicedesk.remote.models import RemoteSession
from tests.bot.remote.bench import RemoteBench
from tests.bot.webchat.test_page_browser import browser
from tests.console.conftest import free_port, serving
from tests.servicedesk.remote.settings import CODE_TOOL, load_remote

__all__ = ["browser"]


@pytest.fixture
def bench(directory, tmp_path) -> RemoteBench:
    load_remote(directory.sessions("demo"), CODE_TOOL)
    return RemoteBench(directory, tmp_path)


@pytest.fixture
def page(browser, bench) -> Iterator[Any]:
    port = free_port()
    with serving(bench.app, port) as url:
        context = browser.new_context(locale="fr-FR", base_url=url)
        context.set_default_timeout(10_000)
        try:
            yield context.new_page()
        finally:
            context.close()


def test_the_requester_agrees_and_sends_their_code(page, bench) -> None:
    from playwright.sync_api import expect

    number = bench.ticket(language="fr")
    session_id = bench.ask(number)
    page.goto(bench.link())
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Assistance à distance — ticket {number}")
    expect(page.get_by_text("Rien ne sera installé ni ouvert sans votre accord")).to_be_visible()
    page.get_by_role("button", name="J'accepte").click()
    expect(page.get_by_text("Lisez le code de session qu'il affiche")).to_be_visible()
    page.get_by_label("Code de session").fill("1 234 567 890")
    page.get_by_role("button", name="Envoyer au technicien").click()
    expect(page.get_by_role("status")).to_have_text("Le technicien a reçu votre code et va vous rejoindre.")
    with bench.directory.sessions("demo")() as session:
        row = session.get_one(RemoteSession, session_id)
    assert (row.state, row.session_code) == ("joined", "1 234 567 890")
