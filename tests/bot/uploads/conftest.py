"""The upload page on a real catalogue and client databases (tests/bot/conftest.py), a local store in tmp_path,
and a scanner that finds EICAR as clamd would (tests/servicedesk/uploads/test_scanning.py runs the real one).
`served` runs it in uvicorn on a free port, for the diagnostic script and the browser."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.directory import Directory
from bot.uploads.page import UploadPage
from servicedesk.models import utcnow
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, open_incident
from servicedesk.uploads.config import UploadSettings
from servicedesk.uploads.scanning import Scanner, Verdict
from servicedesk.uploads.service import offer_upload
from servicedesk.uploads.store import LocalStore
from tests.console.conftest import serving
from tests.servicedesk.uploads import samples
from tests.servicedesk.uploads.servers import free_port

SECRET = "test-upload-secret"


class EicarScanner:
    def scan(self, data: bytes) -> Verdict:
        return Verdict(clean=False, signature="Eicar-Test-Signature") if data == samples.EICAR else Verdict(clean=True)


@dataclass
class Desk:
    """The upload page's world: the directory, the store's folder, and how to open tickets and offer links."""

    directory: Directory
    files: Path
    base: str = "http://testserver"

    def ticket(self, client: str = "demo", requester: str = "webchat:demo:alice", language: str = "fr") -> str:
        with self.directory.unit_of_work(client) as session:
            ticket = open_incident(db_session=session, report=IncidentReport(
                service="Outlook", description="Outlook se ferme", impact=3, urgency=3, requester=requester,
                channel="webchat", conversation_id=f"{requester}:s1", language=language))
            return ticket.number or ""

    def offer(self, number: str, client: str = "demo", *, now: datetime | None = None) -> str:
        """The link's path (/upload/<token>) for the ticket's requester."""
        with self.directory.unit_of_work(client) as session:
            ticket = session.query(Ticket).filter_by(number=number).one()
            url = offer_upload(db_session=session, client=client, ticket=ticket, offered_by="console:alice",
                               secret=SECRET, base_url=self.base, now=now or utcnow()).url
        return url.removeprefix(self.base)

    def attachments(self, number: str, client: str = "demo") -> list[tuple[str, str, int | None]]:
        with self.directory.unit_of_work(client) as session:
            ticket = session.query(Ticket).filter_by(number=number).one()
            return [(a.kind, a.name, a.size) for a in ticket.attachments]

    def log_kinds(self, number: str, client: str = "demo") -> list[str]:
        with self.directory.unit_of_work(client) as session:
            return [entry.kind for entry in session.query(Ticket).filter_by(number=number).one().log]


def upload_app(directory: Directory, files: Path, base: str, scanner: Scanner | None = None,
               max_bytes: int = 1024 * 1024) -> FastAPI:
    app = FastAPI()
    page = UploadPage(directory, UploadSettings(secret=SECRET, public_url=base, max_bytes=max_bytes),
                      LocalStore(files), scanner or EicarScanner())
    app.include_router(page.router)
    return app


@pytest.fixture
def desk(directory: Directory, tmp_path: Path) -> Desk:
    return Desk(directory, tmp_path / "files")


@pytest.fixture
def client(desk: Desk) -> Iterator[TestClient]:
    with TestClient(upload_app(desk.directory, desk.files, desk.base)) as test_client:
        yield test_client


@pytest.fixture
def served(directory: Directory, tmp_path: Path) -> Iterator[Desk]:
    """The page on a real HTTP server on loopback."""
    port = free_port()
    desk = Desk(directory, tmp_path / "files", base=f"http://127.0.0.1:{port}")
    with serving(upload_app(directory, desk.files, desk.base), port):
        yield desk
