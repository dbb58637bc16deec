"""Rasa's check of each action server reply, with its schema checked once per process instead of every time.

Rasa validates every reply of the action server (three per user message in Relais: the two custom slot
mappings and action_level1) with `jsonschema.validate(reply, schema)`, which first checks the schema itself
against JSON Schema's meta-schema, then builds a validator. The schema is Rasa's own constant
(RemoteAction.action_response_format_spec), so that first check always passes: under bench/chat_load.py it
was ~11% of the Rasa server's busy time (py-spy), ~6 ms of CPU per message.

`install()` gives RemoteAction a validator built once: a valid reply passes as before; an invalid one goes on
to Rasa's own method, which raises its error with its message. Nothing else of jsonschema changes.
"""

import threading
from collections.abc import Callable
from typing import Any

from jsonschema.validators import validator_for  # type: ignore[import-untyped]  # no stubs in requirements/dev.txt
from rasa.core.actions.action import RemoteAction

_lock = threading.Lock()
_rasas_check: Callable[[RemoteAction, dict[str, Any]], bool] | None = None
_validator: Any = None


def _validate_action_result(action: RemoteAction, result: dict[str, Any]) -> bool:
    if _validator.is_valid(result):
        return True
    assert _rasas_check is not None
    return _rasas_check(action, result)  # raises jsonschema's ValidationError, worded by Rasa


def install() -> None:
    """Replace RemoteAction's reply check in this process, its validator built (and Rasa's schema checked) here
    once; installing twice changes nothing."""
    global _rasas_check, _validator
    with _lock:
        if _rasas_check is None:
            schema = RemoteAction.action_response_format_spec()
            kind = validator_for(schema)
            kind.check_schema(schema)
            _validator = kind(schema)
            _rasas_check = RemoteAction._validate_action_result
            RemoteAction._validate_action_result = _validate_action_result
