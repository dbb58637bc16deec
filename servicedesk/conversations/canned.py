"""The agents' ready answers of a client (its settings' `chat.canned`, servicedesk.settings.document), in a live
conversation's language and with its placeholders filled: {user_name} and {ticket_number}. A placeholder the
answer misspells stays as written rather than failing: the agent sees it in the message box before sending."""

import string
from dataclasses import dataclass

from servicedesk.language import Language
from servicedesk.settings.document import CannedAnswer


@dataclass(frozen=True)
class Ready:
    code: str
    title: str
    text: str


class _Keep(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def ready(answers: tuple[CannedAnswer, ...], *, language: Language, user_name: str,
          ticket_number: str) -> list[Ready]:
    values = _Keep(user_name=user_name, ticket_number=ticket_number)
    formatter = string.Formatter()
    return [Ready(answer.code, getattr(answer.title, language),
                  formatter.vformat(getattr(answer.text, language), (), values)) for answer in answers]
