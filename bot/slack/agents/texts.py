"""How the agents' listeners word a click or a reply that did nothing: the hints are agents.* sentences of
the bot's catalogue (bot/texts/agents.py); what went wrong inside one is bot.errors.explain's, in the same
language as the hint."""

from typing import Any

from bot.errors import explain
from bot.texts import say
from servicedesk.errors import ServiceDeskError
from servicedesk.language import ENGLISH, Language


def hint(language: Language, key: str, **values: Any) -> str:
    """The agents' hint `key` (bot/texts/agents.py)."""
    return say(f"agents.{key}", language, **values)


def why(error: ServiceDeskError) -> str:
    """What went wrong, in English: explain's words, which tests/bot/slack/agents/test_texts.py reads. The
    listeners say it in the agent's language, with explain(error, language)."""
    return explain(error, ENGLISH)
