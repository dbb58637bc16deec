"""Retrieval quality on a labelled query file: recall@1, recall@5 and MRR@10, overall and per language.

A query file has one JSON object per line: {"query": ..., "relevant": [doc ids], "language": "fr"|"en",
"cross_lingual": bool}; language is detected when absent, cross_lingual is optional. recall@k is the
share of a query's relevant documents found in the first k results, averaged over queries; MRR@10 is
the mean of 1/rank of the first relevant result (0 when none is in the first 10).
"""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb_index import language


def read_queries(path: Path) -> list[dict[str, Any]]:
    """The query lines of a JSONL file (blank lines skipped); each line needs at least "query"."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            row = json.loads(line)
            if not isinstance(row, dict) or not isinstance(row.get("query"), str):
                raise ValueError(f"{path}:{number}: each line must be an object with a \"query\" string")
            rows.append(row)
    return rows


@dataclass
class Scores:
    n: int = 0
    recall_1: float = 0.0
    recall_5: float = 0.0
    mrr_10: float = 0.0

    def add(self, ranked: Sequence[str], relevant: set[str]) -> None:
        self.n += 1
        self.recall_1 += len(relevant.intersection(ranked[:1])) / len(relevant)
        self.recall_5 += len(relevant.intersection(ranked[:5])) / len(relevant)
        rank = next((position for position, doc in enumerate(ranked[:10], start=1) if doc in relevant), None)
        self.mrr_10 += 1.0 / rank if rank else 0.0

    def as_dict(self) -> dict[str, float | int]:
        n = max(self.n, 1)
        return {"n": self.n, "recall@1": round(self.recall_1 / n, 4), "recall@5": round(self.recall_5 / n, 4),
                "mrr@10": round(self.mrr_10 / n, 4)}


@dataclass
class Report:
    groups: dict[str, Scores] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)  # queries whose first result is not relevant

    def as_dict(self) -> dict[str, dict[str, float | int]]:
        return {name: scores.as_dict() for name, scores in self.groups.items()}


GROUPS = ("all", "fr", "en", "same language", "cross-lingual")


def evaluate(rows: Sequence[dict[str, Any]], ranker: Callable[[str], list[str]]) -> Report:
    """Score a ranker (query -> doc ids, best first) on labelled rows; groups: all, fr, en, cross-lingual."""
    report = Report({group: Scores() for group in GROUPS})
    for row in rows:
        relevant = set(row.get("relevant") or [])
        if not relevant:
            continue
        ranked = ranker(row["query"])
        lang = language.normalise(row.get("language")) or language.detect(row["query"])
        groups = ["all", lang]
        if "cross_lingual" in row:
            groups.append("cross-lingual" if row["cross_lingual"] else "same language")
        for group in groups:
            report.groups.setdefault(group, Scores()).add(ranked, relevant)
        if not ranked or ranked[0] not in relevant:
            report.misses.append({"query": row["query"], "relevant": sorted(relevant), "got": ranked[:3]})
    report.groups = {name: scores for name, scores in report.groups.items() if scores.n}
    return report


def table(reports: dict[str, Report]) -> str:
    """A text table: one line per (configuration, group)."""
    lines = [f"{'configuration':<22} {'group':<14} {'n':>4} {'R@1':>6} {'R@5':>6} {'MRR@10':>7}"]
    for name, report in reports.items():
        for group, scores in report.groups.items():
            values = scores.as_dict()
            lines.append(f"{name:<22} {group:<14} {values['n']:>4} {values['recall@1']:>6.3f} "
                         f"{values['recall@5']:>6.3f} {values['mrr@10']:>7.3f}")
    return "\n".join(lines)
