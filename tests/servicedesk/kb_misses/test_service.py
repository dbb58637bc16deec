"""A search that found nothing, kept once per conversation and words, its secrets masked; gone with its
conversation when the retention purge forgets it."""

from datetime import timedelta

from servicedesk.database import unit_of_work
from servicedesk.kb_misses.service import misses_since, record_miss
from servicedesk.models import utcnow


def test_kept_once_masked_and_forgotten(session_factory) -> None:
    now = utcnow()
    with unit_of_work(session_factory) as session:
        first = record_miss(db_session=session, conversation_id="webchat:c1", query="comment  réserver une salle",
                            language="fr", best_doc="KB-9", best_score=0.31, now=now)
        assert first is not None
        assert record_miss(db_session=session, conversation_id="webchat:c1", query="Comment réserver une salle",
                           language="fr") is None  # the same words again in that conversation
        assert record_miss(db_session=session, conversation_id="webchat:c1", query="   ", language="fr") is None
        masked = record_miss(db_session=session, conversation_id="webchat:c2", language="en",
                             query="my password is Hunter2!Secret and VPN fails", now=now - timedelta(days=400))
        assert masked is not None and "Hunter2!Secret" not in masked.query
    with unit_of_work(session_factory) as session:
        assert [miss.query for miss in misses_since(db_session=session, since=now - timedelta(days=1), limit=10)] == [
            "comment réserver une salle"]


def test_the_retention_purge_forgets_old_misses(session_factory) -> None:
    from servicedesk.privacy.retention import Retention, purge_expired

    now = utcnow()
    with unit_of_work(session_factory) as session:
        record_miss(db_session=session, conversation_id="webchat:old", query="vieux", language="fr",
                    now=now - timedelta(days=400))
        record_miss(db_session=session, conversation_id="webchat:new", query="récent", language="fr", now=now)
    with unit_of_work(session_factory) as session:
        counts = purge_expired(db_session=session, now=now, retention=Retention.days(90))
        assert counts["kb_misses"] == 1
        assert [miss.query for miss in misses_since(db_session=session, since=now - timedelta(days=999), limit=9)] == [
            "récent"]


def test_a_forgotten_conversation_takes_its_misses(session_factory) -> None:
    from servicedesk.privacy.anonymise import forget_conversations

    now = utcnow()
    with unit_of_work(session_factory) as session:
        for conversation in ("webchat:marie", "webchat:other"):
            record_miss(db_session=session, conversation_id=conversation, query="mes mots", language="fr", now=now)
    with unit_of_work(session_factory) as session:
        assert forget_conversations(db_session=session, keys=["webchat:marie"])["kb_misses"] == 1
        assert [miss.conversation_id for miss in misses_since(db_session=session, since=now, limit=9)] == [
            "webchat:other"]
