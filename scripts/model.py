"""The trained Rasa model: one file per fingerprint of what training reads.

    python -m scripts.model path    print the model file for the current data (trained or not)
    python -m scripts.model train   train only if that file does not exist yet

Training is the slow step, so `make run` and `make test` call `train` and pay for it only when the
data, domain, config or Rasa's pinned requirements changed. Old models are removed, keeping the last
three, so that switching branches back and forth stays cheap.
"""

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

from scripts.stack import QUIET_RASA

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
# Rasa's training data; data/ also holds client settings and KB articles that Rasa must not read.
TRAINING_DATA = ("data/nlu", "data/rules.yml", "data/stories.yml")
INPUTS = ("config.yml", "domain.yml", *TRAINING_DATA, "requirements/rasa.txt")
KEEP = 3


def training_data() -> list[str]:
    """The training data paths that exist, as `rasa train/test/data validate --data` take them."""
    return [d for d in TRAINING_DATA if (ROOT / d).exists()]


def fingerprint() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        path = ROOT / name
        files = sorted(path.rglob("*.yml")) if path.is_dir() else [path]
        for file in files:
            if file.exists():
                digest.update(file.relative_to(ROOT).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return MODELS / f"relais-{fingerprint()}.tar.gz"


def train() -> Path:
    target = model_path()
    if target.exists():
        print(f"model up to date: {target.relative_to(ROOT)}")
        return target
    print(f"training {target.relative_to(ROOT)} (the data changed) ...", flush=True)
    started = time.monotonic()
    subprocess.run(
        [str(ROOT / ".venv-rasa/bin/rasa"), "train", "--config", "config.yml", "--domain", "domain.yml",
         "--data", *training_data(),
         "--out", str(MODELS), "--fixed-model-name", target.name.removesuffix(".tar.gz")],
        cwd=ROOT, check=True, env={**os.environ, **QUIET_RASA},
    )
    print(f"trained in {time.monotonic() - started:.0f} s", flush=True)
    for old in sorted(MODELS.glob("relais-*.tar.gz"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
        old.unlink()
    return target


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "path"
    print(train() if command == "train" else model_path())
