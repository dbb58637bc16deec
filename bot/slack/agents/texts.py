"""How the agents' listeners word a click or a reply that did nothing: the hints are agents.* sentences of
the bot's catalogue (bot/texts/agents.py); what went wrong inside one is bot.errors.explain's, in the same
language as the hint."""

from typing import Any

from bot.texts import say
from servicedesk.language import Language


def hint(language: Language, key: str, **values: Any) -> str:
    """The agents' hint `key` (bot/texts/agents.py)."""
    return say(f"agents.{key}", language, **values)
