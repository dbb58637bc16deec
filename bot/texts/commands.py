"""What the slash command (`/relais`) answers a user, only to them: their open tickets, or what it does
(bot/slack/commands.py)."""

from servicedesk.language import Language

TEXTS: dict[str, dict[Language, str]] = {
    "heading": {"fr": "Vos tickets ouverts :", "en": "Your open tickets:"},
    "none": {
        "fr": "Vous n'avez aucun ticket ouvert. Écrivez-moi si vous avez besoin d'aide.",
        "en": "You have no open ticket. Write to me if you need help.",
    },
    "help": {
        "fr": "`{command}` affiche vos tickets ouverts et leur statut. Pour toute demande, écrivez-moi en message "
              "direct ou mentionnez-moi dans un canal.",
        "en": "`{command}` lists your open tickets and their status. For anything else, write to me in a direct "
              "message or mention me in a channel.",
    },
}
