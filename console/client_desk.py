"""A client's database and rules for a route that names it, once the agent's right is checked: a client the
agent is not granted answers 404 exactly as one that does not exist (console/permissions.py), before anything of
it is opened; and what a client's announcement and report pages read of it (language, time zone, services)."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from console.conversations import place
from console.permissions import allowed
from console.state import Console
from servicedesk.accounts.rules import Action
from servicedesk.accounts.service import Agent
from servicedesk.language import DEFAULT, Language
from servicedesk.settings.desk import ClientDesk

DEFAULT_TIMEZONE = "Europe/Paris"  # as servicedesk/reports/cli.py reads a period before settings are loaded


@dataclass(frozen=True)
class ClientPlace:
    """The client a page is about: its slug and name, its database, and its rules when loaded."""

    slug: str
    name: str
    database: sessionmaker[Session]
    desk: ClientDesk | None  # None: no settings loaded yet

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


def client_place(console: Console, agent: Agent, slug: str, action: Action) -> ClientPlace:
    """The client named by the URL, if the agent may take `action` there (404 / 403 otherwise), opened as the
    live conversations open it (console/conversations.py)."""
    allowed(agent, action, slug)
    opened = place(console, agent, slug)
    return ClientPlace(slug=opened.slug, name=opened.name, database=opened.database, desk=opened.desk)
