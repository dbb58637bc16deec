"""mail.*: the words around a notice sent by e-mail (bot/mail/compose.py): its subject, the line that says a reply
lands on the ticket, and who writes. The notice itself is the chat's sentence (notice.*)."""

from servicedesk.language import Language

TEXTS: dict[str, dict[Language, str]] = {
    "subject_ticket": {"fr": "[{number}] {summary}", "en": "[{number}] {summary}"},
    "reply_hint": {
        "fr": "Répondez à ce message pour écrire sur le ticket {number} : votre réponse sera ajoutée à son historique.",
        "en": "Reply to this e-mail to write on ticket {number}: your answer is added to its history.",
    },
    "for_information": {
        "fr": "Message d'information du centre de services sur le ticket {number}.",
        "en": "For your information, from the service desk, about ticket {number}.",
    },
    "no_reply": {
        "fr": "Ce message est envoyé automatiquement ; merci de ne pas y répondre.",
        "en": "This message is sent automatically; please do not reply to it.",
    },
    "signed": {"fr": "Le centre de services", "en": "The service desk"},
}
