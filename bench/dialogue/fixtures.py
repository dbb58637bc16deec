"""The tickets a dialogue starts from (its `setup`), written straight into the client's database as tickets of
the dialogue's person, the way the web-chat door names them (a verified user: `webchat:<client>:site:<id>`
with the e-mail the site vouched for), so that the bot lets that person see and follow them.

Fields are set directly rather than through the workflow: the workflow would queue status notices, and their
delivery would reach the dialogue's stream in the middle of its turns."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from bench.dialogue.spec import Dialogue, SetupTicket
from servicedesk.models import utcnow
from servicedesk.settings.current import desk_of
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, open_ticket

CLIENT_DOMAIN = "northwind-logistique.example"
# impact, urgency giving each priority on the matrix of DESIGN.md
RATING = {"P1": (1, 1), "P2": (2, 2), "P3": (3, 3), "P4": (3, 4)}


@dataclass(frozen=True)
class Person:
    """Who plays a dialogue: dialogues naming the same `user` in one file are the same person."""

    user_id: str
    email: str
    name: str

    @property
    def requester(self) -> str:
        return f"webchat:northwind:site:{self.user_id}"


def person_of(dialogue: Dialogue) -> Person:
    who = dialogue.user or dialogue.id
    user_id = f"{dialogue.source or 'eval'}.{who}"
    return Person(user_id=user_id, email=f"{user_id}@{CLIENT_DOMAIN}", name=who.replace("-", " ").title())


def create(db_session: Session, setup: SetupTicket, person: Person, language: str) -> Ticket:
    desk = desk_of(db_session=db_session)
    impact, urgency = RATING[setup.priority]
    origin = "incident" if setup.type == "incident" else "service_request"
    report = IncidentReport(service=setup.service, description=setup.description or setup.title, impact=impact,
                            urgency=urgency, requester=person.requester, channel="webchat",
                            conversation_id=f"setup:{person.user_id}:{setup.ref}", language=language, origin=origin,
                            requester_email=person.email)
    opened = utcnow() - timedelta(days=setup.days_ago)
    ticket = open_ticket(db_session=db_session, report=report, agreements=desk, now=opened)
    ticket.title = setup.title
    ticket.created_at = ticket.updated_at = opened
    for entry in ticket.log:
        entry.at = opened
    if setup.external_ref and hasattr(Ticket, "external_ref"):
        ticket.external_ref = setup.external_ref
        ticket.external_system = "previous tool"
    if setup.status != "new":
        group = setup.group or desk.settings.default_group.name
        ticket.group_name, ticket.level = group, desk.group_level(group)
        ticket.status, ticket.owned_at = setup.status, opened
        if setup.status == "pending":
            ticket.pending_reason = "third_party"
        if setup.status in ("resolved", "closed"):
            ticket.resolved_at = opened + timedelta(hours=4)
            ticket.category, ticket.cause_code = desk.category_for(setup.service), "configuration"
            ticket.resolution_code, ticket.solution = "fixed", "fixed by the support group"
        if setup.status == "closed":
            ticket.closed_at, ticket.closed_by = ticket.resolved_at, "agent"
    db_session.flush()
    return ticket


def create_all(db_session: Session, dialogue: Dialogue, person: Person) -> dict[str, Ticket]:
    return {setup.ref: create(db_session, setup, person, dialogue.language) for setup in dialogue.setup}
