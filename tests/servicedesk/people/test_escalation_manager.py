"""A hierarchical escalation tells the group's manager of the settings, as before, and also the requester's
manager as the directory says, in their own language; without a manager in the directory, the group's alone."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from servicedesk import escalation
from servicedesk.database import unit_of_work
from servicedesk.notifications.models import Notification
from servicedesk.people.models import Person
from servicedesk.tickets.service import IncidentReport, open_incident
from tests.servicedesk.desk import Desk

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
GROUP_MANAGER = Desk().manager_of("Service desk")


def _escalate(session_factory, requester: str, email: str | None) -> set[tuple[str, str]]:
    with unit_of_work(session_factory) as session:
        session.add_all([Person(email="bob@acme.example", name="Bob", manager_email="chloe@acme.example",
                                source="csv"),
                         Person(email="chloe@acme.example", name="Chloé", language="en", source="csv"),
                         Person(email="solo@acme.example", name="Solo", source="csv"),
                         Person(email="dan@acme.example", name="Dan", manager_email=GROUP_MANAGER, source="csv"),
                         Person(email=GROUP_MANAGER, name="Lead", language="en", source="csv")])
        ticket = open_incident(db_session=session, report=IncidentReport(
            service="VPN", description="VPN coupé", impact=3, urgency=3, requester=requester, channel="slack",
            conversation_id=requester, language="fr", requester_email=email), agreements=Desk(), now=NOW)
        escalation.hierarchical(db_session=session, ticket=ticket, rules=Desk(), actor="supervisor",
                                reason="ttr_breach", now=NOW)
        escalation.hierarchical(db_session=session, ticket=ticket, rules=Desk(), actor="supervisor",
                                reason="ttr_breach", now=NOW)  # a second pass of the same rule: nothing more
    with unit_of_work(session_factory) as session:
        return {(n.recipient, n.language) for n in session.scalars(
            select(Notification).where(Notification.audience == "manager"))}


def test_the_requester_s_manager_is_told_too_in_their_own_language(session_factory) -> None:
    told = _escalate(session_factory, "slack:T1:UBOB", "Bob@acme.example")
    assert told == {(GROUP_MANAGER, "en"), ("chloe@acme.example", "en")}


def test_a_requester_whose_manager_is_the_group_s_makes_one_notice(session_factory) -> None:
    assert _escalate(session_factory, "slack:T1:UDAN", "dan@acme.example") == {(GROUP_MANAGER, "en")}


@pytest.mark.parametrize(("requester", "email"), [("slack:T1:UX", None), ("slack:T1:US", "solo@acme.example"),
                                                  ("slack:T1:UZ", "stranger@elsewhere.example")])
def test_without_a_manager_in_the_directory_the_group_s_alone_is_told(session_factory, requester, email) -> None:
    assert _escalate(session_factory, requester, email) == {(GROUP_MANAGER, "en")}
