"""A client whose catalogue has requests needing approval, its people directory, and a request opened as level 1
opens one (given to its group), for the approvals' tests of every layer."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from servicedesk.people.models import Person
from servicedesk.settings import load_text
from servicedesk.settings.desk import ClientDesk
from servicedesk.tickets import workflow
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, open_ticket
from tests.servicedesk.settings.document import document, dump

MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # 10:00 in Paris: the office is open
REQUESTER, MANAGER, BOSS = "alice@client.example", "marc@client.example", "hugo@client.example"
FINANCE = ("daf@client.example", "compta@client.example")
DELEGATE = "deputy@client.example"


def item(code: str, approval: Any) -> dict[str, Any]:
    return {"code": code, "name": {"fr": code, "en": code}, "aliases": [code], "support_group": "Infrastructure",
            "approval": approval}


def desk(sla: str = "pause", **more: Any) -> ClientDesk:
    raw = document()
    raw["agreements"][0]["targets"][2] = {"ticket_type": "service_request", "priority": "*", "ttr": "40h",
                                          "tto": "4h"}
    raw["requests"] = [item("laptop", "manager"), item("licence", ["manager", "finance"]),
                       item("access", {"steps": ["finance"], "remind_after": "2h", "escalate_after": "4h",
                                       "escalate_to": DELEGATE}),
                       item("badge", False)]
    raw["approvals"] = {"sla": sla, "remind_after": "4h", "escalate_after": "8h",
                        "groups": [{"name": "finance", "members": list(FINANCE)}], **more}
    return ClientDesk(load_text(dump(raw), source="approvals.yml"))


def directory(session: Session) -> None:
    """Alice reports to Marc, who reports to Hugo; Alice is also known in Slack."""
    for email, manager, language in ((REQUESTER, MANAGER, "fr"), (MANAGER, BOSS, "en"), (BOSS, None, "fr"),
                                     (FINANCE[0], BOSS, "fr"), (FINANCE[1], BOSS, "fr")):
        session.add(Person(email=email, name=email.split("@")[0], language=language, manager_email=manager,
                           source="csv"))
    session.flush()


def request(session: Session, client_desk: ClientDesk, item_code: str, *, requester_email: str = REQUESTER,
            now: datetime = MONDAY) -> Ticket:
    """A service request as level 1 opens one: opened with its clocks, then given to the item's group."""
    report = IncidentReport(service=item_code, description=f"I need a {item_code}", impact=3, urgency=3,
                            requester="slack:T1:UALICE", requester_email=requester_email, channel="slack",
                            conversation_id="slack:T1:D1:UALICE", language="fr", origin="service_request",
                            justification="new project")
    ticket = open_ticket(db_session=session, report=report, agreements=client_desk, now=now)
    workflow.assign(db_session=session, ticket=ticket, group="Infrastructure", level=2, actor="relais",
                    agreements=client_desk, reason=f"catalogue item {item_code}", now=now)
    return ticket
