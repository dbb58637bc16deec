"""The encoders load offline from files shipped in packages, and give unit vectors that carry meaning."""

import os

import numpy as np
import pytest

from kb_index import encoders
from kb_index.errors import EncoderUnavailable


@pytest.mark.parametrize(("spec", "dim"), [("minilm", 384), ("use", 512)])
def test_packaged_encoders_give_unit_vectors(spec: str, dim: int) -> None:
    encoder = encoders.get(spec)
    vectors = encoder.encode(["Outlook crashes at startup", "Outlook plante au démarrage", "The canteen menu"])
    assert vectors.shape == (3, dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert encoders.get(spec) is encoder  # loaded once per process


def test_nothing_is_downloaded_and_a_missing_model_fails_at_once() -> None:
    encoders.get("minilm")
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    with pytest.raises(EncoderUnavailable):
        encoders.get("/nonexistent/model-folder")
