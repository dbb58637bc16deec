"""The plain values one turn of level 1 takes and gives: what was said, by whom, and what to answer.

Adapters (the chat's actions, later the console) fill `Said` and `Person` from their own world and render
`Reply` in their own words: a reply names a text of the adapter's catalogue and gives its fields, never a
sentence, so that the same use case speaks French or English in Slack, Teams or the web.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from servicedesk.tickets.access import Viewer


@dataclass(frozen=True)
class Said:
    """One user message as the NLU read it."""

    text: str  # as typed; "" for a button that only carries a payload
    intent: str | None = None
    confidence: float = 1.0
    entities: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    language: str = field(kw_only=True)  # the conversation's: the adapter knows it (detected, else the client's)
    button: bool = False  # a click on a button the bot showed

    def entity(self, name: str) -> str | None:
        values = self.entities.get(name) or ()
        return str(values[0]) if values else None

    def is_(self, *intents: str, at_least: float = 0.0) -> bool:
        return self.intent in intents and self.confidence >= at_least


@dataclass(frozen=True)
class Person:
    """Who is talking, as the door proved it."""

    requester: str
    channel: str
    conversation: str
    viewer: Viewer
    email: str | None = None
    live: bool = False  # an agent can join this conversation in its own channel


@dataclass(frozen=True)
class KbHit:
    """A known fix found in the client's knowledge base (the domain never imports kb_index)."""

    doc_id: str
    title: str
    kind: str  # article, known_error, problem, resolved_ticket...
    link: str = ""
    confident: bool = False
    steps: tuple[str, ...] = ()
    snippet: str = ""
    score: float = 0.0  # the KB's calibrated relevance, in [0, 1]
    language: str = ""  # the article's, when the KB knows it

    def as_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "title": self.title, "kind": self.kind, "link": self.link,
                "steps": list(self.steps), "snippet": self.snippet, "score": self.score, "language": self.language}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "KbHit":
        return cls(str(data.get("doc_id", "")), str(data.get("title", "")), str(data.get("kind", "article")),
                   str(data.get("link") or ""), True, tuple(data.get("steps") or ()), str(data.get("snippet") or ""),
                   float(data.get("score") or 0.0), str(data.get("language") or ""))


class KnowledgeBase(Protocol):
    """The client's knowledge base as level 1 sees it (the adapter wraps kb_index)."""

    def search(self, query: str, k: int) -> Sequence[KbHit]:
        """The k best results, best first, each with its `confident` verdict and score; the best one, and any
        confident one, with its steps."""

    def article(self, doc_id: str) -> KbHit | None:
        """One article by its id (a catalogue item cites the one describing its process); None if unknown."""


@dataclass(frozen=True)
class Reply:
    """One thing to say: a text of the adapter's catalogue, its fields, and the choices to offer."""

    text: str
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Turn:
    """What a turn decided: what to say, the state to keep, and whether the conversation went to a person."""

    replies: tuple[Reply, ...]
    episode: dict[str, Any]
    focus: str | None = None  # the ticket the conversation is about now
    paused: bool = False  # handed to a person: the bot stays silent while they have it
