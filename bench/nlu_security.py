"""How sure the NLU must be of a security incident before level 1 treats it as one (SECURITY_SURE in
servicedesk/level1/conductor.py): every user turn of the development dialogues parsed with a trained model,
then, per threshold, the security dialogues caught and the other dialogues that would raise a false alarm.

    .venv-rasa/bin/python -m bench.nlu_security MODEL.tar.gz [bench/dialogue/dev5.yml ...]
    .venv/bin/python -m bench.nlu_security --with-signs reports/nlu/security.json

The first writes reports/nlu/security.json (every turn's confidence); the second, in the app's venv where the
signs' word lists load (they need Python 3.11), counts what the NLU adds to the words: the security dialogues
the words miss and the NLU catches, and the false alarms it raises where the words raised none.

Runs in the Rasa venv from the project root, so that the custom components (rasa_components/) import. Reads only the
development files (never bench/dialogue/heldout.yml: a threshold chosen on it would be tuned on it). A false alarm
costs a P2 at the security group and a worried user; a miss costs an ordinary ticket for a breach: the threshold
is the lowest with no false alarm worth more than the catch.
"""

import asyncio
import json
import logging
import sys
from pathlib import Path
from typing import Any

from bench.dialogue.spec import Dialogue, load

INTENT = "report_security_incident"
DEVELOPMENT = ("dialogues", "dev2", "dev3", "dev4", "dev5")
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


async def confidences(model: str, dialogues: list[Dialogue]) -> list[tuple[Dialogue, list[float]]]:
    """The security intent's confidence on each user turn, in order."""
    from rasa.core.agent import Agent  # only in the Rasa venv

    agent = Agent.load(model)
    rows = []
    for dialogue in dialogues:
        scores = []
        for turn in dialogue.turns:
            parsed = await agent.parse_message(turn)
            ranking = {entry["name"]: entry["confidence"] for entry in parsed.get("intent_ranking") or []}
            scores.append(float(ranking.get(INTENT, 0.0)))
        rows.append((dialogue, scores))
    return rows


DUMP = Path("reports/nlu/security.json")


def with_signs(dump: Path) -> None:
    """What the NLU adds to the signs' words, per threshold (run in .venv)."""
    from servicedesk.level1.signs import security_sign

    rows: list[dict[str, Any]] = json.loads(dump.read_text(encoding="utf-8"))
    words = [any(security_sign(turn) for turn in row["turns"]) for row in rows]
    missed = [row for row, seen in zip(rows, words, strict=True) if row["security"] and not seen]
    quiet = [row for row, seen in zip(rows, words, strict=True) if not row["security"] and not seen]
    print(f"words alone: {sum(w for w, r in zip(words, rows, strict=True) if r['security'])} of "
          f"{sum(r['security'] for r in rows)} security dialogues, "
          f"{sum(w for w, r in zip(words, rows, strict=True) if not r['security'])} false alarms")
    print("threshold  NLU catches what words missed  NLU false alarms where words were quiet")
    for threshold in THRESHOLDS:
        caught = sum(max(row["scores"]) >= threshold for row in missed)
        alarms = [row["id"] for row in quiet if max(row["scores"]) >= threshold]
        print(f"{threshold:9.2f}  {caught:6d}/{len(missed):<24d} {len(alarms):3d} {' '.join(alarms[:8])}")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--with-signs"]:
        with_signs(Path(argv[1]) if len(argv) > 1 else DUMP)
        return
    logging.disable(logging.WARNING)
    model, *files = argv
    paths = [Path(f) for f in files] or [Path("bench/dialogue") / f"{stem}.yml" for stem in DEVELOPMENT]
    if any(path.stem == "heldout" for path in paths):
        sys.exit("the held-out file chooses nothing: pass development files only")
    dialogues = [dialogue for path in paths for dialogue in load(path)]
    rows = asyncio.run(confidences(model, dialogues))
    DUMP.parent.mkdir(parents=True, exist_ok=True)
    DUMP.write_text(json.dumps([{"id": d.id, "turns": list(d.turns), "scores": s, "security": bool(
        d.category == "security_incident" or d.expect.get("security"))} for d, s in rows]), encoding="utf-8")
    security = [(d, s) for d, s in rows if d.category == "security_incident" or d.expect.get("security")]
    others = [(d, s) for d, s in rows if not (d.category == "security_incident" or d.expect.get("security"))]
    print(f"{len(security)} security dialogues, {len(others)} others, from {', '.join(p.stem for p in paths)}")
    print("threshold  caught (any turn)  caught (first turn)  false alarms")
    for threshold in THRESHOLDS:
        caught = sum(max(scores) >= threshold for _, scores in security)
        first = sum(scores[0] >= threshold for _, scores in security)
        alarms = [d.id for d, scores in others if max(scores) >= threshold]
        print(f"{threshold:9.2f}  {caught:6d}/{len(security):<10d} {first:6d}/{len(security):<12d} "
              f"{len(alarms):3d} {' '.join(alarms[:8])}")


if __name__ == "__main__":
    main(sys.argv[1:])
