"""Attacks on the editors' studio pages (the console alone, through FastAPI's TestClient, a stand-in Rasa, a fake
trainer): an editor of alpha at bravo's NLU inbox, gaps and test chat by URL and by message id; an agent (no edit_kb)
labelling, drafting, chatting or retraining at its own client; every form posted without its CSRF token or from
another site; a user's words trying to run script in the editor's page; the test chat asked for a real user's
conversation."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from servicedesk.database import unit_of_work
from servicedesk.nlu_inbox import service as inbox
from servicedesk.nlu_inbox.models import PENDING
from standins.rasa_api import RasaStandin
from tests.console.conftest import built_desk, cheap_hashes, csrf_of, desk, sign_in
from tests.console.studio_desk import add_editors, studio_app
from tests.console.test_nlu_inbox import put, status_of
from tests.console.test_training import Fakes
from tests.servicedesk.test_kb_gaps import ticket

__all__ = ["built_desk", "cheap_hashes", "desk"]
SECRET = "door-secret-for-tests"
SCRIPT = "<script>alert('owned')</script>"


@pytest.fixture
def rasa() -> RasaStandin:
    return RasaStandin(secret=SECRET)


@pytest.fixture
def http(desk, tmp_path: Path, rasa: RasaStandin, monkeypatch):
    monkeypatch.setenv("RELAIS_KB_ROOT", str(tmp_path / "kb"))  # no index: the gaps are read, nothing found
    add_editors(desk)
    app = studio_app(desk, tmp_path)
    (tmp_path / "models").mkdir()
    fakes = Fakes(tmp_path / "models", 0.9, 0.9, 0.9)
    studio = app.state.studio
    studio.door_secret, studio.rasa_transport, studio.kb_search = SECRET, rasa.transport(), lambda c, t: []
    studio.models, studio.trainer, studio.scorer = tmp_path / "models", fakes.train, fakes.score
    with TestClient(app) as client:
        yield client


def test_an_editor_of_alpha_reaches_nothing_of_bravos_studio(http, desk, rasa, tmp_path) -> None:
    secret = put(desk, "bravo", "bravo's secret words", "b-1")
    with unit_of_work(desk.registry.session_factory("bravo")) as session:
        session.add(ticket("INC-900", "bravo's unanswered secret"))
    sign_in(http, "eve")
    token = csrf_of(http, "/clients/alpha/inbox")
    for path in ("/clients/bravo/inbox", f"/clients/bravo/inbox?after={secret - 1}", "/clients/bravo/gaps",
                 "/clients/bravo/try"):
        answer = http.get(path)
        assert answer.status_code == 404, path
        assert "secret" not in answer.text and "Bravo" not in answer.text
    assert http.get("/clients/bravo/inbox").text == http.get("/clients/zulu/inbox").text  # a slug learns nothing
    for path, data in ((f"/clients/bravo/inbox/{secret}/label", {"intent": "greet"}),
                       (f"/clients/bravo/inbox/{secret}/discard", {}), ("/clients/bravo/gaps/draft", {"group": "x"}),
                       ("/clients/bravo/try", {"message": "hi"})):
        assert http.post(path, data={"csrf_token": token, **data}, follow_redirects=False).status_code == 404, path
    # bravo's message id through alpha's URL: alpha's database has no such message
    for path in (f"/clients/alpha/inbox/{secret}/label", f"/clients/alpha/inbox/{secret}/discard"):
        answer = http.post(path, data={"csrf_token": token, "intent": "greet"}, follow_redirects=False)
        assert answer.status_code == 404, path
    assert status_of(desk, "bravo", secret) == PENDING
    assert "bravo's" not in (tmp_path / "nlu" / "en.yml").read_text(encoding="utf-8")
    assert rasa.trackers == {}


def test_an_agent_may_not_label_draft_chat_or_retrain(http, desk, rasa) -> None:
    mine = put(desk, "alpha", "alpha words", "a-1")
    sign_in(http, "alice")  # an agent of alpha: works its tickets, no edit_kb
    token = csrf_of(http, "/clients")
    for path in ("/studio", "/clients/alpha/inbox", "/clients/alpha/gaps", "/clients/alpha/try", "/studio/model"):
        assert http.get(path).status_code == 403, path
    for path, data in ((f"/clients/alpha/inbox/{mine}/label", {"intent": "greet"}),
                       (f"/clients/alpha/inbox/{mine}/discard", {}), ("/clients/alpha/gaps/draft", {"group": "x"}),
                       ("/clients/alpha/try", {"message": "hi"}), ("/studio/model/train", {}),
                       ("/studio/model/rollback", {}), ("/studio/model/anything/live", {})):
        assert http.post(path, data={"csrf_token": token, **data}, follow_redirects=False).status_code == 403, path
    assert status_of(desk, "alpha", mine) == PENDING and rasa.trackers == {} and rasa.loaded == []
    assert http.app.state.studio.registry().all() == []


def test_every_studio_form_needs_its_token_and_this_site(http, desk, rasa) -> None:
    mine = put(desk, "alpha", "alpha words", "a-1")
    sign_in(http, "eve")
    token = csrf_of(http, "/clients/alpha/inbox")
    forms = ((f"/clients/alpha/inbox/{mine}/label", {"intent": "greet"}), (f"/clients/alpha/inbox/{mine}/discard", {}),
             ("/clients/alpha/gaps/draft", {"group": "x"}), ("/clients/alpha/try", {"message": "hi"}),
             ("/studio/model/train", {}), ("/studio/model/rollback", {}))
    for path, data in forms:
        assert http.post(path, data=data, follow_redirects=False).status_code == 403, path
        answer = http.post(path, data={"csrf_token": token, **data}, headers={"origin": "https://evil.example"},
                           follow_redirects=False)
        assert answer.status_code == 403, path
    assert status_of(desk, "alpha", mine) == PENDING and rasa.trackers == {}
    assert http.app.state.studio.registry().all() == []


def test_users_words_never_run_as_script_in_the_editors_pages(http, desk) -> None:
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        inbox.keep(db_session=session, conversation_id="c", message_key="x", text=SCRIPT, intent="greet",
                   confidence=0.1, ranking=[], language="en", excerpt=[{"speaker": "bot", "text": SCRIPT}],
                   threshold=0.7)
        session.add(ticket("INC-901", SCRIPT))
    sign_in(http, "eve")
    for path in ("/clients/alpha/inbox", "/clients/alpha/gaps"):
        page = http.get(path)
        assert page.status_code == 200 and SCRIPT not in page.text and "&lt;script&gt;" in page.text, path


def test_the_test_chat_reads_no_real_users_conversation(http, rasa) -> None:
    rasa.trackers["webchat:alpha-user-1"] = [{"event": "user", "text": "my real problem"}]
    sign_in(http, "eve")
    for conversation in ("webchat:alpha-user-1", "webchat:studio-alpha-root-1", "webchat:studio-bravo-eve-1",
                         "webchat:studio-alpha-eve-1/../../alpha-user-1"):
        answer = http.get("/clients/alpha/try", params={"conversation": conversation})
        assert answer.status_code == 404 and "my real problem" not in answer.text, conversation
