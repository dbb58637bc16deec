"""Trace files through the REST API (issue 17): the upload link offered and queued to the requester, the
ticket's files listed and downloaded as files, and nothing of another client's."""

from pathlib import Path

import pytest
from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.models import utcnow
from servicedesk.notifications.models import Notification
from servicedesk.tickets.service import get_by_number
from servicedesk.uploads import links
from servicedesk.uploads.scanning import NoScanner
from servicedesk.uploads.service import receive_upload
from servicedesk.uploads.store import LocalStore
from tests.servicedesk.uploads import samples
from tests.servicedesk.uploads.environment import configure

NUMBER = "INC-000001"
SECRET = "api-upload-secret"


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Path:
    return configure(monkeypatch, request, tmp_path / "files", secret=SECRET)


def _send(desk, url: str, folder: Path, name: str, data: bytes) -> None:
    grant = links.verify(url.rsplit("/", 1)[1], SECRET, now=utcnow())
    with unit_of_work(desk.registry.session_factory(grant.client)) as session:
        receive_upload(db_session=session, grant=grant, files=[(name, data)], store=LocalStore(folder),
                       scanner=NoScanner())


def test_a_key_offers_a_link_and_reads_what_it_brought(desk, files: Path) -> None:
    offered = desk.http.post(f"/tickets/{NUMBER}/upload-link", headers=desk.auth("alpha-agent"))
    assert offered.status_code == 201, offered.text
    body = offered.json()
    assert body["url"].startswith("https://doors.example/upload/") and body["sent"] is True
    with desk.registry.session_factory("alpha")() as session:
        [notice] = session.scalars(select(Notification).where(Notification.event == "upload_offer")).all()
        assert notice.payload["url"] == body["url"] and notice.recipient == "user@client.example"
    _send(desk, body["url"], files, "../capture.png", samples.png())

    listed = desk.http.get(f"/tickets/{NUMBER}/attachments", headers=desk.auth("alpha-agent")).json()
    [stored] = [row for row in listed if row["kind"] == "stored"]
    assert (stored["name"], stored["content_type"], stored["size"], stored["reference"]) == (
        "capture.png", "image/png", len(samples.png()), None)
    got = desk.http.get(stored["download"], headers=desk.auth("alpha-agent"))
    assert got.status_code == 200 and got.content == samples.png()
    assert got.headers["content-type"] == "image/png"
    assert got.headers["content-disposition"] == "attachment; filename=\"capture.png\"; filename*=UTF-8''capture.png"
    assert got.headers["x-content-type-options"] == "nosniff" and "sandbox" in got.headers["content-security-policy"]

    # bravo's key on bravo's INC-000001: another ticket, and the file is not one of its own.
    assert desk.http.get(stored["download"], headers=desk.auth("bravo-agent")).status_code == 404
    assert desk.http.get(f"/tickets/{NUMBER}/attachments/999999", headers=desk.auth("alpha-agent")).status_code == 404


def test_a_link_only_returned_is_not_queued(desk, files: Path) -> None:
    offered = desk.http.post(f"/tickets/{NUMBER}/upload-link", params={"send": "false"},
                             headers=desk.auth("alpha-agent"))
    assert offered.status_code == 201 and offered.json()["sent"] is False
    with desk.registry.session_factory("alpha")() as session:
        assert session.scalars(select(Notification).where(Notification.event == "upload_offer")).all() == []


def test_a_closed_ticket_gets_no_link_and_another_clients_is_not_found(desk, files: Path) -> None:
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        get_by_number(db_session=session, number="INC-000002").status = "closed"
    assert desk.http.post("/tickets/INC-000002/upload-link", headers=desk.auth("alpha-agent")).status_code == 409
    assert desk.http.post("/tickets/INC-000003/upload-link", headers=desk.auth("alpha-agent")).status_code == 404


def test_erasing_the_requester_takes_their_files_out_of_the_store(desk, files: Path) -> None:
    offered = desk.http.post(f"/tickets/{NUMBER}/upload-link", headers=desk.auth("alpha-agent")).json()
    _send(desk, offered["url"], files, "outlook.log", samples.log())
    assert [p for p in files.rglob("*") if p.is_file()]
    erased = desk.http.delete("/privacy/people/user@client.example", headers=desk.auth("alpha-admin"))
    assert erased.status_code == 200, erased.text
    assert erased.json()["counts"]["attachments"] >= 1
    assert [p for p in files.rglob("*") if p.is_file()] == []
