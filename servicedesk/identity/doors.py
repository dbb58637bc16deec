"""What the doors alone may speak for, shared by Rasa's channel (Python 3.10) and the action server.

A door makes its conversation keys with its own prefix (bot/*/places.py): an unsigned message — Rasa's
development REST door — may never use one, or it would write into a real user's conversation. That door is
open unless the deployment says otherwise (RELAIS_REST_DOOR=off in production).
"""

from __future__ import annotations

DOOR_NAMESPACES = ("slack:", "teams:", "webchat:", "email:", "api:")
_CLOSED = frozenset({"off", "0", "false", "no"})


def is_door_conversation(key: str) -> bool:
    """Whether only a door may speak in the conversation with this key."""
    return key.startswith(DOOR_NAMESPACES)


def rest_door_open(setting: str | None) -> bool:
    """RELAIS_REST_DOOR's value read one way everywhere: open unless it says off."""
    return (setting or "on").strip().lower() not in _CLOSED
