"""How many DIET epochs: train the NLU model with each setting, score it on the held-out file.

    .venv/bin/python bench/nlu_epochs.py [--epochs 30 60 100]

Prints training time, accuracy and macro-F1 on tests/nlu/holdout.yml (never used in training) per
setting. Figures go in the README's "Training" section and closing notes; nothing here is a test.
"""

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

import yaml

from scripts.stack import QUIET_RASA, ROOT

RASA = str(ROOT / ".venv-rasa/bin/rasa")


def rasa(*args: str) -> None:
    subprocess.run([RASA, *args], cwd=ROOT, env={**os.environ, **QUIET_RASA}, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def measure(epochs: int, work: Path) -> dict[str, float]:
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    for component in config["pipeline"]:
        if component["name"] == "DIETClassifier":
            component["epochs"] = epochs
    config_path = work / f"config-{epochs}.yml"
    config_path.write_text(yaml.safe_dump(config))
    started = time.monotonic()
    rasa("train", "nlu", "--config", str(config_path), "--nlu", "data/nlu", "--out", str(work),
         "--fixed-model-name", f"nlu-{epochs}")
    trained = time.monotonic() - started
    out = work / f"results-{epochs}"
    rasa("test", "nlu", "--model", str(work / f"nlu-{epochs}.tar.gz"), "--nlu", "tests/nlu/holdout.yml",
         "--out", str(out), "--no-plot")
    report = json.loads((out / "intent_report.json").read_text())
    return {"epochs": epochs, "train_s": trained, "accuracy": report["accuracy"],
            "macro_f1": report["macro avg"]["f1-score"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, nargs="+", default=[30, 60, 100])
    args = parser.parse_args()
    print(f"{'epochs':>6} {'train s':>8} {'accuracy':>9} {'macro-F1':>9}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for epochs in args.epochs:
            r = measure(epochs, Path(tmp))
            print(f"{r['epochs']:>6} {r['train_s']:>8.0f} {r['accuracy']:>9.3f} {r['macro_f1']:>9.3f}", flush=True)


if __name__ == "__main__":
    main()
