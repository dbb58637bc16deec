"""The upload use cases: a link offered, opened once, the files it brought kept or refused and logged."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.errors import FileRefused, TicketNotFound, UploadRefused
from servicedesk.notifications.models import Notification
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from servicedesk.uploads import links
from servicedesk.uploads.scanning import Verdict
from servicedesk.uploads.service import keep_file, offer_upload, open_link, read_file, receive_upload
from servicedesk.uploads.store import LocalStore
from tests.servicedesk.uploads import samples

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
SECRET = "upload-secret"


class FakeScanner:
    """Finds EICAR, as clamd does (tests/servicedesk/uploads/test_scanning.py runs the real one)."""

    def scan(self, data: bytes) -> Verdict:
        return Verdict(clean=False, signature="Eicar-Test-Signature") if data == samples.EICAR else Verdict(clean=True)


def _ticket(session, requester: str = "webchat:demo:alice") -> Ticket:
    return open_incident(db_session=session, report=IncidentReport(
        service="Outlook", description="Outlook plante", impact=3, urgency=3, requester=requester, channel="webchat",
        conversation_id="webchat:demo:s1", language="fr"), now=NOW)


def _offer(session_factory, **options) -> tuple[str, str]:
    with unit_of_work(session_factory) as session:
        ticket = _ticket(session)
        offer = offer_upload(db_session=session, client="demo", ticket=ticket, offered_by="bot", secret=SECRET,
                             base_url="https://doors.example", now=NOW, **options)
        return ticket.number or "", offer.url


def _grant(url: str, now: datetime = NOW) -> links.UploadGrant:
    return links.verify(url.rsplit("/", 1)[1], SECRET, now=now)


def test_an_offer_is_a_signed_link_for_the_requester(session_factory) -> None:
    number, url = _offer(session_factory)
    assert url.startswith("https://doors.example/upload/")
    grant = _grant(url)
    assert (grant.client, grant.number, grant.requester, grant.language) == ("demo", number, "webchat:demo:alice",
                                                                            "fr")
    assert grant.expires_at == NOW + timedelta(hours=24)
    with unit_of_work(session_factory) as session:
        ticket = get_by_number(db_session=session, number=number)
        assert [entry.kind for entry in ticket.log][-1] == "upload_offered"
        assert url not in ticket.log[-1].body  # the link is the user's, not the log's readers'
        assert session.scalars(select(Notification).where(Notification.event == "upload_offer")).all() == []


def test_an_agents_offer_is_queued_to_the_requester(session_factory) -> None:
    number, url = _offer(session_factory, notify_requester=True)
    with unit_of_work(session_factory) as session:
        [notice] = session.scalars(select(Notification).where(Notification.event == "upload_offer")).all()
        assert (notice.recipient, notice.channel, notice.language) == ("webchat:demo:alice", "webchat", "fr")
        assert notice.payload["url"] == url and notice.payload["number"] == number


def test_a_link_for_someone_elses_ticket_is_never_made(session_factory) -> None:
    with unit_of_work(session_factory) as session, pytest.raises(TicketNotFound):
        offer_upload(db_session=session, client="demo", ticket=_ticket(session), offered_by="bot", secret=SECRET,
                     base_url="https://doors.example", requester="webchat:demo:mallory", now=NOW)


def test_files_are_kept_and_the_link_is_spent(session_factory, tmp_path: Path) -> None:
    number, url = _offer(session_factory)
    store = LocalStore(tmp_path / "files")
    with unit_of_work(session_factory) as session:
        result = receive_upload(db_session=session, grant=_grant(url), store=store, scanner=FakeScanner(), now=NOW,
                                files=[("capture.png", samples.png()), ("outlook.log", samples.log())])
        assert [a.name for a in result.kept] == ["capture.png", "outlook.log"] and result.refused == []
    with unit_of_work(session_factory) as session:
        ticket = get_by_number(db_session=session, number=number)
        png, log = ticket.attachments
        assert (png.kind, png.content_type, png.size, png.added_by) == ("stored", "image/png", len(samples.png()),
                                                                        "webchat:demo:alice")
        assert read_file(store=store, client="demo", attachment=log) == samples.log()
        assert [e.kind for e in ticket.log][-2:] == ["file_added", "file_added"]
        with pytest.raises(UploadRefused) as used:
            open_link(db_session=session, grant=_grant(url))
        assert used.value.reason == "used"


def test_refused_files_are_logged_and_leave_the_link_usable(session_factory, tmp_path: Path) -> None:
    number, url = _offer(session_factory)
    with unit_of_work(session_factory) as session:
        result = receive_upload(db_session=session, grant=_grant(url), store=LocalStore(tmp_path / "files"),
                                scanner=FakeScanner(), now=NOW,
                                files=[("eicar.txt", samples.EICAR), ("capture.png", samples.windows_program())])
        assert result.kept == [] and [r.reason for r in result.refused] == ["infected", "executable"]
    with unit_of_work(session_factory) as session:
        ticket = get_by_number(db_session=session, number=number)
        assert ticket.attachments == []
        refusals = [entry.body for entry in ticket.log if entry.kind == "file_refused"]
        assert refusals == ["file refused: eicar.txt: infected (Eicar-Test-Signature)",
                            "file refused: capture.png: a program"]
        open_link(db_session=session, grant=_grant(url))  # still open: the user may send the right file
    assert not (tmp_path / "files").exists()


def test_too_many_files_at_once_are_refused(session_factory, tmp_path: Path) -> None:
    _, url = _offer(session_factory)
    with unit_of_work(session_factory) as session, pytest.raises(FileRefused) as refused:
        receive_upload(db_session=session, grant=_grant(url), store=LocalStore(tmp_path / "files"),
                       scanner=FakeScanner(), files=[(f"{n}.log", b"x") for n in range(11)], now=NOW)
    assert refused.value.reason == "too_many"


def test_a_link_opens_nothing_once_its_ticket_is_closed(session_factory) -> None:
    number, url = _offer(session_factory)
    with unit_of_work(session_factory) as session:
        get_by_number(db_session=session, number=number).status = "closed"
    with unit_of_work(session_factory) as session, pytest.raises(UploadRefused) as refused:
        open_link(db_session=session, grant=_grant(url))
    assert refused.value.reason == "closed"


def test_a_store_that_fails_refuses_the_file_and_says_so(session_factory) -> None:
    class Broken:
        def put(self, **_: object) -> None:
            raise OSError("disk full")

        def get(self, **_: object) -> bytes:
            raise AssertionError

    with unit_of_work(session_factory) as session:
        ticket = _ticket(session)
        with pytest.raises(FileRefused) as refused:
            keep_file(db_session=session, client="demo", ticket=ticket, name="a.log", data=b"x", added_by="u",
                      store=Broken(), scanner=FakeScanner(), now=NOW)
        assert refused.value.reason == "unavailable" and ticket.log[-1].kind == "file_refused"
