"""What the inbox tests share: a hesitant prediction, as the action server hands it to the inbox."""

from typing import Any


def prediction(**overrides: Any) -> dict[str, Any]:
    """The keyword arguments of keep() for a hesitant prediction; override what a test is about."""
    return {
        "conversation_id": "alice", "message_key": "m-1", "text": "my thingy is weird",
        "intent": "report_incident", "confidence": 0.42,
        "ranking": [{"id": 1, "name": "report_incident", "confidence": 0.42},
                    {"id": 2, "name": "out_of_scope", "confidence": 0.31}],
        "language": "en", "excerpt": [{"speaker": "bot", "text": "What can I do for you?"}],
        "threshold": 0.7,
    } | overrides
