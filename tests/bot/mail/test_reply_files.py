"""A reply's attached files over real SMTP to the endpoint: a screenshot and a log are kept on the ticket as the
chat doors' files are (checked by content, stored, an attachment row), a program is refused on the ticket's log,
a reply with files and no words still lands, and with no file store the files are said as not kept."""
# ruff: noqa: F811 - the `ticket` fixture is imported from the e-mail door's attack tests, then named as an argument

from email.message import EmailMessage

from bot.directory import Directory
from bot.mail.attachments import SIGNATURE_IMAGE, ReplyFiles, attached_files
from bot.mail.inbound import ReplyEndpoint, ReplyHandler
from bot.mail.tags import TicketRef, reply_address
from servicedesk.tickets.service import get_by_number
from servicedesk.uploads.scanning import NoScanner
from servicedesk.uploads.store import LocalStore
from tests.security.test_email_door import DESK, REQUESTER, SECRET, exchange, mail, ticket  # noqa: F401
from tests.servicedesk.uploads.samples import log, png, windows_program


def with_files(body: str, *files: tuple[str, bytes, str]) -> EmailMessage:
    message = mail(REQUESTER, body=body)
    for name, data, kind in files:
        maintype, subtype = kind.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message


def send(directory: Directory, number: str, message: EmailMessage, files: ReplyFiles | None) -> None:
    endpoint = ReplyEndpoint(ReplyHandler(directory, SECRET, files=files), "127.0.0.1", 0)
    [answer] = exchange(directory, (message, reply_address(DESK, TicketRef("demo", number), SECRET)),
                        endpoint=endpoint)
    assert answer == {}


def logged(directory: Directory, number: str) -> tuple[list[tuple[str, str | None, int | None]],
                                                      list[tuple[str, str]]]:
    with directory.sessions("demo")() as session:
        found = get_by_number(db_session=session, number=number)
        return ([(a.name, a.content_type, a.size) for a in found.attachments],
                [(e.kind, e.body) for e in found.log if e.kind in ("followup", "file_added", "file_refused")])


def test_a_screenshot_and_a_log_are_kept_and_a_program_refused(directory, ticket, tmp_path) -> None:
    store = LocalStore(tmp_path / "files")
    send(directory, ticket, with_files("Voici la capture et le journal.", ("capture.png", png(), "image/png"),
                                       ("outlook.log", log(), "text/plain"),
                                       ("outil.exe", windows_program(), "application/octet-stream")),
         ReplyFiles(store, NoScanner()))
    files, lines = logged(directory, ticket)
    assert files == [("capture.png", "image/png", len(png())),
                     ("outlook.log", "text/plain; charset=utf-8", len(log()))]
    assert lines[0] == ("followup", "Voici la capture et le journal.")
    assert [kind for kind, _ in lines[1:]] == ["file_added", "file_added", "file_refused"]
    assert "outil.exe" in lines[-1][1]
    assert len([path for path in (tmp_path / "files").rglob("*") if path.is_file()]) == 2  # the program is not


def test_files_without_words_land_and_without_a_store_they_are_said_not_kept(directory, ticket, tmp_path) -> None:
    send(directory, ticket, with_files("", ("capture.png", png(), "image/png")), None)
    files, lines = logged(directory, ticket)
    assert files == [] and lines[0] == ("followup", "[capture.png]")
    assert lines[1][0] == "file_refused" and "no file store" in lines[1][1]


def test_a_signature_logo_embedded_in_the_html_is_left_out_and_a_pasted_screenshot_kept() -> None:
    message = EmailMessage()
    message.set_content("Voir la capture ci-dessous.")
    message.add_alternative('<p>Voir la capture :</p><img src="cid:shot"><p>Marie</p><img src="cid:logo">',
                            subtype="html")
    html = message.get_body(("html",))
    screenshot = png(200, 200) + b"\0" * SIGNATURE_IMAGE  # a pasted screen is larger than any logo
    html.add_related(screenshot, maintype="image", subtype="png", cid="<shot>", filename="image001.png",
                     disposition="inline")
    html.add_related(png(), maintype="image", subtype="png", cid="<logo>", filename="image002.png",
                     disposition="inline")
    assert [name for name, _ in attached_files(message)] == ["image001.png"]
