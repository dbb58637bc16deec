"""Keeping, listing and reviewing unsure messages, on SQLite and PostgreSQL."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from servicedesk.database import unit_of_work
from servicedesk.errors import AlreadyReviewed, InboxMessageNotFound
from servicedesk.nlu_inbox import service as inbox
from servicedesk.nlu_inbox.models import DISCARDED, LABELLED, PENDING, UnsureMessage
from tests.servicedesk.nlu_inbox.conftest import prediction


def count(factory) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(UnsureMessage))


def test_a_hesitant_message_is_kept_with_its_prediction_and_conversation(session_factory) -> None:
    said = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)
    with unit_of_work(session_factory) as session:
        kept = inbox.keep(db_session=session, received_at=said, **prediction())
    assert kept is not None
    with session_factory() as session:
        [message] = inbox.pending(db_session=session)
    assert (message.conversation_id, message.text, message.intent, message.language) == (
        "alice", "my thingy is weird", "report_incident", "en")
    assert message.confidence == pytest.approx(0.42)
    assert message.ranking == [{"name": "report_incident", "confidence": 0.42},
                               {"name": "out_of_scope", "confidence": 0.31}]  # Rasa's ids dropped
    assert message.excerpt == [{"speaker": "bot", "text": "What can I do for you?"}]
    assert message.received_at == said and message.status == PENDING


def test_the_fallback_is_kept_whatever_its_confidence(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        assert inbox.keep(db_session=session, **prediction(intent="nlu_fallback", confidence=0.95)) is not None


def test_a_confident_or_blank_message_is_not_kept(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        assert inbox.keep(db_session=session, **prediction(confidence=0.7)) is None  # at the threshold: sure enough
        assert inbox.keep(db_session=session, **prediction(message_key="m-2", text="   ")) is None
    assert count(session_factory) == 0


def test_the_same_message_is_never_kept_twice(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        assert inbox.keep(db_session=session, **prediction()) is not None
    with unit_of_work(session_factory) as session:  # the channel retried its webhook
        assert inbox.keep(db_session=session, **prediction(text="my thingy is weird")) is None
        assert inbox.keep(db_session=session, **prediction(conversation_id="bob")) is not None  # same key, other talk
    assert count(session_factory) == 2


def test_a_twin_insert_loses_quietly_and_keeps_the_callers_transaction(session_factory, monkeypatch) -> None:
    """Two action-server replicas may both pass the existence check; the unique constraint decides."""
    with unit_of_work(session_factory) as session:
        session.add(UnsureMessage(conversation_id="alice", message_key="m-1", text="x", intent="greet",
                                  confidence=0.1, ranking=[], language="en", excerpt=[],
                                  received_at=datetime.now(UTC)))
        session.flush()
        with monkeypatch.context() as patch:
            patch.setattr(inbox, "get_by_message", lambda **_: None)  # the twin's check saw nothing yet
            assert inbox.keep(db_session=session, **prediction()) is None
        assert inbox.keep(db_session=session, **prediction(message_key="m-2")) is not None
    assert count(session_factory) == 2


def test_a_long_message_is_kept_truncated(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        kept = inbox.keep(db_session=session, **prediction(text="a" * 10_000, excerpt=[
            {"speaker": "user", "text": "b" * 10_000}]))
    assert kept is not None
    assert len(kept.text) == inbox.MAX_TEXT_LENGTH and len(kept.excerpt[0]["text"]) == inbox.MAX_TURN_LENGTH


def test_pending_lists_oldest_first_and_forgets_reviewed_messages(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ids = [inbox.keep(db_session=session, **prediction(message_key=f"m-{n}", text=f"text {n}")).id
               for n in range(3)]
    with unit_of_work(session_factory) as session:
        inbox.label(db_session=session, message_id=ids[0], intent="greet", reviewer="eve")
        inbox.discard(db_session=session, message_id=ids[2], reviewer="eve")
    with session_factory() as session:
        assert [m.id for m in inbox.pending(db_session=session)] == [ids[1]]
        assert [m.text for m in inbox.pending(db_session=session, limit=1)] == ["text 1"]


def test_labelling_records_the_intent_who_and_when(session_factory) -> None:
    when = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    with unit_of_work(session_factory) as session:
        message_id = inbox.keep(db_session=session, **prediction()).id
    with unit_of_work(session_factory) as session:
        labelled = inbox.label(db_session=session, message_id=message_id, intent=" report_incident ",
                               reviewer="eve", now=when)
        assert (labelled.status, labelled.labelled_intent, labelled.reviewed_by, labelled.reviewed_at) == (
            LABELLED, "report_incident", "eve", when)
    with session_factory() as session:
        assert inbox.get(db_session=session, message_id=message_id).status == LABELLED


def test_discarding_records_who_and_no_intent(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        message_id = inbox.keep(db_session=session, **prediction()).id
    with unit_of_work(session_factory) as session:
        discarded = inbox.discard(db_session=session, message_id=message_id, reviewer="eve")
    assert (discarded.status, discarded.labelled_intent, discarded.reviewed_by) == (DISCARDED, None, "eve")
    assert discarded.reviewed_at is not None


def test_the_second_editor_is_told_and_the_first_decision_stands(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        message_id = inbox.keep(db_session=session, **prediction()).id
    with unit_of_work(session_factory) as session:
        inbox.label(db_session=session, message_id=message_id, intent="greet", reviewer="eve")
    with pytest.raises(AlreadyReviewed, match="already labelled"), unit_of_work(session_factory) as session:
        inbox.discard(db_session=session, message_id=message_id, reviewer="mallory")
    with session_factory() as session:
        message = inbox.get(db_session=session, message_id=message_id)
    assert (message.status, message.labelled_intent, message.reviewed_by) == (LABELLED, "greet", "eve")


def test_unknown_messages_and_empty_labels_are_refused(session_factory) -> None:
    with pytest.raises(InboxMessageNotFound), unit_of_work(session_factory) as session:
        inbox.label(db_session=session, message_id=999_999, intent="greet", reviewer="eve")
    with pytest.raises(ValueError, match="intent"), unit_of_work(session_factory) as session:
        inbox.label(db_session=session, message_id=1, intent=" ", reviewer="eve")
