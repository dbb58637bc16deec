"""An agent decides a user needs a person now: the ticket's live conversation is offered to the agents
(the outbox carries the card request; the doors post it and pause the bot)."""

from sqlalchemy import select

from servicedesk.conversations import service as conversations
from servicedesk.database import unit_of_work
from servicedesk.notifications.models import Notification
from servicedesk.settings.current import desk_of
from servicedesk.tickets.service import IncidentReport, open_incident


def _live_ticket(desk) -> str:
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        ticket = open_incident(db_session=session, agreements=desk_of(db_session=session), report=IncidentReport(
            service="VPN", description="le VPN coupe", impact=3, urgency=3, requester="webchat:alpha:s1",
            channel="webchat", conversation_id="webchat:alpha:s1", language="fr"))
        conversations.remember(db_session=session, key="webchat:alpha:s1", channel="webchat",
                               requester="webchat:alpha:s1", address={"session": "s1"})
        return ticket.number


def test_an_agent_offers_a_live_conversation_to_level2_once(desk) -> None:
    number = _live_ticket(desk)
    first = desk.http.post(f"/tickets/{number}/takeover", headers=desk.auth("alpha-agent"),
                           json={"reason": "VIP, call her back"})
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "waiting" and first.json()["conversation"] == "webchat:alpha:s1"
    again = desk.http.post(f"/tickets/{number}/takeover", headers=desk.auth("alpha-agent"), json={})
    assert again.json()["takeover_id"] == first.json()["takeover_id"]
    with desk.registry.session_factory("alpha")() as session:
        cards = session.scalars(select(Notification).where(Notification.event == "takeover_requested")).all()
        assert [(n.audience, n.payload["reason"]) for n in cards] == [("agents", "VIP, call her back")]
    stored = desk.ticket("alpha", number)
    assert [(h.actor, h.field, h.new) for h in stored.history if h.field == "takeover"] == [
        ("api:alpha-agent", "takeover", "waiting")]


def test_a_ticket_without_a_live_conversation_cannot_be_taken_over(desk) -> None:
    response = desk.http.post("/tickets/INC-000001/takeover", headers=desk.auth("alpha-agent"), json={})
    assert response.status_code == 409
    assert "no live conversation" in response.json()["detail"]
