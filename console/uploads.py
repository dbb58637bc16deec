"""What the console needs of the upload feature (servicedesk.uploads), built once on first use from the
environment, as the doors build theirs: the signing secret and the doors' address to offer links with, and the
store the agents' downloads read from. Tests set the environment and call `reset()`."""

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
