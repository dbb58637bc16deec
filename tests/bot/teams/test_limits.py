"""The Teams door under the doors' limits, with the real Bot Framework SDK and the connector stand-in: a
flood is acknowledged with 200 (the Bot Framework would retry a 429), journalled whole, read by Rasa up to
the rate, and answered with one notice; an over-long message is journalled, not read, answered politely."""

from sqlalchemy import select

from bot.config import LimitsConfig
from bot.limits import MAX_MESSAGE_CHARS, RateLimits
from servicedesk.conversations.models import InboundMessage
from standins.doors import FakeRasa
from tests.bot.teams.conftest import Stage


def journal(directory) -> list[InboundMessage]:
    with directory.sessions("demo")() as session:
        return list(session.scalars(select(InboundMessage).order_by(InboundMessage.id)))


def test_a_flood_is_acked_rasa_reads_up_to_the_rate_and_the_notice_is_posted_once(stage, directory) -> None:
    rasa = FakeRasa()
    said = [f"my second screen stays black, attempt {n}" for n in range(5)]

    async def scenario(s: Stage) -> tuple[list[int], list[str]]:
        statuses = [(await s.post(s.activity(text))).status_code for text in said]
        return statuses, [a.activity["text"] for a in s.posted()]

    statuses, posted = stage(scenario, rasa, limits=RateLimits(LimitsConfig(conversation="2/minute")))
    assert statuses == [200] * 5
    assert rasa.texts() == said[:2]
    assert [(m.text, m.outcome) for m in journal(directory)] == [
        *((text, "answered") for text in said[:2]), *((text, "limited") for text in said[2:])]
    assert posted == ["ok", "ok", "You're sending messages faster than I can read them: please wait a minute, "
                      "then send again what I haven't answered."]


def test_an_over_long_message_is_kept_not_read_and_answered_politely(stage, directory) -> None:
    log = "Voici tout le journal d'erreurs : " + "x" * MAX_MESSAGE_CHARS

    async def scenario(s: Stage) -> list[str]:
        assert (await s.post(s.activity(log))).status_code == 200
        return [a.activity["text"] for a in s.posted()]

    rasa = FakeRasa()
    assert stage(scenario, rasa) == [f"Votre message est trop long ({len(log)} caractères, {MAX_MESSAGE_CHARS} au "
                                     "plus) : envoyez-le en plusieurs parties ou joignez-le en fichier."]
    assert rasa.messages == []
    assert [(m.text, m.outcome) for m in journal(directory)] == [(log, "too_long")]
