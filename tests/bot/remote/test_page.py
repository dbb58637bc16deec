"""The session's page as the requester uses it (issue 17): the consent question reaches their chat in their
language with its signed link; on the page they agree or decline once, see their tool's steps, and type its code,
which reaches the ticket for the technician."""

import pytest

from servicedesk.remote.models import RemoteSession
from tests.bot.remote.bench import RemoteBench
from tests.servicedesk.remote.settings import CODE_TOOL, load_remote


@pytest.fixture
def bench(directory, tmp_path) -> RemoteBench:
    load_remote(directory.sessions("demo"), CODE_TOOL)
    return RemoteBench(directory, tmp_path)


def _state(bench: RemoteBench, session_id: int) -> str:
    with bench.directory.sessions("demo")() as session:
        return session.get_one(RemoteSession, session_id).state


def test_the_question_reaches_the_chat_in_the_users_language_with_the_pages_link(bench) -> None:
    number = bench.ticket(language="fr")
    bench.ask(number)
    [said] = bench.told()
    assert said.startswith(f"Un technicien souhaite voir et piloter votre ordinateur avec RustDesk pour traiter "
                           f"votre ticket {number}. Rien ne se fera sans votre accord.")
    page = bench.http.get(bench.link())
    assert page.status_code == 200
    assert f"ticket {number}" in page.text and "J'accepte" in page.text and "Je refuse" in page.text
    assert page.headers["referrer-policy"] == "no-referrer" and page.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


def test_an_english_ticket_reads_in_english(bench) -> None:
    bench.ask(bench.ticket("webchat:demo:en1", language="en"))
    assert bench.told()[0].startswith("A technician would like to see and control your computer with RustDesk")
    assert "I agree" in bench.http.get(bench.link()).text


def test_agreeing_gives_the_steps_and_the_code_reaches_the_ticket(bench) -> None:
    number = bench.ticket()
    session_id = bench.ask(number)
    link = bench.link()
    answered = bench.http.post(link, data={"answer": "yes"}, follow_redirects=False)
    assert (answered.status_code, answered.headers["location"]) == (303, link)
    assert _state(bench, session_id) == "consented"
    steps = bench.told()[-1]
    assert steps.startswith(f"Pour laisser le technicien accéder à votre ordinateur avec RustDesk (ticket {number})")
    assert "1. Ouvrez RustDesk" in steps and "3. Saisissez-le sur cette page : http://testserver/remote/" in steps
    page = bench.http.get(link).text
    assert 'name="code"' in page and "Lisez le code de session" in page
    empty = bench.http.post(f"{link}/code", data={"code": "  "})
    assert "recopiez-le tel qu" in empty.text and _state(bench, session_id) == "consented"
    bench.http.post(f"{link}/code", data={"code": "1 234 567 890"})
    assert _state(bench, session_id) == "joined"
    assert "RustDesk session code: 1 234 567 890" in bench.log(number)
    assert "Le technicien a reçu votre code" in bench.http.get(link).text


def test_declining_is_recorded_and_the_link_answers_no_more(bench) -> None:
    number = bench.ticket()
    session_id = bench.ask(number)
    link = bench.link()
    bench.http.post(link, data={"answer": "no"})
    assert _state(bench, session_id) == "refused"
    assert "personne n'accédera à votre ordinateur" in bench.http.get(link).text
    bench.http.post(link, data={"answer": "yes"})  # the same link again: the first answer stands
    assert _state(bench, session_id) == "refused"
    assert bench.http.post(f"{link}/code", data={"code": "123"}).status_code == 404
    assert "declined remote assistance (RustDesk)" in bench.log(number)
