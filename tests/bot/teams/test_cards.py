"""Rasa's messages as Teams shows them: text as markdown (an agent's with their name), buttons as an Adaptive
Card keeping every button in sets of a few, a click's value read back into the button, and the card redrawn
with the choice and no buttons."""

import json

import pytest

from bot.messages import BotMessage, Button
from bot.teams import cards

CARD = "application/vnd.microsoft.card.adaptive"


def _actions(card: dict) -> list[dict]:
    return [a for block in card["body"] if block["type"] == "ActionSet" for a in block["actions"]]


def test_a_plain_message_is_markdown_text() -> None:
    activity = cards.render(BotMessage(text="Bonjour !"))
    assert (activity.type, activity.text, activity.text_format, activity.attachments) == (
        "message", "Bonjour !", "markdown", None)


def test_an_agents_message_says_who_wrote_it() -> None:
    message = BotMessage(text="Je regarde.", author="agent", author_name="Karim")
    assert cards.render(message).text == "**Karim**\n\nJe regarde."
    assert cards.render(BotMessage(text="Note", author="system")).text == "Note"
    with_buttons = cards.card(BotMessage(text="Ça marche ?", buttons=(Button("Oui", "/affirm"),), author="agent",
                                         author_name="Karim"))
    assert [b.get("text") for b in with_buttons["body"][:2]] == ["Karim", "Ça marche ?"]


def test_buttons_make_an_adaptive_card_with_every_button_in_sets_of_five() -> None:
    buttons = tuple(Button(f"Choix {i}", f"/choose{{\"n\": {i}}}") for i in range(12))
    activity = cards.render(BotMessage(text="Lequel ?", buttons=buttons))
    [attachment] = activity.attachments
    assert attachment.content_type == CARD and activity.summary == "Lequel ?"
    card = attachment.content
    assert (card["type"], card["version"], card["body"][0]) == (
        "AdaptiveCard", "1.2", {"type": "TextBlock", "text": "Lequel ?", "wrap": True})
    sets = [block for block in card["body"] if block["type"] == "ActionSet"]
    assert [len(s["actions"]) for s in sets] == [5, 5, 2]
    assert [a["data"] for a in _actions(card)] == [
        {"relais_payload": b.payload, "relais_title": b.title} for b in buttons]
    assert {a["type"] for a in _actions(card)} == {"Action.Submit"}
    json.dumps(card)  # what the connector receives


def test_a_long_title_is_cut_on_the_button_but_its_payload_is_whole() -> None:
    [action] = _actions(cards.card(BotMessage(buttons=(Button("x" * 500, "/p"),))))
    assert len(action["title"]) == cards.TITLE_MAX and action["data"]["relais_payload"] == "/p"
    [untitled] = _actions(cards.card(BotMessage(buttons=(Button("", "/affirm"),))))
    assert untitled["title"] == "/affirm"


def test_an_image_is_a_card_too() -> None:
    card = cards.card(BotMessage(text="Voici le schéma", image="https://example.test/a.png"))
    assert card["body"][1] == {"type": "Image", "url": "https://example.test/a.png", "altText": "Voici le schéma",
                               "size": "Stretch"}


@pytest.mark.parametrize("value, expected", [
    ({"relais_payload": "/affirm", "relais_title": "Oui"}, Button("Oui", "/affirm")),
    ({"relais_payload": "/affirm"}, Button("/affirm", "/affirm")),
    ('{"relais_payload": "/deny", "relais_title": "Non"}', Button("Non", "/deny")),
    ({"relais_payload": "  "}, None),
    ({"relais_payload": 3}, None),
    ({"comment": "another card's form"}, None),
    ("not json", None),
    (None, None),
])
def test_a_clicks_value_gives_back_the_button(value, expected) -> None:
    assert cards.click_of(value) == expected


def test_a_clicked_card_shows_its_text_and_the_choice_without_buttons() -> None:
    card = cards.chosen_card("Lequel ?", "Choix 2")
    assert [b["text"] for b in card["body"]] == ["Lequel ?", "✔ Choix 2"]
    assert _actions(card) == [] and "actions" not in card
    assert [b["text"] for b in cards.chosen_card(None, "Oui")["body"]] == ["✔ Oui"]
    assert [b["text"] for b in cards.chosen_card(None, "❌ Non, toujours pas")["body"]] == ["❌ Non, toujours pas"]
    activity = cards.card_activity(card, activity_id="17000")
    assert activity.id == "17000" and activity.attachments[0].content is card
