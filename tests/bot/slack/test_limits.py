"""The Slack door under the doors' limits, through the real bolt app and the Web API stand-in: a flood in a
DM is acknowledged (a 429 would make Slack retry it), journalled whole, read by Rasa up to the rate, and
answered with one notice; an over-long message is journalled, not read, and answered politely."""

import uuid

from sqlalchemy import select

from bot.config import LimitsConfig
from bot.limits import MAX_MESSAGE_CHARS, RateLimits
from servicedesk.conversations.models import InboundMessage
from standins.doors import FakeRasa
from tests.bot.slack.conftest import TEAM

ALICE, DM = "U0ALICE", "D0ALICE"


def dm(text: str) -> dict:
    return {"type": "message", "channel": DM, "channel_type": "im", "user": ALICE, "text": text,
            "ts": f"1700000000.{uuid.uuid4().int % 1_000_000:06d}"}


def texts_posted(slack) -> list[str]:
    return [c.params["text"] for c in slack.calls_to("chat.postMessage") if c.params["channel"] == DM]


def outcomes(directory) -> list[str | None]:
    with directory.sessions("demo")() as session:
        return [m.outcome for m in session.scalars(select(InboundMessage).order_by(InboundMessage.id))]


def test_a_flood_is_acked_rasa_reads_up_to_the_rate_and_the_notice_is_posted_once(stage, slack, directory) -> None:
    rasa = FakeRasa()
    said = [f"mon imprimante affiche l'erreur {n}" for n in range(5)]

    async def scenario(s):
        return [(await s.event(dm(text))).status_code for text in said]

    statuses = stage(scenario, rasa, limits=RateLimits(LimitsConfig(conversation="2/minute")))
    assert statuses == [200] * 5
    assert rasa.texts() == said[:2]
    assert outcomes(directory) == ["answered", "answered", "limited", "limited", "limited"]
    assert texts_posted(slack) == ["ok", "ok", "Vous m'envoyez des messages plus vite que je ne peux les lire : "
                                   "attendez une minute, puis renvoyez ce à quoi je n'ai pas répondu."]


def test_an_over_long_message_is_kept_not_read_and_answered_politely(stage, slack, directory) -> None:
    log = "Here is the whole trace: " + "x" * MAX_MESSAGE_CHARS

    async def scenario(s):
        response = await s.event(dm(log))
        return response.status_code, s.rasa.texts()

    assert stage(scenario) == (200, [])
    with directory.sessions("demo")() as session:
        [kept] = session.scalars(select(InboundMessage))
        assert (kept.text, kept.outcome, kept.conversation_key) == (log, "too_long", f"slack:{TEAM}:{DM}")
    assert texts_posted(slack) == [f"Your message is too long ({len(log)} characters, {MAX_MESSAGE_CHARS} at most): "
                                   "send it in several parts or attach it as a file."]
