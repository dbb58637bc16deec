"""The Slack door: one bolt app for every workspace the Slack app is installed in, over HTTP (signed
requests on POST /slack/events: events, interactivity and slash commands) or Socket Mode, or both.

Users write in a DM with the app, or mention it in a channel: that thread is then one conversation, and
later messages in it reach the bot without a mention. Each message goes through the relay (journal first);
the replies go back where the user wrote. Slack's ack comes before any of it (bolt runs the listener after
acknowledging, process_before_response=False), so Rasa's latency never makes Slack retry; when it retries
anyway, or sends the same message both as app_mention and as message, the journal answers once: the key
of a message is its workspace, channel and ts, the same in every delivery of it. A flood is acknowledged
like any delivery (a 429 would only make Slack retry it): the relay keeps it, and its notice is posted once
per window (bot.messages.to_post).

The agents' channel is the agents' desk's business (bot/slack/agents/): bolt runs only the first
listener matching an event, so the single `message` listener here hands those messages over.
"""

import asyncio
import contextlib
import logging
import re
from typing import Any

from fastapi import APIRouter, Request, Response
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.web.async_client import AsyncWebClient

from bot.approvals.decisions import Decisions
from bot.config import SlackConfig
from bot.directory import Directory
from bot.messages import BotMessage, to_post
from bot.outlets import ChannelUnavailable, Place
from bot.recent import Recent, Seen
from bot.relay import Inbound, Relay
from bot.slack import agents, approvals, commands, places
from bot.slack.agents import SlackAgentDesk
from bot.slack.agents import messages as agents_messages
from bot.slack.blocks import BUTTON_PREFIX, plain_text, with_choice
from bot.slack.outlet import SlackOutlet, slack_errors
from bot.slack.users import UserNames
from bot.slack.workspaces import Workspaces
from bot.texts import say_both
from servicedesk.conversations import service as conversations
from servicedesk.errors import ClientUnknown

logger = logging.getLogger(__name__)

DOOR_KIND = "slack_team"  # the kind of door the catalogue binds a workspace to a client with
EVENTS_PATH = "/slack/events"
# Plain messages, files, and thread replies also sent to the channel; edits, deletions, joins... are not
# something the user says to the bot.
_USER_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})
_SOCKET_RETRY_MAX = 60.0


class SlackDoor:
    """`workspaces` gives each workspace's Web API client; `agent_desk` is the agents' side, which gets the
    messages of the agents' channels and the clicks on its cards."""

    def __init__(self, config: SlackConfig, relay: Relay, directory: Directory, agent_desk: SlackAgentDesk,
                 workspaces: Workspaces, refused: Seen | None = None, approvals: Decisions | None = None) -> None:
        self.config = config
        self.approvals = approvals  # an approver's Approve / Reject buttons (bot/slack/approvals.py)
        self.relay = relay
        self.directory = directory
        self.names = UserNames()
        self.workspaces = workspaces
        self.outlet = SlackOutlet(workspaces.client_for)
        self.agent_desk = agent_desk
        self.router = APIRouter()
        self.app: AsyncApp | None = None
        self.socket_mode: AsyncSocketModeHandler | None = None
        self._socket_task: asyncio.Task[None] | None = None
        self._authorized: dict[str, AuthorizeResult] = {}
        self._refused = refused or Recent()  # deliveries of unbound workspaces answered, not journalled
        if config.enabled:
            self.app = self._build_app()
            if config.signing_secret:  # without it nothing could tell Slack's requests from anyone's
                handler = AsyncSlackRequestHandler(self.app)

                @self.router.post(EVENTS_PATH, include_in_schema=False)
                async def slack_events(request: Request) -> Response:
                    return await handler.handle(request)

    # --- life cycle --------------------------------------------------------------------------------

    async def start(self) -> None:
        """Socket Mode, when an app-level token is configured; it connects in the background (and keeps
        trying) so that the other doors serve even while Slack is unreachable."""
        if self.app is None or not self.config.app_token:
            return
        self.socket_mode = AsyncSocketModeHandler(self.app, self.config.app_token)
        self._socket_task = asyncio.create_task(self._connect_socket_mode(self.socket_mode))

    async def stop(self) -> None:
        if self._socket_task is not None:
            self._socket_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._socket_task
            self._socket_task = None
        if self.socket_mode is not None:
            await self.socket_mode.close_async()
            self.socket_mode = None

    async def _connect_socket_mode(self, handler: AsyncSocketModeHandler) -> None:
        delay = 1.0
        while True:
            try:
                await handler.connect_async()  # slack_sdk's client reconnects by itself once connected
                logger.info("Slack Socket Mode connected")
                return
            except Exception as error:  # noqa: BLE001 - any failure to connect: try again later
                logger.error("Slack Socket Mode: cannot connect (%s); again in %.0fs", error, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, _SOCKET_RETRY_MAX)

    # --- the bolt app ------------------------------------------------------------------------------

    def _build_app(self) -> AsyncApp:
        # bolt gives each request a client copied from this one (base_url included: AsyncApp._init_context),
        # with the token `authorize` found; so a stand-in API URL holds for listeners too.
        async def authorize(team_id: str | None) -> AuthorizeResult | None:  # bolt passes arguments by name
            return await self._authorize(team_id)

        # bolt's hint wants an AuthorizeResult, but its AsyncCallableAuthorize takes None as "not authorised".
        app = AsyncApp(name="relais", client=AsyncWebClient(**self.workspaces.client_options()),
                       signing_secret=self.config.signing_secret or "",
                       authorize=authorize,  # type: ignore[arg-type]
                       process_before_response=False)
        app.event("app_mention")(self._on_mention)
        app.event("message")(self._on_message)
        app.action(re.compile(rf"^{BUTTON_PREFIX}\d+$"))(self._on_button)
        app.command(re.compile(r"^/"))(self._on_command)
        agents.register(app, self.agent_desk)
        if self.approvals is not None:
            approvals.register(app, self.approvals, self.names)
        return app

    async def _authorize(self, team_id: str | None) -> AuthorizeResult | None:
        """The workspace's bot token, and who the bot is there (auth.test, asked once), which bolt needs to
        ignore the app's own messages."""
        token = self.config.bot_tokens.get(team_id or "")
        if not team_id or not token:
            logger.warning("Slack request from workspace %s, which has no bot token", team_id)
            return None
        found = self._authorized.get(team_id)
        if found is None:
            response = await self.workspaces.client_for(team_id).auth_test()
            found = self._authorized[team_id] = AuthorizeResult.from_auth_test_response(
                auth_test_response=response, bot_token=token)
        return found

    # --- messages ----------------------------------------------------------------------------------

    async def _on_mention(self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext) -> None:
        team, channel = _team(body, context), str(event.get("channel", ""))
        if _not_from_a_user(event) or await self._in_agents_channel(team, channel):
            return
        direct = places.is_direct(channel, event.get("channel_type"))
        thread_ts = None if direct else str(event.get("thread_ts") or event["ts"])
        await self._from_user(team, event, thread_ts, context)

    async def _on_message(self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext) -> None:
        team, channel = _team(body, context), str(event.get("channel", ""))
        if channel and await self._in_agents_channel(team, channel):
            await agents_messages.handle_agent_message(team, event, agent_desk=self.agent_desk)
            return
        if _not_from_a_user(event):
            return
        if places.is_direct(channel, event.get("channel_type")):
            await self._from_user(team, event, None, context)
            return
        thread_ts = event.get("thread_ts")
        if not thread_ts:  # in a channel, only a mention starts a conversation (app_mention)
            return
        client = await self._client_of(team)
        key = places.conversation(team, channel, str(thread_ts))
        if client is not None and await asyncio.to_thread(self._known, client, key):
            await self._from_user(team, event, str(thread_ts), context)

    async def _from_user(self, team: str, event: dict[str, Any], thread_ts: str | None,
                         context: AsyncBoltContext) -> None:
        channel, user = str(event["channel"]), str(event["user"])
        event_key = f"{team}:{channel}:{event['ts']}"
        client = await self._client_of(team)
        if client is None:
            await self._refuse(team, channel, thread_ts, event_key)
            return
        place = places.place(client, team, channel, thread_ts, user)
        slack = self.workspaces.client_for(team)
        who = await self.names.user_of(slack, team, user)
        inbound = Inbound(client=client, channel=places.CHANNEL, conversation=place.conversation,
                          requester=place.requester, event_key=event_key,
                          text=plain_text(str(event.get("text") or ""), context.bot_user_id),
                          address=place.address, files=await self._files(slack, event),
                          user_name=who.name, email=who.email)
        replies = to_post(await self.relay.handle(inbound))
        if replies:
            await self._answer(place, replies)

    async def _files(self, slack: AsyncWebClient, event: dict[str, Any]) -> tuple[dict[str, str], ...]:
        """The files of the message as {"name", "url"} (url_private: readable with the bot's token). Slack
        sends only the ids of some (Slack Connect): files.info tells the rest."""
        found = []
        for file in event.get("files") or []:
            if not (file.get("url_private") or file.get("permalink")) and file.get("id"):
                try:
                    async with slack_errors("files.info"):
                        file = (await slack.files_info(file=file["id"]))["file"]
                except ChannelUnavailable as error:
                    logger.warning("file %s unreadable: %s", file.get("id"), error)
                    continue
            url = file.get("url_private") or file.get("permalink")
            if url:
                found.append({"name": str(file.get("name") or file.get("title") or file.get("id") or ""),
                              "url": str(url)})
        return tuple(found)

    # --- buttons -----------------------------------------------------------------------------------

    async def _on_button(self, ack: Any, body: dict[str, Any], action: dict[str, Any],
                         context: AsyncBoltContext) -> None:
        """The payload goes to Rasa as if typed; then the message shows the choice instead of its buttons."""
        await ack()
        team, user = _team(body, context), str(body["user"]["id"])
        container, message = body.get("container") or {}, body.get("message") or {}
        channel = str(container.get("channel_id") or (body.get("channel") or {}).get("id") or "")
        message_ts = str(container.get("message_ts") or message.get("ts") or "")
        client = await self._client_of(team)
        if client is None or not channel:
            logger.warning("button click from workspace %s ignored: no client bound", team)
            return
        thread_ts = None if places.is_direct(channel) else str(message.get("thread_ts") or message_ts)
        place = places.place(client, team, channel, thread_ts, user)
        shown = str((action.get("text") or {}).get("text") or action.get("value") or "")
        slack = self.workspaces.client_for(team)
        event_key = f"{team}:{channel}:{message_ts}:{action['action_id']}:{user}"  # a double click is one
        who = await self.names.user_of(slack, team, user)
        inbound = Inbound(client=client, channel=places.CHANNEL, conversation=place.conversation,
                          requester=place.requester, event_key=event_key,
                          text=str(action.get("value") or shown), shown=shown, address=place.address,
                          user_name=who.name, email=who.email)
        replies = await self.relay.handle(inbound)
        if replies is None:  # a second click on the same button: already answered
            return
        if message_ts and not container.get("is_ephemeral"):
            try:
                async with slack_errors("chat.update"):
                    await slack.chat_update(channel=channel, ts=message_ts, text=str(message.get("text") or shown),
                                            blocks=with_choice(message.get("blocks") or [], shown))
            except ChannelUnavailable as error:
                logger.warning("could not show the choice on %s/%s: %s", channel, message_ts, error)
        if to_post(replies):
            await self._answer(place, replies)

    # --- slash command -----------------------------------------------------------------------------

    async def _on_command(self, ack: Any, command: dict[str, Any], context: AsyncBoltContext) -> None:
        team, user = _team(command, context), str(command.get("user_id", ""))
        client = await self._client_of(team)
        if client is None:
            await ack(response_type="ephemeral", text=say_both("unknown_door"))
            return

        email = (await self.names.user_of(self.workspaces.client_for(team), team, user)).email

        def read() -> dict[str, Any]:
            with self.directory.unit_of_work(client) as session:
                return commands.answer(session, requester=places.requester(team, user),
                                       command=str(command.get("command", "/relais")),
                                       text=str(command.get("text", "")), email=email)

        await ack(**await asyncio.to_thread(read))

    # --- helpers -----------------------------------------------------------------------------------

    async def _client_of(self, team: str) -> str | None:
        try:
            return await asyncio.to_thread(self.directory.client_of, DOOR_KIND, team)
        except ClientUnknown:
            return None

    async def _in_agents_channel(self, team: str, channel: str) -> bool:
        """The desk reads the clients' settings now and then: not on the event loop."""
        return await asyncio.to_thread(self.agent_desk.is_agents_channel, team, channel)

    def _known(self, client: str, key: str) -> bool:
        with self.directory.sessions(client)() as session:
            return conversations.get(db_session=session, key=key) is not None

    async def _answer(self, place: Place, replies: list[BotMessage]) -> None:
        try:
            await self.outlet.send(place, replies)
        except ChannelUnavailable as error:  # the message is journalled and answered; Slack refused the reply
            logger.error("could not answer in %s: %s", place.conversation, error)

    async def _refuse(self, team: str, channel: str, thread_ts: str | None, event_key: str) -> None:
        """A workspace no client is bound to: its users are told so, once, and reach nobody's tickets."""
        if not await self._refused.first_time(event_key):
            return
        logger.warning("Slack workspace %s is bound to no client", team)
        try:
            await self.outlet.post(team, channel, [BotMessage(text=say_both("unknown_door"), author="system")],
                                   thread_ts=thread_ts)
        except ChannelUnavailable as error:
            logger.error("could not answer workspace %s: %s", team, error)


def _team(body: dict[str, Any], context: AsyncBoltContext) -> str:
    team = context.team_id or body.get("team_id") or (body.get("team") or {}).get("id")
    return str(team or "")


def _not_from_a_user(event: dict[str, Any]) -> bool:
    return (event.get("subtype") not in _USER_SUBTYPES or bool(event.get("bot_id")) or not event.get("user")
            or bool(event.get("hidden")))

