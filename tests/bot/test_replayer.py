"""The replayer (bot/replayer.py) with the relay in front of a Rasa stand-in: what users said while Rasa was down or
answered nothing is answered once it is back, in order, once whoever replays it, the replies delivered into the
user's conversation through the outbox; a turn Rasa had already taken is not taken again (no second turn, no
second ticket)."""

import asyncio
import uuid
from datetime import timedelta

from sqlalchemy import select, update

from bot.delivery import Delivery
from bot.relay import Inbound, Relay
from bot.replayer import Replayer, StillDown
from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import InboundMessage
from servicedesk.database import unit_of_work
from servicedesk.identity import claims
from servicedesk.models import utcnow
from servicedesk.notifications.models import Notification
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, open_incident
from standins.doors import FakeRasa, RecordingAgentDesk, RecordingOutlet

KEY = "webchat:demo:5f0c7d8e-0000-4000-8000-000000000001"
SECRET = "doors-secret"


def said(text: str, conversation: str = KEY) -> Inbound:
    return Inbound(client="demo", channel="webchat", conversation=conversation, requester=conversation,
                   event_key=uuid.uuid4().hex, text=text, address={"key": "demo"}, email="alice@demo.example")


def echo(body: dict) -> list[dict]:
    return [{"text": f"Noté : {body['message']}"}]


def doors(directory, rasa: FakeRasa) -> tuple[Relay, Replayer]:
    replayer = Replayer(directory, rasa.client, door_secret=SECRET)
    return Relay(directory, rasa.client, door_secret=SECRET, replayer=replayer), replayer


def journal(directory) -> list[InboundMessage]:
    with directory.sessions("demo")() as session:
        return list(session.scalars(select(InboundMessage).order_by(InboundMessage.id)))


def queued(directory) -> list[str]:
    with directory.sessions("demo")() as session:
        rows = session.scalars(select(Notification).where(Notification.event == "replayed_reply")
                               .order_by(Notification.id))
        return [row.payload["reply"]["text"] for row in rows]


def talk_while_down(directory, relay: Relay, rasa: FakeRasa, *texts: str) -> None:
    rasa.down = True
    for text in texts:
        [apology] = asyncio.run(relay.handle(said(text)))
        assert apology.author == "system"
    rasa.down = False


def test_what_was_said_while_rasa_was_down_is_answered_once_in_order_and_delivered(directory) -> None:
    rasa = FakeRasa(echo)
    relay, replayer = doors(directory, rasa)
    talk_while_down(directory, relay, rasa, "mon VPN coupe", "depuis hier")
    assert [m.outcome for m in journal(directory)] == ["kept", "kept"]
    assert asyncio.run(replayer.run_once()) == 2
    assert rasa.texts() == ["mon VPN coupe", "depuis hier"]
    sent = rasa.messages[0]["metadata"]
    assert claims.verify(sent[claims.METADATA_KEY], SECRET, conversation=KEY).email == "alice@demo.example"
    assert [m.outcome for m in journal(directory)] == ["replayed", "replayed"]
    assert queued(directory) == ["Noté : mon VPN coupe", "Noté : depuis hier"]
    assert asyncio.run(replayer.run_once()) == 0 and len(rasa.messages) == 2  # exactly once
    webchat = RecordingOutlet("webchat")
    delivery = Delivery(directory, {"webchat": webchat}, RecordingAgentDesk(), rasa.client, interval=60)
    asyncio.run(delivery.run_once())
    assert [(place.conversation, [m.text for m in messages]) for place, messages in webchat.sent] == [
        (KEY, ["Noté : mon VPN coupe"]), (KEY, ["Noté : depuis hier"])]


def test_a_new_message_waits_behind_the_conversations_kept_ones(directory) -> None:
    rasa = FakeRasa(echo)
    relay, _ = doors(directory, rasa)
    talk_while_down(directory, relay, rasa, "mon VPN coupe")
    replies = asyncio.run(relay.handle(said("toujours rien")))
    assert [r.text for r in replies] == ["Noté : toujours rien"]
    assert rasa.texts() == ["mon VPN coupe", "toujours rien"]
    assert queued(directory) == ["Noté : mon VPN coupe"]


def test_while_rasa_answers_nothing_the_messages_stay_kept_and_a_new_one_with_them(directory) -> None:
    rasa = FakeRasa(echo)
    relay, replayer = doors(directory, rasa)
    talk_while_down(directory, relay, rasa, "mon VPN coupe")
    rasa.silent = True  # the action server died: every turn comes back empty
    try:
        asyncio.run(replayer.run_once())
        raise AssertionError("the pass should stop")
    except StillDown:
        pass
    [apology] = asyncio.run(relay.handle(said("allô ?")))
    assert apology.author == "system"
    assert rasa.texts() == ["mon VPN coupe", "mon VPN coupe"]  # tried again first; the new one not sent ahead
    assert [m.outcome for m in journal(directory)] == ["kept", "kept"]
    rasa.silent = False
    assert asyncio.run(replayer.run_once()) == 2
    assert rasa.texts()[-2:] == ["mon VPN coupe", "allô ?"]


def test_a_turn_rasa_took_before_the_doors_died_is_delivered_not_taken_again(directory) -> None:
    rasa = FakeRasa(echo)
    relay, replayer = doors(directory, rasa)
    asyncio.run(relay.handle(said("mon VPN coupe")))
    with unit_of_work(directory.sessions("demo")) as session:  # as the doors left it, dying before they marked it
        session.execute(update(InboundMessage).values(outcome=None, handled_at=None,
                                                      received_at=utcnow() - timedelta(minutes=5)))
    assert asyncio.run(replayer.run_once()) == 1
    assert rasa.texts() == ["mon VPN coupe"]
    assert queued(directory) == ["Noté : mon VPN coupe"]


def test_a_turn_whose_action_died_after_opening_a_ticket_is_not_taken_again(directory) -> None:
    rasa = FakeRasa(echo)
    relay, replayer = doors(directory, rasa)
    rasa.silent = True
    asyncio.run(relay.handle(said("mon VPN coupe depuis ce matin")))
    with unit_of_work(directory.sessions("demo")) as session:  # the action's transaction committed, then it died
        desk = directory.desk(session)
        number = open_incident(db_session=session, agreements=desk, report=IncidentReport(
            service="VPN", description="le VPN coupe", impact=3, urgency=3, requester=KEY, channel="webchat",
            conversation_id=KEY, language="fr")).number
    rasa.silent = False
    assert asyncio.run(replayer.run_once()) == 1
    assert rasa.texts() == ["mon VPN coupe depuis ce matin"]
    [told] = queued(directory)
    assert number in told
    with directory.sessions("demo")() as session:
        assert len(list(session.scalars(select(Ticket).where(Ticket.conversation_id == KEY)))) == 1


def test_two_replicas_replaying_together_send_each_message_once(directory) -> None:
    rasa = FakeRasa(echo)
    relay, first = doors(directory, rasa)
    talk_while_down(directory, relay, rasa, "un", "deux", "trois")
    talk_while_down(directory, relay, rasa, *[f"autre {n}" for n in range(3)])
    second = Replayer(directory, rasa.client, door_secret=SECRET)

    async def both() -> list[int]:
        return list(await asyncio.gather(first.run_once(), second.run_once()))

    assert sum(asyncio.run(both())) == 6
    assert rasa.texts() == ["un", "deux", "trois", "autre 0", "autre 1", "autre 2"]  # once each, in order


def test_a_kept_message_of_a_conversation_an_agent_has_now_goes_to_the_tickets_log(directory) -> None:
    rasa = FakeRasa(echo)
    relay, replayer = doors(directory, rasa)
    other = "webchat:demo:5f0c7d8e-0000-4000-8000-000000000002"
    rasa.down = True
    asyncio.run(relay.handle(said("mon VPN coupe")))
    asyncio.run(relay.handle(said("bonjour", conversation=other)))
    rasa.down = False
    with unit_of_work(directory.sessions("demo")) as session:
        desk = directory.desk(session)
        ticket = open_incident(db_session=session, agreements=desk, report=IncidentReport(
            service="VPN", description="le VPN coupe", impact=3, urgency=3, requester=KEY, channel="webchat",
            conversation_id=KEY, language="fr"))
        number = ticket.number
        conversations.request_takeover(db_session=session, ticket=ticket, conversation_key=KEY, actor=KEY,
                                       reason="wants a person")
    assert asyncio.run(replayer.run_once()) == 1
    assert rasa.texts() == ["bonjour"]  # the dialogue stays silent while a person has the conversation
    assert [m.outcome for m in journal(directory)] == ["to_agent", "replayed"]
    with directory.sessions("demo")() as session:
        assert session.scalar(select(Ticket).where(Ticket.number == number)).log[-1].body == "mon VPN coupe"
