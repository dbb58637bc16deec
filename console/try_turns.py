"""What the test chat shows of each turn, read from the Rasa tracker the live server returns
(GET /conversations/{id}/tracker): the user's words, the intent and its confidence, the entities, the slots the
turn filled, the actions the bot ran and what it said, and the known fix level 1 offered (its `episode` slot,
servicedesk/level1/episode.py, holds it with its KB score). Plain dictionaries in, plain values out: no HTTP here."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

HIDDEN_ACTIONS = frozenset({"action_listen", "action_session_start"})  # Rasa's own bookkeeping, every turn
HIDDEN_SLOTS = frozenset({"unsure", "session_started_metadata"})  # the inbox's trigger, Rasa's session metadata


@dataclass
class Turn:
    text: str
    intent: str = ""
    confidence: float = 0.0
    entities: list[dict[str, Any]] = field(default_factory=list)  # {"entity", "value", "extractor"}
    ranking: list[tuple[str, float]] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)
    actions: list[str] = field(default_factory=list)
    said: list[str] = field(default_factory=list)  # the bot's answers
    offered: dict[str, Any] | None = None  # the known fix offered: doc_id, title, score, kind


def turns_of(tracker: Mapping[str, Any]) -> list[Turn]:
    """Each user message of the conversation with what followed it, oldest first."""
    turns: list[Turn] = []
    for event in tracker.get("events") or []:
        kind = event.get("event")
        if kind == "user":
            turns.append(_user_turn(event))
        elif not turns:
            continue
        elif kind == "slot" and event.get("name") not in HIDDEN_SLOTS:
            _slot(turns[-1], str(event.get("name")), event.get("value"))
        elif kind == "action" and event.get("name") not in HIDDEN_ACTIONS:
            turns[-1].actions.append(str(event.get("name")))
        elif kind == "bot" and event.get("text"):
            turns[-1].said.append(str(event["text"]))
    return turns


def _user_turn(event: Mapping[str, Any]) -> Turn:
    parsed = event.get("parse_data") or {}
    intent = parsed.get("intent") or {}
    ranking: Sequence[Mapping[str, Any]] = parsed.get("intent_ranking") or []
    return Turn(text=str(event.get("text") or ""), intent=str(intent.get("name") or ""),
                confidence=float(intent.get("confidence") or 0.0),
                entities=[{"entity": entity.get("entity"), "value": entity.get("value"),
                           "extractor": entity.get("extractor")} for entity in parsed.get("entities") or []],
                ranking=[(str(entry.get("name")), float(entry.get("confidence") or 0.0)) for entry in ranking[:5]])


def _slot(turn: Turn, name: str, value: Any) -> None:
    if name != "episode":
        turn.slots[name] = value
        return
    offered = (value or {}).get("offered") if isinstance(value, dict) else None
    if isinstance(offered, dict):
        turn.offered = {key: offered.get(key) for key in ("doc_id", "title", "kind", "score")}
    stage = value.get("stage") if isinstance(value, dict) else None
    if stage:
        turn.slots["episode.stage"] = stage
