"""The level-2 agents' side in Slack: the handoff card in the client's agents' channel, its buttons (take
over, hand back, set pending, resolve), and the card's thread, where the user's messages arrive and the
agent's replies leave for the user's own channel (Slack, Teams or web chat).

Every step is bot.handoff.Handoff's (one transaction on the client's database, then the user is told);
this module only reads the takeover to draw the card (bot/slack/cards.py) and talks to Slack. Clicks are
acknowledged first, as Slack wants within 3 seconds; a modal's submission is checked against the client's
closure codes before its acknowledgement, so that a wrong code is shown on its field.
"""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.directory import Directory
from bot.handoff import Handoff
from bot.outlets import ChannelUnavailable
from bot.slack import cards
from bot.slack.blocks import plain_text
from bot.slack.outlet import slack_errors
from bot.slack.places import requester as slack_requester
from bot.slack.users import UserNames
from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import Takeover
from servicedesk.errors import InvalidClosureCode, MissingClosureCodes, ServiceDeskError, TakeoverError
from servicedesk.followups import sla_deadline
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.schema import ChatPlace, CodedValue
from servicedesk.tickets import workflow
from servicedesk.tickets.models import LogEntry

logger = logging.getLogger(__name__)

_HINTS: dict[str, dict[str, str]] = {
    "fr": {"take_first": "Prenez la conversation en charge (bouton de la carte) avant d'écrire à l'utilisateur.",
           "taken_by": "{agent} a déjà cette conversation.", "over": "Cette conversation est terminée.",
           "not_delivered": "⚠️ Message non remis à l'utilisateur ({error}) ; il est gardé dans le journal du ticket.",
           "required": "Obligatoire.", "unknown_code": "Ce code n'est pas l'un de ceux du client.",
           "failed": "⚠️ Action impossible : {error}"},
    "en": {"take_first": "Take the conversation over (the card's button) before writing to the user.",
           "taken_by": "{agent} already has this conversation.", "over": "This conversation is over.",
           "not_delivered": "⚠️ Not delivered to the user ({error}); it is kept in the ticket's log.",
           "required": "Required.", "unknown_code": "This is not one of the client's codes.",
           "failed": "⚠️ Could not do it: {error}"},
}

# Why a takeover step failed, as the "failed" hint words it (in English in both languages, as it always was).
_TAKEOVER_REFUSALS: dict[str, str] = {
    "unknown": "no takeover {takeover_id}", "not_waiting": "this conversation is no longer waiting",
    "not_taken": "this conversation is not taken", "held_by_other": "another agent has this conversation",
    "over": "this conversation was already given back",
    "not_holder": "take the conversation over before writing to the user",
}


@dataclass(frozen=True)
class Agent:
    team: str
    user: str
    name: str

    @property
    def id(self) -> str:
        return slack_requester(self.team, self.user)


@dataclass(frozen=True)
class _Card:
    """A takeover as the card shows it, read in one session."""

    facts: cards.CardFacts
    state: cards.CardState
    agents: ChatPlace | None
    card: dict[str, Any]
    last_log_id: int  # the card shows the ticket's log up to this line, when it was posted


class SlackAgentDesk:
    """Implements bot.outlets.AgentDesk. `client_for(team)` gives a workspace's Web API client (the agents'
    channel usually lives in the desk's own workspace, not the users')."""

    def __init__(self, client_for: Callable[[str], AsyncWebClient], directory: Directory, handoff: Handoff, *,
                 names: UserNames | None = None, settings_ttl: float = 60.0) -> None:
        self.client_for = client_for
        self.directory = directory
        self.handoff = handoff
        self.names = names or UserNames()
        self.settings_ttl = settings_ttl  # how long a change of a client's agents' channel may go unseen
        self._places: dict[str, ChatPlace] = {}
        self._places_read_at: float | None = None

    def register(self, app: AsyncApp) -> None:
        app.action(cards.TAKE)(self.handle_take_click)
        app.action(cards.HAND_BACK)(self.handle_hand_back_click)
        app.action(cards.PENDING)(self.handle_pending_click)
        app.action(cards.RESOLVE)(self.handle_resolve_click)
        app.view(cards.PENDING)(self.handle_pending_submission)
        app.view(cards.RESOLVE)(self.handle_resolve_submission)

    # --- where the agents are ------------------------------------------------------------------------

    def is_agents_channel(self, team: str, channel: str) -> bool:
        return bool(self._clients_at(team, channel))

    def _clients_at(self, team: str, channel: str) -> list[str]:
        return [client for client, place in self._agents_places().items()
                if place.slack_team == team and place.channel == channel]

    def _agents_places(self) -> dict[str, ChatPlace]:
        """Each client's agents' channel, read again after settings_ttl seconds (settings can be reloaded)."""
        fresh = self._places_read_at is not None and time.monotonic() - self._places_read_at < self.settings_ttl
        if not fresh:
            places: dict[str, ChatPlace] = {}
            for client in self.directory.clients():
                try:
                    with self.directory.sessions(client)() as session:
                        agents = self.directory.desk(session).settings.chat.agents
                except (ServiceDeskError, SQLAlchemyError) as error:  # no settings, or its database is down
                    logger.warning("no settings for %s: %s", client, error)
                    continue
                if agents is not None:
                    places[client] = agents
            self._places, self._places_read_at = places, time.monotonic()
        return self._places

    # --- the card ----------------------------------------------------------------------------------------

    async def post_card(self, client: str, takeover_id: int) -> None:
        read = await asyncio.to_thread(self._read, client, takeover_id)
        if read is None or read.card:
            return  # gone, or posted already: a redelivery of the outbox posts nothing twice
        if read.agents is None:
            raise ChannelUnavailable(f"client {client} has no agents' channel (settings: chat.agents)")
        facts = await self._with_requester_name(read.facts)
        slack = self.client_for(read.agents.slack_team)
        async with slack_errors("chat.postMessage"):
            posted = await slack.chat_postMessage(channel=read.agents.channel, text=cards.card_text(facts),
                                                  blocks=cards.card_blocks(facts, read.state), unfurl_links=False)
        card = {"team": read.agents.slack_team, "channel": posted["channel"], "ts": posted["ts"],
                "log_id": read.last_log_id}
        if not await asyncio.to_thread(self._place, client, takeover_id, card):
            logger.info("takeover %s got its card meanwhile: deleting ours", takeover_id)
            async with slack_errors("chat.delete"):
                await slack.chat_delete(channel=card["channel"], ts=card["ts"])

    def _place(self, client: str, takeover_id: int, card: dict[str, Any]) -> bool:
        with self.directory.unit_of_work(client) as session:
            takeover = session.get(Takeover, takeover_id, with_for_update=True)
            if takeover is None or takeover.card:
                return False
            conversations.place_card(takeover=takeover, card=card, card_key=f"{card['channel']}:{card['ts']}")
            return True

    async def _update_card(self, client: str, takeover_id: int, pending_reason: str | None = None) -> None:
        """Redraw the card after a step; a failure leaves it stale but the step is done (and logged)."""
        read = await asyncio.to_thread(self._read, client, takeover_id)
        if read is None or not read.card:
            return
        facts = await self._with_requester_name(read.facts)
        state = read.state if pending_reason is None else replace(read.state, pending_reason=pending_reason)
        try:
            async with slack_errors("chat.update"):
                await self.client_for(read.card["team"]).chat_update(
                    channel=read.card["channel"], ts=read.card["ts"], text=cards.card_text(facts),
                    blocks=cards.card_blocks(facts, state))
        except ChannelUnavailable as error:
            logger.warning("card of takeover %s not updated: %s", takeover_id, error)

    def _read(self, client: str, takeover_id: int) -> _Card | None:
        with self.directory.sessions(client)() as session:
            takeover = session.get(Takeover, takeover_id)
            if takeover is None:
                logger.warning("no takeover %s for %s", takeover_id, client)
                return None
            desk = self.directory.desk(session)
            return _card_of(session, client, takeover, desk)

    async def _with_requester_name(self, facts: cards.CardFacts) -> cards.CardFacts:
        """A Slack requester's name, from their own workspace; unknown elsewhere or when Slack will not say."""
        parts = facts.requester.split(":")
        if len(parts) != 3 or parts[0] != "slack":
            return facts
        try:
            name = await self.names.name_of(self.client_for(parts[1]), parts[1], parts[2])
        except ChannelUnavailable:
            return facts
        return facts if name is None else replace(facts, requester_name=name)

    # --- the thread ----------------------------------------------------------------------------------

    async def relay_to_agent(self, client: str, takeover_id: int, text: str, author: str) -> None:
        read = await asyncio.to_thread(self._read, client, takeover_id)
        if read is None or not read.card:
            raise ChannelUnavailable(f"takeover {takeover_id} has no card yet (the message is in the ticket's log)")
        async with slack_errors("chat.postMessage"):
            await self.client_for(read.card["team"]).chat_postMessage(
                channel=read.card["channel"], thread_ts=read.card["ts"],
                text=f"*{cards.escape(author)}*: {cards.escape(text)}", unfurl_links=False)

    async def post_notice(self, client: str, text: str) -> None:
        place = (await asyncio.to_thread(self._agents_places)).get(client)
        if place is None:
            raise ChannelUnavailable(f"client {client} has no agents' channel (settings: chat.agents)")
        async with slack_errors("chat.postMessage"):
            await self.client_for(place.slack_team).chat_postMessage(channel=place.channel, text=text)

    async def on_agent_message(self, team: str, event: dict[str, Any]) -> None:
        """A message in the agents' channel: only a person's reply in a card's thread means anything."""
        if event.get("bot_id") or event.get("subtype") not in (None, "thread_broadcast"):
            return
        channel, thread_ts, user = event.get("channel"), event.get("thread_ts"), event.get("user")
        text = plain_text(str(event.get("text") or ""))
        if not (channel and thread_ts and user and text) or thread_ts == event.get("ts"):
            return
        found = await asyncio.to_thread(self._by_card, team, channel, thread_ts)
        if found is None:
            return
        client, takeover = found
        agent = await self._agent(team, user)
        hint = _refusal(takeover, agent.id, takeover.language)
        if hint is None:
            try:
                await self.handoff.agent_says(client, takeover.id, agent.id, agent.name, text)
                return
            except TakeoverError as error:
                hint = _hint(takeover.language, "failed", error=_why(error))
            except ChannelUnavailable as error:
                hint = _hint(takeover.language, "not_delivered", error=error)
        await self._ephemeral(team, channel, user, hint, thread_ts=thread_ts)

    def _by_card(self, team: str, channel: str, thread_ts: str) -> tuple[str, "_Holder"] | None:
        for client in self._clients_at(team, channel):
            with self.directory.sessions(client)() as session:
                takeover = conversations.takeover_by_card(db_session=session, card_key=f"{channel}:{thread_ts}")
                if takeover is not None:
                    return client, _Holder.of(takeover)
        return None

    # --- the buttons ---------------------------------------------------------------------------------

    async def handle_take_click(self, ack: Any, body: dict[str, Any]) -> None:
        await self._step(ack, body, self.handoff.take)

    async def handle_hand_back_click(self, ack: Any, body: dict[str, Any]) -> None:
        await self._step(ack, body, self.handoff.hand_back)

    async def _step(self, ack: Any, body: dict[str, Any],
                    step: Callable[[str, int, str, str], Awaitable[Any]]) -> None:
        """A button that is one takeover step: do it as the clicking agent, then redraw the card (or tell
        that agent privately why not: someone else has it, it is over)."""
        await ack()
        clicked = await self._clicked(body)
        if clicked is None:
            return
        client, takeover_id, agent = clicked
        try:
            await step(client, takeover_id, agent.id, agent.name)
        except TakeoverError as error:
            await self._refuse(body, agent, error)
            return
        await self._update_card(client, takeover_id)

    async def handle_pending_click(self, ack: Any, body: dict[str, Any]) -> None:
        await ack()
        await self._open_modal(body, lambda client, holder, _desk: cards.pending_modal(
            client, holder.id, holder.number, holder.language))

    async def handle_resolve_click(self, ack: Any, body: dict[str, Any]) -> None:
        await ack()
        await self._open_modal(body, lambda client, holder, desk: cards.resolve_modal(
            client, holder.id, holder.number, _closure_choices(desk, holder), holder.language))

    async def _open_modal(self, body: dict[str, Any],
                          build: Callable[[str, "_Holder", ClientDesk], dict[str, Any]]) -> None:
        """Only the agent who holds the conversation gets the modal; anyone else is told who does."""
        clicked = await self._clicked(body)
        if clicked is None:
            return
        client, takeover_id, agent = clicked
        found = await asyncio.to_thread(self._holder, client, takeover_id)
        if found is None:
            return
        holder, desk = found
        refusal = _refusal(holder, agent.id, holder.language)
        if refusal is not None:
            await self._ephemeral(agent.team, _channel_of(body), agent.user, refusal)
            return
        async with slack_errors("views.open"):
            await self.client_for(agent.team).views_open(trigger_id=body["trigger_id"],
                                                         view=build(client, holder, desk))

    def _holder(self, client: str, takeover_id: int) -> tuple["_Holder", ClientDesk] | None:
        with self.directory.sessions(client)() as session:
            takeover = session.get(Takeover, takeover_id)
            if takeover is None:  # a card of a database since rebuilt, or a forged payload
                logger.warning("no takeover %s for %s", takeover_id, client)
                return None
            return _Holder.of(takeover), self.directory.desk(session)

    # --- the modals ----------------------------------------------------------------------------------

    async def handle_pending_submission(self, ack: Any, body: dict[str, Any]) -> None:
        client, takeover_id = cards.parse_value(body["view"]["private_metadata"])
        reason = cards.submitted(body["view"]).get("reason", "")
        found = await asyncio.to_thread(self._holder, client, takeover_id)
        if found is None:
            await ack()
            return
        holder, _ = found
        if not reason:
            await ack(response_action="errors", errors={"reason": _hint(holder.language, "required")})
            return
        await ack()
        agent = await self._agent(_team_of(body), body["user"]["id"])
        try:
            await self.handoff.set_pending(client, takeover_id, agent.id, reason)
        except ServiceDeskError as error:
            await self._tell_in_card(holder, agent, _hint(holder.language, "failed", error=_why(error)))
            return
        await self._update_card(client, takeover_id, pending_reason=reason)

    async def handle_resolve_submission(self, ack: Any, body: dict[str, Any]) -> None:
        client, takeover_id = cards.parse_value(body["view"]["private_metadata"])
        values = cards.submitted(body["view"])
        found = await asyncio.to_thread(self._holder, client, takeover_id)
        if found is None:
            await ack()
            return
        holder, desk = found
        try:
            # servicedesk's own checks, before Slack is answered: each error is then shown on its field
            workflow.check_closure(agreements=desk, category=values.get("category"),
                                   cause_code=values.get("cause_code"), resolution_code=values.get("resolution_code"),
                                   solution=values.get("solution"))
        except (MissingClosureCodes, InvalidClosureCode) as error:
            await ack(response_action="errors", errors=_closure_errors(error, holder.language))
            return
        await ack()
        agent = await self._agent(_team_of(body), body["user"]["id"])
        try:
            await self.handoff.resolve(client, takeover_id, agent.id, agent.name, category=values["category"],
                                       cause_code=values["cause_code"], resolution_code=values["resolution_code"],
                                       solution=values["solution"])
        except ServiceDeskError as error:  # taken back or resolved meanwhile
            await self._tell_in_card(holder, agent, _hint(holder.language, "failed", error=_why(error)))
            return
        await self._update_card(client, takeover_id)

    # --- helpers -------------------------------------------------------------------------------------

    async def _clicked(self, body: dict[str, Any]) -> tuple[str, int, Agent] | None:
        try:
            client, takeover_id = cards.parse_value(str(body["actions"][0]["value"]))
        except (KeyError, IndexError, ValueError):
            logger.warning("a takeover button without a takeover: %s", body.get("actions"))
            return None
        return client, takeover_id, await self._agent(_team_of(body), body["user"]["id"])

    async def _agent(self, team: str, user: str) -> Agent:
        try:
            name = await self.names.name_of(self.client_for(team), team, user)
        except ChannelUnavailable:
            name = None
        return Agent(team, user, name or user)

    async def _refuse(self, body: dict[str, Any], agent: Agent, error: TakeoverError) -> None:
        """Why the click did nothing, to the agent alone: who has the conversation, or that it is over."""
        found = await asyncio.to_thread(self._holder, *cards.parse_value(str(body["actions"][0]["value"])))
        language = found[0].language if found else "fr"
        refusal = _refusal(found[0], agent.id, language) if found else None
        hint = refusal or _hint(language, "failed", error=_why(error))
        await self._ephemeral(agent.team, _channel_of(body), agent.user, hint)

    async def _tell_in_card(self, holder: "_Holder", agent: Agent, text: str) -> None:
        if holder.card:
            await self._ephemeral(agent.team, holder.card["channel"], agent.user, text, thread_ts=holder.card["ts"])

    async def _ephemeral(self, team: str, channel: str | None, user: str, text: str,
                         thread_ts: str | None = None) -> None:
        if not channel:
            return
        try:
            async with slack_errors("chat.postEphemeral"):
                await self.client_for(team).chat_postEphemeral(channel=channel, user=user, text=text,
                                                               thread_ts=thread_ts)
        except ChannelUnavailable as error:
            logger.warning("could not tell %s: %s (%s)", user, text, error)


@dataclass(frozen=True)
class _Holder:
    """Who has a takeover now, and what a modal about it needs."""

    id: int
    status: str
    agent: str | None
    agent_name: str | None
    number: str
    service: str
    language: str
    card: dict[str, Any]

    @classmethod
    def of(cls, takeover: Takeover) -> "_Holder":
        ticket = takeover.ticket
        return cls(takeover.id, takeover.status, takeover.agent, takeover.agent_name, ticket.number or "",
                   ticket.service, _language(ticket.language), dict(takeover.card or {}))


def _card_of(session: Session, client: str, takeover: Takeover, desk: ClientDesk) -> _Card:
    ticket, language = takeover.ticket, _language(takeover.ticket.language)
    card = dict(takeover.card or {})
    query = select(LogEntry).where(LogEntry.ticket_id == ticket.id).order_by(LogEntry.id)
    if card.get("log_id"):
        query = query.where(LogEntry.id <= card["log_id"])  # the card shows the conversation until it was posted
    log = list(session.scalars(query))
    facts = cards.CardFacts(
        client=client, takeover_id=takeover.id, number=ticket.number or "", title=ticket.title,
        requester=ticket.requester, requester_name=None, priority=ticket.priority, qualification=ticket.origin,
        service=ticket.service, group=ticket.group_name, reason=takeover.reason,
        deadline=sla_deadline(db_session=session, ticket=ticket),
        tried=tuple(entry.body for entry in log if entry.kind == "kb_fix"),
        transcript=tuple(cards.Line(entry.at, entry.author_kind, entry.author, entry.body) for entry in log
                         if entry.kind != "kb_fix"),
        language=language)
    resolution = _label(desk.settings.closure.resolution_codes, ticket.resolution_code, language)
    state = cards.CardState(status=takeover.status, agent_name=takeover.agent_name,
                            at=takeover.ended_at or takeover.taken_at, outcome=takeover.outcome,
                            resolution=resolution)
    return _Card(facts, state, desk.settings.chat.agents, card, max((entry.id for entry in log), default=0))


def _closure_choices(desk: ClientDesk, holder: _Holder) -> cards.ClosureChoices:
    closure = desk.settings.closure

    def choices(values: tuple[CodedValue, ...]) -> tuple[cards.Choice, ...]:
        return tuple(cards.Choice(v.code, getattr(v.label, holder.language)) for v in values)

    return cards.ClosureChoices(choices(closure.categories), choices(closure.cause_codes),
                                choices(closure.resolution_codes),
                                initial={"category": desk.category_for(holder.service)})


def _closure_errors(error: MissingClosureCodes | InvalidClosureCode, language: str) -> dict[str, str]:
    if isinstance(error, MissingClosureCodes):
        return {name: _hint(language, "required") for name in error.missing}
    return {error.field: _hint(language, "unknown_code")}


def _refusal(holder: _Holder, agent: str, language: str) -> str | None:
    """Why this agent cannot act on the conversation now; None when they hold it."""
    if holder.status == "waiting":
        return _hint(language, "take_first")
    if holder.status != "taken":
        return _hint(language, "over")
    if holder.agent != agent:
        return _hint(language, "taken_by", agent=holder.agent_name or holder.agent)
    return None


def _hint(language: str, key: str, **values: Any) -> str:
    return _HINTS.get(language, _HINTS["fr"])[key].format(**values)


def _why(error: ServiceDeskError) -> str:
    """What went wrong, for the "failed" hint: a takeover refusal is worded here from its fields; the other
    domain errors still say it themselves."""
    if isinstance(error, TakeoverError):
        return _TAKEOVER_REFUSALS[error.reason].format(takeover_id=error.takeover_id)
    return str(error)


def _label(values: tuple[CodedValue, ...], code: str | None, language: str) -> str | None:
    found = next((value for value in values if value.code == code), None)
    return None if code is None else getattr(found.label, language) if found else code


def _language(language: str | None) -> str:
    return language if language in ("fr", "en") else "fr"


def _team_of(body: dict[str, Any]) -> str:
    return str((body.get("team") or {}).get("id") or body["user"].get("team_id"))


def _channel_of(body: dict[str, Any]) -> str | None:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")


