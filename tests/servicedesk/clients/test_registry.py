"""The per-process registry of client databases: built lazily, once, and shared between threads."""

import threading

import pytest
from sqlalchemy import text

from servicedesk.clients import registry as registry_module
from servicedesk.clients.registry import ClientDatabases
from servicedesk.clients.service import create, get_by_slug
from servicedesk.database import make_engine, unit_of_work
from servicedesk.errors import ClientUnknown


@pytest.fixture
def engines_made(monkeypatch) -> list[str]:
    """The URLs the registry built engines for, in order."""
    made: list[str] = []

    def counting_make_engine(url: str):  # type: ignore[no-untyped-def]
        made.append(url)
        return make_engine(url)

    monkeypatch.setattr(registry_module, "make_engine", counting_make_engine)
    return made


def make_clients(catalogue, *slugs: str) -> dict[str, str]:
    with unit_of_work(catalogue) as session:
        return {slug: create(db_session=session, slug=slug, name=slug.title()).database_url for slug in slugs}


def test_the_same_factory_is_returned_and_engines_are_made_on_first_use(catalogue, registry, engines_made) -> None:
    urls = make_clients(catalogue, "alpha", "bravo")
    assert engines_made == []  # creating clients or the registry connects to nothing

    first = registry.session_factory("alpha")
    assert registry.session_factory("alpha") is first
    assert engines_made == [urls["alpha"]]

    assert registry.session_factory("bravo") is not first
    assert engines_made == [urls["alpha"], urls["bravo"]]
    with first() as session:
        assert session.scalar(text("SELECT count(*) FROM tickets")) == 0


def test_threads_seeing_a_client_first_together_share_one_engine(catalogue, registry, engines_made) -> None:
    make_clients(catalogue, "alpha")
    barrier = threading.Barrier(8)
    factories = []

    def first_message() -> None:
        barrier.wait()
        factories.append(registry.session_factory("alpha"))

    threads = [threading.Thread(target=first_message) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(factories) == 8 and all(factory is factories[0] for factory in factories)
    assert len(engines_made) == 1


def test_unknown_and_inactive_slugs_are_not_cached(catalogue, registry, engines_made) -> None:
    with pytest.raises(ClientUnknown):
        registry.session_factory("later")
    make_clients(catalogue, "later")  # known from now on, without restarting the registry
    registry.session_factory("later")

    make_clients(catalogue, "paused")
    with unit_of_work(catalogue) as session:
        get_by_slug(db_session=session, slug="paused").active = False
    with pytest.raises(ClientUnknown):
        registry.session_factory("paused")
    assert len(engines_made) == 1


def test_dispose_closes_engines_and_the_next_use_builds_them_again(catalogue, engines_made) -> None:
    make_clients(catalogue, "alpha")
    registry = ClientDatabases(catalogue)
    first = registry.session_factory("alpha")
    with first() as session:
        session.execute(text("SELECT 1"))
    engine = first.kw["bind"]
    assert engine.pool.checkedin() == 1

    registry.dispose()
    assert engine.pool.checkedin() == 0
    second = registry.session_factory("alpha")
    assert second is not first and len(engines_made) == 2
    registry.dispose()
