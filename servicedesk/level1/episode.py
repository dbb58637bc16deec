"""Where a conversation with level 1 stands between two messages, kept by the chat as one plain value.

A request goes through a few stages — a known fix offered, a question asked, a ticket to choose — and each
message is read in the light of the stage: "still the same" means a failed fix only when a fix was offered,
"since Monday" is an answer only when a time was asked. Everything here is JSON-safe so that any tracker
store keeps it.
"""

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, Literal

Stage = Literal["idle", "fix_offered", "qualifying", "requesting", "choosing_ticket"]
STAGES: tuple[str, ...] = ("idle", "fix_offered", "qualifying", "requesting", "choosing_ticket")


@dataclass(frozen=True)
class Episode:
    stage: str = "idle"
    kind: str = ""  # incident, assistance (a how-to), service_request
    said: tuple[str, ...] = ()  # the request's messages, in order: the description and the KB's query
    facts: dict[str, Any] = field(default_factory=dict)  # servicedesk.level1.facts.Facts.to_dict()
    asked: str = ""  # the field the last question asked for
    questions: int = 0  # questions asked for this request
    retries: int = 0  # times the current question was asked again
    offered: dict[str, Any] | None = None  # the known fix waiting for "did it work?" (KbHit.as_dict())
    tried: tuple[dict[str, Any], ...] = ()  # fixes offered that did not work
    cited: dict[str, Any] | None = None  # the process article given with the request just opened
    item: str = ""  # the service-request catalogue item's code
    values: dict[str, str] = field(default_factory=dict)  # the item's fields filled so far
    focus: str = ""  # the ticket the conversation is about
    pending: str = ""  # what the user said while choosing which ticket it is about
    fallbacks: int = 0  # messages in a row not understood
    rest_shown: bool = False  # the steps after those the user tried were shown for the fix offered

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["said"], data["tried"] = list(self.said), list(self.tried)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> "Episode":
        """Tolerant: an unknown key or a missing one (a state kept by an older version) is not an error."""
        if not isinstance(data, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        kept = {key: value for key, value in data.items() if key in known and value is not None}
        for name in ("said", "tried"):
            if name in kept:
                kept[name] = tuple(kept[name])
        episode = cls(**kept)
        return episode if episode.stage in STAGES else replace(episode, stage="idle")

    def next_request(self) -> "Episode":
        """A fresh request in the same conversation: only the ticket in focus is kept."""
        return Episode(focus=self.focus)
