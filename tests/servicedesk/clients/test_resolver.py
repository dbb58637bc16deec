"""door kind + id → client, for every adapter: answers kept for a few seconds only, so that deactivating a
client or binding a door elsewhere takes effect in a running process without a restart."""

import pytest
from sqlalchemy import delete

from servicedesk.clients.models import ChannelBinding
from servicedesk.clients.resolver import DoorResolver
from servicedesk.clients.service import bind_channel, create, get_by_slug
from servicedesk.database import unit_of_work
from servicedesk.errors import ClientUnknown


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def resolver(catalogue, clock) -> DoorResolver:
    with unit_of_work(catalogue) as session:
        for slug in ("alpha", "bravo"):
            client = create(db_session=session, slug=slug, name=slug.title())
            bind_channel(db_session=session, client=client, kind="slack_team", external_id=f"T-{slug}")
    return DoorResolver(catalogue, ttl=30, clock=clock)


def test_a_bound_door_names_its_client(resolver) -> None:
    assert resolver.client_of("slack_team", "T-alpha") == "alpha"
    assert resolver.client_of("slack_team", "T-bravo") == "bravo"


def test_a_door_nobody_bound_is_refused(resolver) -> None:
    with pytest.raises(ClientUnknown):
        resolver.client_of("slack_team", "T-nobody")
    with pytest.raises(ClientUnknown):
        resolver.client_of("webchat_key", "T-alpha")  # the pair names a door, not the id alone


def test_deactivating_a_client_takes_effect_once_the_kept_answer_expires(catalogue, resolver, clock) -> None:
    assert resolver.client_of("slack_team", "T-alpha") == "alpha"
    with unit_of_work(catalogue) as session:
        get_by_slug(db_session=session, slug="alpha").active = False
    assert resolver.client_of("slack_team", "T-alpha") == "alpha"  # within the 30 s it was kept for
    clock.now += 31
    with pytest.raises(ClientUnknown):
        resolver.client_of("slack_team", "T-alpha")
    with pytest.raises(ClientUnknown):
        resolver.check_active("alpha")
    assert resolver.client_of("slack_team", "T-bravo") == "bravo"


def test_rebinding_a_door_takes_effect_without_a_restart(catalogue, resolver, clock) -> None:
    assert resolver.client_of("slack_team", "T-alpha") == "alpha"
    with unit_of_work(catalogue) as session:
        session.execute(delete(ChannelBinding).where(ChannelBinding.external_id == "T-alpha"))
        bind_channel(db_session=session, client=get_by_slug(db_session=session, slug="bravo"), kind="slack_team",
                     external_id="T-alpha")
    clock.now += 31
    assert resolver.client_of("slack_team", "T-alpha") == "bravo"


def test_a_new_binding_is_seen_soon_after_a_refusal(catalogue, resolver, clock) -> None:
    with pytest.raises(ClientUnknown):
        resolver.client_of("teams_tenant", "tenant-1")
    with unit_of_work(catalogue) as session:
        bind_channel(db_session=session, client=get_by_slug(db_session=session, slug="alpha"), kind="teams_tenant",
                     external_id="tenant-1")
    clock.now += 11  # refusals are kept a third of the time
    assert resolver.client_of("teams_tenant", "tenant-1") == "alpha"


def test_an_unknown_client_is_not_active(resolver) -> None:
    with pytest.raises(ClientUnknown):
        resolver.check_active("nobody")
    resolver.check_active("alpha")
