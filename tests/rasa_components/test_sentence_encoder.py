"""The USE sentence featurizer of config.yml (rasa_components/sentence_encoder.py), run where Rasa runs: .venv-rasa.

The test suite runs on Python 3.11 without Rasa, so one subprocess in the Rasa venv builds the component
as Rasa's graph does (create), featurizes messages through process() and process_training_data(), and
reports what it added; the tests below read that report.
"""

import json
import os
import subprocess

import pytest

from scripts.stack import QUIET_RASA, ROOT

pytestmark = pytest.mark.slow  # Rasa imported and the encoder read from disk in .venv-rasa: left to make test

FRENCH = "Outlook plante à chaque démarrage depuis ce matin"
ENGLISH = "Outlook crashes every time it starts since this morning"
UNRELATED = ("je voudrais réserver une table pour deux ce soir", "the printer on the second floor is out of paper")

PROBE = """
import json, sys, tempfile
from pathlib import Path
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa_components.sentence_encoder import MultilingualSentenceFeaturizer

texts = json.loads(sys.argv[1])
config = {**MultilingualSentenceFeaturizer.get_default_config()}
featurizer = MultilingualSentenceFeaturizer.create(
    config, LocalModelStorage(Path(tempfile.mkdtemp())), Resource("use"),
    ExecutionContext(GraphSchema({}), node_name="use_featurizer"))

def report(message):
    sequence, sentence = message.get_dense_features(TEXT)
    return {"sequence": None if sequence is None else list(sequence.features.shape),
            "shape": None if sentence is None else list(sentence.features.shape),
            "dtype": None if sentence is None else str(sentence.features.dtype),
            "vector": None if sentence is None else sentence.features[0].tolist()}

processed = featurizer.process([Message(data={TEXT: t}) for t in texts])
training = TrainingData([Message(data={TEXT: t, "intent": "x"}) for t in texts] + [Message(data={TEXT: ""})])
featurizer.process_training_data(training)
encoder = MultilingualSentenceFeaturizer.encoder
pasted_log = "ERROR 0x80070005 access denied at /var/log/app.log line 42 " * 200
[long] = featurizer.process([Message(data={TEXT: pasted_log})])
start = featurizer.embed([pasted_log[: config["max_characters"]]])[0]
fresh = featurizer.embed([texts[0]])[0]
[first, again] = [featurizer.process([Message(data={TEXT: texts[0]})])[0] for _ in range(2)]  # a miss, a hit
import rasa_components.sentence_encoder as module
module.CACHE_SIZE = 2
for t in texts:
    featurizer.process([Message(data={TEXT: t})])
print(json.dumps({"process": [report(m) for m in processed],
                  "cached_is_fresh": all(bool((m.get_dense_features(TEXT)[1].features[0] == fresh).all())
                                         for m in (first, again)),
                  "cache_entries": len(MultilingualSentenceFeaturizer._cache),
                  "long": {**report(long), "start": start.tolist(), "length": len(pasted_log)},
                  "training": [report(m) for m in training.training_examples],
                  "same_encoder": encoder(1) is encoder(1)}))
"""


@pytest.fixture(scope="module")
def featurized() -> dict:
    texts = [FRENCH, ENGLISH, *UNRELATED]
    result = subprocess.run([str(ROOT / ".venv-rasa/bin/python"), "-c", PROBE, json.dumps(texts)], cwd=ROOT,
                            env={**os.environ, **QUIET_RASA}, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (sum(x * x for x in a) ** 0.5 * sum(y * y for y in b) ** 0.5)


def test_each_message_gets_one_512_dim_sentence_feature_and_no_sequence_feature(featurized) -> None:
    for report in featurized["process"]:
        assert report["shape"] == [1, 512]
        assert report["dtype"] == "float32"
        assert report["sequence"] is None
        assert abs(sum(x * x for x in report["vector"]) - 1) < 1e-3  # USE vectors are L2-normalised


def test_a_french_message_and_its_translation_are_closer_than_unrelated_ones(featurized) -> None:
    french, english, restaurant, printer = (r["vector"] for r in featurized["process"])
    translation = cosine(french, english)
    assert translation > 0.6
    for a, b in [(french, restaurant), (english, printer), (restaurant, printer), (french, printer)]:
        assert translation > cosine(a, b) + 0.2


def test_training_data_gets_the_same_features_and_empty_texts_none(featurized) -> None:
    *examples, empty = featurized["training"]
    for trained, processed in zip(examples, featurized["process"], strict=True):
        assert trained["shape"] == [1, 512]
        assert cosine(trained["vector"], processed["vector"]) > 0.9999  # batched or not, the same vector
    assert empty["shape"] is None


def test_a_pasted_log_is_encoded_from_its_start_only(featurized) -> None:
    long = featurized["long"]
    assert long["length"] > 5000
    assert long["shape"] == [1, 512]
    assert cosine(long["vector"], long["start"]) > 0.9999


def test_the_encoder_is_loaded_once_per_process(featurized) -> None:
    assert featurized["same_encoder"] is True


def test_a_repeated_text_gets_from_the_cache_the_vector_a_fresh_encoding_gives(featurized) -> None:
    assert featurized["cached_is_fresh"] is True  # exactly equal, not merely close


def test_the_cache_keeps_only_the_latest_texts(featurized) -> None:
    assert featurized["cache_entries"] == 2
