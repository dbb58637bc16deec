"""Through the real servers: a message the model is unsure about reaches the demo client's NLU inbox, with its
prediction and the conversation it came from; a confident one does not."""

import pytest

from servicedesk.nlu_inbox import service as inbox

pytestmark = pytest.mark.e2e

# Words no intent was trained on. Which of them the model hesitates on depends on the training data, so the
# test asks the model first and uses the first it is unsure about.
NONSENSE = ["blorf zindle quackmire", "wibble snorf plunk gazz", "xq zzv kkrt pmml", "glorp fnarg wub wub",
            "quantum marmalade flibbertigibbet"]


def unsure(parse: dict) -> bool:
    intent = parse.get("intent") or {}
    return inbox.is_unsure(intent=intent.get("name"), confidence=intent.get("confidence"),
                           threshold=inbox.review_threshold())


def test_a_nonsense_message_lands_in_the_clients_inbox(bot) -> None:
    parses = {text: bot.parse(text) for text in NONSENSE}
    text = next((text for text, parse in parses.items() if unsure(parse)), None)
    assert text is not None, f"the model is sure about all of {parses}"
    chat = bot.conversation()
    greeting = "Hello! I need some help"
    chat.say(greeting)
    chat.say(text)

    with bot.tickets() as session:
        mine = [m for m in inbox.pending(db_session=session) if m.conversation_id == chat.sender]
    expected = [greeting, text] if unsure(bot.parse(greeting)) else [text]
    assert [m.text for m in mine] == expected
    message = mine[-1]
    predicted = parses[text]["intent"]
    assert message.intent == predicted["name"]
    assert message.confidence == pytest.approx(predicted["confidence"], abs=1e-4)
    assert message.ranking and message.ranking[0]["name"] == predicted["name"]
    assert message.language == "en"  # detected, or the conversation's since the greeting
    assert message.excerpt[0] == {"speaker": "user", "text": greeting}
    assert any(turn["speaker"] == "bot" for turn in message.excerpt)  # what the bot answered in between
    user_events = [e for e in chat.tracker()["events"] if e["event"] == "user" and e["text"] == text]
    assert message.message_key == user_events[0]["message_id"]


def test_a_message_seen_again_is_not_kept_again(bot) -> None:
    text = next(t for t in NONSENSE if unsure(bot.parse(t)))
    chat = bot.conversation()
    chat.say(text)
    chat.say(text)  # the same words again are a new message: kept once more, under its own id
    with bot.tickets() as session:
        keys = [m.message_key for m in inbox.pending(db_session=session) if m.conversation_id == chat.sender]
    assert len(keys) == 2 and len(set(keys)) == 2
