"""The real trainer and scorer of the console's retraining (servicedesk/retraining.py), run by hand only: the tests
give fakes, since a training takes minutes and two cores.

    train(progress)           `python -m scripts.model candidate`: trains the current data's model without loading it
    score(model, progress)    the held-out NLU file (`rasa test nlu`, macro-F1) and the dialogue evaluation's held-out
                              file (`python -m bench.eval_dialogue --file bench/dialogue/heldout.yml --model …`, the
                              share of dialogues ended right)
"""

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from scripts.stack import QUIET_RASA, ROOT

NLU_HOLDOUT = ROOT / "tests" / "nlu" / "holdout.yml"
DIALOGUE_HOLDOUT = ROOT / "bench" / "dialogue" / "heldout.yml"


def _run(command: list[str], progress: Callable[[str], None]) -> list[str]:
    lines: list[str] = []
    with subprocess.Popen(command, cwd=ROOT, env={**os.environ, **QUIET_RASA}, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True) as running:
        assert running.stdout is not None
        for line in running.stdout:
            lines.append(line.rstrip())
            progress(line.rstrip())
    if running.returncode:
        raise RuntimeError(f"{' '.join(command[:4])} … exited {running.returncode}: {lines[-1] if lines else ''}")
    return lines


def train(progress: Callable[[str], None]) -> Path:
    lines = _run([sys.executable, "-m", "scripts.model", "candidate"], progress)
    return Path(lines[-1])


def score(model: Path, progress: Callable[[str], None]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        progress("scoring the held-out NLU file")
        _run([str(ROOT / ".venv-rasa/bin/rasa"), "test", "nlu", "--model", str(model), "--nlu", str(NLU_HOLDOUT),
              "--out", folder], progress)
        report = json.loads((Path(folder) / "intent_report.json").read_text(encoding="utf-8"))
        progress("playing the dialogue evaluation's held-out file")
        _run([sys.executable, "-m", "bench.eval_dialogue", "--file", str(DIALOGUE_HOLDOUT), "--model", str(model),
              "--out", folder], progress)
        summary = json.loads((Path(folder) / DIALOGUE_HOLDOUT.stem / "summary.json").read_text(encoding="utf-8"))
    return {"nlu_macro_f1": round(float(report["macro avg"]["f1-score"]), 3),
            "dialogue_rate": float(summary["rate"] or 0.0)}
