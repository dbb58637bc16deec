"""`rasa test` on the conversation test stories, against the trained model (`make validate` has
already run `rasa data validate`). It runs in the Rasa runtime (.venv-rasa) as a subprocess and
leaves its reports in results/conversations/ for reading.
"""

import os
import subprocess

import pytest

from scripts import model
from scripts.stack import QUIET_RASA, ROOT

pytestmark = pytest.mark.model

RASA = str(ROOT / ".venv-rasa/bin/rasa")


def run_rasa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([RASA, *args], cwd=ROOT, env={**os.environ, **QUIET_RASA}, capture_output=True, text=True,
                          timeout=900)


def test_conversation_stories_pass() -> None:
    out = ROOT / "results" / "conversations"
    done = run_rasa("test", "core", "--model", str(model.train()), "--stories", "tests/conversations",
                    "--out", str(out), "--fail-on-prediction-errors")
    failed = out / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else ""
    assert done.returncode == 0, details[-6000:] or (done.stdout[-4000:] + done.stderr[-4000:])
