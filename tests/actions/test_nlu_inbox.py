"""action_keep_unsure_message with real rasa-sdk Trackers, on SQLite and PostgreSQL: what goes to the inbox,
never twice, and never at the cost of the user's answer."""

import logging
import time
from typing import Any

import pytest
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from actions import dependencies
from actions.nlu_inbox import EXCERPT_TURNS, ActionKeepUnsureMessage
from servicedesk.database import make_engine, make_session_factory
from servicedesk.nlu_inbox import service as inbox
from servicedesk.nlu_inbox.models import UnsureMessage
from tests.actions.conftest import bot, make_tracker, user

FALLBACK = [{"name": "nlu_fallback", "confidence": 0.55}, {"name": "out_of_scope", "confidence": 0.38},
            {"name": "greet", "confidence": 0.2}]


def said(text: str, intent: str, confidence: float, ranking: list[dict[str, Any]] | None = None,
         message_id: str | None = "msg-1", at: float | None = None) -> dict[str, Any]:
    """A user event as Rasa sends it to the action server, with its NLU prediction."""
    event = user(text, intent, at)
    event["parse_data"]["intent"]["confidence"] = confidence
    event["parse_data"]["intent_ranking"] = ranking or [{"name": intent, "confidence": confidence}]
    if message_id is not None:
        event["message_id"] = event["parse_data"]["message_id"] = message_id
    return event


def run(domain: dict[str, Any], events: list[dict[str, Any]], **tracker: Any) -> list[dict[str, Any]]:
    return ActionKeepUnsureMessage().run(CollectingDispatcher(), make_tracker(events, **tracker), domain)


def kept(factory) -> list[UnsureMessage]:
    with factory() as session:
        return inbox.pending(db_session=session)


def test_a_fallback_message_is_kept_with_its_prediction_and_the_turns_before_it(domain, actions_database) -> None:
    history = [user("bonjour", "greet"), bot("Bonjour ! Je suis Relais."), user("hmm", "inform"),
               bot("Que puis-je faire ?")]
    events = run(domain, [*history, said("blorf the wibbles are quacking", "nlu_fallback", 0.55, FALLBACK)],
                 sender="carol")
    assert events == []  # the slot stays empty: nothing for the dialogue to react to
    [message] = kept(actions_database)
    assert (message.conversation_id, message.message_key, message.text) == (
        "carol", "msg-1", "blorf the wibbles are quacking")
    assert (message.intent, message.confidence) == ("nlu_fallback", pytest.approx(0.55))
    assert [guess["name"] for guess in message.ranking] == ["nlu_fallback", "out_of_scope", "greet"]
    assert message.language == "en"  # detected from the message, not the slot's "fr" of the last turn
    assert message.excerpt == [{"speaker": "user", "text": "bonjour"},
                               {"speaker": "bot", "text": "Bonjour ! Je suis Relais."},
                               {"speaker": "user", "text": "hmm"},
                               {"speaker": "bot", "text": "Que puis-je faire ?"}]


def test_a_barely_understood_message_is_kept_too(domain, actions_database) -> None:
    run(domain, [said("ma souris fait des trucs bizarres", "report_incident", 0.61)])
    [message] = kept(actions_database)
    assert (message.intent, message.language) == ("report_incident", "fr")


def test_a_confident_message_is_not_kept(domain, actions_database) -> None:
    assert run(domain, [said("Outlook plante au démarrage", "report_incident", 0.97)]) == []
    assert kept(actions_database) == []


def test_the_threshold_comes_from_the_environment(domain, actions_database, monkeypatch) -> None:
    monkeypatch.setenv("RELAIS_NLU_REVIEW_THRESHOLD", "0.98")
    run(domain, [said("Outlook plante au démarrage", "report_incident", 0.97)])
    assert len(kept(actions_database)) == 1


def test_a_message_seen_twice_is_kept_once(domain, actions_database) -> None:
    """A channel retrying its webhook, or Rasa calling the action again for the same message."""
    events = [said("blorf wibble", "nlu_fallback", 0.55, FALLBACK)]
    run(domain, events)
    run(domain, events)
    assert len(kept(actions_database)) == 1


def test_without_a_message_id_the_timestamp_tells_messages_apart(domain, actions_database) -> None:
    first = said("blorf wibble", "nlu_fallback", 0.55, FALLBACK, message_id=None, at=1_700_000_000.5)
    run(domain, [first])
    run(domain, [first])
    run(domain, [first, bot("Sorry?"), said("blorf wibble", "nlu_fallback", 0.55, FALLBACK, message_id=None,
                                            at=1_700_000_060.0)])
    messages = kept(actions_database)
    assert [m.message_key for m in messages] == ["ts:1700000000.5", "ts:1700000060.0"]
    assert messages[0].received_at.timestamp() == pytest.approx(1_700_000_000.5)


def test_a_message_that_names_no_language_takes_the_conversations(domain, actions_database) -> None:
    run(domain, [said("42", "inform", 0.4)], slots={"language": "en"})
    assert kept(actions_database)[0].language == "en"


def test_the_excerpt_is_the_last_few_turns(domain, actions_database) -> None:
    history = [bot(f"turn {n}") for n in range(EXCERPT_TURNS + 4)]
    run(domain, [*history, said("blorf wibble", "nlu_fallback", 0.55, FALLBACK)])
    assert [turn["text"] for turn in kept(actions_database)[0].excerpt] == [
        f"turn {n}" for n in range(4, EXCERPT_TURNS + 4)]


def test_a_blank_message_is_not_kept(domain, actions_database) -> None:
    run(domain, [said("", "nlu_fallback", 0.55, FALLBACK)])
    assert kept(actions_database) == []


def test_a_storage_failure_is_logged_and_the_turn_goes_on(domain, tmp_path, caplog) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'never-migrated.db'}")  # no nlu_inbox table
    dependencies.use_session_factory(make_session_factory(engine))
    try:
        with caplog.at_level(logging.ERROR, logger="actions.nlu_inbox"):
            events = run(domain, [said("blorf wibble", "nlu_fallback", 0.55, FALLBACK)], sender="dave")
    finally:
        dependencies.use_session_factory(None)
        engine.dispose()
    assert events == []
    assert "could not keep an unsure message of conversation dave" in caplog.text


def test_a_wrong_threshold_is_logged_and_the_turn_goes_on(domain, actions_database, monkeypatch, caplog) -> None:
    monkeypatch.setenv("RELAIS_NLU_REVIEW_THRESHOLD", "high")
    with caplog.at_level(logging.ERROR, logger="actions.nlu_inbox"):
        assert run(domain, [said("blorf wibble", "nlu_fallback", 0.55, FALLBACK)]) == []
    assert "RELAIS_NLU_REVIEW_THRESHOLD" in caplog.text


def test_the_action_server_serves_it() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    assert "action_keep_unsure_message" in executor.actions


def test_it_answers_fast_when_the_model_was_sure(domain, actions_database) -> None:
    """It runs on every message, before the reply: a confident message must not touch the database."""
    dependencies.use_session_factory(None)  # any database access would now go to the catalogue and fail
    try:
        started = time.monotonic()
        assert run(domain, [said("Outlook plante au démarrage", "report_incident", 0.97)]) == []
    finally:
        dependencies.use_session_factory(actions_database)
    assert time.monotonic() - started < 1


def test_answers_to_a_question_and_button_payloads_are_not_kept(domain, actions_database) -> None:
    from actions.nlu_inbox import keep_if_unsure
    from tests.actions.conftest import make_tracker, user

    answer = user("depuis ce matin", "inform")
    answer["parse_data"]["intent"]["confidence"] = 0.3
    assert not keep_if_unsure(make_tracker([answer], {"episode": {"stage": "qualifying", "asked": "since"}}))
    click = user('/incident_followup{"ticket_number": "INC-000001"}', "incident_followup")
    click["parse_data"]["intent"]["confidence"] = 0.3
    assert not keep_if_unsure(make_tracker([click]))
    assert keep_if_unsure(make_tracker([answer]))  # the same words outside a form are worth a look
