"""A ticket's files on the console's ticket page: the upload link an agent sends the requester, the stored files
listed and downloaded as files, and nothing of a client or ticket the agent may not read."""

from pathlib import Path

import pytest
from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.models import utcnow
from servicedesk.notifications.models import Notification
from servicedesk.tickets.service import get_by_number
from servicedesk.uploads import links
from servicedesk.uploads.scanning import NoScanner
from servicedesk.uploads.service import offer_upload, receive_upload
from servicedesk.uploads.store import LocalStore
from tests.console.test_ticket_page import PAGE, act, flash
from tests.servicedesk.uploads import samples
from tests.servicedesk.uploads.environment import configure

SECRET = "console-upload-secret"


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Path:
    return configure(monkeypatch, request, tmp_path / "files", secret=SECRET)


def upload(desk, folder: Path, name: str, data: bytes, number: str = "INC-000001", slug: str = "alpha") -> None:
    """What the requester does with the link: a file through the doors' page (tests/bot/uploads test the page)."""
    with unit_of_work(desk.registry.session_factory(slug)) as session:
        ticket = get_by_number(db_session=session, number=number)
        url = offer_upload(db_session=session, client=slug, ticket=ticket, offered_by="bot", secret=SECRET,
                           base_url="https://doors.example").url
    grant = links.verify(url.rsplit("/", 1)[1], SECRET, now=utcnow())
    with unit_of_work(desk.registry.session_factory(slug)) as session:
        receive_upload(db_session=session, grant=grant, files=[(name, data)], store=LocalStore(folder),
                       scanner=NoScanner())


def test_an_agent_sends_the_requester_an_upload_link(desk, signed_in, files: Path) -> None:
    alice = signed_in("alice")
    page = act(alice, "upload_link")
    assert "a one-time upload link" in flash(page)
    with desk.registry.session_factory("alpha")() as session:
        [notice] = session.scalars(select(Notification).where(Notification.event == "upload_offer")).all()
        assert notice.payload["url"].startswith("https://doors.example/upload/")
        assert get_by_number(db_session=session, number="INC-000001").log[-1].author == "console:alice"


def test_stored_files_are_listed_and_downloaded_as_files(desk, signed_in, files: Path) -> None:
    upload(desk, files, "écran <1>.png", samples.png())
    alice = signed_in("alice")
    page = alice.get(PAGE).text
    assert 'class="attachment-file"' in page and "écran 1.png" in page
    with desk.registry.session_factory("alpha")() as session:
        [stored] = [a for a in get_by_number(db_session=session, number="INC-000001").attachments
                    if a.kind == "stored"]
    got = alice.get(f"{PAGE}/attachments/{stored.id}")
    assert got.status_code == 200 and got.content == samples.png()
    assert got.headers["content-type"] == "image/png"
    assert got.headers["content-disposition"] == (
        "attachment; filename=\"_cran 1.png\"; filename*=UTF-8''%C3%A9cran%201.png")
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["content-security-policy"].startswith("sandbox")


def test_no_agent_reads_a_file_that_is_not_theirs_to_read(desk, signed_in, files: Path) -> None:
    upload(desk, files, "alpha.log", samples.log())
    with desk.registry.session_factory("alpha")() as session:
        [stored] = [a for a in get_by_number(db_session=session, number="INC-000001").attachments
                    if a.kind == "stored"]
    bob = signed_in("bob")  # granted bravo only
    assert bob.get(f"{PAGE}/attachments/{stored.id}").status_code == 404
    assert bob.get(f"/clients/bravo/tickets/INC-000001/attachments/{stored.id}").status_code == 404
    alice = signed_in("alice")
    assert alice.get(f"/clients/alpha/tickets/INC-000002/attachments/{stored.id}").status_code == 404
    assert alice.get(f"{PAGE}/attachments/{stored.id + 1000}").status_code == 404
