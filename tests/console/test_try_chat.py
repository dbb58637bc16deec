"""The test chat against a stand-in Rasa: each turn's intent, entities, slots, actions and the fix offered; the
claims name the client and the editor; a conversation key that is not the editor's own is refused."""

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from standins.rasa_api import RasaStandin
from tests.console.conftest import Desk, csrf_of, sign_in
from tests.console.studio_desk import add_editors, studio_app

SECRET = "door-secret-for-tests"


@pytest.fixture
def rasa() -> RasaStandin:
    return RasaStandin(secret=SECRET)


@pytest.fixture
def http(desk: Desk, tmp_path: Path, rasa: RasaStandin) -> Iterator[TestClient]:
    add_editors(desk)
    app = studio_app(desk, tmp_path)
    app.state.studio.door_secret = SECRET
    app.state.studio.rasa_transport = rasa.transport()
    app.state.studio.kb_search = lambda client, text: [SimpleNamespace(
        title=f"{client} article", doc_id="KB-1", kind="article", score=0.66, confident=True)]
    with TestClient(app) as client:
        yield client


def test_a_turn_shows_why_the_bot_answered(http, rasa) -> None:
    sign_in(http, "eve")
    token = csrf_of(http, "/clients/alpha/try")
    page = http.post("/clients/alpha/try", data={"message": "Outlook crashes", "language": "en", "csrf_token": token})
    assert page.status_code == 200
    [conversation] = rasa.trackers
    assert conversation.startswith("webchat:studio-alpha-eve-") and rasa.clients[conversation] == "alpha"
    assert rasa.trackers[conversation][0] == {"event": "slot", "name": "language", "value": "en"}
    for shown in ("report_incident 0.87", "service=Outlook", "action_level1",
                  "Outlook does not start (KB-OUTLOOK) 0.71",
                  "(alpha) you said: Outlook crashes", "alpha article (KB-1, article) 0.66"):
        assert shown in page.text
    again = http.post("/clients/alpha/try", data={"message": "thanks", "conversation": conversation,
                                                   "csrf_token": token})
    assert "greet 0.41" in again.text and "report_incident 0.87" in again.text


def test_another_conversation_is_not_readable(http, rasa) -> None:
    rasa.trackers["webchat:someone-real"] = [{"event": "user", "text": "my secret problem"}]
    sign_in(http, "eve")
    assert http.get("/clients/alpha/try", params={"conversation": "webchat:someone-real"}).status_code == 404
    other = "webchat:studio-alpha-root-0123456789ab"  # another editor's trial
    assert http.get("/clients/alpha/try", params={"conversation": other}).status_code == 404
    token = csrf_of(http, "/clients/alpha/try")
    answer = http.post("/clients/alpha/try", data={"message": "hi", "conversation": "webchat:someone-real",
                                                    "csrf_token": token})
    assert answer.status_code == 404 and len(rasa.trackers["webchat:someone-real"]) == 1


def test_no_rasa_says_so(http, rasa, desk) -> None:
    http.app.state.studio.rasa_transport = None  # nothing listens on port 9
    sign_in(http, "eve")
    token = csrf_of(http, "/clients/alpha/try")
    page = http.post("/clients/alpha/try", data={"message": "hello", "csrf_token": token})
    assert page.status_code == 200 and "does not answer" in page.text


def test_only_the_clients_editors_try_it(http) -> None:
    sign_in(http, "ed")
    assert http.get("/clients/alpha/try").status_code == 404
    token = csrf_of(http, "/clients/bravo/try")
    assert http.post("/clients/alpha/try", data={"message": "x", "csrf_token": token}).status_code == 404
