"""Where the web chat's secrets come from: an environment variable, else a file under var/secrets/.

Settings files say where a client's secrets are (servicedesk.settings.document.SecretRef), never what they are: they
are versioned and read by many people. A deployment sets environment variables (one per secret, the same on every
replica); `make run` can keep them in files instead, and a `generate: true` reference (development only) makes its
file with a random secret the first time it is needed, so that the demo works with no set-up.
"""

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from bot.errors import SecretMissing
from servicedesk.settings.document import SecretRef

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = PROJECT_ROOT / "var" / "secrets"


def secrets_dir(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    return Path(env.get("RELAIS_SECRETS_DIR") or DEFAULT_DIR)


def read(ref: SecretRef, *, directory: Path, environ: Mapping[str, str] | None = None) -> str:
    """The secret `ref` points to; SecretMissing when it is nowhere (and may not be generated)."""
    env = os.environ if environ is None else environ
    if ref.env and env.get(ref.env):
        return env[ref.env]
    if ref.file:
        return file_secret(directory / ref.file, create=ref.generate)
    raise SecretMissing(f"${ref.env} is not set")


def file_secret(path: Path, *, create: bool) -> str:
    """The secret kept in `path`; when `create`, a new random one is written there (readable by its owner only)
    the first time, atomically, so that two processes starting together end up with the same secret."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        text = ""
    if text:
        return text
    if not create:
        raise SecretMissing(f"{path} does not exist or is empty")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    candidate = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    candidate.write_text(secrets.token_urlsafe(32) + "\n", encoding="utf-8")
    candidate.chmod(0o600)
    try:
        os.link(candidate, path)  # fails if another process made it first: theirs is kept
    except FileExistsError:
        pass
    finally:
        candidate.unlink()
    return path.read_text(encoding="utf-8").strip()
