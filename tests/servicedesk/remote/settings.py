"""A client's settings with a remote-assistance tool: the demo client's file with a `remote:` section added, loaded
as the version in force (data/clients/ names none, and tests must not depend on a demo client changing)."""

from sqlalchemy.orm import Session, sessionmaker

from servicedesk.database import unit_of_work
from servicedesk.settings.current import load_into
from servicedesk.settings.loader import CLIENTS_ROOT

DEMO_SETTINGS = CLIENTS_ROOT / "demo" / "settings.yml"
CODE_TOOL = "remote:\n  provider: code\n  tool: RustDesk\n"


def meshcentral_tool(url: str, *, user: str = "relais", password_env: str = "RELAIS_TEST_MESHCENTRAL_PASSWORD",
                     group: str = "Relais tests") -> str:
    return (f"remote:\n  provider: meshcentral\n  meshcentral:\n    url: {url}\n    user: {user}\n"
            f"    password: {{env: {password_env}}}\n    group: {group}\n    verify_tls: false\n"
            "    invitation_hours: 2\n")


def load_remote(factory: sessionmaker[Session], section: str) -> None:
    """The demo settings with `section` (a top-level `remote:` block), in force in this client's database."""
    text = DEMO_SETTINGS.read_text(encoding="utf-8").rstrip("\n") + "\n" + section
    with unit_of_work(factory) as db_session:
        load_into(db_session=db_session, text=text, origin="tests: demo settings with a remote tool")


