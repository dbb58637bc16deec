"""What the doors and the handoff tell a user themselves, rather than Rasa: a secret masked, Rasa or the agents'
channel down, a door no client has, a technician joining or leaving, a flood or an over-long message."""

from servicedesk.language import Language

TEXTS: dict[str, dict[Language, str]] = {
    "secret_masked": {
        "fr": "🔒 Votre message contenait ce qui ressemble à un mot de passe, un code ou une clé : je l'ai masqué "
              "et il n'est enregistré nulle part. Ne communiquez jamais votre mot de passe, même au support "
              "informatique : personne ne vous le demandera. Si vous l'avez envoyé, changez-le dès que possible.",
        "en": "🔒 Your message held what looks like a password, a code or a key: I masked it and it is not stored "
              "anywhere. Never give your password to anyone, IT support included: nobody will ever ask for it. If "
              "you sent it, change it as soon as you can.",
    },
    "rasa_down": {
        "fr": "Désolé, je rencontre un souci technique et ne peux pas vous répondre tout de suite. Votre message "
              "est bien enregistré : je vous réponds ici dès que possible, inutile de le renvoyer.",
        "en": "Sorry, I'm having a technical problem and can't answer right now. Your message has been saved: "
              "I'll answer it here as soon as I can, no need to send it again.",
    },
    "replayed_on_ticket": {
        "fr": "Votre message envoyé pendant l'incident technique a bien été pris en compte : il est dans le "
              "ticket {number}.",
        "en": "The message you sent during the technical problem has been taken into account: it is in ticket "
              "{number}.",
    },
    "unknown_door": {
        "fr": "Cet espace n'est rattaché à aucun client du centre de services : contactez votre support "
              "informatique.",
        "en": "This workspace isn't linked to any client of the service desk: please contact your IT support.",
    },
    "agent_joined": {
        "fr": "{agent}, technicien du support, prend la suite de la conversation (ticket {number}).",
        "en": "{agent}, a support technician, is now with you (ticket {number}).",
    },
    "handed_back": {
        "fr": "{agent} a terminé. Je reprends la main : dites-moi si je peux encore vous aider.",
        "en": "{agent} has finished. You're back with me: tell me if there is anything else I can do.",
    },
    "pending_on_you": {
        "fr": "Le ticket {number} attend maintenant votre réponse : {reason}",
        "en": "Ticket {number} is now waiting for your answer: {reason}",
    },
    "resolved_by_agent": {
        "fr": "{agent} a résolu le ticket {number} : {solution}\nDites-moi si le problème est bien réglé.",
        "en": "{agent} has resolved ticket {number}: {solution}\nLet me know whether the problem is really fixed.",
    },
    "rate_limited": {
        "fr": "Vous m'envoyez des messages plus vite que je ne peux les lire : attendez {wait}, puis renvoyez ce "
              "à quoi je n'ai pas répondu.",
        "en": "You're sending messages faster than I can read them: please wait {wait}, then send again what I "
              "haven't answered.",
    },
    "rate_limited_to_agent": {
        "fr": "Vous envoyez beaucoup de messages d'un coup : ils sont tous notés dans votre ticket, mais attendez "
              "{wait} avant d'écrire à nouveau ici.",
        "en": "You're sending a lot of messages at once: they are all on your ticket, but please wait {wait} "
              "before writing here again.",
    },
    "too_long": {
        "fr": "Votre message est trop long ({length} caractères, {max} au plus) : envoyez-le en plusieurs parties "
              "ou joignez-le en fichier.",
        "en": "Your message is too long ({length} characters, {max} at most): send it in several parts or attach "
              "it as a file.",
    },
    "too_many_requests": {
        "fr": "Trop de demandes arrivent de votre adresse en peu de temps : patientez {wait}, puis réessayez.",
        "en": "Too many requests are coming from your address in a short time: please wait {wait}, then try "
              "again.",
    },
    "a_minute": {"fr": "une minute", "en": "a minute"},
    "minutes": {"fr": "{n} minutes", "en": "{n} minutes"},
    "waiting_for_agent": {
        "fr": "Votre message est bien noté dans votre ticket : un technicien va vous répondre ici.",
        "en": "Your message has been added to your ticket: a technician will answer you here.",
    },
}
