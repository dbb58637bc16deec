"""The notices of a live conversation (servicedesk.conversations.to_requester) as the messages its user reads: an
agent joining, the agent's own words under their name, a hand-back, a ticket pending on the user, a resolution.
Whichever tool the agent clicked in (the Slack card, the console), the step queued the same row; the sentences are
the doors' own (bot/texts/doors.py). A replayed message's replies (servicedesk.conversations.replays) come the
same way, into the conversation, each as the dialogue (or the doors) said it."""

from typing import Any

from bot.messages import BotMessage, from_dict
from bot.texts import say
from servicedesk.conversations import replays, to_requester
from servicedesk.language import language_of

EVENTS = (*to_requester.EVENTS, replays.EVENT)
__all__ = ["EVENTS", "message"]


def message(event: str, payload: dict[str, Any], language: str) -> BotMessage:
    """The message of one of EVENTS; the agent's own words are theirs, the rest the doors' notices."""
    if event == replays.EVENT:
        return from_dict(dict(payload.get("reply") or {}))
    lang = language_of(language)
    agent, number = str(payload.get("agent_name") or ""), str(payload.get("number") or "?")
    if event == "agent_message":
        return BotMessage(text=str(payload.get("text") or ""), author="agent", author_name=agent)
    values = {"agent": agent, "number": number, "reason": payload.get("reason") or "",
              "solution": payload.get("solution") or ""}
    return BotMessage(text=say(event, lang, **values), author="system")
