"""Problems: major incidents and recurrences open one; known errors reach the open incidents."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.notifications.models import Notification
from servicedesk.problems import ProblemRules, check_incident, offer_known_error
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, open_incident

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
RULES = ProblemRules(recurrence_count=3, recurrence_window_days=7)


def incident(session, service="SAP", impact=3, urgency=3, requester="u1", at=NOW) -> Ticket:
    report = IncidentReport(service=service, description=f"{service} en panne", impact=impact, urgency=urgency,
                            requester=requester, channel="rest", conversation_id=requester, language="fr")
    ticket = open_incident(db_session=session, report=report, now=at)
    ticket.created_at = at
    session.flush()
    return ticket


def test_a_major_incident_opens_a_problem(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        p1 = incident(session, impact=1, urgency=1)
        problem = check_incident(db_session=session, incident=p1, rules=RULES, now=NOW)
        assert problem.number.startswith("PRB-") and problem.type == "problem" and problem.priority == "P1"
        assert p1.problem_id == problem.id and p1.history[-1].field == "problem"


def test_the_third_similar_incident_in_the_window_opens_a_problem_linking_all(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        old = incident(session, requester="u0", at=NOW - timedelta(days=8))  # outside the window
        first = incident(session, requester="u1")
        assert check_incident(db_session=session, incident=first, rules=RULES, now=NOW) is None
        other_service = incident(session, service="VPN", requester="u2")
        assert check_incident(db_session=session, incident=other_service, rules=RULES, now=NOW) is None
        second = incident(session, requester="u3")
        assert check_incident(db_session=session, incident=second, rules=RULES, now=NOW) is None
        third = incident(session, requester="u4")
        problem = check_incident(db_session=session, incident=third, rules=RULES, now=NOW)
        assert problem is not None and "3 incidents" in problem.title
        assert {t.id for t in (first, second, third)} == {
            t.id for t in session.scalars(select(Ticket).where(Ticket.problem_id == problem.id))}
        assert old.problem_id is None and other_service.problem_id is None
        fourth = incident(session, requester="u5")
        assert check_incident(db_session=session, incident=fourth, rules=RULES, now=NOW).id == problem.id


def test_a_known_error_is_offered_to_open_linked_incidents_once(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        tickets = [incident(session, requester=f"u{i}") for i in range(3)]
        problem = None
        for ticket in tickets:
            problem = check_incident(db_session=session, incident=ticket, rules=RULES, now=NOW) or problem
        tickets[0].status = "closed"
        offered = offer_known_error(db_session=session, problem=problem, workaround="Vider le cache SAP GUI",
                                    actor="agent:lea")
        offer_known_error(db_session=session, problem=problem, workaround="Vider le cache SAP GUI", actor="agent:lea")
        assert {t.requester for t in offered} == {"u1", "u2"}
        notices = session.scalars(select(Notification).where(Notification.event == "known_error")).all()
        assert sorted(n.recipient for n in notices) == ["u1", "u2"]
        assert notices[0].payload["workaround"] == "Vider le cache SAP GUI"


def test_the_same_words_on_different_services_count_as_a_series(session_factory) -> None:
    texts = ["Impossible d'ouvrir les fichiers partagés du serveur compta",
             "impossible d ouvrir les fichiers partages du serveur compta !",
             "Impossible d'ouvrir fichiers partagés serveur compta depuis ce matin"]
    with unit_of_work(session_factory) as session:
        unrelated = incident(session, service="Badge", requester="u9")
        tickets, results = [], []
        for index, (text, service) in enumerate(zip(texts, ["Network", "Workstation", "SharePoint"], strict=True)):
            ticket = incident(session, service=service, requester=f"u{index}")
            ticket.description = text
            tickets.append(ticket)
            results.append(check_incident(db_session=session, incident=ticket, rules=RULES, now=NOW))
        assert results[:2] == [None, None] and results[2] is not None
        assert all(t.problem_id == results[2].id for t in tickets) and unrelated.problem_id is None


def test_how_to_questions_never_make_or_join_a_problem(session_factory) -> None:
    rules = ProblemRules(recurrence_count=2, recurrence_window_days=7)
    with unit_of_work(session_factory) as session:
        def report(origin: str) -> IncidentReport:
            return IncidentReport(service="Outlook", description="partager mon agenda", impact=3, urgency=4,
                                  requester="u", channel="rest", conversation_id="u", language="fr", origin=origin)

        first = open_incident(db_session=session, report=report("assistance"))
        second = open_incident(db_session=session, report=report("assistance"))
        assert check_incident(db_session=session, incident=first, rules=rules) is None
        assert check_incident(db_session=session, incident=second, rules=rules) is None
        failure = open_incident(db_session=session, report=report("incident"))
        assert check_incident(db_session=session, incident=failure, rules=rules) is None  # questions don't count
