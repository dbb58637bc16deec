"""Escalations by hand and by rule: functional (level recorded), hierarchical (manager, client contact
for P1), on reminders and on priority; and a late reopen opening a linked ticket."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from servicedesk import escalation
from servicedesk.database import unit_of_work
from servicedesk.desk_rules import EscalationRule
from servicedesk.errors import GroupUnknown, ReopenWindowPassed
from servicedesk.notifications.models import Notification
from servicedesk.tickets import workflow
from servicedesk.tickets.service import IncidentReport, open_incident
from tests.servicedesk.desk import Desk

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
RULES = Desk([
    EscalationRule("second reminder", "reminders", "hierarchical", count=2),
    EscalationRule("third reminder", "reminders", "functional", to_group="Infrastructure", count=3),
    EscalationRule("P1 to experts", "priority", "functional", to_group="Experts", priority="P1"),
])


def incident(session, impact=3, urgency=3, related_to=None):
    return open_incident(db_session=session, report=IncidentReport(
        service="Wi-Fi", description="Wi-Fi coupe", impact=impact, urgency=urgency, requester="u1", channel="rest",
        conversation_id="u1", language="fr"), agreements=RULES, related_to=related_to, now=NOW)


def test_escalations_by_hand(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session, impact=1, urgency=1)
        escalation.functional(db_session=session, ticket=ticket, group="Infrastructure", rules=RULES,
                              actor="agent:lea", reason="réseau", now=NOW)
        escalation.hierarchical(db_session=session, ticket=ticket, rules=RULES, actor="agent:lea",
                                reason="client VIP", notify_client_contact=True, now=NOW)
        assert (ticket.group_name, ticket.level, ticket.escalated) == ("Infrastructure", 2, True)
        assert [h.field for h in ticket.history] == ["group", "level", "status", "escalation"]
        notices = {(n.audience, n.recipient) for n in session.scalars(select(Notification))}
        assert ("manager", "manager.infrastructure@desk.example") in notices
        assert ("client_contact", "dsi@client.example") in notices


def test_a_manager_of_a_group_the_settings_no_longer_have_is_refused(session_factory) -> None:
    class Renamed(Desk):
        def manager_of(self, group: str) -> str:
            raise KeyError(group)

    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        with pytest.raises(GroupUnknown):
            escalation.hierarchical(db_session=session, ticket=ticket, rules=Renamed(), actor="agent:lea", reason="?")
        assert ticket.history == [] and session.scalars(select(Notification)).all() == []


def test_reminders_escalate_as_the_rules_say(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = incident(session)
        assert escalation.record_reminder(db_session=session, ticket=ticket, rules=RULES, actor="u1",
                                          text="relance") == []
        second = escalation.record_reminder(db_session=session, ticket=ticket, rules=RULES, actor="u1",
                                            text="toujours rien ?")
        assert second == [f"{ticket.number}: manager of Service desk notified (second reminder)"]
        third = escalation.record_reminder(db_session=session, ticket=ticket, rules=RULES, actor="u1", text="!!!")
        assert f"{ticket.number}: escalated to Infrastructure (third reminder)" in third
        assert ticket.reminder_count == 3 and ticket.group_name == "Infrastructure"
        assert [h.reason for h in ticket.history if h.field == "reminder"] == ["relance", "toujours rien ?", "!!!"]


def test_a_priority_rule_applies_only_to_that_priority(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        p3, p1 = incident(session), incident(session, impact=1, urgency=1)
        for ticket in (p3, p1):
            escalation.apply_rules(db_session=session, ticket=ticket, trigger="priority", rules=RULES, now=NOW)
        assert p3.group_name is None and (p1.group_name, p1.level) == ("Experts", 3)


def test_too_late_to_reopen_opens_a_linked_ticket(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        old = incident(session)
        workflow.resolve(db_session=session, ticket=old, actor="agent", agreements=RULES, category="network",
                         cause_code="config", resolution_code="fixed", solution="borne redémarrée", now=NOW)
        workflow.close(db_session=session, ticket=old, actor="u1", by="requester", agreements=RULES, now=NOW)
        with pytest.raises(ReopenWindowPassed):
            workflow.reopen(db_session=session, ticket=old, actor="u1", agreements=RULES, now=NOW + timedelta(days=30))
        new = incident(session, related_to=old)
        assert new.related_to_id == old.id and new.number != old.number
