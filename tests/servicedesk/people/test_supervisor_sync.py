"""The supervisor's pass imports a client's LDAP directory (a real slapd) on the client's schedule, logs the counts,
leaves a client without LDAP alone, and reports a server that went away without stopping the pass."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from servicedesk.clients.service import create
from servicedesk.database import unit_of_work
from servicedesk.operations import supervise_once
from servicedesk.people.models import DirectorySync
from servicedesk.settings.current import load_into
from servicedesk.settings.loader import CLIENTS_ROOT
from tests.servicedesk.clients import conftest as clients
from tests.servicedesk.people.slapd import LdapServer

backend, unique_prefix, client_url_template = clients.backend, clients.unique_prefix, clients.client_url_template
catalogue_url, catalogue, registry = clients.catalogue_url, clients.catalogue, clients.registry
migrated_catalogue, client_databases = clients.migrated_catalogue, clients.client_databases

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
ENV = "ACME_LDAP_PASSWORD"


def directory_section(server: LdapServer, every: str) -> str:
    return (f"\ndirectory:\n  sync_every: {every}\n  ldap:\n    url: {server.url}\n    bind_dn: {server.bind_dn}\n"
            f"    password_env: {ENV}\n    base_dn: {server.base_dn}\n")


def _clients(catalogue, registry, server: LdapServer, every: str = "6h") -> None:
    """acme's settings name the slapd as its directory; demo's name none."""
    with unit_of_work(catalogue) as session:
        for slug in ("demo", "acme"):
            create(db_session=session, slug=slug, name=slug.title())
    for slug in ("demo", "acme"):
        path = CLIENTS_ROOT / slug / "settings.yml"
        text = path.read_text(encoding="utf-8") + (directory_section(server, every) if slug == "acme" else "")
        with unit_of_work(registry.session_factory(slug)) as session:
            load_into(db_session=session, text=text, origin=str(path))


def _runs(registry, slug: str) -> list[tuple[str, str, int, int]]:
    with registry.session_factory(slug)() as session:
        return [(run.trigger, run.outcome, run.created, run.unchanged)
                for run in session.scalars(select(DirectorySync).order_by(DirectorySync.id))]


def test_the_pass_syncs_the_directory_on_the_clients_schedule(catalogue, registry, slapd, monkeypatch) -> None:
    monkeypatch.setenv(ENV, slapd.password)
    _clients(catalogue, registry, slapd)
    lines = supervise_once(catalogue, registry, now=NOW)
    assert "acme: people directory from ldap: created 3, updated 0, unchanged 0, deactivated 0, manager unknown 1, " \
           "errors 0" in lines  # Chloé's manager lives outside the searched branch
    assert not any("people directory" in line for line in lines if line.startswith("demo:"))
    assert not any("people directory" in line for line in supervise_once(catalogue, registry,
                                                                         now=NOW + timedelta(hours=5)))
    later = supervise_once(catalogue, registry, now=NOW + timedelta(hours=6))
    assert "acme: people directory from ldap: created 0, updated 0, unchanged 3, deactivated 0, manager unknown 1, " \
           "errors 0" in later
    assert _runs(registry, "acme") == [("schedule", "done", 3, 0), ("schedule", "done", 0, 3)]
    assert _runs(registry, "demo") == []


def test_a_directory_server_gone_is_a_failed_run_and_the_pass_goes_on(catalogue, registry, slapd,
                                                                       monkeypatch) -> None:
    monkeypatch.setenv(ENV, "not the password")
    _clients(catalogue, registry, slapd, every="1h")
    lines = supervise_once(catalogue, registry, now=NOW)
    failed = [line for line in lines if line.startswith("acme: people directory from ldap: failed")]
    assert len(failed) == 1, lines
    assert _runs(registry, "acme") == [("schedule", "failed", 0, 0)]
    monkeypatch.setenv(ENV, slapd.password)  # mended: tried again 15 minutes later, not an hour
    assert not any("people directory" in line for line in supervise_once(catalogue, registry,
                                                                         now=NOW + timedelta(minutes=10)))
    assert any(line.startswith("acme: people directory from ldap: created 3")
               for line in supervise_once(catalogue, registry, now=NOW + timedelta(minutes=15)))
