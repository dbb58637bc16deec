"""The gaps page on a real index (the KB's own encoder): alpha's unanswered questions grouped by meaning, largest
first, in the users' words; "write an article" starts a draft holding them; a group shrinks and then disappears
as the index answers its questions; nobody but alpha's editors reads alpha's gaps."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kb_index import index, store
from kb_index.documents import Document
from servicedesk.articles.models import Article
from servicedesk.database import unit_of_work
from tests.console.conftest import Desk, csrf_of, sign_in
from tests.console.studio_desk import add_editors, studio_app
from tests.servicedesk.test_kb_gaps import ticket

SCANS = ["le scanner du copieur n'envoie plus les scans par mail", "the copier's scanner no longer e-mails my scans",
         "je ne reçois plus mes scans du copieur par e-mail"]
BADGE = "le lecteur de badge refuse ma carte à l'entrée"
SCAN_ARTICLE = Document("scan-vers-mail", "article", "fr", "Le copieur n'envoie plus les scans par e-mail",
                        "# Le copieur n'envoie plus les scans par e-mail\n\nLe scanner du copieur n'envoie plus les "
                        "scans par mail : son mot de passe SMTP a expiré. Saisissez le nouveau dans l'interface du "
                        "copieur, puis refaites un scan vers votre e-mail.")
UNRELATED = Document("teams-son", "article", "fr", "Pas de son dans Teams",
                     "# Pas de son dans Teams\n\nVérifiez le périphérique audio choisi dans les paramètres de Teams.")


@pytest.fixture
def kb_root(tmp_path: Path, monkeypatch) -> Iterator[Path]:
    root = tmp_path / "kb"
    monkeypatch.setenv("RELAIS_KB_ROOT", str(root))
    index.build("alpha", [UNRELATED], specs=["use"], root=root)
    yield root
    store.forget()


@pytest.fixture
def http(desk: Desk, tmp_path: Path, kb_root: Path) -> Iterator[TestClient]:
    add_editors(desk)
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        session.add_all([ticket(f"INC-{number}", words) for number, words in enumerate([*SCANS, BADGE], 101)])
    with TestClient(studio_app(desk, tmp_path)) as client:
        yield client


def sizes(page: str) -> list[int]:
    import re

    return [int(size) for size in re.findall(r'data-size="(\d+)"', page)]


def test_groups_largest_first_then_an_article_from_one(http, desk) -> None:
    sign_in(http, "eve")
    page = http.get("/clients/alpha/gaps")
    assert page.status_code == 200 and sizes(page.text)[0] == 3 and set(sizes(page.text)[1:]) == {1}  # the desk's too
    assert all(words in page.text.replace("&#39;", "'") for words in SCANS)
    token = csrf_of(http, "/clients/alpha/gaps")
    key = page.text.split('data-gap="')[1].split('"')[0]
    answer = http.post("/clients/alpha/gaps/draft", data={"group": key, "csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 303 and "/clients/alpha/articles/" in answer.headers["location"]
    with desk.registry.session_factory("alpha")() as session:
        [draft] = session.query(Article).all()
        assert draft.state == "draft" and draft.origin == "gap" and all(words in draft.body for words in SCANS)


def test_a_group_disappears_once_an_article_answers_it(http, kb_root) -> None:
    sign_in(http, "eve")
    before = sizes(http.get("/clients/alpha/gaps").text)
    index.upsert("alpha", SCAN_ARTICLE, root=kb_root)
    page = http.get("/clients/alpha/gaps")
    assert sizes(page.text) == before[1:] and "now answered" in page.text and BADGE in page.text.replace("&#39;", "'")
    stale = http.post("/clients/alpha/gaps/draft", data={"group": "0" * 16, "csrf_token": csrf_of(http, "/studio")})
    assert stale.status_code == 404


def test_only_alphas_editors_read_alphas_gaps(http) -> None:
    sign_in(http, "ed")
    assert http.get("/clients/alpha/gaps").status_code == 404
    token = csrf_of(http, "/clients/bravo/gaps")
    assert http.post("/clients/alpha/gaps/draft", data={"group": "x", "csrf_token": token}).status_code == 404
    http.post("/signout", data={"csrf_token": token})
    sign_in(http, "alice")
    assert http.get("/clients/alpha/gaps").status_code == 403
