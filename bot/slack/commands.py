"""The slash command (`/relais`, whatever name the Slack app gives it): the user's open tickets and their
status, only to them (ephemeral). `/relais help` (or `aide`) says what it does; `/relais en` or `fr` picks
the language, otherwise it is the one the user last spoke with the bot, else the client's."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from bot.directory import client_language
from bot.notices import status_label
from bot.slack.blocks import escape
from bot.texts import LANGUAGES, guess_language, say
from servicedesk.conversations import service as conversations
from servicedesk.language import Language, language_of
from servicedesk.tickets.access import Viewer, open_tickets_of

LIMIT = 10

_HELP_WORDS: dict[str, Language | None] = {"help": "en", "aide": "fr", "?": None}
_LANGUAGE_WORDS: dict[str, Language] = {"en": "en", "english": "en", "fr": "fr", "français": "fr", "francais": "fr"}


@dataclass(frozen=True)
class TicketLine:
    number: str
    title: str
    status: str


def answer(session: Session, *, requester: str, command: str, text: str, email: str | None = None) -> dict[str, Any]:
    """The ephemeral response (text and blocks) to the command typed with `text`: the user's own tickets, from
    any door when Slack told us their verified address."""
    word = text.strip().lower()
    if word in _HELP_WORDS:
        language = _HELP_WORDS[word] or _language(session, requester, "")
        return _response(say("command.help", language, command=escape(command)))
    tickets = open_tickets_of(db_session=session, viewer=Viewer(requester, email), limit=LIMIT)
    language = _LANGUAGE_WORDS.get(word) or _language(session, requester, text,
                                                      tickets[0].language if tickets else None)
    lines = [TicketLine(t.number or "", t.title, t.status) for t in tickets]
    return render_tickets(lines, language)


def render_tickets(lines: list[TicketLine], language: Language) -> dict[str, Any]:
    if not lines:
        return _response(say("command.none", language))
    items = "\n".join(f"• *{escape(line.number)}* — {escape(line.title)} — _{status_label(line.status, language)}_"
                      for line in lines)
    return _response(f"{say('command.heading', language)}\n{items}")


def _language(session: Session, requester: str, text: str, ticket_language: str | None = None) -> Language:
    latest = conversations.latest_of(db_session=session, requester=requester, channel="slack")
    found = (latest.language if latest is not None else None) or ticket_language
    if found in LANGUAGES:
        return language_of(found)
    return guess_language(text, client_language(session))


def _response(text: str) -> dict[str, Any]:
    return {"response_type": "ephemeral", "text": text,
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}
