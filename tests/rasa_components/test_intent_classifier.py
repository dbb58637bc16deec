"""The intent classifier of config.yml (rasa_components/intent_classifier.py), trained and reloaded where Rasa runs.

One subprocess in the Rasa venv featurizes a small English-only training set the way the pipeline does
(whitespace tokens, word counts, USE), trains the classifier, saves it, loads it back through a new
component as the server would, and classifies English and French messages it never saw.
"""

import json
import os
import subprocess

import pytest

from scripts.stack import QUIET_RASA, ROOT

pytestmark = pytest.mark.slow  # Rasa imported and a classifier trained in .venv-rasa: left to make test

TRAINING = {
    "ask_human": ["I want to talk to a person", "can I speak with a human agent", "put me through to someone",
                  "connect me with a technician please", "I'd rather talk to a real person"],
    "greet": ["hello", "hi there", "good morning", "hey", "good evening"],
    "report_incident": ["my laptop won't boot", "outlook keeps crashing", "the vpn disconnects all the time",
                        "I can't print anything", "teams has no sound"],
}
NEW = {
    "ask_human": ["je veux parler à un humain", "could a member of staff call me"],
    "greet": ["bonjour", "hiya"],
    "report_incident": ["mon imprimante ne marche plus", "excel freezes when I open a file"],
}

PROBE = """
import json, sys, tempfile
from pathlib import Path
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa_components.intent_classifier import LinearIntentClassifier
from rasa_components.sentence_encoder import MultilingualSentenceFeaturizer

training, new = json.loads(sys.argv[1]), json.loads(sys.argv[2])
storage = LocalModelStorage(Path(tempfile.mkdtemp()))
def context(name):
    return ExecutionContext(GraphSchema({}), node_name=name)
tokenizer = WhitespaceTokenizer({**WhitespaceTokenizer.get_default_config()})
counts = CountVectorsFeaturizer.create({**CountVectorsFeaturizer.get_default_config()}, storage, Resource("cv"),
                                       context("cv"))
use = MultilingualSentenceFeaturizer.create({**MultilingualSentenceFeaturizer.get_default_config()}, storage,
                                            Resource("use"), context("use"))
def featurize(messages):
    tokenizer.process(messages); counts.process(messages); use.process(messages)
    return messages

data = TrainingData([Message(data={TEXT: t, INTENT: i}) for i, texts in training.items() for t in texts])
tokenizer.process_training_data(data)
counts.train(data)
counts.process_training_data(data)
use.process_training_data(data)
config = {**LinearIntentClassifier.get_default_config()}
trained = LinearIntentClassifier.create(config, storage, Resource("linear"), context("linear"))
trained.train(data)
loaded = LinearIntentClassifier.load(config, storage, Resource("linear"), context("linear"))

def classify(classifier, texts):
    messages = classifier.process(featurize([Message(data={TEXT: t}) for t in texts]))
    return [{"intent": m.get(INTENT), "ranking": m.get("intent_ranking")} for m in messages]

texts = [t for ts in new.values() for t in ts]
print(json.dumps({"trained": classify(trained, texts), "loaded": classify(loaded, texts),
                  "empty": classify(loaded, [""])[0], "expected": [i for i, ts in new.items() for _ in ts],
                  "untrained": classify(LinearIntentClassifier.create(config, storage, Resource("none"),
                                                                      context("none")), ["hello"])[0]}))
"""


@pytest.fixture(scope="module")
def classified() -> dict:
    result = subprocess.run([str(ROOT / ".venv-rasa/bin/python"), "-c", PROBE, json.dumps(TRAINING), json.dumps(NEW)],
                            cwd=ROOT, env={**os.environ, **QUIET_RASA}, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


def test_unseen_messages_in_both_languages_get_their_intent(classified) -> None:
    predicted = [r["intent"]["name"] for r in classified["loaded"]]
    assert predicted == classified["expected"]  # French ones included, from English training examples only


def test_the_ranking_is_a_probability_distribution_led_by_the_intent(classified) -> None:
    for result in classified["loaded"]:
        ranking = result["ranking"]
        assert ranking[0]["name"] == result["intent"]["name"]
        assert sorted({r["name"] for r in ranking}) == sorted(TRAINING)
        assert abs(sum(r["confidence"] for r in ranking) - 1) < 1e-4
        assert ranking == sorted(ranking, key=lambda r: -r["confidence"])


def test_a_saved_and_reloaded_classifier_gives_the_same_confidences(classified) -> None:
    for trained, loaded in zip(classified["trained"], classified["loaded"], strict=True):
        assert trained["intent"]["name"] == loaded["intent"]["name"]
        assert abs(trained["intent"]["confidence"] - loaded["intent"]["confidence"]) < 1e-5


def test_no_text_or_no_model_means_no_intent(classified) -> None:
    for result in (classified["empty"], classified["untrained"]):
        assert result["intent"] == {"name": None, "confidence": 0.0}
        assert result["ranking"] == []
