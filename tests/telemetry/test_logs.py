"""JSON log lines carry the process, the conversation and the ticket; text stays the default."""

import asyncio
import json
import logging
from collections.abc import Iterator

import pytest
from uvicorn.config import LOGGING_CONFIG

from telemetry import logs


def lines_of(capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    return [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]


@pytest.fixture
def restored_root() -> Iterator[logging.Logger]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield root
    root.handlers[:], root.level = handlers, level


def test_json_lines_name_the_conversation_and_the_ticket(monkeypatch: pytest.MonkeyPatch, restored_root: logging.Logger,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("RELAIS_LOG_FORMAT", "json")
    logs.configure("doors")
    logger = logging.getLogger("bot.test")
    with logs.about(conversation="webchat:abc", client="demo"):
        logger.info("turn for %s", "someone", extra={"ticket": "T-0042"})

        async def in_a_task() -> None:
            await asyncio.to_thread(logger.warning, "from a thread")

        asyncio.run(in_a_task())
    logger.info("outside")
    first, second, third = lines_of(capsys)
    assert first["message"] == "turn for someone" and first["service"] == "doors" and first["level"] == "info"
    assert (first["conversation"], first["ticket"], first["client"]) == ("webchat:abc", "T-0042", "demo")
    assert second["conversation"] == "webchat:abc"  # threads started by the task inherit it
    assert "conversation" not in third


def test_text_by_default(monkeypatch: pytest.MonkeyPatch, restored_root: logging.Logger,
                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("RELAIS_LOG_FORMAT", raising=False)
    logs.configure("api")
    logging.getLogger("api.test").info("plain")
    assert capsys.readouterr().err.rstrip().endswith("INFO api.test: plain")
    assert logs.uvicorn_config() is LOGGING_CONFIG  # uvicorn's own lines, as before
