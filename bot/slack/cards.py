"""The handoff card level-2 agents see in their Slack channel, and the modals behind its buttons, as Block Kit.

Pure functions of plain facts: what the card shows is decided here and tested without Slack, in the words of
the bot's catalogue (agents.* in bot/texts); reading the ticket and talking to Slack is bot/slack/agents/desk.py's
job. Every text is cut to Slack's limits (3000 characters a section, 2000 a field, 150 a header, 75 a button
or option, 50 blocks a message): a long transcript loses its oldest lines, never the card.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.texts import say
from servicedesk.language import Language

TAKE, HAND_BACK, PENDING, RESOLVE = "relais_take", "relais_hand_back", "relais_pending", "relais_resolve"
REMOTE = "relais_remote"  # hands on the user's machine (servicedesk.remote): the consent is asked first
SECTION_LIMIT, FIELD_LIMIT, HEADER_LIMIT, OPTION_LIMIT, MAX_BLOCKS = 3000, 2000, 150, 75, 50
TRANSCRIPT_LINES, LINE_LIMIT = 15, 500
CLOSURE_BLOCKS = ("category", "cause_code", "resolution_code")  # the block ids are the fields' names

@dataclass(frozen=True)
class Line:
    """One line of the ticket's log, as the card's transcript shows it."""

    at: datetime
    author_kind: str  # requester, bot, agent, system
    author: str
    body: str


@dataclass(frozen=True)
class CardFacts:
    """What the agents need to decide whether to take the conversation, read from the ticket once."""

    client: str
    takeover_id: int
    number: str
    title: str
    requester: str
    requester_name: str | None
    priority: str
    qualification: str  # the ticket's origin: incident, service_request, reminder...
    service: str
    group: str | None
    reason: str
    deadline: datetime | None
    language: Language  # the ticket's, else the client's (servicedesk.conversations.takeovers): no default here
    tried: tuple[str, ...] = ()
    transcript: tuple[Line, ...] = ()


@dataclass(frozen=True)
class CardState:
    """Where the takeover stands: the card's last lines and buttons."""

    status: str = "waiting"  # waiting, taken, ended
    agent_name: str | None = None
    at: datetime | None = None  # when it was taken, or ended
    outcome: str | None = None  # handed_back, resolved
    pending_reason: str | None = None
    resolution: str | None = None  # the resolution code's label


@dataclass(frozen=True)
class Choice:
    code: str
    label: str


@dataclass(frozen=True)
class ClosureChoices:
    categories: tuple[Choice, ...]
    cause_codes: tuple[Choice, ...]
    resolution_codes: tuple[Choice, ...]
    initial: dict[str, str] = field(default_factory=dict)  # block id -> preselected code


def _say(key: str, language: Language, **values: Any) -> str:
    """The agents' sentence `key` (bot/texts/agents.py)."""
    return say(f"agents.{key}", language, **values)


def button_value(client: str, takeover_id: int) -> str:
    return f"{client}:{takeover_id}"


def parse_value(value: str) -> tuple[str, int]:
    """"demo:12" -> ("demo", 12); ValueError on anything else (a forged or stale payload)."""
    client, _, number = value.rpartition(":")
    if not client or not number.isdigit():
        raise ValueError(f"not a takeover reference: {value!r}")
    return client, int(number)


def escape(text: str) -> str:
    """Slack's three control characters: what a user typed must not ping @channel or forge a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def slack_time(moment: datetime, pattern: str = "{time}") -> str:
    """A date each agent's Slack shows in their own time zone (the fallback is UTC)."""
    return f"<!date^{int(moment.timestamp())}^{pattern}|{moment.strftime('%Y-%m-%d %H:%M')} UTC>"


def card_text(facts: CardFacts) -> str:
    """The notification and screen-reader text of the card."""
    return clip(_say("card_text", facts.language, number=facts.number, title=facts.title), 300)


def card_blocks(facts: CardFacts, state: CardState) -> list[dict[str, Any]]:
    language = facts.language
    who = facts.requester if not facts.requester_name else f"{facts.requester_name} ({facts.requester})"
    deadline = slack_time(facts.deadline, "{date_short_pretty} {time}") if facts.deadline else _say("none", language)
    fields = [(_say("requester", language), escape(who)), (_say("priority", language), escape(facts.priority)),
              (_say("qualification", language), escape(facts.qualification)),
              (_say("service", language), escape(facts.service)),
              (_say("group", language), escape(facts.group or "—")), (_say("deadline", language), deadline)]
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": _plain(f"{facts.number} — {facts.title}", HEADER_LIMIT)},
        {"type": "section", "fields": [_mrkdwn(f"*{name}*\n{value}", FIELD_LIMIT) for name, value in fields]},
    ]
    if facts.reason:
        blocks.append(_section(f"*{_say('reason', language)}*\n{escape(facts.reason)}"))
    if facts.tried:
        blocks.append(_section(f"*{_say('tried', language)}*\n" + "\n".join(f"• {escape(t)}" for t in facts.tried)))
    transcript = transcript_text(facts.transcript, _say("empty", language))
    blocks.append(_section(f"*{_say('transcript', language)}*\n{transcript}"))
    blocks.append({"type": "context", "elements": [_mrkdwn(status_line(state, facts.language), SECTION_LIMIT)]})
    buttons = card_buttons(facts, state)
    if buttons:
        blocks.append({"type": "actions", "block_id": "relais_takeover", "elements": buttons})
    return blocks[:MAX_BLOCKS]


def transcript_text(lines: Sequence[Line], empty: str) -> str:
    """The last lines that fit in one section, oldest first."""
    kept: list[str] = []
    room = SECTION_LIMIT - 40  # the section's title
    for line in reversed(list(lines)[-TRANSCRIPT_LINES:]):
        text = f"`{line.at.strftime('%H:%M')}` *{escape(line.author_kind)}*: {escape(clip(line.body, LINE_LIMIT))}"
        if len(text) + 1 > room:
            break
        kept.append(text)
        room -= len(text) + 1
    return "\n".join(reversed(kept)) or empty


def status_line(state: CardState, language: Language) -> str:
    agent = escape(state.agent_name or "?")
    at = slack_time(state.at) if state.at else "?"
    if state.status == "waiting":
        return _say("waiting", language)
    if state.status == "taken":
        line = _say("taken", language, agent=agent, at=at)
        if state.pending_reason:
            line += "\n" + _say("pending", language, reason=escape(state.pending_reason))
        return line
    if state.outcome == "resolved":
        return _say("resolved", language, agent=agent, at=at, code=escape(state.resolution or "?"))
    return _say("handed_back", language, agent=agent, at=at)


def card_buttons(facts: CardFacts, state: CardState) -> list[dict[str, Any]]:
    language, value = facts.language, button_value(facts.client, facts.takeover_id)
    if state.status == "waiting":
        return [_button(_say("take", language), TAKE, value, style="primary")]
    if state.status == "taken":
        return [_button(_say("hand_back", language), HAND_BACK, value),
                _button(_say("set_pending", language), PENDING, value),
                _button(_say("remote", language), REMOTE, value),
                _button(_say("resolve", language), RESOLVE, value, style="primary")]
    return []


def resolve_modal(client: str, takeover_id: int, number: str, choices: ClosureChoices,
                  language: Language) -> dict[str, Any]:
    """The closure codes as menus (the client's own lists) and the solution the user will read."""
    blocks = [_select(block, _say(block, language), options, choices.initial.get(block), _say("choose", language))
              for block, options in zip(CLOSURE_BLOCKS, (choices.categories, choices.cause_codes,
                                                         choices.resolution_codes), strict=True)]
    blocks.append(_text_input("solution", _say("solution", language), multiline=True))
    return _modal(RESOLVE, _say("resolve_title", language), number, client, takeover_id, blocks, language)


def pending_modal(client: str, takeover_id: int, number: str, language: Language) -> dict[str, Any]:
    return _modal(PENDING, _say("pending_title", language), number, client, takeover_id,
                  [_text_input("reason", _say("pending_reason", language), multiline=True)], language)


def submitted(view: dict[str, Any]) -> dict[str, str]:
    """A submitted modal's values by block id: the selected option's code, or the typed text."""
    values: dict[str, str] = {}
    for block_id, actions in ((view.get("state") or {}).get("values") or {}).items():
        for action in actions.values():
            selected = action.get("selected_option") or {}
            values[block_id] = str(selected.get("value") or action.get("value") or "").strip()
    return values


def _modal(callback_id: str, title: str, number: str, client: str, takeover_id: int,
           blocks: list[dict[str, Any]], language: Language) -> dict[str, Any]:
    return {"type": "modal", "callback_id": callback_id, "private_metadata": button_value(client, takeover_id),
            "title": _plain(title, 24), "submit": _plain(_say("submit", language), 24),
            "close": _plain(_say("cancel", language), 24),
            "blocks": [{"type": "context", "elements": [_mrkdwn(f"*{escape(number)}*", 200)]}, *blocks]}


def _select(block_id: str, label: str, options: Sequence[Choice], initial: str | None,
            placeholder: str) -> dict[str, Any]:
    rendered = [{"text": _plain(o.label, OPTION_LIMIT), "value": o.code[:150]} for o in options[:100]]
    element: dict[str, Any] = {"type": "static_select", "action_id": "value", "options": rendered,
                               "placeholder": _plain(placeholder, 150)}
    chosen = next((option for option in rendered if option["value"] == initial), None)
    if chosen is not None:
        element["initial_option"] = chosen
    return {"type": "input", "block_id": block_id, "label": _plain(label, 2000), "element": element}


def _text_input(block_id: str, label: str, *, multiline: bool) -> dict[str, Any]:
    return {"type": "input", "block_id": block_id, "label": _plain(label, 2000),
            "element": {"type": "plain_text_input", "action_id": "value", "multiline": multiline,
                        "max_length": 2900}}


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    button = {"type": "button", "action_id": action_id, "text": _plain(text, OPTION_LIMIT), "value": value}
    if style:
        button["style"] = style
    return button


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": _mrkdwn(text, SECTION_LIMIT)}


def _mrkdwn(text: str, limit: int) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": clip(text, limit)}


def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(text, limit) or "—", "emoji": True}
