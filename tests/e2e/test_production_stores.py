"""The production path: tickets and the Rasa tracker store on PostgreSQL, the lock store on Redis,
configured only through the environment variables endpoints.production.yml reads."""

import re
import uuid

import pytest
import redis
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from scripts.stack import ROOT
from servicedesk.tickets.models import Ticket
from tests.conftest import postgres_database
from tests.e2e.conftest import running_bot
from tests.servicedesk.clients.conftest import drop_postgres_databases, postgres_url

pytestmark = pytest.mark.e2e
REDIS_DB = 7


def redis_sets(client: redis.Redis) -> int:
    return client.info("commandstats").get("cmdstat_set", {}).get("calls", 0)


def test_a_conversation_on_postgresql_and_redis(tmp_path) -> None:
    prefix = f"relais_e2e_{uuid.uuid4().hex[:8]}_"
    try:
        converse_on_postgresql(tmp_path, prefix)
    finally:
        drop_postgres_databases(prefix)


def converse_on_postgresql(tmp_path, prefix: str) -> None:
    with postgres_database("relais_catalogue") as catalogue_url, postgres_database("relais_tracker") as tracker_url:
        tracker = make_url(tracker_url)
        env = {
            "RELAIS_TRACKER_DB_HOST": tracker.host, "RELAIS_TRACKER_DB_PORT": str(tracker.port),
            "RELAIS_TRACKER_DB_NAME": tracker.database, "RELAIS_TRACKER_DB_USER": tracker.username,
            "RELAIS_TRACKER_DB_PASSWORD": tracker.password or "",
            "RELAIS_REDIS_HOST": "127.0.0.1", "RELAIS_REDIS_PORT": "6379", "RELAIS_REDIS_DB": str(REDIS_DB),
        }
        lock_store = redis.Redis(db=REDIS_DB)
        assert lock_store.ping()
        sets_before = redis_sets(lock_store)
        template = postgres_url(prefix + "{slug}")
        with running_bot(tmp_path, catalogue_url, template, ROOT / "endpoints.production.yml", env) as bot:
            chat = bot.conversation()
            said = ("Outlook plante au démarrage, je ne peux plus travailler", "non", "non, toujours pas", "merci")
            replies = [chat.text(line) for line in said]
            opened = next(reply for reply in replies if re.search(r"INC-\d{6}", reply))
            number = re.search(r"INC-\d{6}", opened).group(0)
            assert "priorité P2" in opened
            with bot.tickets() as session:
                assert session.scalars(select(Ticket.priority).where(Ticket.number == number)).one() == "P2"

        # Rasa took and released the conversation lock in Redis at every message.
        assert redis_sets(lock_store) >= sets_before + len(said)
        engine = create_engine(tracker_url)
        with engine.connect() as connection:
            stored = connection.execute(
                text("SELECT count(*) FROM events WHERE sender_id = :s AND type_name = 'user'"), {"s": chat.sender}
            ).scalar_one()
        engine.dispose()
        assert stored == len(said)  # every message of the conversation
