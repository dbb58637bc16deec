"""Configuration of the knowledge base, read from the environment at call time (tests set it per test).

    RELAIS_KB_ROOT        where the per-client indexes live (default: models/kb under the project)
    RELAIS_KB_MODEL       the dense encoders, comma-separated (default `use`): `use` (multilingual Universal
                          Sentence Encoder v3, packaged), `minilm` (all-MiniLM-L6-v2, packaged), or a
                          sentence-transformers model name or folder already on this machine
    RELAIS_KB_THREADS     torch threads for sentence-transformers encoders (default 1)
    RELAIS_KB_THRESHOLD   the calibrated score from which a result counts as `confident`
"""

import os
import re
from pathlib import Path

from kb_index.errors import InvalidClient

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Chosen by `make eval-kb` (README, "Knowledge base"): on the demo queries (French and English, a third of
# them cross-lingual) USE fused with BM25 beats MiniLM, and adding MiniLM as a second dense signal lowers MRR.
DEFAULT_MODEL = "use"
# Chosen by `make eval-kb` on the demo queries and the off-topic queries (README, "Knowledge base").
DEFAULT_THRESHOLD = 0.5

_CLIENT = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")


def kb_root() -> Path:
    """The folder that holds one sub-folder per client."""
    return Path(os.environ.get("RELAIS_KB_ROOT") or PROJECT_ROOT / "models" / "kb")


def model_specs() -> list[str]:
    """The encoders a new index is built with (an existing index keeps the ones it was built with)."""
    value = os.environ.get("RELAIS_KB_MODEL") or DEFAULT_MODEL
    specs = [part.strip() for part in value.split(",") if part.strip()]
    return specs or DEFAULT_MODEL.split(",")


def threshold() -> float:
    """The calibrated score from which the dialogue may present a result as the answer."""
    return float(os.environ.get("RELAIS_KB_THRESHOLD") or DEFAULT_THRESHOLD)


def check_client(client: str) -> str:
    """The slug itself, once it is known to be a safe folder name: isolation starts with the path."""
    if not isinstance(client, str) or not _CLIENT.fullmatch(client):
        raise InvalidClient(client)
    return client
