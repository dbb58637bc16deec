"""The card's buttons. Take over and hand back are one takeover step each (bot.handoff.Handoff's), done as the
clicking agent, then the card is redrawn; set pending and resolve open their modal, for the agent who holds
the conversation only. Anyone else is told privately why not: someone else has it, it is over. Every click is
acknowledged first, as Slack wants within 3 seconds."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.errors import explain
from bot.slack import cards
from bot.slack.agents.desk import Agent, SlackAgentDesk, channel_of, refusal, team_of
from bot.slack.agents.texts import hint
from bot.slack.outlet import slack_errors
from servicedesk.conversations.takeovers import Holder
from servicedesk.errors import ServiceDeskError, TakeoverError
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.document import CodedValue

logger = logging.getLogger(__name__)


def register(app: AsyncApp, agent_desk: SlackAgentDesk) -> None:
    app.action(cards.TAKE)(partial(handle_take_click, agent_desk=agent_desk))
    app.action(cards.HAND_BACK)(partial(handle_hand_back_click, agent_desk=agent_desk))
    app.action(cards.PENDING)(partial(handle_pending_click, agent_desk=agent_desk))
    app.action(cards.RESOLVE)(partial(handle_resolve_click, agent_desk=agent_desk))
    app.action(cards.REMOTE)(partial(handle_remote_click, agent_desk=agent_desk))


async def handle_take_click(ack: Any, body: dict[str, Any], *, agent_desk: SlackAgentDesk) -> None:
    await _step(ack, body, agent_desk, agent_desk.handoff.take)


async def handle_hand_back_click(ack: Any, body: dict[str, Any], *, agent_desk: SlackAgentDesk) -> None:
    await _step(ack, body, agent_desk, agent_desk.handoff.hand_back)


async def handle_pending_click(ack: Any, body: dict[str, Any], *, agent_desk: SlackAgentDesk) -> None:
    await ack()
    await _open_modal(body, agent_desk, lambda client, holder, _desk: cards.pending_modal(
        client, holder.id, holder.number, holder.language))


async def handle_resolve_click(ack: Any, body: dict[str, Any], *, agent_desk: SlackAgentDesk) -> None:
    await ack()
    await _open_modal(body, agent_desk, lambda client, holder, desk: cards.resolve_modal(
        client, holder.id, holder.number, _closure_choices(desk, holder), holder.language))


async def handle_remote_click(ack: Any, body: dict[str, Any], *, agent_desk: SlackAgentDesk) -> None:
    """Hands on the user's machine, for the agent who holds the conversation: the user's consent is asked (the
    servicedesk use case the console's button calls), and the agent told so, or why not, in the card's thread."""
    await ack()
    held = await _held_by_clicker(body, agent_desk)
    if held is None:
        return
    client, agent, holder, _desk = held
    try:
        tool = await asyncio.to_thread(agent_desk.ask_remote, client, holder, agent)
    except ServiceDeskError as error:
        await agent_desk.tell_in_card(holder, agent, hint(holder.language, "failed",
                                                          error=explain(error, holder.language)))
        return
    await agent_desk.tell_in_card(holder, agent, hint(holder.language, "remote_asked", number=holder.number,
                                                      tool=tool))


async def _step(ack: Any, body: dict[str, Any], agent_desk: SlackAgentDesk,
                step: Callable[[str, int, str, str], Awaitable[Any]]) -> None:
    """A button that is one takeover step: do it as the clicking agent, then redraw the card (or tell
    that agent privately why not)."""
    await ack()
    clicked = await _clicked(body, agent_desk)
    if clicked is None:
        return
    client, takeover_id, agent = clicked
    try:
        await step(client, takeover_id, agent.id, agent.name)
    except TakeoverError as error:
        await _refuse(body, agent_desk, agent, error)
        return
    await agent_desk.update_card(client, takeover_id)


async def _held_by_clicker(body: dict[str, Any],
                           agent_desk: SlackAgentDesk) -> tuple[str, Agent, Holder, ClientDesk] | None:
    """The client, the clicking agent, the conversation's holder and the client's desk, when the clicking agent is
    the one who holds the conversation; anyone else is told privately who does, and gets None."""
    clicked = await _clicked(body, agent_desk)
    if clicked is None:
        return None
    client, takeover_id, agent = clicked
    found = await asyncio.to_thread(agent_desk.holder, client, takeover_id)
    if found is None:
        return None
    holder, desk = found
    refused = refusal(holder, agent.id, holder.language)
    if refused is not None:
        await agent_desk.ephemeral(agent.team, channel_of(body), agent.user, refused)
        return None
    return client, agent, holder, desk


async def _open_modal(body: dict[str, Any], agent_desk: SlackAgentDesk,
                      build: Callable[[str, Holder, ClientDesk], dict[str, Any]]) -> None:
    """Only the agent who holds the conversation gets the modal; anyone else is told who does."""
    held = await _held_by_clicker(body, agent_desk)
    if held is None:
        return
    client, agent, holder, desk = held
    async with slack_errors("views.open"):
        await agent_desk.client_for(agent.team).views_open(trigger_id=body["trigger_id"],
                                                           view=build(client, holder, desk))


async def _clicked(body: dict[str, Any], agent_desk: SlackAgentDesk) -> tuple[str, int, Agent] | None:
    try:
        client, takeover_id = cards.parse_value(str(body["actions"][0]["value"]))
    except (KeyError, IndexError, ValueError):
        logger.warning("a takeover button without a takeover: %s", body.get("actions"))
        return None
    return client, takeover_id, await agent_desk.agent(team_of(body), body["user"]["id"])


async def _refuse(body: dict[str, Any], agent_desk: SlackAgentDesk, agent: Agent, error: TakeoverError) -> None:
    """Why the click did nothing, to the agent alone: who has the conversation, or that it is over."""
    client, takeover_id = cards.parse_value(str(body["actions"][0]["value"]))
    found = await asyncio.to_thread(agent_desk.holder, client, takeover_id)
    language = found[0].language if found else await asyncio.to_thread(agent_desk.language, client)
    refused = refusal(found[0], agent.id, language) if found else None
    text = refused or hint(language, "failed", error=explain(error, language))
    await agent_desk.ephemeral(agent.team, channel_of(body), agent.user, text)


def _closure_choices(desk: ClientDesk, holder: Holder) -> cards.ClosureChoices:
    closure = desk.settings.closure

    def choices(values: tuple[CodedValue, ...]) -> tuple[cards.Choice, ...]:
        return tuple(cards.Choice(v.code, getattr(v.label, holder.language)) for v in values)

    return cards.ClosureChoices(choices(closure.categories), choices(closure.cause_codes),
                                choices(closure.resolution_codes),
                                initial={"category": desk.category_for(holder.service)})
