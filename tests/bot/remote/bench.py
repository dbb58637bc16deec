"""The doors' remote-assistance side under test: a web-chat requester's ticket in the demo client, the session's
page (bot/remote/page.py) in a FastAPI app of its own, and the outbox delivered to a recording web chat with the
signed links bot/server.py gives it."""

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.delivery import Delivery
from bot.remote.links import RemoteLinks
from bot.remote.page import RemotePage
from servicedesk.conversations import service as conversations
from servicedesk.remote import service as remote
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from standins.doors import FakeRasa, RecordingOutlet

SECRET = "remote-link-test-secret"
BASE = "http://testserver"


class RemoteBench:
    def __init__(self, directory: Any, secrets_dir: Path, client: str = "demo") -> None:
        self.directory, self.client = directory, client
        self.links = RemoteLinks(SECRET, BASE)
        self.webchat = RecordingOutlet("webchat")
        self.delivery = Delivery(directory, {"webchat": self.webchat}, None, FakeRasa().client,  # type: ignore[arg-type]
                                 interval=60, links=self.links)
        self.app = FastAPI()
        self.app.include_router(RemotePage(directory, self.links, secrets_dir).router)
        self.http = TestClient(self.app)

    def ticket(self, requester: str = "webchat:demo:u1", language: str = "fr") -> str:
        """A web-chat user's ticket, the conversation they talk in remembered (where their notices go)."""
        with self.directory.unit_of_work(self.client) as session:
            ticket = open_incident(db_session=session, agreements=self.directory.desk(session), report=IncidentReport(
                service="Excel", description="Excel se fige à l'ouverture", impact=3, urgency=3, requester=requester,
                channel="webchat", conversation_id=requester, language=language))
            conversations.remember(db_session=session, key=requester, channel="webchat", requester=requester,
                                   address={"session": requester.rsplit(":", 1)[-1]}, language=language)
            return ticket.number or ""

    def ask(self, number: str, provider: str = "code", tool: str = "RustDesk") -> int:
        with self.directory.unit_of_work(self.client) as session:
            ticket = get_by_number(db_session=session, number=number)
            return remote.ask(db_session=session, ticket=ticket, provider=provider, tool=tool,
                              actor="console:alice").id

    def told(self) -> list[str]:
        """What the web chat user has been told so far, once the outbox is delivered."""
        # In a thread of its own: a caller under Playwright's sync API already runs an event loop.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, self.delivery.run_once()).result()
        return [message.text for _, messages, _ in self.webchat.notified for message in messages]

    def link(self) -> str:
        """The page's path in the last notice that carries one."""
        found = [re.search(rf"{re.escape(BASE)}(/remote/[\w.\-]+)", text) for text in self.told()]
        paths = [match[1] for match in found if match]
        assert paths, "no link to the session's page was sent"
        return paths[-1]

    def log(self, number: str) -> list[str]:
        with self.directory.sessions(self.client)() as session:
            return [entry.body for entry in get_by_number(db_session=session, number=number).log]
