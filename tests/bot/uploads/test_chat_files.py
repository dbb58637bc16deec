"""Files sent in Slack and Teams land in the client's file store, as the upload page's do: fetched with the door's
credentials from the platform's own hosts, checked and scanned, the stored copy replacing the link on the ticket;
a file that can't be fetched or is refused stays the link it always was."""

import asyncio
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bot.config import SlackConfig
from bot.mail.attachments import ReplyFiles
from bot.relay import Relay
from bot.uploads.chat_files import ChatFiles, for_doors, slack_fetch, teams_fetch
from servicedesk.tickets.models import Ticket
from servicedesk.uploads.service import read_file
from servicedesk.uploads.store import LocalStore
from standins.doors import FakeRasa
from tests.bot.test_relay import _ticket, inbound
from tests.bot.uploads.conftest import EicarScanner
from tests.servicedesk.uploads import samples

SLACK_FILE = "https://files.slack.com/files-pri/T0DEMOINDUS-F1/erreur.png"


class Platform:
    """Slack's and Teams' file hosts: what each URL answers, and the headers each request came with."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files, self.seen = files, []

    def transport(self) -> httpx.MockTransport:
        def answer(request: httpx.Request) -> httpx.Response:
            self.seen.append((str(request.url), request.headers.get("authorization")))
            body = self.files.get(str(request.url))
            return httpx.Response(200, content=body) if body is not None else httpx.Response(404)
        return httpx.MockTransport(answer)


def _relay(directory, tmp_path: Path, platform: Platform, max_bytes: int = 1024 * 1024) -> tuple[Relay, ChatFiles]:
    files = ChatFiles(directory, ReplyFiles(LocalStore(tmp_path / "files"), EicarScanner(), max_bytes), {
        "slack": slack_fetch(lambda team: f"xoxb-{team}", transport=platform.transport()),
        "teams": teams_fetch(transport=platform.transport())})
    return Relay(directory, FakeRasa().client, files=files), files


def _attachments(directory, number: str) -> list[tuple[str, str]]:
    with directory.sessions("demo")() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.number == number))
        return [(a.kind, a.name) for a in ticket.attachments]


def _send(relay: Relay, files: ChatFiles, *shared: dict[str, str], channel: str = "slack") -> None:
    async def turn() -> None:
        await relay.handle(replace(inbound("voilà", files=shared), channel=channel))
        await files.settle()
    asyncio.run(turn())


def test_a_slack_file_is_fetched_with_the_workspaces_token_and_stored(directory, tmp_path: Path) -> None:
    platform = Platform({SLACK_FILE: samples.png()})
    relay, files = _relay(directory, tmp_path, platform)
    number = _ticket(directory, "slack:T0DEMOINDUS:D1")
    _send(relay, files, {"name": "erreur.png", "url": SLACK_FILE})
    assert platform.seen == [(SLACK_FILE, "Bearer xoxb-T0DEMOINDUS")]
    assert _attachments(directory, number) == [("stored", "erreur.png")]
    with directory.sessions("demo")() as session:
        [stored] = session.scalar(select(Ticket).where(Ticket.number == number)).attachments
        assert read_file(store=LocalStore(tmp_path / "files"), client="demo", attachment=stored) == samples.png()


@pytest.mark.parametrize(("url", "data"), [
    ("https://evil.example/steal", samples.png()),  # not Slack's: no token sent there, nothing fetched
    (SLACK_FILE, None),  # Slack does not have it (any more)
    (SLACK_FILE, samples.EICAR),  # infected: refused, said on the log
    (SLACK_FILE, samples.windows_program()),  # a program under an image's name
])
def test_a_file_not_kept_stays_the_link_it_was(directory, tmp_path: Path, url: str, data: bytes | None) -> None:
    platform = Platform({url: data} if data is not None else {})
    relay, files = _relay(directory, tmp_path, platform)
    number = _ticket(directory, "slack:T0DEMOINDUS:D1")
    _send(relay, files, {"name": "erreur.png", "url": url})
    assert _attachments(directory, number) == [("file", "erreur.png")]
    if "evil" in url:
        assert platform.seen == []


def test_a_file_over_the_limit_is_not_read_whole(directory, tmp_path: Path) -> None:
    platform = Platform({SLACK_FILE: b"x" * 5000})
    relay, files = _relay(directory, tmp_path, platform, max_bytes=1000)
    number = _ticket(directory, "slack:T0DEMOINDUS:D1")
    _send(relay, files, {"name": "big.log", "url": SLACK_FILE})
    assert _attachments(directory, number) == [("file", "big.log")]
    with directory.sessions("demo")() as session:
        log = session.scalar(select(Ticket).where(Ticket.number == number)).log
        assert log[-1].kind == "file_refused" and "over the 1000" in log[-1].body


def test_a_teams_download_url_is_fetched_without_credentials(directory, tmp_path: Path) -> None:
    url = "https://contoso.sharepoint.com/personal/u/_layouts/download.aspx?share=abc"
    platform = Platform({url: samples.log()})
    relay, files = _relay(directory, tmp_path, platform)
    number = _ticket(directory, "slack:T0DEMOINDUS:D1")
    _send(relay, files, {"name": "outlook.log", "url": url}, channel="teams")
    assert platform.seen == [(url, None)]
    assert _attachments(directory, number) == [("stored", "outlook.log")]


def test_the_doors_read_slack_files_with_the_workspaces_own_token_only(directory, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("RELAIS_UPLOAD_DIR", str(tmp_path / "files"))
    files = for_doors(directory, SlackConfig(signing_secret="s", bot_tokens={"T1": "xoxb-1"}))
    with pytest.raises(ValueError):  # another workspace's file: no token of ours is sent with it
        asyncio.run(files.fetchers["slack"](replace(inbound("x"), address={"team": "T2"}), SLACK_FILE, 10))
    assert set(files.fetchers) == {"slack", "teams"}
