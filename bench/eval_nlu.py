"""`make eval-nlu`: train the NLU on data/ only, evaluate on the held-out file, write reports/nlu/.

    reports/nlu/intent_report.json     per-intent precision, recall, F1 (Rasa's report)
    reports/nlu/intent_confusion_matrix.png
    reports/nlu/intent_errors.json     the misclassified examples
    reports/nlu/summary.txt            macro-F1, accuracy, and the recall of ask_human / out_of_scope

The held-out file (tests/nlu/holdout.yml) is never used in training; its figures go in closing notes.
Targets (issue 4): macro-F1 >= 0.93, ask_human and out_of_scope recall >= 0.9.
"""

import json
import os
import subprocess
import tempfile

from scripts.stack import QUIET_RASA, ROOT

REPORTS = ROOT / "reports" / "nlu"
HOLDOUT = ROOT / "tests" / "nlu" / "holdout.yml"
WATCHED = ("ask_human", "out_of_scope")


def main() -> None:
    rasa = str(ROOT / ".venv-rasa/bin/rasa")
    env = {**os.environ, **QUIET_RASA}
    REPORTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([rasa, "train", "nlu", "--config", "config.yml", "--nlu", "data/nlu", "--out", tmp,
                        "--fixed-model-name", "nlu-eval"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run([rasa, "test", "nlu", "--model", f"{tmp}/nlu-eval.tar.gz", "--nlu", str(HOLDOUT),
                        "--out", str(REPORTS)], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    report = json.loads((REPORTS / "intent_report.json").read_text())
    lines = [f"held-out examples: {int(report['macro avg']['support'])}",
             f"accuracy: {report['accuracy']:.3f}",
             f"macro-F1: {report['macro avg']['f1-score']:.3f}  (target >= 0.93)"]
    lines += [f"{intent} recall: {report[intent]['recall']:.3f}  (target >= 0.9)" for intent in WATCHED]
    lines += ["", f"{'intent':<20} {'precision':>9} {'recall':>7} {'F1':>6} {'n':>4}"]
    for intent, row in sorted(report.items()):
        if isinstance(row, dict) and "support" in row and intent not in ("macro avg", "weighted avg", "micro avg"):
            lines.append(f"{intent:<20} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['f1-score']:>6.3f}"
                         f" {int(row['support']):>4}")
    (REPORTS / "summary.txt").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"\nreports in {REPORTS.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
