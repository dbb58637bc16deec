"""Abuse has limits: the counters (moving window, several rates, shared through Redis, open when Redis is
down), and the relay, which journals every message of a flood or an over-long one, passes none of them on,
and answers politely in the user's language. Counts only: no assertion depends on how long anything takes."""

import asyncio
import uuid
from typing import Any

import redis
from sqlalchemy import select

from bot.config import LimitsConfig, from_env
from bot.limits import MAX_MESSAGE_CHARS, RateLimits, wait
from bot.messages import Limited
from bot.relay import Inbound, Relay
from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import InboundMessage
from servicedesk.database import unit_of_work
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, open_incident
from standins.doors import FakeRasa
from tests.bot.conftest import REDIS_URL

DM = "slack:T0DEMOINDUS:D1"


def inbound(text: str, conversation: str = DM) -> Inbound:
    return Inbound(client="demo", channel="slack", conversation=conversation, requester="slack:T0DEMOINDUS:U1",
                   event_key=uuid.uuid4().hex, text=text, address={"team": "T0DEMOINDUS", "channel": "D1"},
                   user_name="Alice")


def journal(directory) -> list[InboundMessage]:
    with directory.sessions("demo")() as session:
        return list(session.scalars(select(InboundMessage).order_by(InboundMessage.id)))


def relay_with(directory, rasa: FakeRasa, rate: str = "3/minute", agents: Any = None) -> Relay:
    return Relay(directory, rasa.client, agents, limits=RateLimits(LimitsConfig(conversation=rate)))


def send_all(relay: Relay, messages: list[Inbound]) -> list[Any]:
    async def main() -> list[Any]:
        return [await relay.handle(message) for message in messages]

    return asyncio.run(main())


# --- the counters -----------------------------------------------------------------------------------

def test_a_conversation_gets_its_rate_then_refusals_with_a_notice_once_per_window() -> None:
    limits = RateLimits(LimitsConfig(conversation="3/minute"))
    verdicts = [limits.conversation("c1") for _ in range(6)]
    assert [v.allowed for v in verdicts] == [True, True, True, False, False, False]
    assert [v.first for v in verdicts[3:]] == [True, False, False]
    assert all(0 < v.retry_after <= 60 for v in verdicts[3:])
    assert limits.conversation("c2").allowed  # each conversation has its own counter


def test_every_rate_holds_and_the_wait_is_the_refusing_one_s() -> None:
    limits = RateLimits(LimitsConfig(conversation="5/minute;2/hour"))
    verdicts = [limits.conversation("c1") for _ in range(3)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    assert 60 < verdicts[2].retry_after <= 3600
    assert wait(verdicts[2].retry_after, "en").endswith(" minutes")


def test_addresses_are_counted_apart_from_conversations() -> None:
    limits = RateLimits(LimitsConfig(conversation="1/minute", address="2/minute"))
    assert [limits.address("192.0.2.7").allowed for _ in range(3)] == [True, True, False]
    assert limits.conversation("192.0.2.7").allowed


def test_the_rates_and_the_storage_come_from_the_environment() -> None:
    assert from_env({}).limits == LimitsConfig(conversation="20/minute;200/hour", address="60/minute",
                                               storage="memory://", trusted_proxy_hops=0)
    configured = from_env({"RELAIS_RATE_LIMIT_CONVERSATION": "5/minute", "RELAIS_RATE_LIMIT_ADDRESS": "30/minute",
                           "RELAIS_RATE_LIMIT_STORAGE": REDIS_URL, "RELAIS_TRUSTED_PROXY_HOPS": "1"}).limits
    assert (configured.conversation, configured.address, configured.storage, configured.trusted_proxy_hops) == (
        "5/minute", "30/minute", REDIS_URL, 1)


def test_the_wait_in_words() -> None:
    assert (wait(1, "fr"), wait(60, "en"), wait(61, "fr"), wait(3000, "en")) == (
        "une minute", "a minute", "2 minutes", "50 minutes")


def test_two_doors_replicas_on_redis_share_one_counter(redis_prefix) -> None:
    config = LimitsConfig(conversation="3/minute", storage=REDIS_URL, key_prefix=redis_prefix)
    one, other = RateLimits(config), RateLimits(config)
    assert [one.conversation("c1").allowed, other.conversation("c1").allowed, one.conversation("c1").allowed] == [
        True, True, True]
    refused = [other.conversation("c1"), one.conversation("c1")]
    assert [v.allowed for v in refused] == [False, False]
    assert [v.first for v in refused] == [True, False]  # the flood's notice is told once, whichever replica
    assert list(redis.Redis.from_url(REDIS_URL).scan_iter(f"{redis_prefix}*"))  # the counters are in Redis


def test_when_the_shared_storage_is_down_messages_pass() -> None:
    limits = RateLimits(LimitsConfig(conversation="1/minute", storage="redis://127.0.0.1:1/0"))
    assert [limits.conversation("c1").allowed for _ in range(3)] == [True, True, True]


# --- the relay --------------------------------------------------------------------------------------

def test_a_flood_is_journalled_whole_rasa_hears_its_rate_and_the_user_one_polite_notice(directory) -> None:
    rasa = FakeRasa()
    said = [f"mon imprimante affiche l'erreur numéro {n}" for n in range(6)]
    replies = send_all(relay_with(directory, rasa), [inbound(text) for text in said])
    assert rasa.texts() == said[:3]
    assert [(m.text, m.outcome) for m in journal(directory)] == [
        *((text, "answered") for text in said[:3]), *((text, "limited") for text in said[3:])]
    limited = replies[3:]
    assert all(isinstance(r, Limited) and r.reason == "limited" for r in limited)
    assert [r.first for r in limited] == [True, False, False]  # the chat platforms post the first only
    assert [m.text for m in limited[0]] == ["Vous m'envoyez des messages plus vite que je ne peux les lire : "
                                            "attendez une minute, puis renvoyez ce à quoi je n'ai pas répondu."]
    assert limited[0].retry_after > 0
    other = send_all(relay_with(directory, rasa), [inbound("my printer shows an error", "slack:T0DEMOINDUS:D2")])
    assert [m.text for m in other[0]] == ["ok"]  # another conversation is not held back


def test_the_notice_is_in_the_user_s_language(directory) -> None:
    rasa = FakeRasa()
    replies = send_all(relay_with(directory, rasa, "1/minute"),
                       [inbound("my printer keeps jamming"), inbound("it is still jammed, please help")])
    assert replies[1][0].text.startswith("You're sending messages faster than I can read them: please wait a minute")


def test_a_message_too_long_is_journalled_whole_and_answered_politely_not_read(directory) -> None:
    rasa = FakeRasa()
    long, longest = "journal : " + "x" * MAX_MESSAGE_CHARS, "é" * MAX_MESSAGE_CHARS
    replies = send_all(Relay(directory, rasa.client), [inbound(long), inbound(longest)])
    assert rasa.texts() == [longest]  # exactly the limit passes
    assert [(m.text, m.outcome) for m in journal(directory)] == [(long, "too_long"), (longest, "answered")]
    [answer] = replies[0]
    assert isinstance(replies[0], Limited) and replies[0].reason == "too_long"
    assert answer.text == (f"Votre message est trop long ({len(long)} caractères, {MAX_MESSAGE_CHARS} au plus) : "
                           "envoyez-le en plusieurs parties ou joignez-le en fichier.")
    english = send_all(Relay(directory, rasa.client), [inbound("Here is the whole log: " + "y" * 5000, "s:D3")])
    assert english[0][0].text.startswith(f"Your message is too long (5023 characters, {MAX_MESSAGE_CHARS} at most)")


class Agents:
    def __init__(self) -> None:
        self.relayed: list[str] = []

    async def post_card(self, client: str, takeover_id: int) -> None: ...

    async def relay_to_agent(self, client: str, takeover_id: int, text: str, author: str) -> None:
        self.relayed.append(text)

    async def post_notice(self, client: str, text: str) -> None: ...


def _taken_over(directory) -> str:
    with unit_of_work(directory.sessions("demo")) as session:
        ticket = open_incident(db_session=session, agreements=directory.desk(session), report=IncidentReport(
            service="VPN", description="le VPN coupe", impact=3, urgency=3, requester="slack:T0DEMOINDUS:U1",
            channel="slack", conversation_id=DM, language="fr"))
        conversations.request_takeover(db_session=session, ticket=ticket, actor="u", reason="r", conversation_key=DM)
        return ticket.number


def test_a_flood_while_an_agent_has_it_reaches_the_ticket_s_log_not_the_agent_s_thread(directory) -> None:
    rasa, agents = FakeRasa(), Agents()
    number = _taken_over(directory)
    said = [f"toujours coupé, essai {n}" for n in range(4)]
    replies = send_all(relay_with(directory, rasa, "2/minute", agents), [inbound(text) for text in said])
    assert agents.relayed == said[:2] and rasa.messages == []
    assert replies[:2] == [[], []]
    assert replies[2][0].text.startswith("Vous envoyez beaucoup de messages d'un coup : ils sont tous notés")
    assert [m.outcome for m in journal(directory)] == ["to_agent", "to_agent", "limited", "limited"]
    with directory.sessions("demo")() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.number == number))
        assert [line.body for line in ticket.log if line.author_kind == "requester"] == said
