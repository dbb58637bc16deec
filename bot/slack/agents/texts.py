"""What the agents read in their channel when a click or a reply did nothing: kept here until the bot's one
catalogue (bot/texts/) takes them."""

from typing import Any

from servicedesk.errors import ServiceDeskError, TakeoverError

HINTS: dict[str, dict[str, str]] = {
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
TAKEOVER_REFUSALS: dict[str, str] = {
    "unknown": "no takeover {takeover_id}", "not_waiting": "this conversation is no longer waiting",
    "not_taken": "this conversation is not taken", "held_by_other": "another agent has this conversation",
    "over": "this conversation was already given back",
    "not_holder": "take the conversation over before writing to the user",
}


def hint(language: str, key: str, **values: Any) -> str:
    return HINTS.get(language, HINTS["fr"])[key].format(**values)


def why(error: ServiceDeskError) -> str:
    """What went wrong, for the "failed" hint: a takeover refusal is worded here from its fields; the other
    domain errors still say it themselves."""
    if isinstance(error, TakeoverError):
        return TAKEOVER_REFUSALS[error.reason].format(takeover_id=error.takeover_id)
    return str(error)
