"""The doors' process: one ASGI app with the Slack endpoints (HTTP mode, or Socket Mode beside it), the
Teams Bot Framework endpoint, the web chat, and the delivery of the outbox running in the background; with
the e-mail door configured, mail goes out through the desk's SMTP server and replies come in on an SMTP
endpoint of its own (RELAIS_SMTP_INBOUND_PORT), started and stopped with the app.

    python -m bot            # serves on RELAIS_BOT_HOST:RELAIS_BOT_PORT (127.0.0.1:8089)
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI

from bot.approvals.decisions import Decisions
from bot.approvals.delivery import ApprovalQuestions
from bot.approvals.page import ApprovalPage
from bot.config import BotConfig
from bot.delivery import Delivery
from bot.directory import Directory
from bot.handoff import Handoff
from bot.limits import RateLimits
from bot.mail import attachments as mail_files
from bot.mail.inbound import ReplyEndpoint, ReplyHandler
from bot.mail.outlet import MailOutlet
from bot.outlets import Outlet
from bot.rasa_client import RasaClient
from bot.relay import Relay
from bot.remote.links import links_for
from bot.remote.page import RemotePage
from bot.remote.watcher import RemoteWatcher
from bot.replayer import Replayer
from bot.shared import shared_for
from bot.slack.agents import SlackAgentDesk
from bot.slack.door import SlackDoor
from bot.slack.outlet import SlackOutlet
from bot.slack.workspaces import Workspaces
from bot.teams.door import TeamsDoor
from bot.teams.outlet import outlet_for
from bot.uploads import chat_files
from bot.uploads import page as upload_page
from bot.webchat import secret_store
from bot.webchat.door import WebchatDoor
from bot.webchat.throttle import AddressThrottle

logger = logging.getLogger(__name__)


def create_app(config: BotConfig, directory: Directory) -> FastAPI:
    """Everything wired once; `directory` gives the catalogue and the clients' databases."""
    rasa = RasaClient(config.rasa_url, token=config.rasa_token)
    limits = RateLimits(config.limits)  # one storage for both kinds of counter
    # What writes to users and agents comes first: the handoff, the agents' desk and the delivery write through
    # it, the relay needs the desk and the delivery, and the doors the relay.
    workspaces = Workspaces(config.slack)
    shared = shared_for(config)  # in memory, or in the Redis the replicas share
    webchat_outlet, teams_outlet = shared.webchat, outlet_for(config.teams, shared.teams_cards)
    outlets: dict[str, Outlet] = {"webchat": webchat_outlet, "teams": teams_outlet,
                                  "slack": SlackOutlet(workspaces.client_for)}
    # The handoff's steps queue what the user is told, which the delivery sends: it wakes the delivery built
    # just after it (the delivery needs the agents' desk, which needs the handoff).
    handoff = Handoff(directory, wake=lambda: delivery.wake())
    agent_desk = SlackAgentDesk(workspaces.client_for, directory, handoff)
    mail_secret = _mail_secret(config)
    mail = MailOutlet(config.email, mail_secret) if mail_secret and config.email.outgoing else None
    if mail is not None and not config.email.smtp_host:
        logger.info("no SMTP server (RELAIS_SMTP_HOST): mail is kept in %s", config.email.drop_dir)
    replies = (ReplyEndpoint(ReplyHandler(directory, mail_secret, files=mail_files.from_environment()),
                             config.email.inbound_host,
                             config.email.inbound_port) if mail_secret and config.email.inbound_port else None)
    links = links_for(config)  # a remote session's page, signed (bot/remote/)
    approval_secret = _approval_secret(config)  # approvers' buttons and links (bot/approvals/)
    approvals = Decisions(directory, approval_secret, wake=lambda: delivery.wake())
    questions = ApprovalQuestions(approval_secret, config.webchat.public_url or f"http://{config.host}:{config.port}")
    delivery = Delivery(directory, outlets, agent_desk, rasa, interval=config.delivery_interval, mail=mail,
                        links=links, approvals=questions)
    remote = RemotePage(directory, links, config.webchat.secrets_dir)
    remote_watch = RemoteWatcher(directory, config.webchat.secrets_dir, interval=config.remote_watch_interval,
                                 wake=delivery.wake)
    replayer = Replayer(directory, rasa, door_secret=config.door_secret, wake=delivery.wake)  # what Rasa missed
    relay = Relay(directory, rasa, agent_desk, delivery.wake, door_secret=config.door_secret, limits=limits,
                  files=chat_files.for_doors(directory, config.slack),  # Slack's and Teams' files into the store
                  replayer=replayer)
    webchat = WebchatDoor(relay, directory, default_key=config.webchat_key, outlet=webchat_outlet,
                          config=config.webchat)
    teams = TeamsDoor(config.teams, relay, directory, teams_outlet, refused=shared.teams_refused,
                      approvals=approvals)
    slack = SlackDoor(config.slack, relay, directory, agent_desk, workspaces, refused=shared.slack_refused,
                      approvals=approvals)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await slack.start()
        if replies is not None:
            await replies.start()
        worker = asyncio.create_task(delivery.run_forever())
        watcher = asyncio.create_task(remote_watch.run_forever())
        replaying = asyncio.create_task(replayer.run_forever())
        try:
            yield
        finally:
            with contextlib.suppress(TimeoutError):  # a user's turn under way gets a moment to finish
                await asyncio.wait_for(teams.settle(), timeout=5)
            for task in (worker, watcher, replaying):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await slack.stop()
            if replies is not None:
                await replies.stop()
            await rasa.close()
            await shared.close()

    app = FastAPI(title="Relais doors", lifespan=lifespan)
    # Browsers' requests are counted per address; Slack's and Teams' come from the platforms' shared addresses.
    app.add_middleware(AddressThrottle, limits=limits, trusted_proxy_hops=config.limits.trusted_proxy_hops)
    app.include_router(slack.router)
    app.include_router(teams.router)
    app.include_router(webchat.router)
    app.include_router(upload_page.from_environment(directory).router)  # the requesters' trace files
    app.include_router(remote.router)
    app.include_router(ApprovalPage(approvals).router)  # the approval e-mails' confirmation page

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _approval_secret(config: BotConfig) -> str:
    """What signs approvals' buttons and links: RELAIS_APPROVAL_SECRET, else var/secrets/approval-secret."""
    return config.approval_secret or secret_store.file_secret(config.webchat.secrets_dir / "approval-secret",
                                                              create=True)


def _mail_secret(config: BotConfig) -> str:
    """What signs the e-mail door's ticket tags: RELAIS_EMAIL_SECRET, else var/secrets/email-secret (made on
    first use); "" when the door is closed both ways."""
    email = config.email
    if not (email.outgoing or email.inbound_port):
        return ""
    return email.secret or secret_store.file_secret(config.webchat.secrets_dir / "email-secret", create=True)
