"""The upload page with a real clamd behind it (EICAR's signature only): the test file is refused, said to the
user and logged on the ticket with the signature's name; a clean file next to it is kept."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from servicedesk.tickets.models import Ticket
from servicedesk.uploads.scanning import ClamdScanner
from tests.bot.uploads.conftest import Desk, upload_app
from tests.servicedesk.uploads import samples
from tests.servicedesk.uploads.clamd_server import start_clamd


@pytest.fixture(scope="module")
def clamd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from start_clamd(tmp_path_factory.mktemp("clamd"))


def test_an_infected_file_is_refused_and_logged_on_the_ticket(desk: Desk, clamd: str, tmp_path: Path) -> None:
    number = desk.ticket(language="en")
    app = upload_app(desk.directory, desk.files, desk.base, scanner=ClamdScanner(clamd))
    with TestClient(app) as client:
        sent = client.post(desk.offer(number), headers={"Accept": "application/json"},
                           files=[("files", ("eicar.txt", samples.EICAR, "text/plain")),
                                  ("files", ("outlook.log", samples.log(), "text/plain"))])
    assert sent.json()["kept"] == ["outlook.log"]
    assert sent.json()["refused"] == ["eicar.txt: the antivirus found a threat; the file was refused."]
    with desk.directory.unit_of_work("demo") as session:
        log = session.query(Ticket).filter_by(number=number).one().log
        assert "file refused: eicar.txt: infected (Eicar-Test-Signature.UNOFFICIAL)" in [e.body for e in log]
    assert [name for _, name, _ in desk.attachments(number)] == ["outlook.log"]
