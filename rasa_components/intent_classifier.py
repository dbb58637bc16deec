"""An intent classifier: logistic regression over the sentence features, each featurizer's block scaled alike.

Every featurizer of the pipeline gives the message one sentence-level feature: word and character n-gram
counts (sparse, tens to hundreds per sentence), the regex matches, and the unit-length 512-dim USE vector
(rasa_components/sentence_encoder.py). Rasa's LogisticRegressionClassifier stacks them raw, so the counts drown the
sentence vector, and fixes C at 1; DIET overfits them on a data set this size (figures in config.yml,
from bench/nlu_pipelines.py).
Here each block is scaled like a TF-IDF vector: sparse counts become sublinear tf x idf, then every block
is L2-normalised on its own; a multinomial logistic regression with balanced class weights is trained on
the concatenation. The confidences are its probabilities, which FallbackClassifier then reads.

The trained model is plain arrays in an .npz file (no pickle): each block's featurizer origin, width and
idf, the intents, the weights and biases.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)
FILE = "linear_intent_classifier.npz"


@dataclass(frozen=True)
class Block:
    """One featurizer's sentence feature: where it comes from, its width, and (sparse only) its idf."""

    origin: str
    width: int
    idf: np.ndarray | None  # None: a dense block, only normalised


@dataclass(frozen=True)
class LinearModel:
    blocks: list[Block]
    intents: list[str]
    weights: np.ndarray  # (n_intents, n_features)
    biases: np.ndarray  # (n_intents,)

    def probabilities(self, features: scipy.sparse.csr_matrix) -> np.ndarray:
        scores = np.asarray(features @ self.weights.T) + self.biases
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)


def sentence_features(message: Message) -> dict[str, Any]:
    """The sentence-level features of the message's text, by featurizer origin."""
    return {f.origin: f.features for f in message.features
            if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE and isinstance(f.origin, str)}


def find_blocks(messages: list[Message]) -> list[Block]:
    """The blocks seen in the training messages, in a stable order, with the idf of the sparse ones."""
    found: dict[str, tuple[int, bool]] = {}
    for message in messages:
        for origin, matrix in sentence_features(message).items():
            found.setdefault(origin, (matrix.shape[-1], scipy.sparse.issparse(matrix)))
    blocks = []
    for origin, (width, sparse) in sorted(found.items()):
        idf = None
        if sparse:
            counts = stack([Block(origin, width, None)], messages)
            document_frequency = np.bincount(counts.indices, minlength=width)
            idf = (np.log((1 + len(messages)) / (1 + document_frequency)) + 1).astype(np.float32)
        blocks.append(Block(origin, width, idf))
    return blocks


def stack(blocks: list[Block], messages: list[Message]) -> scipy.sparse.csr_matrix:
    """One row per message: each block scaled (sublinear tf x idf for counts), L2-normalised, side by side.

    Built from each block's non-zero entries (block_row) rather than with scipy's vstack, diagonal products
    and hstack: a chat message is one row, for which those generic matrix operations cost ~6 ms of a ~25 ms
    parse, and the model's confidences come out bit for bit the same.
    """
    indptr, indices, data = [0], [], []
    for message in messages:
        features, offset, count = sentence_features(message), 0, 0
        for block in blocks:
            columns, values = block_row(block, features.get(block.origin))
            indices.append(columns + offset)
            data.append(values)
            offset, count = offset + block.width, count + len(values)
        indptr.append(indptr[-1] + count)
    width = sum(block.width for block in blocks)
    if not data:
        return scipy.sparse.csr_matrix((len(messages), width), dtype=np.float32)
    return scipy.sparse.csr_matrix((np.concatenate(data), np.concatenate(indices), np.array(indptr)),
                                   shape=(len(messages), width), dtype=np.float32)


def block_row(block: Block, matrix: Any) -> tuple[np.ndarray, np.ndarray]:
    """(columns, float32 values) of one message's block, scaled and L2-normalised; none when the message has
    no such feature (no tokens) or one of another width (a featurizer that changed).

    The arithmetic, and the order of the entries (that of the float32 sums downstream), are those of the
    scipy operations this replaces: the norm is numpy's sum of the squares in column order (as scipy's row
    sum), and a dense block comes out in reverse column order (a product with a diagonal matrix writes a row
    backwards: once for the norm, and once more, back to column order, for a block scaled by its idf first).
    """
    if matrix is None or matrix.shape[-1] != block.width:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    if scipy.sparse.issparse(matrix):
        row = scipy.sparse.csr_matrix(matrix, dtype=np.float32)  # duplicates summed, columns in order
        columns, values = row.indices, row.data
    else:
        dense = np.asarray(matrix, dtype=np.float32).ravel()
        columns = np.flatnonzero(dense).astype(np.int32)
        values = dense[columns]
    kept = values != 0
    columns, values = columns[kept], values[kept]
    if not len(values):
        return columns, values
    if block.idf is not None:
        values = (1 + np.log(np.abs(values))) * block.idf[columns]
    values = values * (np.float32(1) / np.sqrt(np.add.reduceat(values * values, [0])[0]))
    return (columns, values) if block.idf is not None else (columns[::-1], values[::-1])


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(IntentClassifier, GraphComponent):
    """Intent classifier: multinomial logistic regression over block-normalised sentence features."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Featurizer]

    @staticmethod
    def required_packages() -> list[str]:
        return ["sklearn"]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Inverse regularisation strength: 10 was the best (or tied best) of 3, 10 and 30 in 5-fold
            # cross-validation on the training data, never on the held-out file.
            "C": 10.0,
            "max_iter": 2000,
            "ranking_length": 10,
        }

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 model: LinearModel | None = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self.model = model
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.linear_model import LogisticRegression

        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        intents = sorted({e.get(INTENT) for e in examples})
        if len(intents) < 2:
            logger.warning("LinearIntentClassifier: fewer than two intents with examples, nothing to train")
            return self._resource
        blocks = find_blocks(examples)
        regression = LogisticRegression(C=self.config["C"], max_iter=self.config["max_iter"],
                                        class_weight="balanced", multi_class="multinomial", solver="lbfgs")
        regression.fit(stack(blocks, examples), [e.get(INTENT) for e in examples])
        self.model = LinearModel(blocks, [str(c) for c in regression.classes_],
                                 regression.coef_.astype(np.float32), regression.intercept_.astype(np.float32))
        self.persist()
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        with_text = [m for m in messages if m.get(TEXT)]
        if self.model is None or not with_text:
            for message in messages:
                message.set(INTENT, {"name": None, "confidence": 0.0}, add_to_output=True)
                message.set("intent_ranking", [], add_to_output=True)
            return messages
        probabilities = dict(zip(map(id, with_text),
                                 self.model.probabilities(stack(self.model.blocks, with_text)), strict=True))
        for message in messages:
            row = probabilities.get(id(message))
            ranking = [] if row is None else [
                {"name": self.model.intents[i], "confidence": float(row[i])} for i in np.argsort(-row)
            ]
            intent = ranking[0] if ranking else {"name": None, "confidence": 0.0}
            if self.config["ranking_length"] > 0:
                ranking = ranking[: self.config["ranking_length"]]
            message.set(INTENT, intent, add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
        return messages

    def persist(self) -> None:
        if self.model is None:
            return
        arrays = {
            "intents": np.array(self.model.intents),
            "origins": np.array([b.origin for b in self.model.blocks]),
            "widths": np.array([b.width for b in self.model.blocks], dtype=np.int64),
            "sparse": np.array([b.idf is not None for b in self.model.blocks]),
            "weights": self.model.weights,
            "biases": self.model.biases,
        }
        for i, block in enumerate(self.model.blocks):
            if block.idf is not None:
                arrays[f"idf_{i}"] = block.idf
        with self._model_storage.write_to(self._resource) as directory:
            np.savez_compressed(directory / FILE, **arrays)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> LinearIntentClassifier:
        try:
            with model_storage.read_from(resource) as directory, np.load(directory / FILE) as saved:
                blocks = [Block(str(origin), int(width), saved[f"idf_{i}"] if sparse else None)
                          for i, (origin, width, sparse)
                          in enumerate(zip(saved["origins"], saved["widths"], saved["sparse"], strict=True))]
                model = LinearModel(blocks, [str(i) for i in saved["intents"]], saved["weights"], saved["biases"])
        except (ValueError, FileNotFoundError):
            logger.debug(f"LinearIntentClassifier: no trained model in resource '{resource.name}'")
            model = None
        return cls(config, model_storage, resource, model)
