"""The Teams door: the Bot Framework messaging endpoint (POST /api/messages) of a bot registered with Azure
Bot Service and installed in Teams (README, "Connecting a Teams bot").

Each request is authenticated first (a 401 for a forged or missing token when the bot has an app id), then
acknowledged; the turn runs after the acknowledgement, like Slack's listeners: the Bot Framework waits 15
seconds at most for the answer, longer than Rasa may take. The turn's replies are sent to the connector, not in
the HTTP answer. Invokes (and expectReplies deliveries) are the exception: their answer is the HTTP answer.

A message is relayed like any door's (journal first, so a redelivered activity is answered once): its text
without the bot's @mention, or for a card button's click the button's payload. Its conversation reference is
kept with the conversation, for the agents' replies and notifications written later (TeamsOutlet). The
tenant names the client; a tenant no client has gets a polite answer in both languages and nothing else.
A flood is acknowledged like any activity (never a 429, which the Bot Framework would retry): the relay
keeps it, and its notice is posted once per window (bot.messages.to_post).
"""

import asyncio
import logging
from typing import Any

import jwt
from botbuilder.core import ActivityHandler, TurnContext, serializer_helper
from botbuilder.schema import Activity, ActivityTypes, DeliveryModes
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from bot.approvals.decisions import Decisions
from bot.config import TeamsConfig
from bot.directory import Directory
from bot.errors import ChannelUnavailable
from bot.messages import BotMessage, to_post
from bot.recent import Recent, Seen
from bot.relay import Inbound, Relay
from bot.teams import cards, places
from bot.teams.connector import connector_errors
from bot.teams.outlet import TeamsOutlet, outlet_for
from bot.texts import say_both
from servicedesk.errors import ClientUnknown

logger = logging.getLogger(__name__)

MESSAGES_PATH = "/api/messages"
REFUSED_KEPT = 1000


class TeamsDoor:
    """`router` to include in the doors' app; `outlet` to write into Teams conversations later."""

    def __init__(self, config: TeamsConfig, relay: Relay, directory: Directory,
                 outlet: TeamsOutlet | None = None, refused: Seen | None = None,
                 approvals: Decisions | None = None) -> None:
        self.config = config
        self.approvals = approvals  # an approver's card submits (bot/approvals)
        self.relay = relay
        self.directory = directory
        self.outlet = outlet or outlet_for(config)  # given when others write through it too (bot/server.py)
        self.adapter = self.outlet.adapter
        self.bot = _RelaisBot(self)
        self.router = APIRouter(tags=["teams"])
        self._turns: set[asyncio.Task[None]] = set()
        self._refused = refused or Recent(REFUSED_KEPT)  # activities of unbound tenants already answered
        if config.enabled:
            door = self

            @self.router.post(MESSAGES_PATH, include_in_schema=False)
            async def messages(request: Request) -> Response:
                try:
                    body = await request.json()
                except ValueError:
                    return JSONResponse({"error": "the body must be a Bot Framework activity (JSON)"}, 400)
                return await door.receive(body, request.headers.get("Authorization"))

    async def receive(self, body: Any, authorization: str | None) -> Response:
        """One activity from the Bot Framework: authenticated, acknowledged, then handled."""
        activity = Activity().deserialize(body) if isinstance(body, dict) else Activity()
        if not activity.type:
            return JSONResponse({"error": "not an activity"}, 400)
        try:
            authenticated = await self.adapter.bot_framework_authentication.authenticate_request(
                activity, authorization or None)
        except (PermissionError, jwt.PyJWTError) as error:
            logger.warning("Teams request refused: %s", error)
            return JSONResponse({"error": "unauthorized"}, 401)
        except Exception as error:  # noqa: BLE001 - the SDK trips on tokens it can't place (unknown key id, keys
            # unreachable): whatever it could not check is not authenticated, and a 500 would invite retries.
            logger.warning("Teams request refused, its token could not be checked: %r", error)
            return JSONResponse({"error": "unauthorized"}, 401)
        if activity.type == ActivityTypes.invoke or activity.delivery_mode == DeliveryModes.expect_replies:
            answer = await self.adapter.process_activity(authenticated, activity, self.bot.on_turn)
            if answer is None:
                return Response(status_code=200)
            return JSONResponse(serializer_helper(answer.body), status_code=int(answer.status))
        turn = asyncio.create_task(self._turn(authenticated, activity))
        self._turns.add(turn)
        turn.add_done_callback(self._turns.discard)
        return Response(status_code=200)

    async def _turn(self, authenticated: Any, activity: Activity) -> None:
        try:
            await self.adapter.process_activity(authenticated, activity, self.bot.on_turn)
        except Exception:  # a turn's failure must not be lost silently, nor stop the door
            logger.exception("Teams activity %s failed", activity.id)

    async def settle(self) -> None:
        """Wait for the turns running after their acknowledgement (tests, shutdown)."""
        while self._turns:
            await asyncio.gather(*list(self._turns), return_exceptions=True)

    # --- a user's message --------------------------------------------------------------------------

    async def on_message(self, context: TurnContext) -> None:
        activity = context.activity
        tenant = places.tenant_of(activity)
        client = await self._client_of(tenant)
        if tenant is None or client is None:
            await self._refuse(context)
            return
        approval = cards.approval_of(activity.value)
        if approval is not None and self.approvals is not None:
            await self._decide(context, places.place(client, activity, tenant).requester, *approval)
            return
        click = cards.click_of(activity.value)
        text = click.payload if click else places.said(activity)
        files = () if click else places.files(activity)
        if not (text or files):  # a form of another card, a lone emoji reaction...: nothing to tell Rasa
            logger.info("Teams activity %s has nothing to relay", activity.id)
            return
        if click and activity.reply_to_id:
            await self._show_choice(context, activity.reply_to_id, click.title)
        place = places.place(client, activity, tenant)
        inbound = Inbound(client=client, channel=places.CHANNEL, conversation=place.conversation,
                          requester=place.requester, event_key=places.event_key(activity), text=text,
                          address=place.address, shown=click.title if click else None, files=files,
                          user_name=activity.from_property.name if activity.from_property else None,
                          directory_id=getattr(activity.from_property, "aad_object_id", None) or None)
        replies = to_post(await self.relay.handle(inbound))
        if replies:
            await self._reply(context, replies)

    async def _decide(self, context: TurnContext, user: str, token: str, decision: str, reason: str) -> None:
        """An approver's card submitted: decided as the Teams user the Bot Framework vouched for (the people
        directory knows their address by their Teams id); the card then shows the decision, or the refusal
        is said to them. A rejection without a reason is asked for one, the card left as it is."""
        assert self.approvals is not None
        if decision == "reject" and not reason:
            await self._reply(context, [BotMessage(text=say_both("approval.reason_needed"), author="system")])
            return
        outcome = await self.approvals.decide(token, decision=decision, via="teams", reason=reason, user=user)
        if outcome.decided and context.activity.reply_to_id:
            await self._show_choice(context, context.activity.reply_to_id, outcome.text)
        else:
            await self._reply(context, [BotMessage(text=outcome.text, author="system")])

    async def _reply(self, context: TurnContext, replies: list[BotMessage]) -> None:
        try:
            async with connector_errors("reply in Teams"):
                responses = await context.send_activities([cards.render(reply) for reply in replies])
        except ChannelUnavailable as error:  # the message is journalled and answered in Rasa; the reply is lost
            logger.error("could not reply in Teams conversation %s: %s", context.activity.conversation.id, error)
            return
        await self.outlet.sent.remember(responses, replies)

    async def _show_choice(self, context: TurnContext, card_id: str, title: str) -> None:
        """Redraw the clicked card with the choice and without its buttons (best effort: the click counts
        whether or not the card could be redrawn)."""
        content = cards.chosen_card(await self.outlet.sent.text_of(card_id), title)
        try:
            async with connector_errors("update the card"):
                await context.update_activity(cards.card_activity(content, activity_id=card_id))
        except ChannelUnavailable as error:
            logger.warning("could not update Teams card %s: %s", card_id, error)

    async def _client_of(self, tenant: str | None) -> str | None:
        if not tenant:
            return None
        try:
            return await asyncio.to_thread(self.directory.client_of, places.DOOR_KIND, tenant)
        except ClientUnknown:
            return None

    async def _refuse(self, context: TurnContext) -> None:
        """Answer once per activity: a tenant no client has is told so politely, in both languages (its
        language is unknown), and nothing of it is kept."""
        activity_key = places.event_key(context.activity)
        if not await self._refused.first_time(activity_key):
            return
        logger.warning("Teams message from tenant %s, which no client has", places.tenant_of(context.activity))
        await self._reply(context, [BotMessage(text=say_both("unknown_door"), author="system")])


class _RelaisBot(ActivityHandler):
    """The SDK's dispatch of a turn by activity type: messages go to the door; the rest (members added,
    reactions, typing) needs nothing from Relais."""

    def __init__(self, door: TeamsDoor) -> None:
        self.door = door

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await self.door.on_message(turn_context)
