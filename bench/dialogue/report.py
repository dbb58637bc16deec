"""The figures of one dialogue file and where they are written: reports/dialogue/<file stem>/summary.json,
summary.md (tables) and failures.md (each failing dialogue: expectations, what was found, the transcript)."""

import json
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.dialogue.scoring import Verdict, median
from bench.dialogue.spec import CATEGORIES, LANGUAGES

TARGET_RIGHT = 0.90  # of the held-out file
TARGET_CATEGORY = 0.80  # every category
TARGET_TURNS = 3  # median turns to a fix or a ticket


def _rate(verdicts: list[Verdict]) -> dict[str, Any]:
    right = sum(v.right for v in verdicts)
    return {"dialogues": len(verdicts), "right": right, "rate": round(right / len(verdicts), 3) if verdicts else None}


def summarize(name: str, verdicts: list[Verdict]) -> dict[str, Any]:
    by_category: dict[str, list[Verdict]] = defaultdict(list)
    by_language: dict[str, list[Verdict]] = defaultdict(list)
    for verdict in verdicts:
        by_category[verdict.trace.dialogue.category].append(verdict)
        by_language[verdict.trace.dialogue.language].append(verdict)
    reached = [v.turns_to_outcome for v in verdicts if v.turns_to_outcome is not None]
    seconds = [turn.seconds for v in verdicts for turn in v.trace.turns]
    summary: dict[str, Any] = {
        "file": name, **_rate(verdicts),
        "per_category": {c: _rate(by_category[c]) for c in CATEGORIES if c in by_category},
        "per_language": {lang: _rate(by_language[lang]) for lang in LANGUAGES if lang in by_language},
        "turns_to_outcome": {"median": median(reached), "reached": len(reached), "of": len(verdicts)},
        "reply_seconds": {"median": round(statistics.median(seconds), 2) if seconds else None, "turns": len(seconds)},
        "errors": sum(v.trace.error is not None for v in verdicts),
        "failed": [v.trace.dialogue.id for v in verdicts if not v.right],
    }
    summary["missed"] = missed(summary)
    return summary


def missed(summary: dict[str, Any]) -> list[str]:
    lines = []
    if summary["rate"] is not None and summary["rate"] < TARGET_RIGHT:
        lines.append(f"right {summary['rate']:.0%} < {TARGET_RIGHT:.0%}")
    lines += [f"category {name} {figures['rate']:.0%} < {TARGET_CATEGORY:.0%}"
              for name, figures in summary["per_category"].items() if figures["rate"] < TARGET_CATEGORY]
    turns = summary["turns_to_outcome"]["median"]
    if turns is None or turns > TARGET_TURNS:
        lines.append(f"median turns to a fix or a ticket {turns} > {TARGET_TURNS}")
    return lines


def _table(title: str, rows: dict[str, dict[str, Any]]) -> list[str]:
    lines = [f"| {title} | dialogues | right | rate |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {r['dialogues']} | {r['right']} | {r['rate']:.0%} |" for name, r in rows.items()]
    return [*lines, ""]


def markdown(summary: dict[str, Any]) -> str:
    turns, seconds = summary["turns_to_outcome"], summary["reply_seconds"]
    lines = [f"# Dialogue evaluation: {summary['file']}", "",
             f"{summary['right']} of {summary['dialogues']} dialogues ended right ({summary['rate']:.0%}); "
             f"{summary['errors']} could not be played.", "",
             f"Median turns to a fix or a ticket: {turns['median']} ({turns['reached']} of {turns['of']} dialogues "
             f"reached one). Median reply time of a turn: {seconds['median']} s over {seconds['turns']} turns.", "",
             *_table("category", summary["per_category"]), *_table("language", summary["per_language"]),
             "## Targets", ""]
    lines += [f"- MISSED: {line}" for line in summary["missed"]] or ["- all met"]
    return "\n".join(lines) + "\n"


def failure(verdict: Verdict) -> str:
    trace = verdict.trace
    dialogue = trace.dialogue
    lines = [f"## {dialogue.id} ({dialogue.category}, {dialogue.language})", "",
             f"Expected: `{json.dumps(dialogue.expect, ensure_ascii=False)}`", ""]
    if trace.error:
        lines += [f"Could not be played: {trace.error}", ""]
    lines += ["| check | expected | found | |", "|---|---|---|---|"]
    lines += [f"| {c.name} | {c.expected} | {c.found} | {'ok' if c.ok else 'WRONG'} |" for c in verdict.checks]
    lines += ["", "Tickets of the dialogue: " + ("; ".join(verdict.tickets) or "none"), "",
              f"Turns to outcome: {verdict.turns_to_outcome}", "", "Transcript:", ""]
    for index, turn in enumerate(trace.turns, start=1):
        lines.append(f"{index}. **user**: {turn.text}")
        lines += [f"   - **bot**: {reply}".replace("\n", "\n     ") for reply in turn.replies] or ["   - (no reply)"]
        lines.append(f"   - ({turn.seconds:.1f} s)")
    return "\n".join(lines) + "\n"


def write(folder: Path, summary: dict[str, Any], verdicts: list[Verdict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "summary.md").write_text(markdown(summary), encoding="utf-8")
    failing = [failure(v) for v in verdicts if not v.right]
    (folder / "failures.md").write_text(f"# Failing dialogues: {summary['file']} ({len(failing)})\n\n"
                                        + "\n".join(failing), encoding="utf-8")


def printed(summary: dict[str, Any]) -> str:
    turns, seconds = summary["turns_to_outcome"], summary["reply_seconds"]
    lines = [f"{summary['file']}: {summary['right']}/{summary['dialogues']} right ({summary['rate']:.0%}), "
             f"median turns to a fix or a ticket {turns['median']} ({turns['reached']}/{turns['of']} reached), "
             f"median reply {seconds['median']} s"]
    lines += [f"  {name:18} {r['right']:3}/{r['dialogues']:<3} {r['rate']:.0%}"
              for name, r in {**summary["per_category"], **summary["per_language"]}.items()]
    lines.append(f"  targets: right >= {TARGET_RIGHT:.0%} (held-out), every category >= {TARGET_CATEGORY:.0%}, "
                 f"median turns <= {TARGET_TURNS}")
    lines += [f"  MISSED: {line}" for line in summary["missed"]]
    return "\n".join(lines)
