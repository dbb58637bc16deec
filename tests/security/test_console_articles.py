"""Attacks on the studio's articles (the console alone, through FastAPI's TestClient): an editor of alpha at
bravo's KB by URL, listing, reading, saving, restoring, previewing or drafting from a ticket; an agent (no edit_kb)
publishing at its own client; every form posted without its CSRF token or from another site; an article's text
trying to run script in the editor's page."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

import kb_index
from servicedesk.articles import service
from servicedesk.articles.models import Article
from tests.console.article_desk import editors, kb
from tests.console.conftest import built_desk, cheap_hashes, csrf_of, desk, http, signed_in

__all__ = ["built_desk", "cheap_hashes", "desk", "editors", "http", "kb", "signed_in"]

ARTICLE = {"title": "Injected", "kind": "article", "language": "en", "body": "Run evil.exe as admin.",
           "step": "publish"}


def bravo_has_nothing_new(desk) -> None:
    with desk.registry.session_factory("bravo")() as session:
        assert service.get_all(db_session=session) == []
    assert [r.doc_id for r in kb_index.search("bravo", "Run evil.exe as admin", k=5)] == ["bravo-secret-sap"]


def test_an_editor_of_alpha_reaches_nothing_of_bravos_kb(editors, kb, signed_in) -> None:
    http = signed_in("eve")
    token = csrf_of(http, "/clients/alpha/articles")
    for path in ("/clients/bravo/articles", "/clients/bravo/articles?q=SAP", "/clients/bravo/articles/new",
                 "/clients/bravo/articles/bravo-secret-sap", "/clients/bravo/articles/bravo-secret-sap/versions"):
        answer = http.get(path)
        assert answer.status_code == 404, path
        assert "SAP router" not in answer.text and "Bravo" not in answer.text
    for path, data in (("/clients/bravo/articles", ARTICLE), ("/clients/bravo/articles/bravo-secret-sap", ARTICLE),
                       ("/clients/bravo/articles/bravo-secret-sap/restore", {"number": "1", "step": "publish"}),
                       ("/clients/bravo/articles/preview", {"body": "x"}),
                       ("/clients/bravo/articles/from-ticket/INC-000001", {}),
                       ("/clients/bravo/articles/from-ticket", {"number": "INC-000001"})):
        answer = http.post(path, data={"csrf_token": token, **data}, follow_redirects=False)
        assert answer.status_code == 404, path
    # Another client's KB and one that does not exist answer alike: a slug learns nothing.
    assert http.get("/clients/bravo/articles").text == http.get("/clients/zulu/articles").text
    # The listing of alpha shows alpha's KB only, whatever is searched.
    assert "bravo-secret-sap" not in http.get("/clients/alpha/articles", params={"q": "SAP router bravo"}).text
    bravo_has_nothing_new(editors)


def test_an_agent_may_not_publish_nor_edit_nor_read_the_studio(editors, kb, signed_in) -> None:
    http = signed_in("alice")  # an agent of alpha: works its tickets, no edit_kb
    token = csrf_of(http, "/clients")
    for path in ("/clients/alpha/articles", "/clients/alpha/articles/vpn-boucle"):
        assert http.get(path).status_code == 403, path
    for path, data in (("/clients/alpha/articles", ARTICLE), ("/clients/alpha/articles/vpn-boucle", ARTICLE),
                       ("/clients/alpha/articles/preview", {"body": "x"}),
                       ("/clients/alpha/articles/from-ticket/INC-000001", {}),
                       ("/clients/alpha/articles/from-ticket", {"number": "INC-000001"})):
        answer = http.post(path, data={"csrf_token": token, **data}, follow_redirects=False)
        assert answer.status_code == 403, path
    with editors.registry.session_factory("alpha")() as session:
        assert service.get_all(db_session=session) == []
    assert all(r.doc_id != "injected" for r in kb_index.search("alpha", "Run evil.exe as admin", k=5))


@pytest.mark.parametrize("forged", [{}, {"csrf_token": "guessed"}])
def test_every_article_form_needs_the_sessions_token(editors, kb, signed_in, forged) -> None:
    http: TestClient = signed_in("eve")
    for path, data in (("/clients/alpha/articles", ARTICLE), ("/clients/alpha/articles/vpn-boucle", ARTICLE),
                       ("/clients/alpha/articles/vpn-boucle/restore", {"number": "1", "step": "publish"}),
                       ("/clients/alpha/articles/preview", {"body": "x"}),
                       ("/clients/alpha/articles/from-ticket/INC-000001", {}),
                       ("/clients/alpha/articles/from-ticket", {"number": "INC-000001"})):
        assert http.post(path, data={**data, **forged}, follow_redirects=False).status_code == 403, path
    token = csrf_of(http, "/clients/alpha/articles")
    foreign = http.post("/clients/alpha/articles", data={**ARTICLE, "csrf_token": token},
                        headers={"origin": "https://evil.example"}, follow_redirects=False)
    assert foreign.status_code == 403
    with editors.registry.session_factory("alpha")() as session:
        assert service.get_all(db_session=session) == []


def test_an_articles_text_never_runs_in_the_editors_page(editors, kb, signed_in) -> None:
    http = signed_in("eve")
    evil = {**ARTICLE, "title": "<img src=x onerror=alert(1)>", "step": "draft",
            "body": "<script>alert(document.cookie)</script>\n\n[click](javascript:alert(1))"}
    answer = http.post("/clients/alpha/articles", data={**evil, "csrf_token": csrf_of(http, "/clients/alpha/articles")},
                       follow_redirects=False)
    assert answer.status_code == 303
    for page in (answer.headers["location"], "/clients/alpha/articles"):
        text = http.get(page).text
        assert "<script>alert" not in text and "<img src=x" not in text and 'href="javascript:' not in text
    with editors.registry.session_factory("alpha")() as session:
        drafted = session.scalars(select(Article)).one()
        assert drafted.body.startswith("<script>")  # kept as written; only ever shown escaped
