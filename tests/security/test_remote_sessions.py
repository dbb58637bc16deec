"""Attacks on remote assistance (issue 17): the session's page answers only its own requester's signed link — a
forged, altered, expired link, a link of another requester or of another client, all get the same "not valid" page
and change nothing — and the agents' side reaches only the tickets of their own clients."""

import time

import pytest
from itsdangerous import URLSafeTimedSerializer

from bot.remote.links import LIFETIME, Grant, RemoteLinks
from servicedesk.remote.models import RemoteSession
from tests.bot import conftest as doors
from tests.bot.remote.bench import BASE, SECRET, RemoteBench
from tests.servicedesk.remote.settings import CODE_TOOL, load_remote

bootstrapped, directory = doors.bootstrapped, doors.directory  # the doors' demo client, a copy per test
GONE = "This link is not or no longer valid"


@pytest.fixture
def bench(directory, tmp_path) -> RemoteBench:
    load_remote(directory.sessions("demo"), CODE_TOOL)
    return RemoteBench(directory, tmp_path)


def _state(bench: RemoteBench, session_id: int) -> str:
    with bench.directory.sessions("demo")() as session:
        return session.get_one(RemoteSession, session_id).state


def _refused(bench: RemoteBench, path: str, session_id: int) -> None:
    for answer in (bench.http.get(path), bench.http.post(path, data={"answer": "yes"}),
                   bench.http.post(f"{path}/code", data={"code": "123"})):
        assert answer.status_code == 404 and GONE in answer.text
    assert _state(bench, session_id) == "asked"


def test_a_forged_or_altered_link_opens_nothing(bench) -> None:
    session_id = bench.ask(bench.ticket())
    token = bench.link().removeprefix("/remote/")
    forged = RemoteLinks("another secret", BASE).link(Grant("demo", session_id, "webchat:demo:u1"))
    _refused(bench, forged.removeprefix(BASE), session_id)
    _refused(bench, f"/remote/{token[:-2]}xx", session_id)
    _refused(bench, "/remote/not-a-token", session_id)


def test_a_user_cannot_consent_for_someone_elses_ticket(bench) -> None:
    """Mallory has a link of her own (her ticket's); she signs nothing, so she can only try ids in her own link's
    place — and the requester's link for Alice's session, were it guessed, names Alice, not her."""
    alice_session = bench.ask(bench.ticket("webchat:demo:alice"))
    bench.told()
    bench.ask(bench.ticket("webchat:demo:mallory"))
    mallory_link = bench.link()
    assert bench.http.get(mallory_link).status_code == 200
    # A link signed for Mallory but naming Alice's session (what a leak of the secret would allow, at most):
    crossed = bench.links.link(Grant("demo", alice_session, "webchat:demo:mallory")).removeprefix(BASE)
    _refused(bench, crossed, alice_session)


def test_a_link_of_another_client_finds_nothing_there(bench) -> None:
    session_id = bench.ask(bench.ticket())
    elsewhere = bench.links.link(Grant("acme", session_id, "webchat:demo:u1")).removeprefix(BASE)
    _refused(bench, elsewhere, session_id)
    nowhere = bench.links.link(Grant("no-such-client", session_id, "webchat:demo:u1")).removeprefix(BASE)
    _refused(bench, nowhere, session_id)


def test_an_expired_link_is_refused(bench, monkeypatch) -> None:
    session_id = bench.ask(bench.ticket())
    signer = URLSafeTimedSerializer(SECRET, salt="relais.remote-session.v1")
    monkeypatch.setattr(time, "time", lambda: 1_700_000_000.0)
    old = signer.dumps({"c": "demo", "s": session_id, "r": "webchat:demo:u1"})
    monkeypatch.undo()
    assert time.time() - 1_700_000_000 > LIFETIME
    _refused(bench, f"/remote/{old}", session_id)
