"""`make eval-kb`: build the demo knowledge base, score every retrieval configuration, calibrate the threshold.

    reports/kb/eval.json    recall@1, recall@5, MRR@10 per configuration and group (all, fr, en, same
                            language, cross-lingual), the misses of the default, the calibration
    reports/kb/eval.txt     the same as text tables (printed too)

Configurations are measured on one index that holds both encoders (built in a temporary folder), by
switching signals on and off: BM25 alone, each encoder alone, and the fusions. The demo client's own
index (models/kb/demo, or RELAIS_KB_ROOT) is then rebuilt with the default configuration and scored
through the command line, as the bot will use it. Targets (issue 5): hybrid recall@5 >= 0.95,
MRR@10 >= 0.85, hybrid better than either signal alone.

Calibration: the first result of every demo query (right or wrong) and of every off-topic query
(bench/kb_offtopic_queries.jsonl: chat, HR, weather, non-IT requests) gives a (fused score, right?)
pair; a logistic fit gives kb_index.hybrid.CALIBRATION, and the threshold in force
(kb_index.config.DEFAULT_THRESHOLD) is reported with its precision and recall.
"""

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict

import numpy as np

from kb_index import config, evaluate, hybrid, index, ingest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "clients" / "demo"
OFFTOPIC = ROOT / "bench" / "kb_offtopic_queries.jsonl"
REPORTS = ROOT / "reports" / "kb"


class SearchOptions(TypedDict, total=False):
    """What a configuration passes to hybrid.search."""

    signals: list[str]
    fusion: str


CONFIGURATIONS: dict[str, SearchOptions] = {  # name -> search options
    "bm25": {"signals": ["bm25"]},
    "bm25+exact": {"signals": ["bm25", "exact"]},
    "dense minilm": {"signals": ["minilm"]},
    "dense use": {"signals": ["use"]},
    "hybrid bm25+minilm": {"signals": ["bm25", "exact", "minilm"]},
    "hybrid bm25+use *": {"signals": ["bm25", "exact", "use"]},
    "hybrid bm25+use+minilm": {"signals": ["bm25", "exact", "use", "minilm"]},
    "rrf bm25+use": {"signals": ["bm25", "exact", "use"], "fusion": "rrf"},
    "rrf bm25+use+minilm": {"signals": ["bm25", "exact", "use", "minilm"], "fusion": "rrf"},
}
DEFAULT = "hybrid bm25+use *"


def _ranker(root: Path, options: SearchOptions) -> Callable[[str], list[str]]:
    """Query -> the ids of the comparison index's top 10 documents, searched with these options."""
    def ranked(query: str) -> list[str]:
        return [r.doc_id for r in hybrid.search("demo-eval", query, k=10, root=root, **options)]
    return ranked


def main() -> int:
    documents = ingest.load_directory(DEMO / "kb")
    rows = evaluate.read_queries(DEMO / "kb_queries.jsonl")
    offtopic = evaluate.read_queries(OFFTOPIC)
    REPORTS.mkdir(parents=True, exist_ok=True)
    reports: dict[str, evaluate.Report] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        report = index.build("demo-eval", documents, specs=["use", "minilm"], root=root, progress=True)
        print(f"comparison index: {len(documents)} documents, {report.chunks_embedded} chunks, {report.seconds:.0f} s")
        for name, options in CONFIGURATIONS.items():
            reports[name] = evaluate.evaluate(rows, _ranker(root, options))
        calibration = {key: _calibrate(root, rows, offtopic, signals) for key, signals in (
            ("use", ["bm25", "exact", "use"]), ("minilm", ["bm25", "exact", "minilm"]),
            ("minilm+use", ["bm25", "exact", "use", "minilm"]), ("", ["bm25", "exact"]))}
    cli = _demo_index_through_cli()
    text = [evaluate.table(reports), "", "* the default (RELAIS_KB_MODEL=use); rrf: reciprocal rank fusion (k=60)", ""]
    text += _targets(reports)
    text += ["", "demo index as built and searched by `python -m kb_index` (default configuration):", cli, ""]
    text += _calibration_text(calibration["use"])
    (REPORTS / "eval.txt").write_text("\n".join(text) + "\n", encoding="utf-8")
    (REPORTS / "eval.json").write_text(json.dumps({
        "documents": len(documents), "queries": len(rows), "offtopic_queries": len(offtopic),
        "configurations": {name: report.as_dict() for name, report in reports.items()},
        "default": DEFAULT, "misses_of_default": reports[DEFAULT].misses,
        "calibration": calibration, "threshold": config.threshold(),
    }, indent=1, ensure_ascii=False), encoding="utf-8")
    print("\n".join(text))
    print(f"reports in {REPORTS.relative_to(ROOT)}/")
    return 0


def _targets(reports: dict[str, evaluate.Report]) -> list[str]:
    best = reports[DEFAULT].as_dict()["all"]
    alone = max(reports[name].as_dict()["all"]["mrr@10"] for name in ("bm25", "dense use", "dense minilm"))
    checks = [("recall@5 >= 0.95", best["recall@5"] >= 0.95), ("MRR@10 >= 0.85", best["mrr@10"] >= 0.85),
              (f"MRR@10 above every single signal ({alone:.3f})", best["mrr@10"] > alone)]
    return [f"target {label}: {'met' if ok else 'NOT MET'}" for label, ok in checks]


def _calibrate(root: Path, rows: list[dict], offtopic: list[dict], signals: list[str]) -> dict:
    """Fit P(first result right | fused score) and report the threshold in force."""
    points = []  # (fused score of the first result, right?, in scope?)
    for row in [*rows, *offtopic]:
        results = hybrid.search("demo-eval", row["query"], k=1, signals=signals, root=root)
        relevant = set(row.get("relevant") or [])
        fused = results[0].signals["fused"] if results else 0.0
        points.append((fused, bool(results) and results[0].doc_id in relevant, bool(relevant)))
    x = np.array([p[0] for p in points])
    y = np.array([p[1] for p in points], dtype=float)
    slope, intercept = _logistic(x, y)
    curve = []
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        confident = 1.0 / (1.0 + np.exp(-(slope * x + intercept))) >= threshold
        curve.append(_precision_recall(threshold, confident, points))
    in_force = hybrid.CALIBRATION.get("+".join(sorted(s for s in signals if s not in ("bm25", "exact"))))
    scores = np.array([hybrid.calibrate(p[0], [s for s in signals if s not in ("bm25", "exact")]) for p in points])
    return {"fitted": [round(slope, 3), round(intercept, 3)], "in_force": list(in_force or []), "curve": curve,
            "at_threshold": _precision_recall(config.threshold(), scores >= config.threshold(), points)}


def _precision_recall(threshold: float, confident: np.ndarray, points: list) -> dict:
    right = np.array([p[1] for p in points])
    scope = np.array([p[2] for p in points])
    kept = int(confident.sum())
    return {"threshold": threshold, "precision": round(float((confident & right).sum() / max(kept, 1)), 4),
            "recall": round(float((confident & right).sum() / max(int(right.sum()), 1)), 4),
            "offtopic_confident": int((confident & ~scope).sum()), "offtopic": int((~scope).sum()),
            "in_scope_wrong_confident": int((confident & scope & ~right).sum())}


def _logistic(x: np.ndarray, y: np.ndarray, iterations: int = 50) -> tuple[float, float]:
    """Two-parameter logistic regression by Newton's method (a small L2 term keeps it finite)."""
    w = np.zeros(2)
    features = np.column_stack([x, np.ones_like(x)])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-features @ w))
        gradient = features.T @ (p - y) + 1e-3 * w
        hessian = features.T @ (features * (p * (1 - p))[:, None]) + 1e-3 * np.eye(2)
        w -= np.linalg.solve(hessian, gradient)
    return float(w[0]), float(w[1])


def _calibration_text(calibration: dict) -> list[str]:
    fitted, in_force = calibration["fitted"], calibration["in_force"]
    lines = [f"calibration (default signals): fitted slope {fitted[0]}, intercept {fitted[1]}; in force {in_force}",
             f"{'threshold':>9} {'precision':>9} {'recall':>7} {'off-topic confident':>20} {'wrong confident':>16}"]
    for row in [*calibration["curve"], {**calibration["at_threshold"], "threshold": "in force"}]:
        threshold = row["threshold"] if isinstance(row["threshold"], str) else f"{row['threshold']:.1f}"
        lines.append(f"{threshold:>9} {row['precision']:>9.3f} {row['recall']:>7.3f} "
                     f"{row['offtopic_confident']:>14}/{row['offtopic']:<5} {row['in_scope_wrong_confident']:>16}")
    return lines


def _demo_index_through_cli() -> str:
    """Build the demo client's real index with the defaults and evaluate it with the CLI, as other tools do."""
    python = sys.executable
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([python, "-m", "kb_index", "build", "--client", "demo", "--source", str(DEMO / "kb"), "--quiet"],
                   cwd=ROOT, env=env, check=True)
    done = subprocess.run([python, "-m", "kb_index", "eval", "--client", "demo", "--queries",
                           str(DEMO / "kb_queries.jsonl")], cwd=ROOT, env=env, check=True, capture_output=True,
                          text=True)
    return done.stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
