"""What the web chat door says itself when it refuses, one sentence per refusal code (bot/webchat/identity.py's
`Refused`): shown in French and English at once, since the page may not know its reader's language yet."""

from servicedesk.language import Language

TEXTS: dict[str, dict[Language, str]] = {
    "unknown_key": {
        "fr": "Ce lien de discussion n'est rattaché à aucun client du centre de services : vérifiez l'adresse ou "
              "contactez votre support informatique.",
        "en": "This chat link isn't linked to any client of the service desk: check the address or contact your IT "
              "support.",
    },
    "session_invalid": {
        "fr": "Votre session de discussion n'est plus valable (elle a expiré, ou elle appartient à une autre page) : "
              "rechargez la page pour continuer.",
        "en": "Your chat session is no longer valid (it has expired, or it belongs to another page): reload the page "
              "to carry on.",
    },
    "identity_refused": {
        "fr": "Nous n'avons pas pu vérifier votre identité auprès du site de votre entreprise. Rechargez la page ; si "
              "cela continue, contactez votre support informatique.",
        "en": "We couldn't verify your identity with your company's site. Reload the page; if it keeps happening, "
              "contact your IT support.",
    },
    "sign_in_required": {
        "fr": "Pour discuter avec le support, connectez-vous avec votre compte d'entreprise.",
        "en": "To chat with the support team, sign in with your company account.",
    },
    "open_from_site": {
        "fr": "Ce chat s'ouvre depuis le site de votre entreprise, une fois que vous y êtes connecté : passez par lui "
              "pour nous écrire.",
        "en": "This chat opens from your company's site once you are signed in there: please go through it to write "
              "to us.",
    },
    "sign_in_unavailable": {
        "fr": "La connexion avec un compte d'entreprise n'est pas proposée pour ce chat.",
        "en": "Signing in with a company account isn't offered for this chat.",
    },
    "sign_in_failed": {
        "fr": "La connexion n'a pas abouti. Réessayez ; si cela continue, contactez votre support informatique.",
        "en": "Signing in didn't work. Please try again; if it keeps happening, contact your IT support.",
    },
    "not_configured": {
        "fr": "Ce chat n'est pas encore entièrement configuré : contactez votre support informatique.",
        "en": "This chat isn't fully set up yet: please contact your IT support.",
    },
    "back_to_chat": {"fr": "Retour au chat", "en": "Back to the chat"},
}
