"""Follow-ups and reminders on an open ticket: logged, answered with where the ticket stands, and a
reminder on a late ticket, or the third one, raises it (flag for escalation)."""

from datetime import timedelta

from servicedesk.database import unit_of_work
from servicedesk.models import utcnow
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import CLIENTS_ROOT, load_file
from servicedesk.sla.policy import sla_deadline
from servicedesk.tickets.access import Viewer, open_tickets_of
from servicedesk.tickets.followups import REMINDERS_TO_RAISE, Severity, follow_up, rate_up, remind
from servicedesk.tickets.service import IncidentReport, LogLine, open_incident
from tests.servicedesk.desk import Desk

DESK = ClientDesk(load_file(CLIENTS_ROOT / "demo" / "settings.yml"))
NO_RULES = Desk([])


def incident(session, requester: str = "alice", urgency: int = 3):
    return open_incident(db_session=session, agreements=DESK, report=IncidentReport(
        service="VPN", description="le VPN coupe", impact=3, urgency=urgency, requester=requester, channel="rest",
        conversation_id=requester, language="fr"))


def test_a_follow_up_is_logged_and_answered_with_status_group_and_deadline(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        news = follow_up(db_session=session, ticket=ticket, line=LogLine("requester", "alice", "du nouveau ?"))
        assert (news.number, news.status, news.priority) == (ticket.number, "new", ticket.priority)
        assert news.deadline is not None and news.deadline > utcnow()
        assert news.deadline == sla_deadline(db_session=session, ticket=ticket)
        assert (ticket.log[-1].kind, ticket.log[-1].body) == ("followup", "du nouveau ?")
        assert ticket.reminder_count == 0


def test_a_follow_up_that_says_it_is_worse_re_rates_the_incident_with_the_reason(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        before = ticket.priority
        line = LogLine("requester", "alice", "je ne peux plus rien faire, totalement bloquee")
        rate_up(db_session=session, ticket=ticket, worse=Severity(None, 1), agreements=DESK, line=line)
        news = follow_up(db_session=session, ticket=ticket, line=line)
        assert (ticket.impact, ticket.urgency) == (3, 1) and news.priority == ticket.priority != before
        (change,) = [h for h in ticket.history if h.field == "priority"]
        assert (change.actor, change.old, change.new) == ("alice", before, ticket.priority)
        assert "totalement bloquee" in change.reason


def test_a_calmer_follow_up_never_lowers_the_rating(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session, urgency=1)
        before = ticket.priority
        rate_up(db_session=session, ticket=ticket, worse=Severity(4, 4), agreements=DESK,
                line=LogLine("requester", "alice", "pas urgent finalement"))
        assert (ticket.urgency, ticket.priority) == (1, before)
        assert not [h for h in ticket.history if h.field == "priority"]


def test_the_third_reminder_raises_the_ticket_once_when_no_rule_did_before(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        outcomes = [remind(db_session=session, ticket=ticket, line=LogLine("requester", "alice", f"relance {n}"),
                           rules=NO_RULES) for n in range(1, REMINDERS_TO_RAISE + 2)]
        assert [o.count for o in outcomes] == [1, 2, 3, 4]
        assert [o.raised for o in outcomes] == [False, False, True, False]
        assert ticket.escalated
        assert [e.kind for e in ticket.log if e.kind == "reminder"] == ["reminder"] * 4
        assert [h.reason for h in ticket.history if h.field == "escalation" and h.new == "flagged"] == [
            "reminder number 3"]


def test_the_clients_reminder_rules_may_raise_it_sooner(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        outcomes = [remind(db_session=session, ticket=ticket, line=LogLine("requester", "alice", "relance"),
                           rules=DESK) for _ in range(3)]
        assert [o.raised for o in outcomes] == [False, True, False]  # demo: the manager is told at the second


def test_a_reminder_on_a_late_ticket_raises_it_at_once(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        late = sla_deadline(db_session=session, ticket=ticket) + timedelta(minutes=1)
        outcome = remind(db_session=session, ticket=ticket, line=LogLine("requester", "alice", "toujours rien"),
                         rules=DESK, now=late)
        assert (outcome.count, outcome.late, outcome.raised) == (1, True, True)
        assert [h.reason for h in ticket.history if h.field == "escalation"] == [
            "reminder on a ticket past its deadline"]


def test_open_tickets_of_a_requester_most_recent_first(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        first, second = incident(session), incident(session)
        incident(session, requester="bob")
        assert [t.number for t in open_tickets_of(db_session=session, viewer=Viewer("alice"))] == [second.number,
                                                                                            first.number]
