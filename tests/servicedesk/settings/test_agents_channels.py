"""Each client's agents' channel, for a door serving every client: read from the settings in force, kept for
a while, read again after it; a client whose settings can't be read has none meanwhile."""

from pathlib import Path

from servicedesk.database import make_engine, make_session_factory, unit_of_work
from servicedesk.settings.agents_channels import AgentsChannels
from servicedesk.settings.current import load_into
from servicedesk.settings.document import ChatPlace
from servicedesk.settings.loader import CLIENTS_ROOT

DEMO_AGENTS = ChatPlace(slack_team="T0RELAISDESK", channel="C0DEMOAGENTS")
ACME_AGENTS = ChatPlace(slack_team="T0RELAISDESK", channel="C0ACMEAGENTS")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _load(session_factory, client: str) -> None:
    path = CLIENTS_ROOT / client / "settings.yml"
    with unit_of_work(session_factory) as session:
        load_into(db_session=session, text=path.read_text(encoding="utf-8"), origin=str(path))


def test_the_channels_are_read_once_then_again_after_the_ttl(session_factory, tmp_path: Path) -> None:
    _load(session_factory, "demo")
    unmigrated = make_session_factory(make_engine(f"sqlite:///{tmp_path / 'down.db'}"))  # its tables are missing
    factories = {"demo": session_factory, "down": unmigrated}
    clock = Clock()
    channels = AgentsChannels(lambda: list(factories), factories.__getitem__, ttl=60, clock=clock)

    assert channels.all() == {"demo": DEMO_AGENTS}
    assert channels.of("demo") == DEMO_AGENTS and channels.of("down") is None
    assert channels.clients_at("T0RELAISDESK", "C0DEMOAGENTS") == ["demo"]
    assert channels.clients_at("T0ELSEWHERE", "C0DEMOAGENTS") == []

    _load(session_factory, "acme")  # reloaded settings name another channel
    clock.now += 59
    assert channels.of("demo") == DEMO_AGENTS
    clock.now += 2
    assert channels.of("demo") == ACME_AGENTS
    assert channels.clients_at("T0RELAISDESK", "C0DEMOAGENTS") == []


def test_a_client_without_settings_has_no_channel(session_factory) -> None:
    channels = AgentsChannels(lambda: ["demo"], lambda client: session_factory)
    assert channels.all() == {}
