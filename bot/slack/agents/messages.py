"""The agents' replies in a card's thread, which leave for the user's own channel (Slack, Teams or web chat).
The Slack door hands over every message of an agents' channel (bolt runs only the first listener matching an
event); only a person's reply in a card's thread means anything, and only its holder's reaches the user
(through the outbox: a reply the user's channel refuses is said in the thread by the delivery, and sent again)."""

import asyncio
from typing import Any

from bot.directory import client_language
from bot.errors import explain
from bot.slack.agents.desk import SlackAgentDesk, refusal
from bot.slack.agents.texts import hint
from bot.slack.blocks import plain_text
from servicedesk.conversations import takeovers
from servicedesk.conversations.takeovers import Holder
from servicedesk.errors import TakeoverError


async def handle_agent_message(team: str, event: dict[str, Any], *, agent_desk: SlackAgentDesk) -> None:
    if event.get("bot_id") or event.get("subtype") not in (None, "thread_broadcast"):
        return
    channel, thread_ts, user = event.get("channel"), event.get("thread_ts"), event.get("user")
    text = plain_text(str(event.get("text") or ""))
    if not (channel and thread_ts and user and text) or thread_ts == event.get("ts"):
        return
    found = await asyncio.to_thread(_by_card, agent_desk, team, channel, thread_ts)
    if found is None:
        return
    client, takeover = found
    agent = await agent_desk.agent(team, user)
    said = refusal(takeover, agent.id, takeover.language)
    if said is None:
        try:
            await agent_desk.handoff.agent_says(client, takeover.id, agent.id, agent.name, text)
            return
        except TakeoverError as error:
            said = hint(takeover.language, "failed", error=explain(error, takeover.language))
    await agent_desk.ephemeral(team, channel, user, said, thread_ts=thread_ts)


def _by_card(agent_desk: SlackAgentDesk, team: str, channel: str, thread_ts: str) -> tuple[str, Holder] | None:
    for client in agent_desk.channels.clients_at(team, channel):
        with agent_desk.directory.sessions(client)() as session:
            holder = takeovers.get_holder_by_card(db_session=session, card_key=f"{channel}:{thread_ts}",
                                                  client_language=client_language(session))
            if holder is not None:
                return client, holder
    return None
