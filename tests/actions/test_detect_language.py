"""action_detect_language: the `language` slot follows what the user writes, not what they quote; the detector
itself is tested in tests/servicedesk/test_language.py."""

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.detect_language import ActionDetectLanguage
from tests.actions.conftest import make_tracker, user


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        ("my VPN keeps disconnecting", "fr", "en"),
        ("Outlook plante au démarrage", "en", "fr"),
        ("Wie spät ist es? Ich brauche Hilfe", "fr", "other"),
        ("INC-000042", "en", None),  # says nothing: the conversation keeps its language
        ("3", "fr", None),
        ("ok", "en", None),
        ("merci", "en", "fr"),
        ("thanks", "fr", "en"),
        ("😀😀😀", "fr", None),
        ("", "en", None),
    ],
)
def test_the_language_follows_the_user(domain, text, before, after) -> None:
    tracker = make_tracker([user(text)], {"language": before})
    events = ActionDetectLanguage().run(CollectingDispatcher(), tracker, domain)
    assert events == ([] if after is None else [{"event": "slot", "name": "language", "value": after,
                                                 "timestamp": None}])


def said_with_error(text: str, error: str) -> dict[str, Any]:
    """A user message whose NLU found `error` as an error_message entity, with the offsets Rasa gives."""
    event = user(text)
    start = text.index(error)
    event["parse_data"]["entities"] = [{"entity": "error_message", "value": error, "start": start,
                                        "end": start + len(error), "extractor": "DIETClassifier"}]
    return event


@pytest.mark.parametrize(
    ("text", "error", "language"),
    [
        ("mon VPN GlobalProtect affiche Gateway cannot be reached", "Gateway cannot be reached", "fr"),
        ("my printer says Bac papier vide, veuillez recharger le papier",
         "Bac papier vide, veuillez recharger le papier", "en"),
    ],
)
def test_a_quoted_error_message_does_not_switch_the_language(domain, text, error, language) -> None:
    tracker = make_tracker([said_with_error(text, error)], {"language": language})
    assert ActionDetectLanguage().run(CollectingDispatcher(), tracker, domain) == []


def test_text_between_double_quotes_does_not_switch_the_language(domain) -> None:
    tracker = make_tracker([user('mon VPN GlobalProtect affiche « Gateway cannot be reached »')], {"language": "fr"})
    assert ActionDetectLanguage().run(CollectingDispatcher(), tracker, domain) == []


def test_the_answer_to_the_error_message_question_does_not_switch_the_language(domain) -> None:
    tracker = make_tracker([user("The remote server returned an error: (401) Unauthorized")],
                           {"language": "fr", "episode": {"stage": "qualifying", "asked": "error"}})
    assert ActionDetectLanguage().run(CollectingDispatcher(), tracker, domain) == []


def test_what_the_user_writes_around_a_quoted_error_still_counts(domain) -> None:
    text = 'my laptop keeps showing "Mot de passe incorrect" every time I log in'
    tracker = make_tracker([said_with_error(text, "Mot de passe incorrect")], {"language": "fr"})
    events = ActionDetectLanguage().run(CollectingDispatcher(), tracker, domain)
    assert [(e["name"], e["value"]) for e in events] == [("language", "en")]
