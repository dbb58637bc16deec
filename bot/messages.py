"""What a conversation says, channel-neutral: the Slack, Teams and web-chat renderers turn these into
Block Kit, Adaptive Cards or HTML, and Rasa's REST replies are read into them once, here."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# Slack allows 25 elements in an actions block, Teams a handful of card actions: more than this is a list.
MAX_BUTTONS = 25


@dataclass(frozen=True)
class Button:
    title: str
    payload: str  # what goes back to Rasa when clicked ("/affirm", a text, an intent with entities)


@dataclass(frozen=True)
class BotMessage:
    text: str = ""
    buttons: tuple[Button, ...] = ()
    image: str | None = None
    author: str = "bot"  # bot, agent, system
    author_name: str | None = None  # the agent's name when an agent wrote it
    data: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)  # channel-specific extras


class Limited(list[BotMessage]):
    """The relay's replies to a message it kept but did not pass on: its conversation writes faster than its
    limit ("limited") or the message is longer than any door takes ("too_long"), as the journal's outcome
    says. A list like any replies, so a door that only shows them shows the polite one; marked, so that each
    door answers as its channel expects: the web chat with HTTP 429 or 413, Slack and Teams with their usual
    acknowledgement (a 429 would make them retry) and the notice only when `first` in its window."""

    def __init__(self, messages: Iterable[BotMessage], *, reason: str, retry_after: int = 0,
                 first: bool = True) -> None:
        super().__init__(messages)
        self.reason = reason
        self.retry_after = retry_after  # seconds before the conversation may write again ("limited")
        self.first = first


def to_post(replies: list[BotMessage] | None) -> list[BotMessage]:
    """What a chat platform's door posts of the relay's replies: all of them, but nothing for a duplicate
    nor for a flood's messages after the first of its window (the user was told once; telling again at each
    message would flood the conversation back)."""
    if replies is None or (isinstance(replies, Limited) and not replies.first):
        return []
    return replies


def from_rasa(replies: list[dict[str, Any]]) -> list[BotMessage]:
    """Rasa's REST channel replies ({"text", "buttons", "image", "custom"}) as messages."""
    messages = []
    for reply in replies:
        buttons = tuple(Button(str(b.get("title", "")), str(b.get("payload", b.get("title", ""))))
                        for b in reply.get("buttons") or [] if isinstance(b, dict))[:MAX_BUTTONS]
        text = str(reply.get("text") or "")
        image = reply.get("image")
        if not (text or buttons or image):
            continue
        messages.append(BotMessage(text=text, buttons=buttons, image=str(image) if image else None,
                                   data=dict(reply.get("custom") or {})))
    return messages


def as_dict(message: BotMessage) -> dict[str, Any]:
    """A message as the outbox keeps it until a channel says it (a replayed message's reply)."""
    return {"text": message.text, "buttons": [{"title": b.title, "payload": b.payload} for b in message.buttons],
            "image": message.image, "author": message.author, "custom": dict(message.data)}


def from_dict(kept: dict[str, Any]) -> BotMessage:
    """What `as_dict` kept, as a message again."""
    [message] = from_rasa([kept]) or [BotMessage()]
    return BotMessage(text=message.text, buttons=message.buttons, image=message.image,
                      author=str(kept.get("author") or "bot"), data=message.data)
