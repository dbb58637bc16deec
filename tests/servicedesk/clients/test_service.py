"""The client catalogue: each client gets its own migrated database, and nothing crosses between them.
Every test runs with the catalogue and the client databases on SQLite, then on PostgreSQL."""

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text

from servicedesk.clients.models import ChannelBinding, Client
from servicedesk.clients.service import bind_channel, create, get_all, get_by_slug, resolve_channel
from servicedesk.database import MIGRATIONS, make_engine, unit_of_work
from servicedesk.errors import ChannelAlreadyBound, ClientExists, ClientUnknown, InvalidClient, TicketNotFound
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from tests.conftest import postgres_database
from tests.servicedesk.clients.conftest import alembic_version, postgres_databases, table_names


def ticket_schema_head() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def report(description: str, requester: str) -> IncidentReport:
    return IncidentReport(
        service="VPN", description=description, impact=2, urgency=2, requester=requester, channel="rest",
        conversation_id=requester, language="en",
    )


def make_client(catalogue, slug: str, **fields) -> str:
    with unit_of_work(catalogue) as session:
        client = create(db_session=session, slug=slug, name=fields.pop("name", slug.title()), **fields)
        return client.database_url


def test_creating_a_client_creates_and_migrates_its_database(catalogue, client_url_template, backend,
                                                            unique_prefix) -> None:
    url = make_client(catalogue, "acme-corp", name="  Acme   Corp ", contact_email="it@acme.example")

    assert url == client_url_template.replace("{slug}", "acme-corp")
    if backend == "postgresql":
        assert postgres_databases(unique_prefix) == [f"{unique_prefix}acme-corp"]
    assert {"tickets", "ticket_log", "alembic_version"} <= table_names(url)
    assert alembic_version(url) == ticket_schema_head()
    with catalogue() as session:
        client = get_by_slug(db_session=session, slug="acme-corp")
        assert (client.name, client.contact_email, client.active) == ("Acme Corp", "it@acme.example", True)
        assert client.created_at.tzinfo is not None
        assert [c.slug for c in get_all(db_session=session)] == ["acme-corp"]


def test_two_clients_get_two_databases_and_no_ticket_crosses(catalogue, registry) -> None:
    url_a = make_client(catalogue, "alpha")
    url_b = make_client(catalogue, "bravo")
    assert url_a != url_b

    with unit_of_work(registry.session_factory("alpha")) as session:
        number_a = open_incident(db_session=session, report=report("alpha's VPN is down", "alice")).number

    # Client B's database does not hold it, under its number or any other way.
    with registry.session_factory("bravo")() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 0
        with pytest.raises(TicketNotFound):
            get_by_number(db_session=session, number=number_a)

    # Each client numbers its own tickets: the same number names two different tickets.
    with unit_of_work(registry.session_factory("bravo")) as session:
        number_b = open_incident(db_session=session, report=report("bravo's VPN is down", "bob")).number
    assert number_a == number_b == "INC-000001"
    for slug, requester in (("alpha", "alice"), ("bravo", "bob")):
        with registry.session_factory(slug)() as session:
            tickets = session.scalars(select(Ticket)).all()
            assert [(t.requester, t.description) for t in tickets] == [(requester, f"{slug}'s VPN is down")]


def test_an_existing_database_is_migrated_not_replaced(catalogue, backend, tmp_path) -> None:
    def check(url: str) -> None:
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE keep_me (id INTEGER)"))
        engine.dispose()
        make_client(catalogue, "existing", database_url=url)
        assert {"keep_me", "tickets"} <= table_names(url)
        assert alembic_version(url) == ticket_schema_head()

    if backend == "sqlite":
        check(f"sqlite:///{tmp_path / 'existing.db'}")
    else:
        with postgres_database(prefix="relais_test_existing") as url:
            check(url)


def test_a_rolled_back_creation_can_be_done_again(catalogue, client_url_template) -> None:
    """The database outlives the rolled-back catalogue row; creating the client again reuses it."""
    with pytest.raises(RuntimeError), unit_of_work(catalogue) as session:
        create(db_session=session, slug="retry", name="Retry")
        raise RuntimeError("the operator pressed Ctrl-C")
    with catalogue() as session, pytest.raises(ClientUnknown):
        get_by_slug(db_session=session, slug="retry")

    url = make_client(catalogue, "retry")
    assert alembic_version(url) == ticket_schema_head()


def test_channel_bindings_resolve_to_their_client_and_cannot_be_stolen(catalogue) -> None:
    make_client(catalogue, "alpha")
    make_client(catalogue, "bravo")
    with unit_of_work(catalogue) as session:
        alpha = get_by_slug(db_session=session, slug="alpha")
        bravo = get_by_slug(db_session=session, slug="bravo")
        bind_channel(db_session=session, client=alpha, kind="slack_team", external_id="T0001")
        bind_channel(db_session=session, client=bravo, kind="teams_tenant", external_id="tenant-b")
        # The same string under another kind is another channel.
        bind_channel(db_session=session, client=bravo, kind="webchat_key", external_id="T0001")

    with unit_of_work(catalogue) as session:
        alpha = get_by_slug(db_session=session, slug="alpha")
        bravo = get_by_slug(db_session=session, slug="bravo")
        again = bind_channel(db_session=session, client=alpha, kind="slack_team", external_id="T0001")
        assert again.client_id == alpha.id  # idempotent for its own client
        with pytest.raises(ChannelAlreadyBound) as raised:
            bind_channel(db_session=session, client=bravo, kind="slack_team", external_id="T0001")
        assert (raised.value.kind, raised.value.external_id, raised.value.owner) == ("slack_team", "T0001", "alpha")

    with catalogue() as session:
        assert session.scalar(select(func.count()).select_from(ChannelBinding)) == 3
        assert resolve_channel(db_session=session, kind="slack_team", external_id="T0001").slug == "alpha"
        assert resolve_channel(db_session=session, kind="teams_tenant", external_id="tenant-b").slug == "bravo"
        assert resolve_channel(db_session=session, kind="webchat_key", external_id="T0001").slug == "bravo"


def test_unknown_slugs_and_channels_raise_client_unknown(catalogue, registry) -> None:
    make_client(catalogue, "alpha")
    with unit_of_work(catalogue) as session:
        bind_channel(db_session=session, client=get_by_slug(db_session=session, slug="alpha"),
                     kind="rest", external_id="key-1")
    with catalogue() as session:
        with pytest.raises(ClientUnknown) as raised:
            get_by_slug(db_session=session, slug="nobody")
        assert raised.value.key == "nobody"
        with pytest.raises(ClientUnknown):
            resolve_channel(db_session=session, kind="slack_team", external_id="T-unknown")
        with pytest.raises(ClientUnknown):
            resolve_channel(db_session=session, kind="slack_team", external_id="key-1")  # right id, wrong kind
    with pytest.raises(ClientUnknown):
        registry.session_factory("nobody")


def test_an_inactive_client_is_unknown_to_channels_and_left_out_of_listings(catalogue, registry) -> None:
    make_client(catalogue, "alpha")
    make_client(catalogue, "gone")
    with unit_of_work(catalogue) as session:
        gone = get_by_slug(db_session=session, slug="gone")
        bind_channel(db_session=session, client=gone, kind="slack_team", external_id="T-gone")
        gone.active = False
    with catalogue() as session:
        assert [c.slug for c in get_all(db_session=session)] == ["alpha"]
        assert [c.slug for c in get_all(db_session=session, active_only=False)] == ["alpha", "gone"]
        assert get_by_slug(db_session=session, slug="gone").active is False
        with pytest.raises(ClientUnknown):
            resolve_channel(db_session=session, kind="slack_team", external_id="T-gone")
    with pytest.raises(ClientUnknown):
        registry.session_factory("gone")


@pytest.mark.parametrize("slug", [
    "", "a", "x" * 41, "Acme", "acme_corp", "acme corp", "acme.corp", "../etc", "acme;drop", "acmé", "acme\n",
    "{slug}", 'a"b',
])
def test_invalid_slugs_are_refused_before_anything_is_created(catalogue, backend, tmp_path, unique_prefix,
                                                               slug) -> None:
    with pytest.raises(InvalidClient), unit_of_work(catalogue) as session:
        create(db_session=session, slug=slug, name="Acme")
    with catalogue() as session:
        assert session.scalar(select(func.count()).select_from(Client)) == 0
    assert not (tmp_path / "clients").exists()
    if backend == "postgresql":
        assert postgres_databases(unique_prefix) == []


def test_other_invalid_fields_are_refused(catalogue) -> None:
    make_client(catalogue, "alpha")
    for fields in (dict(name="  "), dict(name="x" * 201), dict(contact_email="not-an-address"),
                   dict(database_url="not a url"), dict(database_url="mysql://db/acme")):
        with pytest.raises(InvalidClient), unit_of_work(catalogue) as session:
            create(db_session=session, slug="beta", **{"name": "Beta", **fields})
    with unit_of_work(catalogue) as session:
        alpha = get_by_slug(db_session=session, slug="alpha")
        for kind, external_id in (("irc", "x"), ("slack_team", " "), ("slack_team", "x" * 201)):
            with pytest.raises(InvalidClient):
                bind_channel(db_session=session, client=alpha, kind=kind, external_id=external_id)
    with catalogue() as session:
        assert [c.slug for c in get_all(db_session=session)] == ["alpha"]


def test_a_slug_is_taken_once(catalogue) -> None:
    url = make_client(catalogue, "alpha", name="Alpha")
    with pytest.raises(ClientExists) as raised, unit_of_work(catalogue) as session:
        create(db_session=session, slug="alpha", name="Another Alpha")
    assert raised.value.slug == "alpha"
    with catalogue() as session:
        assert get_by_slug(db_session=session, slug="alpha").name == "Alpha"
    assert alembic_version(url) == ticket_schema_head()


def test_a_database_serves_one_client_and_never_the_catalogue(catalogue, catalogue_url) -> None:
    url_a = make_client(catalogue, "alpha")
    with pytest.raises(InvalidClient, match="alpha"), unit_of_work(catalogue) as session:
        create(db_session=session, slug="bravo", name="Bravo", database_url=url_a)
    with pytest.raises(InvalidClient, match="catalogue"), unit_of_work(catalogue) as session:
        create(db_session=session, slug="bravo", name="Bravo", database_url=catalogue_url)
    assert "tickets" not in table_names(catalogue_url)
