"""The upload feature configured for one test as a process reads it (servicedesk.uploads.defaults): the links'
secret, the doors' address and the store's folder in the environment, the process's copies rebuilt before and
after."""

from pathlib import Path

import pytest

from servicedesk.uploads import defaults


def configure(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest, folder: Path, *, secret: str,
              public_url: str = "https://doors.example") -> Path:
    for name, value in {"RELAIS_UPLOAD_SECRET": secret, "RELAIS_UPLOAD_PUBLIC_URL": public_url,
                        "RELAIS_UPLOAD_DIR": str(folder)}.items():
        monkeypatch.setenv(name, value)
    defaults.reset()
    request.addfinalizer(defaults.reset)
    return folder
