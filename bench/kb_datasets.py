"""Retrieval on public third-party datasets (../shared/datasets): report only, never used to tune anything.

    emanual TV     Samsung Smart TV e-manual: 261 sections, 670 questions with a relevant section
    emanual S10    Galaxy S10 manual: 451 sections, 50 questions
    TechQA         IBM TechQA dev: 160 support-forum questions over 4,736 technote passages (pooled corpus)
    CLINC150       5,500 non-IT chat queries (1,000 labelled out-of-scope): how many the demo index would
                   answer "confidently" (the threshold's false positives on chat it was not calibrated on)

All are English: they measure the encoders and BM25 on English technical text, not the cross-lingual
case. Baselines from the datasets' README (BM25): TV hit@1 0.45, hit@10 0.86, MRR 0.59; TechQA hit@1 0.10,
hit@10 0.48, MRR 0.23. `--max-queries N` subsamples the questions (seeded) when a full run is too slow.
Results: reports/kb/datasets.json and datasets.txt.
"""

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kb_index import index, ingest
from kb_index.documents import Document
from kb_index.hybrid import search

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets"
REPORTS = ROOT / "reports" / "kb"
CONFIGURATIONS = {  # name -> the signals hybrid.search uses
    "bm25": ["bm25"],
    "dense minilm": ["minilm"],
    "dense use": ["use"],
    "hybrid bm25+minilm": ["bm25", "exact", "minilm"],
    "hybrid bm25+use *": ["bm25", "exact", "use"],
    "hybrid bm25+use+minilm": ["bm25", "exact", "use", "minilm"],
}


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def emanual(prefix: str, queries_file: str) -> tuple[list[Document], list[tuple[str, set[str]]]]:
    folder = DATASETS / "emanual_samsung"
    documents = [Document(row["_id"], "article", "en", row.get("title") or row["_id"], row["text"])
                 for row in _jsonl(folder / f"{prefix}_corpus.jsonl")]
    queries = [(row["question"], set(row["relevant_section_ids"])) for row in _jsonl(folder / queries_file)
               if row.get("relevant_section_ids")]
    return documents, queries


def techqa() -> tuple[list[Document], list[tuple[str, set[str]]]]:
    folder = DATASETS / "techqa_dev_passages"
    documents = [Document(row["_id"], "article", "en", "", row["text"]) for row in _jsonl(folder / "corpus.jsonl")
                 if row["text"].strip()]
    relevant: dict[str, set[str]] = {}
    with (folder / "qrels_test.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            relevant.setdefault(row["query-id"], set()).add(row["corpus-id"])
    rows = _jsonl(folder / "queries.jsonl")
    queries = [(row["text"], relevant[row["_id"]]) for row in rows if row["_id"] in relevant]
    return documents, queries


def score(ranked: list[list[str]], queries: list[tuple[str, set[str]]]) -> dict:
    n = len(queries)
    hit = {k: sum(bool(rel.intersection(r[:k])) for r, (_, rel) in zip(ranked, queries, strict=True)) / n
           for k in (1, 5, 10)}
    mrr = sum(next((1 / i for i, d in enumerate(r[:10], 1) if d in rel), 0.0)
              for r, (_, rel) in zip(ranked, queries, strict=True)) / n
    recall5 = sum(len(rel.intersection(r[:5])) / len(rel) for r, (_, rel) in zip(ranked, queries, strict=True)) / n
    return {"n": n, "hit@1": round(hit[1], 3), "hit@5": round(hit[5], 3), "hit@10": round(hit[10], 3),
            "recall@5": round(recall5, 3), "mrr@10": round(mrr, 3)}


def run_dataset(name: str, documents: list[Document], queries: list, root: Path) -> dict:
    started = time.perf_counter()
    client = name.lower().replace(" ", "-")
    report = index.build(client, documents, specs=["use", "minilm"], root=root, progress=True)
    result: dict[str, Any] = {"documents": len(documents), "chunks": report.chunks_embedded // 2,
                              "build_s": round(report.seconds), "configurations": {}}
    for label, signals in CONFIGURATIONS.items():
        ranked = [[r.doc_id for r in search(client, query, k=10, root=root, signals=signals)] for query, _ in queries]
        result["configurations"][label] = score(ranked, queries)
    result["seconds"] = round(time.perf_counter() - started)
    return result


def clinc(root: Path) -> dict:
    """How many non-IT chat queries the demo index flags as confident answers."""
    index.build("demo", ingest.load_directory(ROOT / "data" / "clients" / "demo" / "kb"), root=root)
    counts = {"oos": [0, 0], "in-scope (non-IT intents)": [0, 0]}
    with (DATASETS / "clinc150_oos" / "test_with_oos.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            group = "oos" if row["intent"] == "oos" else "in-scope (non-IT intents)"
            results = search("demo", row["text"], k=1, root=root)
            counts[group][0] += 1
            counts[group][1] += bool(results and results[0].confident)
    return {group: {"queries": n, "confident": c, "rate": round(c / n, 4)} for group, (n, c) in counts.items()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-queries", type=int, default=0, help="subsample each dataset's questions (0: all)")
    args = parser.parse_args()
    loaders = {"emanual TV": lambda: emanual("tv", "tv_queries.jsonl"),
               "emanual S10": lambda: emanual("s10", "s10_queries_50.jsonl"), "TechQA": techqa}
    results: dict = {"max_queries": args.max_queries or None, "datasets": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for name, load in loaders.items():
            documents, queries = load()
            if args.max_queries and len(queries) > args.max_queries:
                queries = random.Random(5).sample(queries, args.max_queries)
            results["datasets"][name] = run_dataset(name, documents, queries, Path(tmp))
            print(name, json.dumps(results["datasets"][name]), flush=True)
        results["clinc150"] = clinc(Path(tmp))
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "datasets.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    lines = [f"{'dataset':<12} {'configuration':<24} {'n':>4} {'hit@1':>6} {'hit@5':>6} {'hit@10':>6} {'MRR@10':>7}"]
    for name, data in results["datasets"].items():
        for label, row in data["configurations"].items():
            lines.append(f"{name:<12} {label:<24} {row['n']:>4} {row['hit@1']:>6.3f} {row['hit@5']:>6.3f} "
                         f"{row['hit@10']:>6.3f} {row['mrr@10']:>7.3f}")
    lines.append("")
    lines += [f"CLINC150 {group}: {row['confident']}/{row['queries']} confident ({row['rate']:.1%})"
              for group, row in results["clinc150"].items()]
    (REPORTS / "datasets.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
