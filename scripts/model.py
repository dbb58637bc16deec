"""The trained Rasa model: one file per fingerprint of what training reads.

    python -m scripts.model path    print the model file for the current data (trained or not)
    python -m scripts.model train   train only if that file does not exist yet; then, if a Rasa server
                                    answers at RELAIS_RASA_URL, load the new model into it
    python -m scripts.model reload  load the current model into the running Rasa server now
    python -m scripts.model candidate   train only if needed, load nothing: the console's retraining scores the
                                    model first (scripts/candidate.py) and an editor switches it live

Training is the slow step, so `make run` and `make test` call `train` and pay for it only when the
data, domain, config or Rasa's pinned requirements changed. Old models are removed, keeping the last
three, so that switching branches back and forth stays cheap.

Reloading uses Rasa's HTTP API (`PUT /model`, enabled by `--enable-api` in scripts/stack.py): the server
swaps its agent without a restart, so an editor's new examples are live without dropping conversations
(trackers and locks are in their stores, not in the agent). RELAIS_RASA_TOKEN is sent as `?token=` when
the server was started with `--auth-token`.
"""

import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from scripts.stack import QUIET_RASA

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
# Rasa's training data; data/ also holds client settings and KB articles that Rasa must not read.
TRAINING_DATA = ("data/nlu", "data/rules.yml", "data/stories.yml")
# rasa_components/: the custom components of config.yml; their code shapes the model too.
INPUTS = ("config.yml", "domain.yml", *TRAINING_DATA, "requirements/rasa.txt", "rasa_components/sentence_encoder.py",
          "rasa_components/intent_classifier.py")
KEEP = 3
RELOAD_TIMEOUT = 300  # loading a model takes seconds to a minute on a busy machine


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
    _remove_old()
    return target


def _remove_old() -> None:
    """Keep the last KEEP models, and those the console has live or ready to roll back to."""
    kept = _switched()
    for old in sorted(MODELS.glob("relais-*.tar.gz"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
        if old.name not in kept:
            old.unlink()


def _switched() -> set[str]:
    """The model files the console's retraining has live or ready to roll back to (models/registry.json,
    servicedesk/retraining.py): never removed with the old ones."""
    registry = MODELS / "registry.json"
    try:
        records = json.loads(registry.read_text(encoding="utf-8")) if registry.exists() else []
    except (OSError, ValueError):
        return set()
    return {Path(record.get("file") or "").name for record in records if record.get("state") in ("live", "previous")}


def rasa_url() -> str:
    """Where the Rasa server of `make run` answers, unless RELAIS_RASA_URL says otherwise."""
    default = f"http://127.0.0.1:{os.environ.get('RELAIS_RASA_PORT', '5005')}"
    return os.environ.get("RELAIS_RASA_URL", default).rstrip("/")


@dataclass(frozen=True)
class Reload:
    """What a reload did: `loaded` is true when the server serves the model afterwards."""

    loaded: bool
    said: str


def reload(model: Path, url: str | None = None, token: str | None = None) -> Reload | None:
    """Ask the Rasa server at `url` to serve `model` without a restart; None when no server answers there
    (nothing is running: the next start picks the model of the current data anyway). The API's token is
    `token`, else RELAIS_RASA_TOKEN, else the one `make run` keeps in var/secrets/."""
    base = url or rasa_url()
    token = token or os.environ.get("RELAIS_RASA_TOKEN") or _local_token()
    params = {"token": token} if token else {}
    try:
        before = _serving(base, params)
    except httpx.TransportError:
        return None
    if before == model.name:
        return Reload(True, f"the Rasa server at {base} already serves {model.name}")
    try:
        response = httpx.put(f"{base}/model", params=params, json={"model_file": str(model.resolve())},
                             timeout=RELOAD_TIMEOUT)
    except httpx.HTTPError as error:
        return Reload(False, f"the Rasa server at {base} did not load {model.name}: {error!r}")
    if response.status_code in (401, 403):
        return Reload(False, f"the Rasa server at {base} refused to load {model.name}: "
                             "set RELAIS_RASA_TOKEN to its --auth-token")
    if response.status_code != 204:
        return Reload(False, f"the Rasa server at {base} did not load {model.name}: "
                             f"{response.status_code} {_reason(response)}")
    try:
        after = _serving(base, params)
    except httpx.HTTPError as error:
        return Reload(False, f"the Rasa server at {base} accepted {model.name} but did not answer since: {error!r}")
    return Reload(after == model.name,
                  f"the Rasa server at {base} now serves {after} (was {before or 'no model'}), without a restart")


def _local_token() -> str | None:
    path = ROOT / "var" / "secrets" / "rasa-token"
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


def _serving(base: str, params: dict[str, str]) -> str | None:
    """The model file the server runs (None with no model loaded: /status answers 409 then)."""
    response = httpx.get(f"{base}/status", params=params, timeout=5)
    try:
        return response.json().get("model_file") if response.status_code == 200 else None
    except (ValueError, AttributeError):  # something else answers on that port
        return None


def _reason(response: httpx.Response) -> str:
    try:
        return str(response.json().get("message") or response.text)
    except ValueError:
        return response.text


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "path"
    if command == "train":
        existed = model_path().exists()
        target = train()
        print(target)
        if not existed:  # only a new model is worth pushing; an unchanged one is already served
            done = reload(target)
            if done is not None:
                print(done.said)
        return 0
    if command == "candidate":
        print(train(), flush=True)
        return 0
    if command == "reload":
        target = model_path()
        if not target.exists():
            print(f"no model for the current data ({target.name}): run `make train`", file=sys.stderr)
            return 1
        done = reload(target)
        print(done.said if done else f"no Rasa server answers at {rasa_url()}: nothing to reload")
        return 0 if done and done.loaded else 1
    print(model_path())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
