"""Nobody takes a live conversation within the group's OLA: besides the escalation rules, the requester
waiting in their channel is told once when to expect a reply; a taken conversation or a ticket outside
any takeover tells nobody."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from servicedesk.conversations import service as conversations
from servicedesk.database import unit_of_work
from servicedesk.level2_assignment import to_level2
from servicedesk.notifications.models import Notification
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import CLIENTS_ROOT, load_file
from servicedesk.sla.policy import sla_deadline
from servicedesk.sla.supervisor import run_once
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident

DESK = ClientDesk(load_file(CLIENTS_ROOT / "demo" / "settings.yml"))
MONDAY_10H = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # Paris; the OLA Infrastructure gives a P3 2 h to own
CONVERSATION = "slack:T0DEMOINDUS:D1"


def _live_ticket(factory, *, request_takeover: bool = True) -> tuple[str, int | None]:
    with unit_of_work(factory) as session:
        ticket = open_incident(db_session=session, agreements=DESK, now=MONDAY_10H, report=IncidentReport(
            service="VPN", description="le VPN coupe", impact=3, urgency=3, requester="slack:T0DEMOINDUS:U1",
            channel="slack", conversation_id=CONVERSATION, language="fr"))
        to_level2(db_session=session, ticket=ticket, desk=DESK, actor="slack:T0DEMOINDUS:U1",
                  reason="the user asked for a technician", now=MONDAY_10H)
        takeover = None
        if request_takeover:
            takeover = conversations.request_takeover(db_session=session, ticket=ticket, conversation_key=CONVERSATION,
                                                      actor="slack:T0DEMOINDUS:U1", reason="asked", now=MONDAY_10H)
        return ticket.number, takeover.id if takeover else None


def _supervise(factory, now: datetime) -> list[str]:
    with unit_of_work(factory) as session:
        return run_once(db_session=session, rules=DESK, now=now)


def _delayed(factory) -> list[Notification]:
    with factory() as session:
        return list(session.scalars(select(Notification).where(Notification.event == "takeover_delayed")))


def test_the_waiting_requester_is_told_once_when_to_expect_a_reply(session_factory) -> None:
    number, takeover_id = _live_ticket(session_factory)
    assert _supervise(session_factory, MONDAY_10H + timedelta(hours=1)) == []  # nothing due yet
    fired = _supervise(session_factory, MONDAY_10H + timedelta(hours=2, minutes=5))
    assert f"{number}: requester told the takeover is delayed" in fired
    assert any("tto breach (OLA Infrastructure)" in line for line in fired)  # and the rules escalate as before
    [notice] = _delayed(session_factory)
    with session_factory() as session:
        deadline = sla_deadline(db_session=session, ticket=get_by_number(db_session=session, number=number))
    assert (notice.audience, notice.recipient, notice.channel) == ("requester", "slack:T0DEMOINDUS:U1", "slack")
    assert notice.payload == {"number": number, "takeover_id": takeover_id, "conversation": CONVERSATION,
                              "deadline": deadline.isoformat()}
    _supervise(session_factory, MONDAY_10H + timedelta(hours=3))
    assert len(_delayed(session_factory)) == 1


def test_nobody_is_told_once_an_agent_has_it_or_without_a_live_conversation(session_factory) -> None:
    _, takeover_id = _live_ticket(session_factory)
    with unit_of_work(session_factory) as session:
        conversations.take(db_session=session, takeover_id=takeover_id, agent="slack:T0RELAISDESK:U9",
                           agent_name="Nadia", agreements=DESK, now=MONDAY_10H + timedelta(minutes=10))
    _supervise(session_factory, MONDAY_10H + timedelta(hours=2, minutes=5))
    assert _delayed(session_factory) == []


def test_a_ticket_outside_any_takeover_tells_nobody(session_factory) -> None:
    number, _ = _live_ticket(session_factory, request_takeover=False)
    fired = _supervise(session_factory, MONDAY_10H + timedelta(hours=2, minutes=5))
    assert any(line.startswith(f"{number}: OLA tto breach") for line in fired)
    assert _delayed(session_factory) == []
