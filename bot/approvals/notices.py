"""What approvals' notices say, and how each door carries the choice.

An approver's notice (approval_request, _reminder, _escalated) is the question and the request's details; for a
chat door it is a message whose `data["approval"]` holds the signed token and the buttons' words (Slack draws
Approve / Reject buttons, Teams a card with a reason field); for e-mail, a text ending with the two signed links
to the confirmation page and the reply hint. The requester's approval_decided says the outcome, who decided and
why; approval_unrouted tells the agents' channel that nobody can decide a step.

Pure: payload, language and token in, text and message out.
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from bot.messages import BotMessage
from bot.texts import say
from servicedesk.language import Language

ASKING = {"approval_request": "request", "approval_reminder": "reminder", "approval_escalated": "escalated"}
EVENTS = frozenset({*ASKING, "approval_decided", "approval_unrouted"})
DATA_KEY = "approval"  # where a chat message carries its token and buttons' words (BotMessage.data)
PAGE_PATH = "/approvals/"  # the confirmation page, under the doors' public address
_DETAILS = ("requested_for", "justification", "needed_by", "description")


def render(event: str, payload: Mapping[str, Any], language: Language, recipient: str = "") -> str | None:
    """The notice's sentence; None for an event that is not an approval's."""
    number = str(payload.get("number") or "?")
    if event in ASKING:
        details = "".join(say(f"approval.detail_{name}", language, value=str(payload[name]).strip())
                          for name in _DETAILS if str(payload.get(name) or "").strip())
        return say(f"approval.{ASKING[event]}", language, requester=payload.get("requester") or "?",
                   item=payload.get("item") or "?", number=number, details=details)
    if event == "approval_decided":
        reason = str(payload.get("reason") or "").strip()
        why = say("approval.outcome_reason", language, reason=reason) if reason else ""
        return say(f"approval.outcome_{payload.get('outcome') or 'approved'}", language, number=number,
                   by=payload.get("by") or "?", group=payload.get("group") or say("approval.the_desk", language),
                   reason=why)
    if event == "approval_unrouted":
        return say("approval.unrouted", language, group=recipient, number=number, step=payload.get("step") or "?")
    return None


def chat_message(text: str, token: str, language: Language) -> BotMessage:
    """The question as a chat message that carries its choice: the doors that know `data["approval"]` draw it."""
    return BotMessage(text=text, author="system", data={DATA_KEY: {
        "token": token, "approve": say("approval.approve", language), "reject": say("approval.reject", language),
        "reason": say("approval.reason", language), "language": language}})


def page_link(base_url: str, token: str, decision: str) -> str:
    """A confirmation page's address: opening it decides nothing (mail scanners open links), its form does."""
    return f"{base_url.rstrip('/')}{PAGE_PATH}{quote(token)}?decision={decision}"


def mail_text(text: str, base_url: str, token: str, language: Language) -> str:
    """The question for e-mail: its sentence, the two links, and how a reply decides too."""
    colon = " : " if language == "fr" else ": "  # French puts a space before the colon
    links = [f"{say(f'approval.{decision}', language)}{colon}{page_link(base_url, token, decision)}"
             for decision in ("approve", "reject")]
    return "\n\n".join([text, say("approval.mail_links", language), "\n".join(links),
                        say("approval.mail_reply", language)])
