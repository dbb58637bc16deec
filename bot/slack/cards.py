"""The handoff card level-2 agents see in their Slack channel, and the modals behind its buttons, as Block Kit.

Pure functions of plain facts: what the card says is decided here and tested without Slack; reading the
ticket and talking to Slack is bot/slack/agents.py's job. Every text is cut to Slack's limits (3000
characters a section, 2000 a field, 150 a header, 75 a button or option, 50 blocks a message): a
long transcript loses its oldest lines, never the card.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

TAKE, HAND_BACK, PENDING, RESOLVE = "relais_take", "relais_hand_back", "relais_pending", "relais_resolve"
SECTION_LIMIT, FIELD_LIMIT, HEADER_LIMIT, OPTION_LIMIT, MAX_BLOCKS = 3000, 2000, 150, 75, 50
TRANSCRIPT_LINES, LINE_LIMIT = 15, 500
CLOSURE_BLOCKS = ("category", "cause_code", "resolution_code")  # the block ids are the fields' names

_WORDS: dict[str, dict[str, str]] = {
    "fr": {"requester": "Demandeur", "priority": "Priorité", "qualification": "Qualification",
           "service": "Service", "group": "Groupe", "deadline": "Échéance SLA", "none": "aucune",
           "reason": "Motif", "tried": "Déjà essayé", "transcript": "Conversation", "empty": "_(rien d'écrit)_",
           "waiting": "⏳ En attente d'un technicien : prenez-la pour répondre dans le fil.",
           "taken": "🙋 Prise en charge par *{agent}* à {at}. Répondez dans le fil : l'utilisateur les reçoit.",
           "pending": "⏸️ Ticket en attente de l'utilisateur : {reason}",
           "handed_back": "↩️ Rendue au bot par *{agent}* à {at}.",
           "resolved": "✅ Résolue par *{agent}* à {at} : {code}.",
           "take": "Prendre en charge", "hand_back": "Rendre au bot", "set_pending": "Mettre en attente",
           "resolve": "Résoudre", "resolve_title": "Résoudre le ticket", "pending_title": "Mettre en attente",
           "submit": "Valider", "cancel": "Annuler", "category": "Catégorie", "cause_code": "Cause",
           "resolution_code": "Résolution", "solution": "Solution (envoyée à l'utilisateur)",
           "pending_reason": "Ce que l'utilisateur doit fournir", "choose": "Choisir…",
           "card_text": "{number} : {title} — un utilisateur attend un technicien"},
    "en": {"requester": "Requester", "priority": "Priority", "qualification": "Qualification",
           "service": "Service", "group": "Group", "deadline": "SLA deadline", "none": "none",
           "reason": "Reason", "tried": "Already tried", "transcript": "Conversation", "empty": "_(nothing written)_",
           "waiting": "⏳ Waiting for a technician: take it over to answer in the thread.",
           "taken": "🙋 Taken by *{agent}* at {at}. Answer in the thread: the user gets your messages.",
           "pending": "⏸️ Ticket pending on the user: {reason}",
           "handed_back": "↩️ Handed back to the bot by *{agent}* at {at}.",
           "resolved": "✅ Resolved by *{agent}* at {at}: {code}.",
           "take": "Take over", "hand_back": "Hand back", "set_pending": "Set pending",
           "resolve": "Resolve", "resolve_title": "Resolve the ticket", "pending_title": "Set pending",
           "submit": "Submit", "cancel": "Cancel", "category": "Category", "cause_code": "Cause",
           "resolution_code": "Resolution", "solution": "Solution (sent to the user)",
           "pending_reason": "What the user must provide", "choose": "Choose…",
           "card_text": "{number}: {title} — a user is waiting for a technician"},
}


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
    tried: tuple[str, ...] = ()
    transcript: tuple[Line, ...] = ()
    language: str = "fr"


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


def words(language: str | None) -> dict[str, str]:
    return _WORDS.get(language or "fr", _WORDS["fr"])


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
    return clip(words(facts.language)["card_text"].format(number=facts.number, title=facts.title), 300)


def card_blocks(facts: CardFacts, state: CardState) -> list[dict[str, Any]]:
    w = words(facts.language)
    who = facts.requester if not facts.requester_name else f"{facts.requester_name} ({facts.requester})"
    deadline = slack_time(facts.deadline, "{date_short_pretty} {time}") if facts.deadline else w["none"]
    fields = [(w["requester"], escape(who)), (w["priority"], escape(facts.priority)),
              (w["qualification"], escape(facts.qualification)), (w["service"], escape(facts.service)),
              (w["group"], escape(facts.group or "—")), (w["deadline"], deadline)]
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": _plain(f"{facts.number} — {facts.title}", HEADER_LIMIT)},
        {"type": "section", "fields": [_mrkdwn(f"*{name}*\n{value}", FIELD_LIMIT) for name, value in fields]},
    ]
    if facts.reason:
        blocks.append(_section(f"*{w['reason']}*\n{escape(facts.reason)}"))
    if facts.tried:
        blocks.append(_section(f"*{w['tried']}*\n" + "\n".join(f"• {escape(t)}" for t in facts.tried)))
    blocks.append(_section(f"*{w['transcript']}*\n{transcript_text(facts.transcript, w['empty'])}"))
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


def status_line(state: CardState, language: str) -> str:
    w = words(language)
    agent = escape(state.agent_name or "?")
    at = slack_time(state.at) if state.at else "?"
    if state.status == "waiting":
        return w["waiting"]
    if state.status == "taken":
        line = w["taken"].format(agent=agent, at=at)
        if state.pending_reason:
            line += "\n" + w["pending"].format(reason=escape(state.pending_reason))
        return line
    if state.outcome == "resolved":
        return w["resolved"].format(agent=agent, at=at, code=escape(state.resolution or "?"))
    return w["handed_back"].format(agent=agent, at=at)


def card_buttons(facts: CardFacts, state: CardState) -> list[dict[str, Any]]:
    w, value = words(facts.language), button_value(facts.client, facts.takeover_id)
    if state.status == "waiting":
        return [_button(w["take"], TAKE, value, style="primary")]
    if state.status == "taken":
        return [_button(w["hand_back"], HAND_BACK, value), _button(w["set_pending"], PENDING, value),
                _button(w["resolve"], RESOLVE, value, style="primary")]
    return []


def resolve_modal(client: str, takeover_id: int, number: str, choices: ClosureChoices,
                  language: str) -> dict[str, Any]:
    """The closure codes as menus (the client's own lists) and the solution the user will read."""
    w = words(language)
    blocks = [_select(block, w[block], options, choices.initial.get(block), w["choose"])
              for block, options in zip(CLOSURE_BLOCKS, (choices.categories, choices.cause_codes,
                                                         choices.resolution_codes), strict=True)]
    blocks.append(_text_input("solution", w["solution"], multiline=True))
    return _modal(RESOLVE, w["resolve_title"], number, client, takeover_id, blocks, w)


def pending_modal(client: str, takeover_id: int, number: str, language: str) -> dict[str, Any]:
    w = words(language)
    return _modal(PENDING, w["pending_title"], number, client, takeover_id,
                  [_text_input("reason", w["pending_reason"], multiline=True)], w)


def submitted(view: dict[str, Any]) -> dict[str, str]:
    """A submitted modal's values by block id: the selected option's code, or the typed text."""
    values: dict[str, str] = {}
    for block_id, actions in ((view.get("state") or {}).get("values") or {}).items():
        for action in actions.values():
            selected = action.get("selected_option") or {}
            values[block_id] = str(selected.get("value") or action.get("value") or "").strip()
    return values


def _modal(callback_id: str, title: str, number: str, client: str, takeover_id: int,
           blocks: list[dict[str, Any]], w: dict[str, str]) -> dict[str, Any]:
    return {"type": "modal", "callback_id": callback_id, "private_metadata": button_value(client, takeover_id),
            "title": _plain(title, 24), "submit": _plain(w["submit"], 24), "close": _plain(w["cancel"], 24),
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
