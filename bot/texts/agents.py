"""What the level-2 agents read in their Slack channel: the handoff card (its fields, its status line, its
buttons) and the modals behind the buttons (bot/slack/cards.py), and the hints its listeners give an agent
(bot/slack/agents/)."""

from servicedesk.language import Language

TEXTS: dict[str, dict[Language, str]] = {
    "requester": {"fr": "Demandeur", "en": "Requester"},
    "priority": {"fr": "Priorité", "en": "Priority"},
    "qualification": {"fr": "Qualification", "en": "Qualification"},
    "service": {"fr": "Service", "en": "Service"},
    "group": {"fr": "Groupe", "en": "Group"},
    "deadline": {"fr": "Échéance SLA", "en": "SLA deadline"},
    "none": {"fr": "aucune", "en": "none"},
    "reason": {"fr": "Motif", "en": "Reason"},
    "tried": {"fr": "Déjà essayé", "en": "Already tried"},
    "transcript": {"fr": "Conversation", "en": "Conversation"},
    "empty": {"fr": "_(rien d'écrit)_", "en": "_(nothing written)_"},
    "waiting": {
        "fr": "⏳ En attente d'un technicien : prenez-la pour répondre dans le fil.",
        "en": "⏳ Waiting for a technician: take it over to answer in the thread.",
    },
    "taken": {
        "fr": "🙋 Prise en charge par *{agent}* à {at}. Répondez dans le fil : l'utilisateur les reçoit.",
        "en": "🙋 Taken by *{agent}* at {at}. Answer in the thread: the user gets your messages.",
    },
    "pending": {
        "fr": "⏸️ Ticket en attente de l'utilisateur : {reason}",
        "en": "⏸️ Ticket pending on the user: {reason}",
    },
    "handed_back": {
        "fr": "↩️ Rendue au bot par *{agent}* à {at}.",
        "en": "↩️ Handed back to the bot by *{agent}* at {at}.",
    },
    "resolved": {"fr": "✅ Résolue par *{agent}* à {at} : {code}.", "en": "✅ Resolved by *{agent}* at {at}: {code}."},
    "take": {"fr": "Prendre en charge", "en": "Take over"},
    "hand_back": {"fr": "Rendre au bot", "en": "Hand back"},
    "set_pending": {"fr": "Mettre en attente", "en": "Set pending"},
    "resolve": {"fr": "Résoudre", "en": "Resolve"},
    "remote": {"fr": "🖥️ Main sur le poste", "en": "🖥️ Hands on the machine"},
    "remote_asked": {
        "fr": "🖥️ {number} : l'accord de l'utilisateur pour une session {tool} lui est demandé ; le lien du poste "
              "arrivera sur le ticket.",
        "en": "🖥️ {number}: the user is asked to agree to a {tool} session; the device's link will reach the ticket.",
    },
    "resolve_title": {"fr": "Résoudre le ticket", "en": "Resolve the ticket"},
    "pending_title": {"fr": "Mettre en attente", "en": "Set pending"},
    "submit": {"fr": "Valider", "en": "Submit"},
    "cancel": {"fr": "Annuler", "en": "Cancel"},
    "category": {"fr": "Catégorie", "en": "Category"},
    "cause_code": {"fr": "Cause", "en": "Cause"},
    "resolution_code": {"fr": "Résolution", "en": "Resolution"},
    "solution": {"fr": "Solution (envoyée à l'utilisateur)", "en": "Solution (sent to the user)"},
    "pending_reason": {"fr": "Ce que l'utilisateur doit fournir", "en": "What the user must provide"},
    "choose": {"fr": "Choisir…", "en": "Choose…"},
    "card_text": {
        "fr": "{number} : {title} — un utilisateur attend un technicien",
        "en": "{number}: {title} — a user is waiting for a technician",
    },
    # What an agent is told, privately, when a click or a reply in the thread did nothing.
    "take_first": {
        "fr": "Prenez la conversation en charge (bouton de la carte) avant d'écrire à l'utilisateur.",
        "en": "Take the conversation over (the card's button) before writing to the user.",
    },
    "taken_by": {"fr": "{agent} a déjà cette conversation.", "en": "{agent} already has this conversation."},
    "over": {"fr": "Cette conversation est terminée.", "en": "This conversation is over."},
    "not_delivered": {
        "fr": "⚠️ Message non remis à l'utilisateur ({error}) ; il est gardé dans le journal du ticket.",
        "en": "⚠️ Not delivered to the user ({error}); it is kept in the ticket's log.",
    },
    "required": {"fr": "Obligatoire.", "en": "Required."},
    "unknown_code": {"fr": "Ce code n'est pas l'un de ceux du client.", "en": "This is not one of the client's codes."},
    "failed": {"fr": "⚠️ Action impossible : {error}", "en": "⚠️ Could not do it: {error}"},
}
