"""What a live conversation's user reads of each takeover step (bot/live_notices.py): the doors' own sentences in
the ticket's language, and the agent's own words under the agent's name."""

import pytest

from bot.live_notices import EVENTS, message
from bot.messages import BotMessage
from bot.texts import say
from servicedesk.conversations import replays

PAYLOAD = {"conversation": "webchat:demo:1", "number": "INC-000007", "agent_name": "Alice", "reason": "une capture",
           "solution": "profil recréé", "text": "Bonjour, je regarde"}


def test_the_agents_words_are_theirs() -> None:
    assert message("agent_message", PAYLOAD, "fr") == BotMessage(text="Bonjour, je regarde", author="agent",
                                                                 author_name="Alice")


@pytest.mark.parametrize("event", [event for event in EVENTS if event not in ("agent_message", replays.EVENT)])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_step_is_said_by_the_doors_in_the_tickets_language(event: str, language: str) -> None:
    said = message(event, PAYLOAD, language)
    assert said.author == "system"
    assert said.text == say(event, language, agent="Alice", number="INC-000007", reason="une capture",
                            solution="profil recréé")


def test_a_language_the_doors_do_not_speak_reads_in_english() -> None:
    assert message("handed_back", PAYLOAD, "de").text == say("handed_back", "en", agent="Alice")


def test_a_replayed_messages_reply_reads_as_it_was_said() -> None:
    reply = {"text": "Est-ce réglé ?", "buttons": [{"title": "Oui", "payload": "/affirm"}], "author": "bot"}
    said = message(replays.EVENT, {"conversation": "webchat:demo:1", "reply": reply}, "fr")
    assert (said.text, [b.payload for b in said.buttons], said.author) == ("Est-ce réglé ?", ["/affirm"], "bot")
