"""Parse every held-out message with a trained model: latency and what each classifier said.

    .venv-rasa/bin/python -m bench.nlu_parse MODEL.tar.gz HOLDOUT.yml

Runs in the Rasa venv (bench/nlu_pipelines.py calls it) from the project root, so that custom components
(rasa_components/) import. Loads the model once with rasa's Agent, parses one warm-up message, then times
`agent.parse_message` on each held-out message in turn. Prints one JSON object on its last line:
{"latency_ms": [...], "rows": [{"intent", "predicted", "top", "top_confidence", "margin"}, ...]},
where `top` is the classifier's best intent before the FallbackClassifier and `margin` its lead over the
second one (what the fallback's ambiguity_threshold compares).
"""

import asyncio
import json
import logging
import sys
import time

from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data

FALLBACK = "nlu_fallback"


async def parse_all(model: str, holdout: str) -> dict:
    agent = Agent.load(model)
    examples = [(m.get("text"), m.get("intent")) for m in load_data(holdout).intent_examples]
    await agent.parse_message("warm-up")
    latencies, rows = [], []
    for text, intent in examples:
        started = time.perf_counter()
        parsed = await agent.parse_message(text)
        latencies.append((time.perf_counter() - started) * 1000)
        ranking = [r for r in parsed.get("intent_ranking") or [] if r["name"] != FALLBACK]
        confidences = [r["confidence"] for r in ranking] + [0.0, 0.0]
        rows.append({"intent": intent, "predicted": parsed["intent"]["name"],
                     "top": ranking[0]["name"] if ranking else None,
                     "top_confidence": confidences[0], "margin": confidences[0] - confidences[1]})
    return {"latency_ms": latencies, "rows": rows}


def main() -> None:
    logging.disable(logging.WARNING)
    model, holdout = sys.argv[1:3]
    print(json.dumps(asyncio.run(parse_all(model, holdout))))


if __name__ == "__main__":
    main()
