"""What the relay tells Prometheus: each accepted message once (a redelivery is counted apart), each turn's
outcome, the time to the replies and to Rasa's answer; scraped from the process's registry as /metrics serves it."""

import asyncio

from prometheus_client import generate_latest

from bot.relay import Relay
from standins.doors import FakeRasa
from tests.bot.test_relay import inbound
from tests.telemetry.scrape import value


def scraped() -> str:
    return generate_latest().decode()


def test_messages_duplicates_outcomes_and_latencies(directory) -> None:
    rasa = FakeRasa()
    relay = Relay(directory, rasa.client)
    before = scraped()
    asyncio.run(relay.handle(inbound("bonjour", event="m1")))
    asyncio.run(relay.handle(inbound("bonjour", event="m1")))  # Slack's retry of the same delivery
    rasa.down = True
    asyncio.run(relay.handle(inbound("encore là ?", event="m2")))
    after = scraped()

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("relais_messages_total", channel="slack") == 2
    assert moved("relais_duplicate_deliveries_total", channel="slack") == 1
    assert moved("relais_replies_total", outcome="answered") == 1
    assert moved("relais_replies_total", outcome="kept") == 1  # told Rasa is down, the message kept
    assert moved("relais_reply_seconds_count", channel="slack") == 2
    assert moved("relais_rasa_request_seconds_count") == 2
