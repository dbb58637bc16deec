"""A demo client's request that needs approval (data/clients/demo: application_access needs the requester's
manager), its people directory, and the token the approver's question would carry, for the doors' tests."""

from sqlalchemy import select

from bot.approvals.tokens import ApprovalToken, sign
from bot.directory import Directory
from servicedesk.approvals import service as approvals
from servicedesk.approvals.models import Approval
from servicedesk.database import unit_of_work
from servicedesk.people.models import Person, PersonChatId
from servicedesk.tickets import workflow
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, open_ticket

REQUESTER = "marie.dupont@demo-industrie.example"
MANAGER = "paul.martin@demo-industrie.example"
ITEM = "application_access"


def people(directory: Directory, *, manager_chat_id: str | None = None, requester_chat_id: str | None = None,
           manager_language: str = "fr") -> None:
    with unit_of_work(directory.sessions("demo")) as session:
        marie = Person(email=REQUESTER, name="Marie Dupont", language="fr", manager_email=MANAGER, source="csv")
        paul = Person(email=MANAGER, name="Paul Martin", language=manager_language, source="csv")
        if manager_chat_id:
            paul.chat_ids.append(PersonChatId(chat_id=manager_chat_id))
        if requester_chat_id:
            marie.chat_ids.append(PersonChatId(chat_id=requester_chat_id))
        session.add_all([marie, paul])


def request(directory: Directory, *, requester: str = "slack:T0DEMOINDUS:UMARIE",
            requester_email: str = REQUESTER) -> str:
    """The request as level 1 opens it, given to its group, then waiting for the manager's approval."""
    with unit_of_work(directory.sessions("demo")) as session:
        desk = directory.desk(session)
        ticket = open_ticket(db_session=session, agreements=desk, report=IncidentReport(
            service="Accès à une application", description="accès à SAP pour le projet Atlas", impact=3, urgency=3,
            requester=requester, channel=requester.split(":")[0], conversation_id=f"{requester}:conv",
            language="fr", origin="service_request", requester_email=requester_email, justification="projet Atlas"))
        workflow.assign(db_session=session, ticket=ticket, group="Applications", level=2, actor="relais",
                        agreements=desk, reason=f"catalogue item {ITEM}")
        approvals.request_approval(db_session=session, ticket=ticket, item=ITEM, desk=desk)
        return ticket.number or ""


def approval_of(directory: Directory, number: str) -> Approval:
    with directory.sessions("demo")() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.number == number))
        assert ticket is not None
        (approval,) = approvals.of_ticket(db_session=session, ticket_id=ticket.id)
        session.expunge(approval)
        return approval


def ticket_of(directory: Directory, number: str) -> Ticket:
    with directory.sessions("demo")() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.number == number))
        assert ticket is not None
        session.expunge(ticket)
        return ticket


def token(directory: Directory, number: str, secret: str, approver: str = MANAGER) -> str:
    approval = approval_of(directory, number)
    return sign(ApprovalToken("demo", approval.id, approval.nonce, approver), secret)
