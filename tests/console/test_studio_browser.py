"""The editors' studio in headless Chromium (Playwright with the system's browser): an editor labels and discards
NLU inbox messages, writes an article from a gap group and sees the group go once the index answers it, tries the
model against a stand-in Rasa, and retrains: a worse model refused with its figures, a better one switched live and
rolled back (fake trainer and scorer: never a real training). An editor of one client cannot open another's pages.

RELAIS_SCREENSHOTS=docs/screenshots saves the gaps page (gaps.png), the retrain page (retrain.png), the inbox
(inbox.png) and the test chat (try.png), for the README.
"""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from servicedesk.database import unit_of_work
from servicedesk.nlu_inbox.training_data import examples_of
from standins.rasa_api import RasaStandin
from tests.bot.webchat.test_page_browser import browser
from tests.console.conftest import SECRET, free_port, serving
from tests.console.studio_desk import add_editors, studio_app
from tests.console.test_announcements_reports_browser import sign_in
from tests.console.test_gaps import BADGE, SCAN_ARTICLE, SCANS, UNRELATED, kb_root
from tests.console.test_nlu_inbox import put
from tests.console.test_training import Fakes
from tests.servicedesk.test_kb_gaps import ticket

__all__ = ["browser", "kb_root"]
DOOR_SECRET = "door-secret-for-tests"


@contextmanager
def studio_page(browser, desk, folder: Path, **studio: Any) -> Iterator[Any]:
    """A page on the console served over loopback, its studio's files in `folder` and `studio`'s parts set."""
    from console.config import ConsoleConfig

    add_editors(desk)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    app = studio_app(desk, folder, ConsoleConfig(secret=SECRET, public_url=url))
    for name, value in studio.items():
        setattr(app.state.studio, name, value)
    with serving(app, port):
        context = browser.new_context(locale="en-GB", base_url=url)
        context.set_default_timeout(15_000)
        try:
            page = context.new_page()
            page.studio = app.state.studio
            yield page
        finally:
            context.close()


def shot(page, name: str) -> None:
    if os.environ.get("RELAIS_SCREENSHOTS"):
        page.screenshot(path=str(Path(os.environ["RELAIS_SCREENSHOTS"]) / name), full_page=True)


def test_an_editor_labels_and_discards_inbox_messages(browser, desk, tmp_path) -> None:
    from playwright.sync_api import expect

    put(desk, "alpha", "ma souris clignote sans arrêt", "m-1", language="fr")
    put(desk, "alpha", "asdfgh qwerty", "m-2")
    with studio_page(browser, desk, tmp_path) as page:
        sign_in(page, "eve", "/studio")
        page.get_by_role("link", name="What the model missed").click()
        expect(page.get_by_role("heading", name="What the model missed · Alpha Industries")).to_be_visible()
        expect(page.locator("blockquote.said")).to_have_text("ma souris clignote sans arrêt")
        expect(page.get_by_text("Predicted report_incident with confidence 0.42")).to_be_visible()
        expect(page.get_by_role("list", name="The turns before it")).to_contain_text("What can I do for you?")
        shot(page, "inbox.png")
        page.get_by_label("The right intent").select_option("report_incident")
        page.get_by_role("button", name="Label").click()
        expect(page.get_by_role("status")).to_contain_text("the example was added to fr.yml")
        expect(page.locator("blockquote.said")).to_have_text("asdfgh qwerty")
        page.get_by_role("link", name="Skip").click()
        expect(page.locator("blockquote.said")).to_have_text("asdfgh qwerty")  # the only one left: shown again
        page.get_by_role("button", name="Discard").click()
        expect(page.get_by_text("Nothing waiting")).to_be_visible()
    fr = examples_of((tmp_path / "nlu" / "fr.yml").read_text(encoding="utf-8"))
    assert "ma souris clignote sans arrêt" in fr["report_incident"]


def test_an_article_from_a_gap_group_published_and_the_group_goes(browser, desk, tmp_path, kb_root) -> None:
    from playwright.sync_api import expect

    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        session.add_all([ticket(f"INC-{number}", words) for number, words in enumerate([*SCANS, BADGE], 101)])
    assert UNRELATED.doc_id
    with studio_page(browser, desk, tmp_path) as page:
        sign_in(page, "eve", "/clients/alpha/gaps")
        first = page.locator("section.gap").first
        expect(first).to_have_attribute("data-size", "3")
        expect(first.locator("ul.words li")).to_have_count(3)
        shot(page, "gaps.png")
        first.get_by_role("button", name="Write an article").click()
        expect(page).to_have_url(re.compile(r"/clients/alpha/articles/"))
        body = page.get_by_label("Text (Markdown)")
        expect(body).to_have_value(re.compile(re.escape(SCANS[1])))  # the draft holds the users' words
        page.get_by_label("Title", exact=True).fill(SCAN_ARTICLE.title)
        body.fill(body.input_value() + SCAN_ARTICLE.text.split("\n\n", 1)[1])  # the editor writes the solution
        page.get_by_role("button", name="Publish").click()
        expect(page.get_by_role("status")).to_be_visible()
        page.goto("/clients/alpha/gaps")
        expect(page.get_by_text("now answered by an article")).to_be_visible()
        expect(page.locator('section.gap[data-size="3"]')).to_have_count(0)
        expect(page.locator("section.gap").first).to_contain_text("badge")


def test_an_editor_tries_the_model(browser, desk, tmp_path) -> None:
    from playwright.sync_api import expect

    rasa = RasaStandin(secret=DOOR_SECRET)
    with studio_page(browser, desk, tmp_path, door_secret=DOOR_SECRET, rasa_transport=rasa.transport(),
                     kb_search=lambda client, text: []) as page:
        sign_in(page, "eve", "/clients/alpha/try")
        page.get_by_label("Language").select_option("fr")
        page.get_by_label("Your message").fill("Outlook plante au démarrage")
        page.get_by_label("Your message").press("Enter")
        turn = page.locator("li.try-turn")
        expect(turn).to_have_count(1)
        expect(turn.locator("dd.intent")).to_contain_text("report_incident 0.87")
        expect(turn.locator("dd.entities")).to_have_text("service=Outlook")
        expect(turn.locator("dd.offered")).to_contain_text("Outlook does not start (KB-OUTLOOK) 0.71")
        page.get_by_label("Your message").fill("merci")
        page.get_by_role("button", name="Send").click()
        expect(turn).to_have_count(2)
        shot(page, "try.png")
    [conversation] = rasa.trackers
    assert rasa.clients[conversation] == "alpha"


def test_a_worse_model_is_refused_a_better_one_goes_live_and_is_rolled_back(browser, desk, tmp_path) -> None:
    from playwright.sync_api import expect

    rasa = RasaStandin(secret="unused")
    (tmp_path / "models").mkdir()
    fakes = Fakes(tmp_path / "models", 0.90, 0.80, 0.93)
    with studio_page(browser, desk, tmp_path, models=tmp_path / "models", trainer=fakes.train, scorer=fakes.score,
                     rasa_transport=rasa.transport()) as page:
        sign_in(page, "eve", "/studio/model")
        rows = page.locator("tbody tr")
        for expected in ("ready", "refused", "ready"):
            page.get_by_role("button", name="Retrain").click()
            expect(rows.first).to_have_attribute("data-state", expected)  # the page reads it again while it trains
            if expected == "ready":
                rows.first.get_by_role("button", name="Switch live").click()
                expect(rows.first).to_have_attribute("data-state", "live")
            else:
                expect(rows.first.locator(".drop").first).to_contain_text("nlu_macro_f1 0.8 < 0.9 (live)")
                expect(rows.first.get_by_role("button", name="Switch live")).to_have_count(0)
        expect(page.locator('tr[data-state="previous"]')).to_have_count(1)
        shot(page, "retrain.png")
        page.get_by_role("button", name="Roll back to the previous model").click()
        expect(rows.last).to_have_attribute("data-state", "live")
        expect(rows.first).to_have_attribute("data-state", "previous")
    assert [Path(loaded).name for loaded in rasa.loaded] == ["relais-0.tar.gz", "relais-2.tar.gz", "relais-0.tar.gz"]


def test_an_editor_cannot_open_another_clients_studio(browser, desk, tmp_path) -> None:
    from playwright.sync_api import expect

    with studio_page(browser, desk, tmp_path) as page:
        sign_in(page, "ed", "/studio")
        expect(page.locator("tr[data-client]")).to_have_count(1)
        for path in ("/clients/alpha/inbox", "/clients/alpha/gaps", "/clients/alpha/try", "/clients/alpha/articles"):
            answer = page.goto(path)
            assert answer is not None and answer.status == 404, path
