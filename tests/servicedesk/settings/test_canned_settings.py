"""The agents' canned answers (`chat.canned`): a few defaults in French and English when the client names none,
the client's own replacing them, and a misspelt key or an answer in one language only refused."""

import pytest

from servicedesk.errors import InvalidSettings
from servicedesk.settings.document import DEFAULT_CANNED
from servicedesk.settings.loader import load_text
from tests.servicedesk.settings.document import document, dump


def test_a_client_without_canned_answers_gets_the_defaults() -> None:
    assert load_text(dump(document())).chat.canned == DEFAULT_CANNED


def test_a_clients_canned_answers_replace_the_defaults() -> None:
    raw = document()
    raw.setdefault("chat", {})["canned"] = [{"code": "restart", "title": {"fr": "Redémarrer", "en": "Restart"},
                                            "text": {"fr": "Redémarrez votre poste, {user_name}.",
                                                     "en": "Please restart your computer, {user_name}."}}]
    [answer] = load_text(dump(raw)).chat.canned
    assert (answer.code, answer.title.en, answer.text.fr) == (
        "restart", "Restart", "Redémarrez votre poste, {user_name}.")


@pytest.mark.parametrize("answer", [
    {"code": "x", "title": {"fr": "X", "en": "X"}, "text": {"fr": "Bonjour"}},
    {"code": "x", "title": {"fr": "X", "en": "X"}, "text": {"fr": "a", "en": "b"}, "body": "?"},
])
def test_an_answer_in_one_language_or_with_an_unknown_key_is_refused(answer) -> None:
    raw = document()
    raw.setdefault("chat", {})["canned"] = [answer]
    with pytest.raises(InvalidSettings):
        load_text(dump(raw))
