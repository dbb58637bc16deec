"""Attacks with the files of a mail reply, over real SMTP to the endpoint: a stranger's attachment is refused
with the mail and written nowhere; a program named as a screenshot, sent by the requester, is refused on the
ticket's log and never reaches the store."""
# ruff: noqa: F811 - the doors' database fixtures are imported (tests/bot/conftest.py), then named as arguments

from bot.mail.attachments import ReplyFiles
from bot.mail.inbound import ReplyEndpoint, ReplyHandler
from bot.mail.tags import TicketRef, reply_address
from servicedesk.tickets.service import get_by_number
from servicedesk.uploads.scanning import NoScanner
from servicedesk.uploads.store import LocalStore
from tests.bot.conftest import bootstrapped, directory  # noqa: F401 - fixtures: the doors' real client databases
from tests.security.test_email_door import DESK, REQUESTER, SECRET, exchange, mail, ticket  # noqa: F401
from tests.servicedesk.uploads.samples import png, windows_program


def _send(directory, number: str, sender: str, name: str, data: bytes, store: LocalStore) -> object:
    message = mail(sender, body="Voici la capture.")
    message.add_attachment(data, maintype="image", subtype="png", filename=name)
    endpoint = ReplyEndpoint(ReplyHandler(directory, SECRET, files=ReplyFiles(store, NoScanner())), "127.0.0.1", 0)
    [answer] = exchange(directory, (message, reply_address(DESK, TicketRef("demo", number), SECRET)),
                        endpoint=endpoint)
    return answer


def test_a_stranger_s_file_is_refused_with_the_mail_and_written_nowhere(directory, ticket, tmp_path) -> None:
    store = LocalStore(tmp_path / "files")
    answer = _send(directory, ticket, "intrus@ailleurs.example", "capture.png", png(), store)
    assert getattr(answer, "smtp_code", None) == 550
    assert not (tmp_path / "files").exists() or not any(p.is_file() for p in (tmp_path / "files").rglob("*"))
    with directory.sessions("demo")() as session:
        assert get_by_number(db_session=session, number=ticket).attachments == []


def test_a_program_named_as_a_screenshot_is_refused_and_never_stored(directory, ticket, tmp_path) -> None:
    store = LocalStore(tmp_path / "files")
    assert _send(directory, ticket, REQUESTER, "capture.png", windows_program(), store) == {}
    assert not (tmp_path / "files").exists() or not any(p.is_file() for p in (tmp_path / "files").rglob("*"))
    with directory.sessions("demo")() as session:
        found = get_by_number(db_session=session, number=ticket)
        assert found.attachments == []
        assert [entry.kind for entry in found.log][-1] == "file_refused"
