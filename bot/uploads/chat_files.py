"""Files users send in Slack and Teams, kept in the client's file store like the upload page's (issue 17).

The relay attaches a chat's files to the conversation's open ticket as links at once, as it always has (the
journal comes first). Then this fetches each file from its platform, with the door's own credentials, and hands
it to servicedesk.uploads.service.keep_file — the same checks of kind and size, the same scan, the same store —
and the stored copy replaces the link on the ticket. A file that can't be fetched stays the link it was; one
refused is said on the ticket's log, and stays a link too, for the agent to judge.

A platform's URL is fetched only from that platform's own hosts (Slack's file hosts with the workspace's bot
token; Teams' https download URLs, which are pre-authorised): a message can't make the doors send a token, or a
request, anywhere else.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from urllib.parse import urlsplit

import httpx
from sqlalchemy import select

from bot.config import SlackConfig
from bot.directory import Directory
from bot.mail.attachments import ReplyFiles, from_environment
from bot.relay import Inbound
from servicedesk.errors import FileRefused
from servicedesk.models import utcnow
from servicedesk.tickets.models import Attachment
from servicedesk.tickets.service import LogLine, add_log
from servicedesk.uploads.checks import safe_name
from servicedesk.uploads.service import keep_file

logger = logging.getLogger(__name__)

Fetch = Callable[[Inbound, str, int], Awaitable[bytes]]  # the file's bytes, at most the limit plus one
SLACK_FILE_HOSTS = ("files.slack.com", "slack-files.com")


class TooLarge(Exception):
    """The platform's file is over the limit: not fetched whole, refused as too large."""


async def download(url: str, *, limit: int, headers: Mapping[str, str] | None = None,
                   transport: httpx.AsyncBaseTransport | None = None) -> bytes:
    """The body of `url`, read no further than `limit` bytes (TooLarge beyond)."""
    async with httpx.AsyncClient(timeout=30, follow_redirects=False, transport=transport) as http, \
            http.stream("GET", url, headers=dict(headers or {})) as answer:
        answer.raise_for_status()
        body = bytearray()
        async for chunk in answer.aiter_bytes():
            body.extend(chunk)
            if len(body) > limit:
                raise TooLarge(url)
        return bytes(body)


def slack_fetch(token_of: Callable[[str], str], extra_hosts: tuple[str, ...] = (),
                transport: httpx.AsyncBaseTransport | None = None) -> Fetch:
    """Slack's url_private, read with the bot token of the message's workspace, from Slack's file hosts only
    (`extra_hosts`: a stand-in's, in tests)."""
    async def fetch(inbound: Inbound, url: str, limit: int) -> bytes:
        parts = urlsplit(url)
        local = parts.hostname in extra_hosts
        if not (local or (parts.scheme == "https" and parts.hostname in SLACK_FILE_HOSTS)):
            raise ValueError(f"not a Slack file: {url}")
        token = token_of(str(inbound.address.get("team") or ""))
        return await download(url, limit=limit, headers={"Authorization": f"Bearer {token}"}, transport=transport)
    return fetch


def teams_fetch(transport: httpx.AsyncBaseTransport | None = None) -> Fetch:
    """A file shared in Teams: its download URL, pre-authorised, https only; no credential is sent with it."""
    async def fetch(inbound: Inbound, url: str, limit: int) -> bytes:
        if urlsplit(url).scheme != "https":
            raise ValueError(f"not a Teams download URL: {url}")
        return await download(url, limit=limit, transport=transport)
    return fetch


class ChatFiles:
    def __init__(self, directory: Directory, where: ReplyFiles, fetchers: Mapping[str, Fetch]) -> None:
        self.directory, self.where, self.fetchers = directory, where, fetchers
        self._tasks: set[asyncio.Task[None]] = set()

    def keep_later(self, inbound: Inbound) -> None:
        """Keep the message's files in the background: the user's answer does not wait for a download."""
        if inbound.channel not in self.fetchers or not inbound.files:
            return
        task = asyncio.create_task(self.keep(inbound))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def settle(self) -> None:
        """Wait for the files under way (tests, and a stopping process)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def keep(self, inbound: Inbound) -> None:
        fetch = self.fetchers[inbound.channel]
        for file in inbound.files:
            url = file["url"]
            data: bytes | None
            try:
                data = await fetch(inbound, url, self.where.max_bytes)
            except TooLarge:
                data = None
            except (httpx.HTTPError, ValueError) as error:
                logger.warning("file %s of %s not fetched, kept as a link: %s", url, inbound.conversation, error)
                continue
            await asyncio.to_thread(self._keep, inbound, file.get("name") or "", url, data)

    def _keep(self, inbound: Inbound, name: str, url: str, data: bytes | None) -> None:
        """The file onto the ticket its link is on (None: over the limit, refused as the checks would)."""
        with self.directory.unit_of_work(inbound.client) as session:
            link = session.scalar(select(Attachment).where(Attachment.kind == "file", Attachment.reference == url)
                                  .order_by(Attachment.id.desc()).limit(1))
            if link is None:  # no open ticket had it: it went to Rasa as a link, as before
                return
            ticket = link.ticket
            try:
                if data is None:
                    refused = FileRefused("too_large", name=safe_name(name or link.name), size="?",
                                          max=self.where.max_bytes)
                    add_log(db_session=session, ticket=ticket, kind="file_refused",
                            line=LogLine("system", inbound.requester, f"file refused: {refused}", utcnow()))
                    raise refused
                keep_file(db_session=session, client=inbound.client, ticket=ticket, name=name or link.name,
                          data=data, added_by=inbound.requester, store=self.where.store, scanner=self.where.scanner,
                          max_bytes=self.where.max_bytes)
            except FileRefused:  # on the ticket's log already; the link stays for the agent
                return
            ticket.attachments.remove(link)


def for_doors(directory: Directory, slack: SlackConfig) -> ChatFiles:
    """The doors' ChatFiles: the upload page's store, scanner and limit (bot.mail.attachments.from_environment),
    Slack's files read with the workspace's token (and from the Web API stand-in's host when one is set)."""
    def token_of(team: str) -> str:
        token = slack.bot_tokens.get(team)
        if not token:
            raise ValueError(f"no bot token for workspace {team}")
        return token

    stand_in = urlsplit(slack.api_url).hostname if slack.api_url else None
    return ChatFiles(directory, from_environment(), {
        "slack": slack_fetch(token_of, extra_hosts=(stand_in,) if stand_in else ()), "teams": teams_fetch()})
