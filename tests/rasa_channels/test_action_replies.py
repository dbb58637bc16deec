"""Rasa's check of action server replies with its schema checked once (rasa_channels/action_replies.py), run where
Rasa runs: one subprocess in .venv-rasa installs it, counts the meta-schema checks over many replies, and reports
what a valid and an invalid reply give."""

import json
import os
import subprocess

import pytest

from scripts.stack import QUIET_RASA, ROOT

pytestmark = pytest.mark.slow  # Rasa imported in .venv-rasa: left to make test

PROBE = """
import json
from jsonschema import ValidationError
from jsonschema.validators import Draft7Validator
from rasa.core.actions.action import RemoteAction
from rasa_channels import action_replies

checks = []
real = Draft7Validator.check_schema.__func__
Draft7Validator.check_schema = classmethod(lambda cls, schema: (checks.append(1), real(cls, schema))[1])
action = RemoteAction("action_level1", None)
valid = {"events": [{"event": "slot", "name": "episode", "value": None}], "responses": [{"text": "Bonjour"}]}
invalid = {"events": [{"event": "slot", "name": 3}], "responses": []}

def outcome(result):
    try:
        return action._validate_action_result(result)
    except ValidationError as error:
        return error.message

before = [outcome(valid), outcome(invalid)]
checks_before = len(checks)
checks.clear()
action_replies.install()
action_replies.install()
valid_after = [outcome(valid) for _ in range(50)]
checks_after_valid = len(checks)
print(json.dumps({"before": before, "checks_before": checks_before, "valid_after": valid_after,
                  "invalid_after": outcome(invalid), "checks_after_valid": checks_after_valid}))
"""


@pytest.fixture(scope="module")
def checked() -> dict:
    result = subprocess.run([str(ROOT / ".venv-rasa/bin/python"), "-c", PROBE], cwd=ROOT,
                            env={**os.environ, **QUIET_RASA}, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


def test_valid_replies_pass_as_before(checked) -> None:
    assert checked["before"][0] is True
    assert checked["valid_after"] == [True] * 50


def test_an_invalid_reply_is_refused_with_rasas_own_error(checked) -> None:
    assert "Failed to validate Action server response" in checked["before"][1]
    assert checked["invalid_after"] == checked["before"][1]


def test_the_schema_is_checked_once_not_for_every_reply(checked) -> None:
    assert checked["checks_before"] == 2  # Rasa alone: once per reply
    assert checked["checks_after_valid"] == 1  # 50 replies: only the check that built the validator
