"""action_detect_language: the `language` slot follows what the user writes, not what they quote; the detector
itself is tested in tests/servicedesk/test_language.py."""

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import dependencies
from actions.detect_language import ActionDetectLanguage
from servicedesk.database import unit_of_work
from servicedesk.errors import ClientUnknown
from servicedesk.settings.current import load_into
from servicedesk.settings.loader import CLIENTS_ROOT
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


@pytest.mark.parametrize(("client", "language"), [("demo", "fr"), ("acme", "en")])
def test_a_first_message_that_says_nothing_gets_the_clients_language(session_factory, domain, client,
                                                                     language) -> None:
    settings = CLIENTS_ROOT / client / "settings.yml"
    with unit_of_work(session_factory) as session:
        load_into(db_session=session, text=settings.read_text(encoding="utf-8"), origin=str(settings))
    dependencies.use_session_factory(session_factory)
    try:
        tracker = make_tracker([user("INC-000042")], {"language": None})
        events = ActionDetectLanguage().run(CollectingDispatcher(), tracker, domain)
    finally:
        dependencies.use_session_factory(None)
    assert [(e["name"], e["value"]) for e in events] == [("language", language)]


@pytest.mark.parametrize("text", ["/nlu_fallback", "/report_incident"])
def test_a_first_button_gets_the_clients_language_and_a_later_one_keeps_the_conversations(session_factory, domain,
                                                                                           text) -> None:
    settings = CLIENTS_ROOT / "acme" / "settings.yml"
    with unit_of_work(session_factory) as session:
        load_into(db_session=session, text=settings.read_text(encoding="utf-8"), origin=str(settings))
    dependencies.use_session_factory(session_factory)
    try:
        first = ActionDetectLanguage().run(CollectingDispatcher(), make_tracker([user(text)], {"language": None}),
                                           domain)
        later = ActionDetectLanguage().run(CollectingDispatcher(), make_tracker([user(text)], {"language": "fr"}),
                                           domain)
    finally:
        dependencies.use_session_factory(None)
    assert [(e["name"], e["value"]) for e in first] == [("language", "en")] and later == []


def test_a_first_message_from_an_unknown_client_leaves_the_slot_empty(domain, monkeypatch) -> None:
    def unknown(tracker: object) -> None:
        raise ClientUnknown("rest")

    # No client answers to the door, whatever catalogue this machine holds (make run leaves one in var/).
    monkeypatch.setattr(dependencies, "session_factory", unknown)
    tracker = make_tracker([user("ok")], {"language": None})
    assert ActionDetectLanguage().run(CollectingDispatcher(), tracker, domain) == []


def test_the_domain_gives_the_language_slot_no_initial_value(domain) -> None:
    assert domain["slots"]["language"].get("initial_value") is None
