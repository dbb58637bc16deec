"""The web chat page's own words (bot/webchat/static/): its buttons, labels, status and errors. The door
writes them into chat.js when it serves it, and the page shows them in its reader's language; index.html gets
the client's language, for the moment before the script runs."""

from servicedesk.language import Language

TEXTS: dict[str, dict[Language, str]] = {
    "subtitle": {"fr": "Support informatique", "en": "IT support"},
    "restart": {"fr": "Nouvelle conversation", "en": "New conversation"},
    "typing": {"fr": "Relais écrit…", "en": "Relais is typing…"},
    "label": {"fr": "Votre message", "en": "Your message"},
    "placeholder": {
        "fr": "Décrivez votre problème ou posez votre question…",
        "en": "Describe your problem or ask a question…",
    },
    "send": {"fr": "Envoyer", "en": "Send"},
    "hint": {
        "fr": "Entrée pour envoyer, Maj+Entrée pour aller à la ligne.",
        "en": "Enter to send, Shift+Enter for a new line.",
    },
    "welcome": {
        "fr": "Bonjour ! Je suis Relais, l'assistant du support informatique. Décrivez votre problème, je vous aide "
              "ou je le transmets à un technicien.",
        "en": "Hello! I'm Relais, the IT support assistant. Describe your problem: I'll help you or pass it on to a "
              "technician.",
    },
    "you": {"fr": "Vous", "en": "You"},
    "bot": {"fr": "Relais", "en": "Relais"},
    "agent": {"fr": "Technicien", "en": "Technician"},
    "system": {"fr": "Information", "en": "Notice"},
    "connected": {"fr": "En ligne", "en": "Online"},
    "connecting": {"fr": "Connexion…", "en": "Connecting…"},
    "offline": {"fr": "Hors ligne — nouvelle tentative…", "en": "Offline — retrying…"},
    "empty": {"fr": "Écrivez un message avant d'envoyer.", "en": "Write a message before sending."},
    "too_long": {
        "fr": "Votre message est trop long ({max} caractères au plus) : raccourcissez-le ou envoyez-le en plusieurs "
              "fois.",
        "en": "Your message is too long ({max} characters at most): shorten it or send it in several parts.",
    },
    "invalid": {
        "fr": "Ce message n'a pas pu être envoyé. Rechargez la page et réessayez.",
        "en": "This message could not be sent. Reload the page and try again.",
    },
    "unreachable": {
        "fr": "Le service ne répond pas pour le moment. Votre message n'est pas parti : réessayez dans un instant.",
        "en": "The service isn't answering right now. Your message was not sent: please try again in a moment.",
    },
    "not_sent": {"fr": "Non envoyé", "en": "Not sent"},
    "chosen": {"fr": "Choix : ", "en": "Chosen: "},
    "buttons": {"fr": "Réponses possibles", "en": "Possible answers"},
    "image": {"fr": "Image", "en": "Image"},
    "confirm_restart": {
        "fr": "Commencer une nouvelle conversation ? L'historique affiché sera effacé.",
        "en": "Start a new conversation? The history shown here will be cleared.",
    },
    "sign_in": {"fr": "Se connecter", "en": "Sign in"},
    "reload": {"fr": "Recharger la page", "en": "Reload the page"},
    "signed_in": {"fr": "Connecté : ", "en": "Signed in: "},
    "session_lost": {
        "fr": "Votre session de discussion n'est plus valable : rechargez la page pour continuer.",
        "en": "Your chat session is no longer valid: reload the page to carry on.",
    },
    "needs_javascript": {"fr": "Cette page a besoin de JavaScript.", "en": "This page needs JavaScript."},
}
