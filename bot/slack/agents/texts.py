"""How the agents' listeners word a click or a reply that did nothing: the hints are agents.* sentences of
the bot's catalogue (bot/texts/agents.py)."""

from typing import Any

from bot.texts import say
from servicedesk.errors import ServiceDeskError, TakeoverError
from servicedesk.language import Language

# Why a takeover step failed, as the "failed" hint words it (in English in both languages, as it always was).
TAKEOVER_REFUSALS: dict[str, str] = {
    "unknown": "no takeover {takeover_id}", "not_waiting": "this conversation is no longer waiting",
    "not_taken": "this conversation is not taken", "held_by_other": "another agent has this conversation",
    "over": "this conversation was already given back",
    "not_holder": "take the conversation over before writing to the user",
}


def hint(language: Language, key: str, **values: Any) -> str:
    """The agents' hint `key` (bot/texts/agents.py)."""
    return say(f"agents.{key}", language, **values)


def why(error: ServiceDeskError) -> str:
    """What went wrong, for the "failed" hint: a takeover refusal is worded here from its fields; the other
    domain errors still say it themselves."""
    if isinstance(error, TakeoverError):
        return TAKEOVER_REFUSALS[error.reason].format(takeover_id=error.takeover_id)
    return str(error)
