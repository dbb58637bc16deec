"""Attacks on the upload page (bot/uploads/): the link is the whole authority, so every way of bending one must
open nothing — expired, tampered, another user's or client's ticket, used before — and what a link does open
takes no file that is too large, a program in disguise, or a name that climbs out of its folder."""

import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.directory import Directory
from servicedesk import operations
from servicedesk.clients.registry import open_catalogue
from servicedesk.models import utcnow
from servicedesk.uploads import links
from tests.bot.conftest import stores
from tests.bot.uploads.conftest import SECRET, Desk, upload_app
from tests.servicedesk.uploads import samples


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Directory]:
    folder = tmp_path_factory.mktemp("uploads")
    with pytest.MonkeyPatch.context() as environment:
        for name, value in stores(folder).items():
            environment.setenv(name, value)
        operations.bootstrap()
        with open_catalogue() as (catalogue, registry):
            yield Directory(catalogue, registry)


@pytest.fixture
def desk(directory: Directory, tmp_path: Path) -> Desk:
    return Desk(directory, tmp_path / "files")


@pytest.fixture
def client(desk: Desk) -> Iterator[TestClient]:
    with TestClient(upload_app(desk.directory, desk.files, desk.base, max_bytes=1024 * 1024)) as test_client:
        yield test_client


def _grant(path: str) -> links.UploadGrant:
    return links.verify(path.rsplit("/", 1)[1], SECRET, now=utcnow())


def _send(client: TestClient, path: str, name: str = "a.log", data: bytes = b"log\n") -> int:
    return client.post(path, headers={"Accept": "application/json"},
                       files=[("files", (name, data, "application/octet-stream"))]).status_code


def test_an_expired_link_opens_nothing(desk: Desk, client: TestClient) -> None:
    number = desk.ticket()
    path = desk.offer(number, now=utcnow() - timedelta(hours=25))
    for answer in (client.get(path), client.get(f"{path}/diagnose.sh")):
        assert answer.status_code == 410 and "expiré" in answer.text
    assert _send(client, path) == 410
    assert desk.attachments(number) == []


@pytest.mark.parametrize("tamper", ["signature", "number", "client", "requester", "expiry", "secret"])
def test_a_tampered_link_opens_nothing_and_says_nothing(desk: Desk, client: TestClient, tamper: str) -> None:
    number = desk.ticket()
    other = desk.ticket(requester="webchat:demo:bob")
    path = desk.offer(number)
    grant = _grant(path)
    payload, signature = path.removeprefix(links.PATH).rsplit(".", 1)
    changed = {"number": replace(grant, number=other), "client": replace(grant, client="acme"),
               "requester": replace(grant, requester="webchat:demo:bob"),
               "expiry": replace(grant, expires=grant.expires + 86400 * 365)}
    if tamper == "signature":
        token = f"{payload}.{signature[::-1]}"
    elif tamper == "secret":
        token = links.sign(changed["number"], "guessed-secret")
    else:  # the payload rewritten, the genuine signature kept
        token = f"{links.sign(changed[tamper], 'guessed-secret').rsplit('.', 1)[0]}.{signature}"
    forged = links.PATH + token
    page = client.get(forged)
    assert page.status_code == 404
    assert page.text == client.get(links.PATH + "nonsense").text  # the same answer, whatever was tried
    assert _send(client, forged) == 404
    assert desk.attachments(number) == desk.attachments(other) == []


def test_a_link_never_reaches_another_clients_ticket_of_the_same_number(desk: Desk, client: TestClient) -> None:
    ours, theirs = desk.ticket("demo"), desk.ticket("acme", requester="webchat:acme:carol")
    assert ours.split("-")[0] == theirs.split("-")[0]
    path = desk.offer(ours)
    # A link signed with the real secret naming the other client (as a leaked secret would allow) still finds no
    # row of its nonce in that client's database.
    stolen = links.PATH + links.sign(replace(_grant(path), client="acme", number=theirs,
                                             requester="webchat:acme:carol"), SECRET)
    assert client.get(stolen).status_code == 404
    assert client.get(stolen).text == client.get(links.PATH + "nonsense").text  # told no more than a random one
    assert _send(client, stolen) == 404
    assert desk.attachments(theirs, "acme") == []


def test_a_link_of_another_users_ticket_is_refused(desk: Desk, client: TestClient) -> None:
    alice, bob = desk.ticket(), desk.ticket(requester="webchat:demo:bob")
    path = desk.offer(alice)
    # Bob's ticket with Alice's nonce, signed with the real secret: the row says Alice's ticket, for Alice.
    crossed = links.PATH + links.sign(replace(_grant(path), number=bob, requester="webchat:demo:bob"), SECRET)
    assert _send(client, crossed) == 404
    assert desk.attachments(bob) == []


def test_a_used_link_is_not_replayed(desk: Desk, client: TestClient) -> None:
    number = desk.ticket()
    path = desk.offer(number)
    assert _send(client, path) == 200
    assert _send(client, path, "b.log") == 410
    assert client.get(path).status_code == 410
    assert client.get(f"{path}/diagnose.ps1").status_code == 410
    assert [name for _, name, _ in desk.attachments(number)] == ["a.log"]


def test_an_oversized_file_is_refused_and_the_link_kept(desk: Desk, client: TestClient) -> None:
    number = desk.ticket(language="en")
    path = desk.offer(number)
    answer = client.post(path, headers={"Accept": "application/json"},
                         files=[("files", ("big.log", b"x" * (1024 * 1024 + 1), "text/plain"))])
    assert answer.status_code == 400 and answer.json()["refused"] == ["big.log: too large (1 MB at most)."]
    huge = client.post(path, headers={"Accept": "application/json", "Content-Length": str(10 ** 9)},
                       content=b"--x--")
    assert huge.status_code == 413
    assert desk.attachments(number) == []
    assert _send(client, path) == 200  # nothing was kept: the link still serves


@pytest.mark.parametrize(("name", "data"), [
    ("screenshot.png", samples.windows_program()),
    ("outlook.log", samples.linux_program()),
    ("invoice.pdf", b"MZ" + b"\x00" * 100),
    ("readme.txt.exe", samples.log()),
    ("notes.html", b"<script>fetch('/steal')</script>"),
])
def test_a_disguised_program_is_refused(desk: Desk, client: TestClient, name: str, data: bytes) -> None:
    number = desk.ticket()
    assert _send(client, desk.offer(number), name, data) == 400
    assert desk.attachments(number) == []
    assert not desk.files.exists() or not any(path.is_file() for path in desk.files.rglob("*"))


@pytest.mark.parametrize("name", ["../../../../tmp/evil.log", "..\\..\\evil.log", "/etc/cron.d/evil.log",
                                  "evil\u202e.log", "....//....//evil.log"])
def test_a_name_never_leaves_the_store(desk: Desk, client: TestClient, tmp_path: Path, name: str) -> None:
    number = desk.ticket()
    assert _send(client, desk.offer(number), name) == 200
    [(kind, kept, _)] = desk.attachments(number)
    assert kind == "stored" and "/" not in kept and "\\" not in kept and not kept.startswith(".")
    written = [path for path in tmp_path.rglob("*") if path.is_file() and "evil" in path.name]
    assert written == []
    [stored] = [path for path in desk.files.rglob("*") if path.is_file()]
    assert stored.parent.parent.parent == desk.files and len(stored.name) == 32
    shutil.rmtree(desk.files)
