"""Log lines a log pipeline can read: with RELAIS_LOG_FORMAT=json, one JSON object per line, with the process,
the conversation and the ticket the line is about.

    configure("doors")                       # at start, before anything logs
    with about(conversation="webchat:…"):    # every line inside, this task's or thread's, carries it
        logger.info("…", extra={"ticket": "T-0042"})   # or for one line

The conversation and the ticket come from a context variable (asyncio tasks and threads started with
`asyncio.to_thread` inherit it) or from the line's `extra`. Text stays the default for a developer's terminal.
"""

import contextlib
import contextvars
import json
import logging
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from uvicorn.config import LOGGING_CONFIG

_ABOUT: contextvars.ContextVar[dict[str, str]] = contextvars.ContextVar("relais_log_about", default={})  # noqa: B039 - never mutated
FIELDS = ("conversation", "ticket", "client")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


@contextlib.contextmanager
def about(**fields: str | None) -> Iterator[None]:
    """Every line logged inside names these (conversation=, ticket=, client=); None leaves a field out."""
    token = _ABOUT.set({**_ABOUT.get(), **{k: v for k, v in fields.items() if v is not None}})
    try:
        yield
    finally:
        _ABOUT.reset(token)


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(), "service": self.service, "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(_ABOUT.get())
        line.update({name: str(getattr(record, name)) for name in FIELDS if getattr(record, name, None)})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def json_wanted() -> bool:
    return os.environ.get("RELAIS_LOG_FORMAT", "text").lower() == "json"


def configure(service: str, level: int = logging.INFO) -> None:
    """The root logger's one handler: JSON when RELAIS_LOG_FORMAT=json, else the project's text lines."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(service) if json_wanted() else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def uvicorn_config() -> dict[str, Any]:
    """uvicorn's log_config: its own for text; for JSON its loggers hand their lines to the root's handler, so that
    access and error lines are JSON as well."""
    if not json_wanted():
        return LOGGING_CONFIG
    return {"version": 1, "disable_existing_loggers": False,
            "loggers": {name: {"handlers": [], "propagate": True, "level": "INFO"}
                        for name in ("uvicorn", "uvicorn.error", "uvicorn.access")}}
