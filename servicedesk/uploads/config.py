"""What offering and serving upload links needs, read once by each process from the environment.

    RELAIS_UPLOAD_SECRET      signs the links: the same for the action server, the console, the REST API and
                              the doors (default: var/secrets/upload-secret, made on first use, which the
                              processes of one machine share)
    RELAIS_UPLOAD_PUBLIC_URL  the doors' address as users' browsers see it, the links' base (default:
                              RELAIS_PUBLIC_URL, else http://127.0.0.1:<RELAIS_BOT_PORT or 8089>)
    RELAIS_UPLOAD_MAX_MB      10      the size one file may have
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from scripts.local_secrets import secret
from servicedesk.uploads.checks import MAX_BYTES


@dataclass(frozen=True)
class UploadSettings:
    secret: str
    public_url: str
    max_bytes: int = MAX_BYTES


def from_environment(env: Mapping[str, str] | None = None) -> UploadSettings:
    env = os.environ if env is None else env
    base = (env.get("RELAIS_UPLOAD_PUBLIC_URL") or env.get("RELAIS_PUBLIC_URL")
            or f"http://127.0.0.1:{env.get('RELAIS_BOT_PORT') or 8089}")
    megabytes = env.get("RELAIS_UPLOAD_MAX_MB")
    return UploadSettings(secret=env.get("RELAIS_UPLOAD_SECRET") or secret("RELAIS_UPLOAD_SECRET"),
                          public_url=base.rstrip("/"),
                          max_bytes=int(float(megabytes) * 1024 * 1024) if megabytes else MAX_BYTES)
