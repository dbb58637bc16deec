"""The relay: journal first, then Rasa or the agent; a retry answers nothing; a Rasa outage apologises in
the user's language and keeps the message; a file goes to the conversation's open ticket."""

import asyncio
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot import relay as relay_module
from bot.relay import Inbound, Relay
from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import InboundMessage
from servicedesk.database import unit_of_work
from servicedesk.identity import claims
from servicedesk.tickets import workflow
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, open_incident
from standins.doors import FakeRasa


class FakeAgents:
    def __init__(self) -> None:
        self.relayed: list[tuple[str, int, str, str]] = []

    async def post_card(self, client: str, takeover_id: int) -> None: ...

    async def relay_to_agent(self, client: str, takeover_id: int, text: str, author: str) -> None:
        self.relayed.append((client, takeover_id, text, author))

    async def post_notice(self, client: str, text: str) -> None: ...


def inbound(text: str, *, event: str | None = None, conversation: str = "slack:T0DEMOINDUS:D1",
            **extra: object) -> Inbound:
    return Inbound(client="demo", channel="slack", conversation=conversation, requester="slack:T0DEMOINDUS:U1",
                   event_key=event or uuid.uuid4().hex, text=text, address={"team": "T0DEMOINDUS", "channel": "D1"},
                   user_name="Alice", **extra)  # type: ignore[arg-type]


def run(coroutine):
    return asyncio.run(coroutine)


def journal(directory) -> list[InboundMessage]:
    with directory.sessions("demo")() as session:
        return list(session.scalars(select(InboundMessage).order_by(InboundMessage.id)))


def test_a_message_is_journalled_then_answered_with_the_client_and_user_named_and_signed(directory) -> None:
    rasa = FakeRasa(lambda body: [{"text": "Bonjour !", "buttons": [{"title": "Oui", "payload": "/affirm"}]}])
    relay = Relay(directory, rasa.client, door_secret="doors-secret")
    replies = run(relay.handle(inbound("bonjour", email="alice@demo.example")))
    assert [(r.text, [b.payload for b in r.buttons]) for r in replies] == [("Bonjour !", ["/affirm"])]
    sent = rasa.messages[0]
    assert (sent["sender"], sent["input_channel"]) == ("slack:T0DEMOINDUS:D1", "slack")
    # Nothing the actions would believe unsigned; the journal's id only, for a replay to find the turn in Rasa.
    assert set(sent["metadata"]) == {claims.METADATA_KEY, claims.MESSAGE_KEY}
    assert sent["metadata"][claims.MESSAGE_KEY] == journal(directory)[0].id
    said = claims.verify(sent["metadata"][claims.METADATA_KEY], "doors-secret", conversation="slack:T0DEMOINDUS:D1")
    assert (said.client, said.requester, said.channel, said.email, said.user_name) == (
        "demo", "slack:T0DEMOINDUS:U1", "slack", "alice@demo.example", "Alice")
    assert [(m.text, m.outcome) for m in journal(directory)] == [("bonjour", "answered")]


@pytest.mark.parametrize(("text", "language"), [
    ("mon mot de passe est Soleil2024! et Outlook refuse", "fr"),  # English to lingua, alone
    ("my password is Hunter2!x and outlook still says no", "en"),
])
def test_a_secret_is_masked_before_anything_keeps_it_and_the_user_is_warned(directory, text: str,
                                                                           language: str) -> None:
    answer = "Avez-vous un message d'erreur ? Copiez-le tel quel." if language == "fr" else \
        "Do you get an error message? Paste it exactly as shown."
    rasa = FakeRasa(lambda body: [{"text": answer}])
    replies = run(Relay(directory, rasa.client).handle(inbound(text)))
    secret = "Soleil2024!" if language == "fr" else "Hunter2!x"
    assert secret not in rasa.texts()[0] and "outlook" in rasa.texts()[0].lower()
    assert all(secret not in m.text for m in journal(directory))
    assert replies[0].text.startswith("🔒") and ("mot de passe" in replies[0].text) == (language == "fr")
    assert [r.text for r in replies[1:]] == [answer]


def test_a_retried_delivery_is_answered_once(directory) -> None:
    rasa = FakeRasa()
    relay = Relay(directory, rasa.client)
    assert run(relay.handle(inbound("mon VPN ne marche plus", event="Ev1"))) is not None
    assert run(relay.handle(inbound("mon VPN ne marche plus", event="Ev1"))) is None
    assert rasa.texts() == ["mon VPN ne marche plus"]


def test_when_rasa_is_down_the_user_gets_an_apology_in_their_language_and_the_message_is_kept(directory) -> None:
    rasa = FakeRasa()
    rasa.down = True
    replies = run(Relay(directory, rasa.client).handle(inbound("my printer is jammed again and again")))
    assert "technical problem" in replies[0].text and "no need to send it again" in replies[0].text
    [kept] = journal(directory)
    assert (kept.text, kept.outcome) == ("my printer is jammed again and again", "kept")
    assert "503" in kept.error


def test_an_empty_answer_is_rasa_unable_to_answer_and_the_message_is_kept_for_replay(directory) -> None:
    """Every turn of level 1 says something: nothing back means the action server died mid-turn."""
    rasa = FakeRasa()
    rasa.silent = True
    replies = run(Relay(directory, rasa.client).handle(inbound("mon imprimante est bloquée depuis ce matin")))
    assert [r.author for r in replies] == ["system"] and "enregistré" in replies[0].text
    [kept] = journal(directory)
    assert (kept.outcome, kept.data["sent"]) == ("kept", "mon imprimante est bloquée depuis ce matin")
    assert "answered nothing" in kept.error


def _ticket(directory, conversation: str) -> str:
    with unit_of_work(directory.sessions("demo")) as session:
        desk = directory.desk(session)
        ticket = open_incident(db_session=session, agreements=desk, report=IncidentReport(
            service="VPN", description="le VPN coupe", impact=3, urgency=3, requester="slack:T0DEMOINDUS:U1",
            channel="slack", conversation_id=conversation, language="fr"))
        return ticket.number


def _waiting(directory) -> tuple[str, int]:
    """A ticket of the DM conversation, and its takeover waiting for an agent."""
    number = _ticket(directory, "slack:T0DEMOINDUS:D1")
    with unit_of_work(directory.sessions("demo")) as session:
        ticket = session.scalar(select(Ticket).where(Ticket.number == number))
        return number, conversations.request_takeover(db_session=session, ticket=ticket, actor="u", reason="r",
                                                      conversation_key="slack:T0DEMOINDUS:D1").id


def test_while_an_agent_has_it_rasa_hears_nothing_and_the_agent_everything(directory) -> None:
    rasa, agents = FakeRasa(), FakeAgents()
    relay = Relay(directory, rasa.client, agents)
    number, takeover_id = _waiting(directory)
    assert run(relay.handle(inbound("/affirm", shown="Oui, c'est ça"))) == []
    assert rasa.messages == []
    assert agents.relayed == [("demo", takeover_id, "Oui, c'est ça", "Alice")]
    with directory.sessions("demo")() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.number == number))
        assert ticket.log[-1].body == "Oui, c'est ça" and ticket.log[-1].author_kind == "requester"
    assert journal(directory)[-1].outcome == "to_agent"


def test_a_file_goes_to_the_open_ticket_else_to_rasa_as_a_link(directory) -> None:
    rasa = FakeRasa()
    relay = Relay(directory, rasa.client)
    shot = {"name": "erreur.png", "url": "https://files.slack.test/F1/erreur.png"}
    run(relay.handle(inbound("voilà la capture", files=(shot,))))
    assert rasa.texts() == ["voilà la capture https://files.slack.test/F1/erreur.png"]
    number = _ticket(directory, "slack:T0DEMOINDUS:D1")
    run(relay.handle(inbound("et une autre", files=(shot,))))
    assert rasa.texts()[-1] == "et une autre"
    with directory.sessions("demo")() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.number == number))
        assert [(a.kind, a.name, a.reference) for a in ticket.attachments] == [("file", "erreur.png", shot["url"])]


@pytest.mark.parametrize("text", ["", "😀😀😀", "x" * 10_000, "<script>alert(1)</script>' OR 1=1 --"])
def test_odd_messages_are_journalled_verbatim(directory, text: str) -> None:
    rasa = FakeRasa()
    run(Relay(directory, rasa.client).handle(inbound(text)))
    assert journal(directory)[-1].text == text


class DownAgents(FakeAgents):
    async def relay_to_agent(self, client: str, takeover_id: int, text: str, author: str) -> None:
        raise ConnectionError("Slack is unreachable")


def test_when_the_agents_channel_is_down_the_user_is_reassured_and_the_message_kept(directory) -> None:
    rasa = FakeRasa()
    number, _ = _waiting(directory)
    replies = run(Relay(directory, rasa.client, DownAgents()).handle(inbound("toujours rien ?")))
    assert [r.text for r in replies] == ["Votre message est bien noté dans votre ticket : un technicien va vous "
                                         "répondre ici."]
    assert rasa.messages == []
    assert journal(directory)[-1].outcome == "failed"
    with directory.sessions("demo")() as session:
        assert session.scalar(select(Ticket).where(Ticket.number == number)).log[-1].body == "toujours rien ?"


def test_a_takeover_whose_ticket_was_closed_elsewhere_gives_the_conversation_back_to_the_bot(directory) -> None:
    rasa = FakeRasa()
    number, _ = _waiting(directory)
    with unit_of_work(directory.sessions("demo")) as session:
        ticket = session.scalar(select(Ticket).where(Ticket.number == number))
        workflow.change_status(db_session=session, ticket=ticket, to="cancelled", actor="api:agent",
                               agreements=directory.desk(session), reason="duplicate")
    replies = run(Relay(directory, rasa.client, FakeAgents()).handle(inbound("bonjour")))
    assert [r.text for r in replies] == ["ok"] and rasa.texts() == ["bonjour"]
    assert rasa.events == [("slack:T0DEMOINDUS:D1", [{"event": "resume"},
                                                     {"event": "action", "name": "action_listen"}])]
    with directory.sessions("demo")() as session:
        assert conversations.active_takeover(db_session=session, conversation_key="slack:T0DEMOINDUS:D1") is None


def test_the_conversation_keeps_the_language_of_its_last_sentence_through_short_answers(directory) -> None:
    rasa = FakeRasa()
    relay = Relay(directory, rasa.client)
    run(relay.handle(inbound("my laptop will not start since this morning")))
    rasa.down = True
    replies = run(relay.handle(inbound("ok")))
    assert "technical problem" in replies[0].text  # English, though "ok" says nothing of it
    with directory.sessions("demo")() as session:
        assert conversations.get(db_session=session, key="slack:T0DEMOINDUS:D1").language == "en"


def test_a_database_restarting_after_rasa_answered_costs_the_user_no_reply(directory, monkeypatch) -> None:
    """Rasa took the turn; marking it answered meets the database restarting: tried again, the reply comes
    back in this answer rather than a 500 whose retry would be a duplicate with nothing in it."""
    monkeypatch.setattr(relay_module, "DB_PATIENCE", (0.01, 0.01))
    rasa, failures = FakeRasa(), [OperationalError("UPDATE", {}, Exception("terminating connection"))]
    relay = Relay(directory, rasa.client)
    handled = relay._handled

    def restarting(*args) -> None:
        if failures:
            raise failures.pop()
        handled(*args)

    monkeypatch.setattr(relay, "_handled", restarting)
    assert [r.text for r in run(relay.handle(inbound("bonjour")))] == ["ok"]
    assert journal(directory)[-1].outcome == "answered" and rasa.texts() == ["bonjour"]
