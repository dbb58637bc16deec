"""Following the remote-assistance tools: every few seconds, for every client whose settings name MeshCentral,
one pass of servicedesk.remote.flows.watch — invitations still to make, devices that joined, technicians'
sessions started and ended, sessions over. It runs in the doors' process beside the delivery, which it wakes when
a pass queued something (an invitation made on a retry)."""

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from bot.directory import Directory
from bot.errors import SecretMissing
from bot.webchat import secret_store
from servicedesk.errors import ServiceDeskError
from servicedesk.remote import flows
from servicedesk.remote.tools import invitation_hours, provider_for

logger = logging.getLogger(__name__)


class RemoteWatcher:
    def __init__(self, directory: Directory, secrets_dir: Path, *, interval: float,
                 wake: Callable[[], None] = lambda: None) -> None:
        self.directory, self.secrets_dir, self.interval, self.wake = directory, secrets_dir, interval, wake

    async def run_forever(self) -> None:
        while True:
            try:
                await asyncio.to_thread(self.run_once)
            except Exception:
                logger.exception("remote-assistance pass failed")
            await asyncio.sleep(self.interval)

    def run_once(self, now: datetime | None = None) -> list[str]:
        """One pass over every client; what happened, one line each. A client whose tool is down is logged and
        the others are watched all the same."""
        lines: list[str] = []
        for client in self.directory.clients():
            factory = self.directory.sessions(client)
            try:
                with factory() as db_session:
                    settings = self.directory.desk(db_session).settings
                if settings.remote.provider != "meshcentral":
                    continue
                provider = provider_for(settings, secret=lambda ref: secret_store.read(ref,
                                                                                     directory=self.secrets_dir))
                done = flows.watch(factory, provider=provider, hours=invitation_hours(settings), now=now)
            except (ServiceDeskError, SecretMissing) as error:
                logger.warning("remote assistance for %s not watched: %s", client, error)
                continue
            lines += [f"{client}: {line}" for line in done]
        if lines:
            logger.info("remote assistance: %s", "; ".join(lines))
            self.wake()
        return lines
