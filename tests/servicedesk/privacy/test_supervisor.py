"""The supervisor's pass purges each client's personal data by its own retention, at most hourly, and a purge
that fails is reported without stopping the pass (SQLite and PostgreSQL catalogues and client databases)."""

from datetime import timedelta

from sqlalchemy import select

from servicedesk.clients.service import create
from servicedesk.conversations.models import Conversation
from servicedesk.database import unit_of_work
from servicedesk.operations import supervise_once
from servicedesk.privacy.models import PrivacyRequest
from servicedesk.privacy.tracker import TrackerStore
from servicedesk.settings.current import load_into
from servicedesk.settings.loader import CLIENTS_ROOT
from tests.servicedesk.clients import conftest as clients
from tests.servicedesk.privacy.conftest import MARIE, NOW, PAUL, days_ago, talk

backend, unique_prefix, client_url_template = clients.backend, clients.unique_prefix, clients.client_url_template
catalogue_url, catalogue, registry = clients.catalogue_url, clients.catalogue, clients.registry
migrated_catalogue, client_databases = clients.migrated_catalogue, clients.client_databases


def _clients(catalogue, registry) -> None:
    """demo keeps conversations 365 days, acme 180 (their settings files); both heard Marie 200 days ago."""
    with unit_of_work(catalogue) as session:
        for slug in ("demo", "acme"):
            create(db_session=session, slug=slug, name=slug.title())
    for slug in ("demo", "acme"):
        path = CLIENTS_ROOT / slug / "settings.yml"
        with unit_of_work(registry.session_factory(slug)) as session:
            load_into(db_session=session, text=path.read_text(encoding="utf-8"), origin=str(path))
            talk(session, MARIE, days_ago(200), "Outlook plante")


def _keys(registry, slug: str) -> list[str]:
    with registry.session_factory(slug)() as session:
        return list(session.scalars(select(Conversation.key)))


def test_each_client_is_purged_by_its_own_retention_at_most_hourly(catalogue, registry) -> None:
    _clients(catalogue, registry)
    lines = supervise_once(catalogue, registry, now=NOW)
    assert "acme: past retention, conversations 1, journal 1, nlu inbox 1" in lines
    assert not any(line.startswith("demo: past retention") for line in lines)
    assert (_keys(registry, "demo"), _keys(registry, "acme")) == ([MARIE.conversation], [])
    with unit_of_work(registry.session_factory("acme")) as session:
        talk(session, PAUL, days_ago(190), "Teams ne démarre plus")
    supervise_once(catalogue, registry, now=NOW + timedelta(minutes=30))
    assert _keys(registry, "acme") == [PAUL.conversation]  # the last purge was half an hour ago
    supervise_once(catalogue, registry, now=NOW + timedelta(hours=1))
    assert _keys(registry, "acme") == []
    with registry.session_factory("demo")() as session:
        assert [row.actor for row in session.scalars(select(PrivacyRequest))] == ["supervisor", "supervisor"]


def test_a_purge_that_fails_is_reported_and_the_pass_goes_on(catalogue, registry) -> None:
    _clients(catalogue, registry)
    unreachable = TrackerStore("postgresql+psycopg://nobody@127.0.0.1:9/rasa?connect_timeout=2")
    lines = supervise_once(catalogue, registry, now=NOW, tracker=unreachable)
    assert "acme: personal data purge failed, retried next pass (OperationalError)" in lines
    assert _keys(registry, "acme") == [MARIE.conversation]
    with registry.session_factory("acme")() as session:
        assert session.scalars(select(PrivacyRequest)).all() == []
    with registry.session_factory("demo")() as session:  # demo had nothing for the tracker: its purge ran
        assert len(session.scalars(select(PrivacyRequest)).all()) == 1
