"""The doors' KB feeder: a resolution's lesson becomes the client's ticket document, and a KB that fails to learn
leaves a line in the log and nothing else."""

import logging

import kb_index
from bot.kb_feed import feed_kb

LESSON = {"number": "INC-000042", "title": "VPN – coupe toutes les 5 minutes", "description": "le VPN coupe",
          "solution": "MTU du client VPN ramené à 1400", "resolution_code": "fixed", "language": "fr"}


def test_the_lesson_is_fed_to_the_clients_kb_as_a_ticket_document(monkeypatch) -> None:
    fed = []
    monkeypatch.setattr(kb_index, "upsert", lambda client, document: fed.append((client, document)))
    feed_kb("demo", LESSON)
    assert fed == [("demo", kb_index.ticket_document(**LESSON))]


def test_a_kb_that_fails_is_logged_not_raised(monkeypatch, caplog) -> None:
    def broken(client, document):
        raise OSError("disk full")

    monkeypatch.setattr(kb_index, "upsert", broken)
    with caplog.at_level(logging.WARNING, logger="bot.kb_feed"):
        feed_kb("demo", LESSON)
    assert "could not add INC-000042 to the knowledge base of demo" in caplog.text
