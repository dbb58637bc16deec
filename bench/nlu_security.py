"""How sure the NLU must be of a security incident before level 1 treats it as one (SECURITY_SURE in
servicedesk/level1/conductor.py): every user turn of the development dialogues parsed with a trained model,
then, per threshold, the security dialogues caught and the other dialogues that would raise a false alarm.

    .venv-rasa/bin/python -m bench.nlu_security MODEL.tar.gz [bench/dialogue/dev5.yml ...]

Runs in the Rasa venv from the project root, so that the custom components (nlu/) import. Reads only the
development files (never bench/dialogue/heldout.yml: a threshold chosen on it would be tuned on it). A false alarm
costs a P2 at the security group and a worried user; a miss costs an ordinary ticket for a breach: the threshold
is the lowest with no false alarm worth more than the catch.
"""

import asyncio
import logging
import sys
from pathlib import Path

from rasa.core.agent import Agent

from bench.dialogue.spec import Dialogue, load

INTENT = "report_security_incident"
DEVELOPMENT = ("dialogues", "dev2", "dev3", "dev4", "dev5")
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


async def confidences(model: str, dialogues: list[Dialogue]) -> list[tuple[Dialogue, list[float]]]:
    """The security intent's confidence on each user turn, in order."""
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


def main(argv: list[str]) -> None:
    logging.disable(logging.WARNING)
    model, *files = argv
    paths = [Path(f) for f in files] or [Path("bench/dialogue") / f"{stem}.yml" for stem in DEVELOPMENT]
    if any(path.stem == "heldout" for path in paths):
        sys.exit("the held-out file chooses nothing: pass development files only")
    dialogues = [dialogue for path in paths for dialogue in load(path)]
    rows = asyncio.run(confidences(model, dialogues))
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
