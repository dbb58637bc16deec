"""The NLU inbox page: one message at a time with what came before it; a label writes the training file of its
language (through the use case `make nlu-review` calls), discard and skip; only a client's editors reach it."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from servicedesk.database import unit_of_work
from servicedesk.nlu_inbox import service as inbox
from servicedesk.nlu_inbox.models import DISCARDED, LABELLED, PENDING
from servicedesk.nlu_inbox.training_data import examples_of
from tests.console.conftest import Desk, csrf_of, sign_in
from tests.console.studio_desk import add_editors, studio_app
from tests.servicedesk.nlu_inbox.conftest import prediction


@pytest.fixture
def http(desk: Desk, tmp_path: Path) -> Iterator[TestClient]:
    add_editors(desk)
    with TestClient(studio_app(desk, tmp_path)) as client:
        yield client


def put(desk: Desk, slug: str, text: str, key: str, **more) -> int:
    with unit_of_work(desk.registry.session_factory(slug)) as session:
        message = inbox.keep(db_session=session, **prediction(text=text, message_key=key, **more))
        assert message is not None
        return message.id


def status_of(desk: Desk, slug: str, message_id: int) -> str:
    with desk.registry.session_factory(slug)() as session:
        return inbox.get(db_session=session, message_id=message_id).status


def test_the_page_shows_the_message_its_turns_and_the_prediction(http, desk) -> None:
    put(desk, "alpha", "my thingy is weird", "m-1")
    sign_in(http, "eve")
    page = http.get("/clients/alpha/inbox")
    assert page.status_code == 200
    assert "my thingy is weird" in page.text and "What can I do for you?" in page.text
    assert "report_incident" in page.text and "0.42" in page.text


def test_a_label_lands_in_the_language_file_and_the_next_message_follows(http, desk, tmp_path) -> None:
    first = put(desk, "alpha", "ma souris clignote sans arrêt", "m-1", language="fr")
    put(desk, "alpha", "the second one", "m-2")
    sign_in(http, "eve")
    token = csrf_of(http, "/clients/alpha/inbox")
    answer = http.post(f"/clients/alpha/inbox/{first}/label", data={"intent": "report_incident", "csrf_token": token})
    assert answer.status_code == 200 and "fr.yml" in answer.text and "the second one" in answer.text
    assert "ma souris clignote sans arrêt" in examples_of((tmp_path / "nlu" / "fr.yml").read_text())["report_incident"]
    assert status_of(desk, "alpha", first) == LABELLED


def test_discard_and_skip(http, desk) -> None:
    first = put(desk, "alpha", "noise noise", "m-1")
    second = put(desk, "alpha", "the second one", "m-2")
    sign_in(http, "eve")
    assert "the second one" in http.get(f"/clients/alpha/inbox?after={first}").text  # skipped: still pending
    assert status_of(desk, "alpha", first) == PENDING
    token = csrf_of(http, "/clients/alpha/inbox")
    http.post(f"/clients/alpha/inbox/{second}/discard", data={"csrf_token": token})
    assert status_of(desk, "alpha", second) == DISCARDED


def test_a_refused_example_says_why_and_stays_pending(http, desk) -> None:
    first = put(desk, "alpha", "see [this](link)", "m-1")
    sign_in(http, "eve")
    token = csrf_of(http, "/clients/alpha/inbox")
    answer = http.post(f"/clients/alpha/inbox/{first}/label", data={"intent": "report_incident", "csrf_token": token})
    assert "entity markup" in answer.text and "see [this](link)" in answer.text
    assert status_of(desk, "alpha", first) == PENDING


def test_an_editor_of_another_client_and_an_agent_are_refused(http, desk) -> None:
    first = put(desk, "alpha", "my thingy is weird", "m-1")
    sign_in(http, "ed")  # bravo's editor
    assert http.get("/clients/alpha/inbox").status_code == 404
    token = csrf_of(http, "/clients/bravo/inbox")
    assert http.post(f"/clients/alpha/inbox/{first}/discard", data={"csrf_token": token}).status_code == 404
    assert http.post(f"/clients/bravo/inbox/{first}/discard", data={"csrf_token": token}).status_code == 404
    assert status_of(desk, "alpha", first) == PENDING
    http.post("/signout", data={"csrf_token": token})
    sign_in(http, "alice")  # alpha's agent, not an editor
    assert http.get("/clients/alpha/inbox").status_code == 403
    assert http.get("/studio").status_code == 403


def test_the_studio_lists_the_clients_edited(http, desk) -> None:
    sign_in(http, "eve")
    page = http.get("/studio")
    assert page.status_code == 200 and 'data-client="alpha"' in page.text and 'data-client="bravo"' not in page.text
    assert http.get("/clients").status_code == 200  # an editor's home: no queue of its own, no error


def test_a_label_may_mark_a_new_example_of_an_entity(http, desk, tmp_path) -> None:
    first = put(desk, "alpha", "Citrix plante au lancement", "m-1", language="fr")
    sign_in(http, "eve")
    page = http.get("/clients/alpha/inbox")
    assert '<option value="application">' in page.text
    token = csrf_of(http, "/clients/alpha/inbox")
    http.post(f"/clients/alpha/inbox/{first}/label", data={"intent": "report_incident", "entity_words": "Citrix",
                                                           "entity": "application", "csrf_token": token})
    fr = examples_of((tmp_path / "nlu" / "fr.yml").read_text())
    assert "[Citrix](application) plante au lancement" in fr["report_incident"]
