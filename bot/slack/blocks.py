"""Block Kit for what the conversation says, and the way back: Slack's escaped text as plain text.

Pure functions, so the rendering rules are tested without Slack: every message carries a plain `text`
fallback (notifications, screen readers), every button is kept (Slack allows 25 elements in an actions
block; Rasa's own connector dropped all but five), and a clicked message loses its buttons and shows the
choice instead.
"""

import re
from collections.abc import Sequence
from typing import Any

from bot.messages import BotMessage, Button

BUTTON_PREFIX = "relais_button_"
APPROVAL_ACTIONS = {"approve": "relais_approval_approve", "reject": "relais_approval_reject"}  # bot/slack/approvals.py
APPROVAL_BLOCK = "relais_approval"  # + _fr or _en: the approver's language, for the reason's modal
ACTIONS_BLOCK_PREFIX = "relais_buttons_"
_ELEMENTS_PER_ACTIONS_BLOCK = 25
_SECTION_LIMIT = 3000  # characters of a section's text
_BUTTON_TEXT_LIMIT = 75
_BUTTON_VALUE_LIMIT = 2000
_FALLBACK_LIMIT = 3900

_MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
_MARKDOWN_BOLD = re.compile(r"\*\*(.+?)\*\*")
_SLACK_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>")


def escape(text: str) -> str:
    """The three characters Slack's text formatting reserves (https://api.slack.com/reference/surfaces/formatting)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(text: str) -> str:
    """Rasa's responses, written in Markdown, as Slack mrkdwn: escaped, **bold** as *bold*, links as <url|label>."""
    escaped = escape(text)
    escaped = _MARKDOWN_LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1)}>", escaped)
    return _MARKDOWN_BOLD.sub(r"*\1*", escaped)


def plain_text(text: str, bot_user_id: str | None = None) -> str:
    """What the user typed, as Rasa should read it: without the mention of the bot, links as their target,
    and Slack's escapes undone."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", "", text)
    text = _SLACK_LINK.sub(lambda m: m.group(1).removeprefix("mailto:"), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def render(message: BotMessage) -> dict[str, Any]:
    """chat.postMessage arguments (`text` and `blocks`) for one message."""
    blocks: list[dict[str, Any]] = []
    if message.author == "agent" and message.author_name:
        name = {"type": "mrkdwn", "text": f"👤 *{escape(message.author_name)}*"}
        blocks.append({"type": "context", "elements": [name]})
    if message.text:
        blocks.extend(_sections(mrkdwn(message.text)))
    if message.image:
        blocks.append({"type": "image", "image_url": message.image, "alt_text": _alt_text(message)})
    blocks.extend(actions_blocks(message.buttons))
    blocks.extend(approval_blocks(message.data.get("approval")))
    return {"text": fallback_text(message), "blocks": blocks}


def approval_blocks(approval: Any) -> list[dict[str, Any]]:
    """An approver's Approve / Reject buttons (bot.approvals.notices.chat_message), each carrying the signed token;
    Reject asks for the reason in a modal."""
    if not isinstance(approval, dict) or not approval.get("token"):
        return []
    elements = [{"type": "button", "action_id": APPROVAL_ACTIONS[decision], "style": style,
                 "text": {"type": "plain_text", "text": _clip(str(approval.get(decision) or decision),
                                                             _BUTTON_TEXT_LIMIT), "emoji": True},
                 "value": str(approval["token"])[:_BUTTON_VALUE_LIMIT]}
                for decision, style in (("approve", "primary"), ("reject", "danger"))]
    language = approval.get("language") if approval.get("language") in ("fr", "en") else "fr"
    return [{"type": "actions", "block_id": f"{APPROVAL_BLOCK}_{language}", "elements": elements}]


def fallback_text(message: BotMessage) -> str:
    """The notification and accessibility text: the message itself, else what its buttons or image offer."""
    text = message.text or ", ".join(button.title for button in message.buttons) or (message.image or "")
    if message.author == "agent" and message.author_name:
        text = f"{message.author_name}: {text}"
    return escape(text)[:_FALLBACK_LIMIT]


def actions_blocks(buttons: Sequence[Button]) -> list[dict[str, Any]]:
    """All the buttons, 25 to an actions block; action ids relais_button_<n> are unique in the message."""
    elements = [
        {"type": "button", "action_id": f"{BUTTON_PREFIX}{n}",
         "text": {"type": "plain_text", "text": _clip(button.title or button.payload, _BUTTON_TEXT_LIMIT),
                  "emoji": True},
         "value": button.payload[:_BUTTON_VALUE_LIMIT]}
        for n, button in enumerate(buttons)
    ]
    return [{"type": "actions", "block_id": f"{ACTIONS_BLOCK_PREFIX}{start // _ELEMENTS_PER_ACTIONS_BLOCK}",
             "elements": elements[start:start + _ELEMENTS_PER_ACTIONS_BLOCK]}
            for start in range(0, len(elements), _ELEMENTS_PER_ACTIONS_BLOCK)]


def with_choice(blocks: Sequence[dict[str, Any]], choice: str) -> list[dict[str, Any]]:
    """The clicked message's blocks without its Relais buttons, with the choice shown where they were (ticked,
    unless its title has a mark of its own: "❌ Non, toujours pas" is not ticked)."""
    kept = [block for block in blocks if not _is_relais_actions(block)]
    shown = escape(choice) if choice[:1] and not choice[:1].isalnum() else f"✅ {escape(choice)}"
    return [*kept, {"type": "context", "elements": [{"type": "mrkdwn", "text": shown}]}]


def _is_relais_actions(block: dict[str, Any]) -> bool:
    return block.get("type") == "actions" and any(
        str(element.get("action_id", "")).startswith(BUTTON_PREFIX) or element.get("action_id") in
        APPROVAL_ACTIONS.values() for element in block.get("elements", []))


def _sections(text: str) -> list[dict[str, Any]]:
    """Long texts over several sections, cut at a line break when there is one."""
    sections = []
    while text:
        cut = len(text) if len(text) <= _SECTION_LIMIT else (text.rfind("\n", 0, _SECTION_LIMIT) + 1
                                                             or _SECTION_LIMIT)
        sections.append({"type": "section", "text": {"type": "mrkdwn", "text": text[:cut]}})
        text = text[cut:]
    return sections


def _alt_text(message: BotMessage) -> str:
    return _clip(message.text, 2000) if message.text else "image"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
