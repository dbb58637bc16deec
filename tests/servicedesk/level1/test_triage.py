"""Major and security incidents opened at once: the priority, the flags, the group and its level, the problem, the
announcement offered to the desk, and the next reporters of the same outage joined to it."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from servicedesk.database import unit_of_work
from servicedesk.errors import InvalidQualification
from servicedesk.level1.triage import open_major_incident, open_security_incident
from servicedesk.models import utcnow
from servicedesk.notifications.models import Notification
from servicedesk.problems import check_incident
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import load_text
from servicedesk.sla.models import Clock
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, LogLine
from tests.servicedesk.settings.document import document, dump


def _desk() -> ClientDesk:
    raw = document()
    raw["groups"].append({"name": "Security", "level": 2, "manager": {"name": "Sam Reed", "email": "sam@desk.example"},
                          "members": ["ivy@desk.example"]})
    raw["services"][0]["critical"] = True
    raw["triage"] = {"security_group": "Security", "major_count": 10}
    return ClientDesk(load_text(dump(raw)))


DESK = _desk()


def report(requester: str = "alice", service: str = "VPN", impact: int = 3, urgency: int = 3,
           origin: str = "incident", description: str = "le VPN ne marche plus pour tout le site") -> IncidentReport:
    return IncidentReport(service=service, description=description, impact=impact, urgency=urgency,
                          requester=requester, channel="slack", conversation_id=requester, language="fr",
                          origin=origin)


def fields(ticket: Ticket) -> list[str]:
    return [entry.field for entry in ticket.history]


# --- security ---------------------------------------------------------------------------------------------

def test_a_ransomware_goes_p1_to_the_security_group_at_once(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        said = [LogLine("requester", "alice", "mes fichiers sont tous en .locked")]
        triaged = open_security_incident(db_session=session, report=report(service="Workstation"), kind="ransomware",
                                         desk=DESK, transcript=said)
        ticket = triaged.ticket
        assert (ticket.priority, ticket.type, ticket.origin, ticket.status) == ("P1", "incident", "incident",
                                                                                "assigned")
        assert (triaged.group, ticket.group_name, ticket.level, ticket.escalated) == ("Security", "Security", 2, True)
        assert (triaged.problem, triaged.known, ticket.major) == (None, False, False)
        assert ticket.log[0].body == "mes fichiers sont tous en .locked"
        assert "security incident: ransomware" in [entry.body for entry in ticket.log]
        assert {"security", "group", "level", "status"} <= set(fields(ticket))
        assert next(e for e in ticket.history if e.field == "security").new == "ransomware"
        assert session.scalar(select(func.count()).select_from(Clock).where(Clock.ticket_id == ticket.id)) > 0
        assigned = session.scalars(select(Notification).where(Notification.event == "assigned")).all()
        assert [n.recipient for n in assigned] == ["Security"]


@pytest.mark.parametrize(("kind", "impact", "urgency", "priority"), [
    ("phishing", 3, 4, "P2"),  # one person, nothing spread yet
    ("unexpected_mfa", 3, 3, "P2"),
    ("malware", 3, 2, "P2"),
    ("phishing", 2, 4, "P1"),  # a team clicked
    ("account_takeover", 3, 4, "P1"),  # spreads to every contact
    ("data_leak", 3, 4, "P1"),  # already out
    ("ransomware", 1, 1, "P1"),  # never lower than the report
])
def test_a_security_incident_is_p1_when_it_spreads_or_affects_many_else_p2(session_factory, kind, impact, urgency,
                                                                           priority) -> None:
    with unit_of_work(session_factory) as session:
        triaged = open_security_incident(db_session=session, report=report(impact=impact, urgency=urgency),
                                         kind=kind, desk=DESK)
        assert triaged.ticket.priority == priority and triaged.ticket.urgency == 1
        assert triaged.ticket.impact <= impact


def test_a_security_incident_opened_from_a_how_to_is_an_incident(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        triaged = open_security_incident(db_session=session, report=report(origin="assistance"), kind="phishing",
                                         desk=DESK)
        assert (triaged.ticket.type, triaged.ticket.origin) == ("incident", "incident")


def test_an_unknown_kind_is_refused(session_factory) -> None:
    with unit_of_work(session_factory) as session, pytest.raises(InvalidQualification):
        open_security_incident(db_session=session, report=report(), kind="alien", desk=DESK)


# --- major ----------------------------------------------------------------------------------------------------

def test_a_major_incident_is_p1_major_at_level2_with_its_problem_and_an_announcement_offer(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        triaged = open_major_incident(db_session=session, report=report(impact=2, urgency=3), desk=DESK)
        ticket, problem = triaged.ticket, triaged.problem
        assert (ticket.priority, ticket.impact, ticket.urgency, ticket.major) == ("P1", 1, 2, True)
        assert (triaged.group, ticket.group_name, ticket.level, ticket.escalated) == (
            "Infrastructure", "Infrastructure", 2, True)
        assert not triaged.known
        assert problem.type == "problem" and problem.number.startswith("PRB-") and ticket.problem_id == problem.id
        assert {"major", "group", "level", "problem"} <= set(fields(ticket))
        offer = session.scalars(select(Notification).where(Notification.event == "announcement_offer")).one()
        assert (offer.audience, offer.recipient, offer.ticket_id) == ("group", "Service desk", ticket.id)
        assert offer.payload == {"number": ticket.number, "problem": problem.number, "service": "VPN",
                                 "title": ticket.title, "language": "fr"}
        assert session.scalar(select(func.count()).select_from(Clock).where(Clock.ticket_id == ticket.id)) > 0
        assert check_incident(db_session=session, incident=ticket, rules=DESK.problem_rules) is None


@pytest.mark.parametrize(("impact", "urgency", "priority"), [(1, 4, "P1"), (2, 1, "P1"), (3, 1, "P1"),
                                                             (3, 3, "P2")])
def test_a_major_incident_is_never_below_p2(session_factory, impact, urgency, priority) -> None:
    with unit_of_work(session_factory) as session:
        ticket = open_major_incident(db_session=session, report=report(impact=impact, urgency=urgency),
                                     desk=DESK).ticket
        assert ticket.priority == priority and ticket.major


def test_a_service_the_desk_keeps_goes_to_the_first_level2_group(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        triaged = open_major_incident(db_session=session, report=report(service="Outlook", impact=1), desk=DESK)
        assert (triaged.group, triaged.ticket.level) == ("Infrastructure", 2)


def test_the_next_reporters_join_the_major_incident_and_are_told_it_is_known(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        first = open_major_incident(db_session=session, report=report(impact=1, urgency=2), desk=DESK)
        second = open_major_incident(db_session=session, report=report("bob", impact=3, urgency=1,
                                                                       description="vpn ko chez moi aussi"),
                                     desk=DESK)
        assert second.known and second.problem.id == first.problem.id
        assert second.ticket.id != first.ticket.id and second.ticket.problem_id == first.problem.id
        assert (second.group, second.ticket.level, second.ticket.major, second.ticket.escalated) == (
            "Infrastructure", 2, True, True)
        assert second.ticket.priority == "P1" and (second.ticket.impact, second.ticket.urgency) == (1, 1)
        assert any(first.ticket.number in entry.body for entry in second.ticket.log)
        assert check_incident(db_session=session, incident=second.ticket, rules=DESK.problem_rules) is None
        problems = session.scalar(select(func.count()).select_from(Ticket).where(Ticket.type == "problem"))
        offers = session.scalar(select(func.count()).select_from(Notification)
                                .where(Notification.event == "announcement_offer"))
        assert (problems, offers) == (1, 1)


def test_a_major_incident_flagged_without_a_problem_gets_one_when_someone_joins(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        first = open_major_incident(db_session=session, report=report(impact=1), desk=DESK).ticket
        first.problem_id = None
        session.flush()
        joined = open_major_incident(db_session=session, report=report("bob"), desk=DESK)
        assert joined.known and first.problem_id == joined.problem.id == joined.ticket.problem_id


@pytest.mark.parametrize("change", ["other service", "resolved", "a day old", "not major"])
def test_only_an_open_recent_major_incident_on_the_same_service_is_joined(session_factory, change) -> None:
    with unit_of_work(session_factory) as session:
        first = open_major_incident(db_session=session, report=report(impact=1), desk=DESK).ticket
        if change == "resolved":
            first.status = "resolved"
        elif change == "a day old":
            first.created_at = utcnow() - timedelta(hours=25)
        elif change == "not major":
            first.major = False
        session.flush()
        service = "Outlook" if change == "other service" else "VPN"
        again = open_major_incident(db_session=session, report=report("bob", service=service, impact=1), desk=DESK)
        assert not again.known and again.problem.id != first.problem_id
