"""What a resolution teaches the client's KB, fed from the doors' side (the agents' Slack modal): the lesson
servicedesk.tickets.resolution returns, given to kb_index once the resolution has committed. Embedding takes a moment
and may fail; the resolution stands either way and the KB catches up at its next rebuild."""

import logging
from collections.abc import Callable

import kb_index

logger = logging.getLogger(__name__)

Learn = Callable[[str, dict[str, str]], None]  # (client slug, lesson): how a door feeds the KB; tests record it


def feed_kb(client: str, lesson: dict[str, str]) -> None:
    """Add the resolved ticket to the client's KB; a failure is logged, never raised."""
    kb_index.learn(client, lesson, logger=logger)
