"""The three secrets that close Relais's private ports, for `make run`, the tools and the tests (and, by
secret(), any other a process needs of its own).

    RELAIS_RASA_TOKEN     Rasa's HTTP API token (--auth-token): the doors pause/resume conversations with it
    RELAIS_DOOR_SECRET    what the doors sign their claims about a message with; Rasa's channel and the action
                          server check them (servicedesk.identity.claims)
    RELAIS_ACTIONS_TOKEN  what Rasa sends the action server with every call (endpoints.yml, `token:`)

A value set in the environment wins (production: from the platform's secret store). Otherwise it is read from
var/secrets/<name>, created on first use with 32 random bytes, readable by its owner only.
"""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = ROOT / "var" / "secrets"


@dataclass(frozen=True)
class Secrets:
    rasa_token: str
    door_secret: str
    actions_token: str

    def env(self) -> dict[str, str]:
        return {"RELAIS_RASA_TOKEN": self.rasa_token, "RELAIS_DOOR_SECRET": self.door_secret,
                "RELAIS_ACTIONS_TOKEN": self.actions_token}


def _one(name: str, folder: Path, environ: dict[str, str] | os._Environ[str]) -> str:
    value = environ.get(name)
    if value:
        return value
    path = folder / name.removeprefix("RELAIS_").lower().replace("_", "-")
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    value = secrets.token_urlsafe(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(value + "\n")
    return value


def ensure(folder: Path = DEFAULT_FOLDER, environ: dict[str, str] | None = None) -> Secrets:
    """The secrets in force, creating the missing ones under `folder`."""
    env = os.environ if environ is None else environ
    return Secrets(rasa_token=_one("RELAIS_RASA_TOKEN", folder, env),
                   door_secret=_one("RELAIS_DOOR_SECRET", folder, env),
                   actions_token=_one("RELAIS_ACTIONS_TOKEN", folder, env))


def secret(name: str, folder: Path = DEFAULT_FOLDER) -> str:
    """One more secret of the same kind, for a process that needs its own (the console's session key,
    RELAIS_CONSOLE_SECRET): the environment's, else var/secrets/<name>, made on first use."""
    return _one(name, folder, os.environ)
