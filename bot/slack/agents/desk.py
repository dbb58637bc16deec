"""The agents' desk in Slack, bot.outlets.AgentDesk: the handoff card posted once in the client's agents'
channel and redrawn after each step, the user's messages written in its thread, the notices in the channel;
and what the listeners share: who the agent is, which takeover they act on, telling them privately.

Which channel is a client's, and what the card shows of its takeover, servicedesk reads
(settings/agents_channels.py, conversations/takeovers.py); what the card says is bot/slack/cards.py's.
"""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.directory import Directory, client_language
from bot.handoff import Handoff
from bot.outlets import ChannelUnavailable
from bot.slack import cards
from bot.slack.agents.texts import hint
from bot.slack.outlet import slack_errors
from bot.slack.places import requester as slack_requester
from bot.slack.users import UserNames
from servicedesk.conversations import takeovers
from servicedesk.conversations.takeovers import CardReading, Holder
from servicedesk.language import Language
from servicedesk.remote import service as remote
from servicedesk.remote.tools import tool_of
from servicedesk.settings.agents_channels import DEFAULT_TTL, AgentsChannels
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.document import ChatPlace, CodedValue
from servicedesk.tickets.service import get_by_number

logger = logging.getLogger(__name__)


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
    """A takeover as the card shows it, and where the card goes."""

    facts: cards.CardFacts
    state: cards.CardState
    agents: ChatPlace | None
    card: dict[str, Any]
    last_log_id: int  # the card shows the ticket's log up to this line, when it was posted


class SlackAgentDesk:
    """`client_for(team)` gives a workspace's Web API client (the agents' channel usually lives in the desk's own
    workspace, not the users')."""

    def __init__(self, client_for: Callable[[str], AsyncWebClient], directory: Directory, handoff: Handoff, *,
                 names: UserNames | None = None, settings_ttl: float = DEFAULT_TTL) -> None:
        self.client_for = client_for
        self.directory = directory
        self.handoff = handoff
        self.names = names or UserNames()
        self.channels = AgentsChannels(directory.clients, directory.sessions, ttl=settings_ttl)

    def is_agents_channel(self, team: str, channel: str) -> bool:
        return bool(self.channels.clients_at(team, channel))

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
            return takeovers.place_card_once(db_session=session, takeover_id=takeover_id, card=card,
                                             card_key=f"{card['channel']}:{card['ts']}")

    async def update_card(self, client: str, takeover_id: int, pending_reason: str | None = None) -> None:
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
            reading = takeovers.read_card(db_session=session, takeover_id=takeover_id,
                                          client_language=client_language(session))
            if reading is None:
                logger.warning("no takeover %s for %s", takeover_id, client)
                return None
            return _card_of(client, reading, self.directory.desk(session))

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

    # --- the thread and the channel ------------------------------------------------------------------

    async def relay_to_agent(self, client: str, takeover_id: int, text: str, author: str) -> None:
        read = await asyncio.to_thread(self._read, client, takeover_id)
        if read is None or not read.card:
            raise ChannelUnavailable(f"takeover {takeover_id} has no card yet (the message is in the ticket's log)")
        async with slack_errors("chat.postMessage"):
            await self.client_for(read.card["team"]).chat_postMessage(
                channel=read.card["channel"], thread_ts=read.card["ts"],
                text=f"*{cards.escape(author)}*: {cards.escape(text)}", unfurl_links=False)

    async def post_notice(self, client: str, text: str) -> None:
        place = await asyncio.to_thread(self.channels.of, client)
        if place is None:
            raise ChannelUnavailable(f"client {client} has no agents' channel (settings: chat.agents)")
        async with slack_errors("chat.postMessage"):
            await self.client_for(place.slack_team).chat_postMessage(channel=place.channel, text=text)

    # --- what the listeners share --------------------------------------------------------------------

    def holder(self, client: str, takeover_id: int) -> tuple[Holder, ClientDesk] | None:
        """Who has the takeover, and the client's rules (its closure codes); None when it is not there."""
        with self.directory.sessions(client)() as session:
            holder = takeovers.get_holder(db_session=session, takeover_id=takeover_id,
                                          client_language=client_language(session))
            if holder is None:  # a card of a database since rebuilt, or a forged payload
                logger.warning("no takeover %s for %s", takeover_id, client)
                return None
            return holder, self.directory.desk(session)

    def ask_remote(self, client: str, holder: Holder, agent: Agent) -> str:
        """Ask for hands on the machine of the takeover's ticket, as the agent (servicedesk.remote.service.ask);
        the tool's name, for the agent's hint."""
        with self.directory.unit_of_work(client) as session:
            ticket = get_by_number(db_session=session, number=holder.number)
            provider, tool = tool_of(self.directory.desk(session).settings)
            remote.ask(db_session=session, ticket=ticket, provider=provider, tool=tool, actor=agent.id)
        return tool

    def language(self, client: str) -> Language:
        """The client's language: what a hint about a takeover that is not there (any more) is said in."""
        with self.directory.sessions(client)() as session:
            return client_language(session)

    async def agent(self, team: str, user: str) -> Agent:
        try:
            name = await self.names.name_of(self.client_for(team), team, user)
        except ChannelUnavailable:
            name = None
        return Agent(team, user, name or user)

    async def tell_in_card(self, holder: Holder, agent: Agent, text: str) -> None:
        if holder.card:
            await self.ephemeral(agent.team, holder.card["channel"], agent.user, text, thread_ts=holder.card["ts"])

    async def ephemeral(self, team: str, channel: str | None, user: str, text: str,
                        thread_ts: str | None = None) -> None:
        if not channel:
            return
        try:
            async with slack_errors("chat.postEphemeral"):
                await self.client_for(team).chat_postEphemeral(channel=channel, user=user, text=text,
                                                               thread_ts=thread_ts)
        except ChannelUnavailable as error:
            logger.warning("could not tell %s: %s (%s)", user, text, error)


def refusal(holder: Holder, agent: str, language: Language) -> str | None:
    """Why this agent cannot act on the conversation now; None when they hold it."""
    if holder.status == "waiting":
        return hint(language, "take_first")
    if holder.status != "taken":
        return hint(language, "over")
    if holder.agent != agent:
        return hint(language, "taken_by", agent=holder.agent_name or holder.agent)
    return None


def team_of(body: dict[str, Any]) -> str:
    return str((body.get("team") or {}).get("id") or body["user"].get("team_id"))


def channel_of(body: dict[str, Any]) -> str | None:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")


def _card_of(client: str, reading: CardReading, desk: ClientDesk) -> _Card:
    holder = reading.holder
    facts = cards.CardFacts(
        client=client, takeover_id=holder.id, number=holder.number, title=reading.title,
        requester=reading.requester, requester_name=None, priority=reading.priority, qualification=reading.origin,
        service=holder.service, group=reading.group, reason=reading.reason, deadline=reading.deadline,
        tried=reading.tried,
        transcript=tuple(cards.Line(line.at, line.author_kind, line.author, line.body) for line in reading.transcript),
        language=holder.language)
    resolution = _label(desk.settings.closure.resolution_codes, reading.resolution_code, holder.language)
    state = cards.CardState(status=holder.status, agent_name=holder.agent_name, at=reading.at,
                            outcome=reading.outcome, resolution=resolution)
    return _Card(facts, state, desk.settings.chat.agents, holder.card, reading.last_log_id)


def _label(values: tuple[CodedValue, ...], code: str | None, language: str) -> str | None:
    found = next((value for value in values if value.code == code), None)
    return None if code is None else getattr(found.label, language) if found else code
