"""The upload feature's settings and file store as the environment names them, built once per process on first
use: the one place the console, the REST API and the supervisor take them from. Tests set the environment and
call `reset()`."""

from functools import cache

from servicedesk.uploads import config, store
from servicedesk.uploads.config import UploadSettings
from servicedesk.uploads.store import FileStore


@cache
def settings() -> UploadSettings:
    return config.from_environment()


@cache
def files() -> FileStore:
    return store.from_environment()


def reset() -> None:
    settings.cache_clear()
    files.cache_clear()
