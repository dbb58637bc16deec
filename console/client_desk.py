"""A client's database and rules for a route that names it, once the agent's right is checked: a client the
agent is not granted answers 404 exactly as one that does not exist (console/permissions.py), before anything of
it is opened; and what a client's pages read of it (language, time zone, services, the agent's groups there).
The one opening of a named client for every page: ticket, conversations, announcements, reports."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from console.errors import not_found
from console.permissions import allowed
from console.state import Console
from servicedesk.accounts.rules import Action
from servicedesk.accounts.service import Agent
from servicedesk.errors import ClientUnknown
from servicedesk.language import DEFAULT, Language
from servicedesk.settings.current import desk_if_loaded
from servicedesk.settings.desk import ClientDesk

DEFAULT_TIMEZONE = "Europe/Paris"  # as servicedesk/reports/cli.py reads a period before settings are loaded


@dataclass(frozen=True)
class ClientPlace:
    """The client a page is about: its slug and name, its database, its rules when loaded, and the groups the
    agent works for there (empty: all)."""

    slug: str
    name: str
    database: sessionmaker[Session]
    desk: ClientDesk | None  # None: no settings loaded yet
    groups: tuple[str, ...] = ()

    @property
    def language(self) -> Language:
        return self.desk.settings.client.language if self.desk else DEFAULT

    @property
    def zone(self) -> ZoneInfo:
        """The client's time: its desk calendar's, in which its people read and give moments."""
        return ZoneInfo(self.desk.business_calendar.timezone if self.desk else DEFAULT_TIMEZONE)

    @property
    def services(self) -> tuple[str, ...]:
        return tuple(entry.name for entry in self.desk.settings.services) if self.desk else ()

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)


def client_place(console: Console, agent: Agent, slug: str, action: Action = "work") -> ClientPlace:
    """The client named by the URL, if the agent may take `action` there (404 / 403 otherwise): 404 for a client
    the agent is not granted, as for one that does not exist (console/permissions.py)."""
    allowed(agent, action, slug)  # the client first (404 for one the agent is not granted), then the role (403)
    name, groups = agent.clients[slug]
    try:
        database = console.registry.session_factory(slug)
    except ClientUnknown:
        raise not_found() from None
    with database() as db_session:
        desk = desk_if_loaded(db_session=db_session)
    return ClientPlace(slug=slug, name=name, database=database, desk=desk, groups=groups)
