"""Relais's messages as Teams shows them. Pure: messages in, Bot Framework activities and Adaptive Card JSON out.

A message with buttons (or an image) is an Adaptive Card; its buttons are Action.Submit whose data carries the
Rasa payload and the title shown. Teams posts a click back as a message activity with that data as `value`
and no text (Rasa's own Teams connector reads the text, and so sees clicks as empty messages): click_of()
reads the payload from the value. Every button is kept: they go in several ActionSets of a few actions each,
because Teams folds the actions of one set beyond the first few into a "..." menu, and a card's own
`actions` row even more so. Once clicked, the card is replaced by chosen_card(): the text, then the choice,
and no buttons left to click twice.
"""

import json
from typing import Any

from botbuilder.schema import Activity, ActivityTypes, Attachment, TextFormatTypes

from bot.messages import BotMessage, Button

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
CARD_VERSION = "1.2"  # ActionSet and wrap exist since 1.2; Teams' mobile clients render up to 1.2 everywhere
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
ACTIONS_PER_SET = 5
PAYLOAD_KEY = "relais_payload"
APPROVAL_KEY = "relais_approval"  # an approver's card: the signed token (bot.approvals), with the decision
DECISION_KEY = "relais_decision"
REASON_INPUT = "relais_reason"
TITLE_KEY = "relais_title"
TITLE_MAX = 200  # characters of a button's title: longer ones are cut, their payload kept whole


def render(message: BotMessage) -> Activity:
    """The activity to send for one message: plain (markdown) text, or an Adaptive Card when it has buttons
    or an image."""
    if message.buttons or message.image or message.data.get("approval"):
        return card_activity(card(message), summary=message.text)
    return Activity(type=ActivityTypes.message, text=with_author(message), text_format=TextFormatTypes.markdown)


def with_author(message: BotMessage) -> str:
    """An agent's message says who wrote it: the bot has one name in Teams, whoever speaks through it."""
    if message.author == "agent" and message.author_name:
        return f"**{message.author_name}**\n\n{message.text}"
    return message.text


def card_activity(content: dict[str, Any], summary: str = "", activity_id: str | None = None) -> Activity:
    attachment = Attachment(content_type=ADAPTIVE_CARD, content=content)
    return Activity(type=ActivityTypes.message, id=activity_id, attachments=[attachment],
                    summary=summary[:200] or None)


def card(message: BotMessage) -> dict[str, Any]:
    body: list[dict[str, Any]] = []
    if message.author == "agent" and message.author_name:
        body.append(_text(message.author_name, weight="Bolder"))
    if message.text:
        body.append(_text(message.text))
    if message.image:
        body.append({"type": "Image", "url": message.image, "altText": message.text[:100] or "image",
                     "size": "Stretch"})
    buttons = list(message.buttons)
    for start in range(0, len(buttons), ACTIONS_PER_SET):
        body.append({"type": "ActionSet",
                     "actions": [submit(button) for button in buttons[start:start + ACTIONS_PER_SET]]})
    body.extend(approval_body(message.data.get("approval")))
    return _card(body)


def approval_body(approval: Any) -> list[dict[str, Any]]:
    """An approver's reason field and Approve / Reject (bot.approvals.notices.chat_message): a submit posts the
    token, the decision and the reason typed, which the door reads with approval_of()."""
    if not isinstance(approval, dict) or not approval.get("token"):
        return []
    actions = [{"type": "Action.Submit", "title": str(approval.get(decision) or decision)[:TITLE_MAX],
                "style": style, "data": {APPROVAL_KEY: str(approval["token"]), DECISION_KEY: decision}}
               for decision, style in (("approve", "positive"), ("reject", "destructive"))]
    return [{"type": "Input.Text", "id": REASON_INPUT, "isMultiline": True, "maxLength": 1000,
             "placeholder": str(approval.get("reason") or "")},
            {"type": "ActionSet", "actions": actions}]


def approval_of(value: Any) -> tuple[str, str, str] | None:
    """(token, decision, reason) of an approver's card submit; None for anything else."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if not isinstance(value, dict) or not isinstance(value.get(APPROVAL_KEY), str):
        return None
    return (str(value[APPROVAL_KEY]), str(value.get(DECISION_KEY) or ""),
            " ".join(str(value.get(REASON_INPUT) or "").split()))


def submit(button: Button) -> dict[str, Any]:
    title = button.title or button.payload
    return {"type": "Action.Submit", "title": title[:TITLE_MAX],
            "data": {PAYLOAD_KEY: button.payload, TITLE_KEY: title}}


def chosen_card(text: str | None, title: str) -> dict[str, Any]:
    """What a clicked card becomes: its text (when known) and the choice, without buttons."""
    body = [_text(text)] if text else []
    marked = title[:1] and not title[:1].isalnum()  # "❌ Non, toujours pas" carries its own mark
    body.append(_text(title if marked else f"✔ {title}", weight="Bolder", color="Good"))
    return _card(body)


def click_of(value: Any) -> Button | None:
    """The button a click activity's `value` names; None for anything else (another card's data, a form)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if not isinstance(value, dict):
        return None
    payload = value.get(PAYLOAD_KEY)
    if not isinstance(payload, str) or not payload.strip():
        return None
    title = value.get(TITLE_KEY)
    return Button(title=str(title) if title else payload, payload=payload)


def _text(text: str, **style: str) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def _card(body: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "AdaptiveCard", "$schema": SCHEMA, "version": CARD_VERSION, "body": body,
            "msteams": {"width": "Full"}}
