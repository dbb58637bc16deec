"""A resolved ticket taught to its client's KB, by whichever adapter resolved it (the REST API, the doors' Slack
modal, the console): the lesson is the plain fields of ticket_document that servicedesk.tickets.resolution returns,
given once the resolution has committed. Embedding takes a moment and may fail; the resolution stands either way
and the KB catches up at its next rebuild, so a failure is logged, never raised."""

import logging

import kb_index

_logger = logging.getLogger(__name__)


def learn(client: str, lesson: dict[str, str], *, logger: logging.Logger = _logger) -> None:
    """Add the resolved ticket to the client's KB; `logger` is the caller's, so the warning says who failed."""
    try:
        kb_index.upsert(client, kb_index.ticket_document(**lesson))
    except Exception:  # the agent's resolution stands whatever the KB does
        logger.warning("could not add %s to the knowledge base of %s", lesson.get("number"), client, exc_info=True)
