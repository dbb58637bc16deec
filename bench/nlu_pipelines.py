"""Which NLU pipeline: train each candidate on a fixed snapshot of the data and score it on the held-out file.

    .venv/bin/python -m bench.nlu_pipelines [--only NAME ...] [--ref HEAD] [--seeds 42 ...]

The snapshot is data/nlu/ and tests/nlu/holdout.yml as committed at --ref (`git show`), so that edits in
the work tree during a run (which takes a while) don't skew the comparison; `config` is config.yml at --ref.
One training at a time (the machine has 2 cores), with Rasa's training cache off so that no candidate
reuses another's featurizers. For each candidate and seed:

  train s      wall time of `rasa train nlu`, process start included
  macro-F1     `rasa test nlu` on the held-out file, of the classifier's own best intent (`rasa test`
               undoes the FallbackClassifier's nlu_fallback before scoring, as in `make eval-nlu`)
  ent. F1      micro-averaged entity F1 of DIET on the held-out file, when the candidate extracts entities
  p50/p95 ms   `agent.parse_message` on a loaded model, over every held-out message (bench/nlu_parse.py)

then, for each run, the FallbackClassifier sweep: the share of held-out messages that
would fall back at each threshold (ambiguity_threshold 0.1) and the accuracy on the rest.
Held-out figures are never used for training; nothing here is a test.
"""

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TypedDict

import yaml

from scripts.stack import QUIET_RASA, ROOT

RASA = str(ROOT / ".venv-rasa/bin/rasa")
RASA_PYTHON = str(ROOT / ".venv-rasa/bin/python")
ENV = {**os.environ, **QUIET_RASA, "RASA_MAX_CACHE_SIZE": "0"}
WATCHED = ("ask_human", "out_of_scope")
USE = "rasa_components.sentence_encoder.MultilingualSentenceFeaturizer"
THRESHOLDS = (0.3, 0.4, 0.5, 0.55, 0.6, 0.7)
WORKTREE = "worktree"  # --ref value: the files as they are on disk now


def pipeline(*, use: bool = True, classifier: list[dict] | None = None, threshold: float = 0.55,
             words: tuple[int, int] = (1, 1), chars: tuple[int, int] = (1, 4)) -> list[dict]:
    """Today's features (+ regex for ticket numbers, + USE), then `classifier`, then the fallback."""
    return [
        {"name": "WhitespaceTokenizer"},
        {"name": "RegexFeaturizer", "case_sensitive": False},
        {"name": "LexicalSyntacticFeaturizer"},
        {"name": "CountVectorsFeaturizer", "min_ngram": words[0], "max_ngram": words[1]},
        {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": chars[0], "max_ngram": chars[1]},
        *([{"name": USE}] if use else []),
        *(classifier or [diet()]),
        {"name": "FallbackClassifier", "threshold": threshold, "ambiguity_threshold": 0.1},
    ]


def diet(epochs: int = 30, **options: object) -> dict:
    return {"name": "DIETClassifier", "epochs": epochs, "entity_recognition": True, "constrain_similarities": True,
            "random_seed": 42, **options}


LINEAR = {"name": "rasa_components.intent_classifier.LinearIntentClassifier", "C": 10.0}


class Ngrams(TypedDict):
    """The n-gram ranges of pipeline()'s word and character features."""

    words: tuple[int, int]
    chars: tuple[int, int]


WIDER: Ngrams = {"words": (1, 2), "chars": (2, 5)}  # n-grams of the best 5-fold cross-validation on the training data

# Entities too where DIET is there (all DIET candidates here set entity_recognition). DIET for entities alone
# (`use+linear+diet`, intent_classification: false) needs data with entity annotations (without: no loss).
CANDIDATES: dict[str, list[dict] | None] = {
    "config": None,  # config.yml at --ref, as it is
    "diet30": pipeline(use=False),
    "use+diet20": pipeline(classifier=[diet(20)]),
    "use+diet30": pipeline(),
    "use+diet50": pipeline(classifier=[diet(50)]),
    "use+diet0L-100": pipeline(classifier=[diet(100, number_of_transformer_layers=0)]),
    "use+lr": pipeline(classifier=[{"name": "LogisticRegressionClassifier", "max_iter": 1000}]),
    "linear": pipeline(use=False, classifier=[LINEAR], threshold=0.4, **WIDER),
    "use+linear-1gram": pipeline(classifier=[LINEAR], threshold=0.4),
    "use+linear": pipeline(classifier=[LINEAR], threshold=0.4, **WIDER),
    "use+linear+diet": pipeline(classifier=[diet(30, intent_classification=False), LINEAR], threshold=0.4, **WIDER),
    # DIET learning intents too (multi-task), its intent then replaced by the linear classifier's.
    "use+linear+diet-mt": pipeline(classifier=[diet(30), LINEAR], threshold=0.4, **WIDER),
}


def snapshot(ref: str, work: Path) -> tuple[Path, Path, dict]:
    def show(path: str) -> str:
        if ref == WORKTREE:
            return (ROOT / path).read_text()
        return subprocess.run(["git", "show", f"{ref}:{path}"], cwd=ROOT, check=True, capture_output=True,
                              text=True).stdout

    data = work / "data"
    data.mkdir()
    if ref == WORKTREE:
        listing = [p.name for p in (ROOT / "data/nlu").iterdir()]
    else:
        listing = subprocess.run(["git", "ls-tree", "--name-only", f"{ref}:data/nlu"], cwd=ROOT, check=True,
                                 capture_output=True, text=True).stdout.split()
    for name in listing:
        if name.endswith(".yml"):
            (data / name).write_text(show(f"data/nlu/{name}"))
    holdout = work / "holdout.yml"
    holdout.write_text(show("tests/nlu/holdout.yml"))
    return data, holdout, yaml.safe_load(show("config.yml"))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=ROOT, env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(args)}\n{done.stderr[-4000:]}")
    return done


def measure(name: str, config: dict, seed: int, data: Path, holdout: Path, work: Path) -> dict:
    config = json.loads(json.dumps(config))
    for component in config["pipeline"]:
        if "random_seed" in component or component["name"] == "DIETClassifier":
            component["random_seed"] = seed
    tag = f"{name}-{seed}".replace("+", "_")
    config_path = work / f"config-{tag}.yml"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    started = time.monotonic()
    run(RASA, "train", "nlu", "--config", str(config_path), "--nlu", str(data), "--out", str(work),
        "--fixed-model-name", tag)
    trained = time.monotonic() - started
    model = str(work / f"{tag}.tar.gz")
    results = work / f"results-{tag}"
    run(RASA, "test", "nlu", "--model", model, "--nlu", str(holdout), "--out", str(results), "--no-plot")
    report = json.loads((results / "intent_report.json").read_text())
    entities = results / "DIETClassifier_report.json"  # only when DIET extracts entities
    entity_f1 = json.loads(entities.read_text())["micro avg"]["f1-score"] if entities.exists() else None
    parsed = json.loads(run(RASA_PYTHON, "-m", "bench.nlu_parse", model, str(holdout)).stdout.splitlines()[-1])
    latencies = sorted(parsed["latency_ms"])
    return {
        "name": name, "seed": seed, "train_s": trained, "accuracy": report["accuracy"],
        "macro_f1": report["macro avg"]["f1-score"], **{w: report[w]["recall"] for w in WATCHED},
        "entity_f1": entity_f1,
        "p50_ms": statistics.median(latencies), "p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
        "rows": parsed["rows"],
    }


def fallback_sweep(rows: list[dict]) -> list[str]:
    lines = [f"{'threshold':>9} {'falls back':>10} {'acc. on rest':>12}"]
    for threshold in THRESHOLDS:
        kept = [r for r in rows if r["top_confidence"] >= threshold and r["margin"] >= 0.1]
        accuracy = sum(r["top"] == r["intent"] for r in kept) / len(kept) if kept else 0.0
        lines.append(f"{threshold:>9} {1 - len(kept) / len(rows):>10.3f} {accuracy:>12.3f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=list(CANDIDATES), default=list(CANDIDATES))
    parser.add_argument("--ref", default="HEAD",
                        help=f"git revision of the data, holdout and `config`, or {WORKTREE!r} for the files on disk")
    parser.add_argument("--seeds", type=int, nargs="+", default=[42])
    parser.add_argument("--json", type=Path, help="also write every result (with per-message rows) here")
    args = parser.parse_args()
    if args.ref != WORKTREE:  # resolved once: a commit landing during the run must not change the snapshot
        args.ref = subprocess.run(["git", "rev-parse", "--short", args.ref], cwd=ROOT, check=True,
                                  capture_output=True, text=True).stdout.strip()
    print(f"data, held-out file and `config` of {args.ref}", flush=True)
    header = (f"{'candidate':<22} {'seed':>4} {'train s':>7} {'macro-F1':>8} {'acc.':>6} {'ask_h.':>6} "
              f"{'oos':>6} {'p50 ms':>6} {'p95 ms':>6} {'ent. F1':>7}")
    print(header, flush=True)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data, holdout, head = snapshot(args.ref, work)
        for name in args.only:
            config = head if CANDIDATES[name] is None else {**head, "pipeline": CANDIDATES[name]}
            for seed in args.seeds:
                r = measure(name, config, seed, data, holdout, work)
                results.append(r)
                print(f"{name:<22} {seed:>4} {r['train_s']:>7.0f} {r['macro_f1']:>8.3f} {r['accuracy']:>6.3f} "
                      f"{r['ask_human']:>6.3f} {r['out_of_scope']:>6.3f} {r['p50_ms']:>6.1f} {r['p95_ms']:>6.1f} "
                      f"{'-' if r['entity_f1'] is None else format(r['entity_f1'], '.3f'):>7}",
                      flush=True)
    for r in results:
        print(f"\nFallbackClassifier sweep, {r['name']} seed {r['seed']} (ambiguity_threshold 0.1):")
        print("\n".join(fallback_sweep(r["rows"])))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
