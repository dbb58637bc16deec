"""The health probes' question to a database: yes when it runs a query, no (and a line in the log) otherwise."""

import logging

import pytest

from servicedesk.database import answers, make_engine, make_session_factory


def test_a_database_that_runs_a_query_answers(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'up.db'}")
    try:
        assert answers(make_session_factory(engine))
    finally:
        engine.dispose()


def test_a_server_that_is_not_listening_does_not_answer_and_the_log_says_why(caplog: pytest.LogCaptureFixture) -> None:
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")  # port 1: nothing listens
    try:
        with caplog.at_level(logging.WARNING, logger="servicedesk.database"):
            assert not answers(make_session_factory(engine))
    finally:
        engine.dispose()
    assert "does not answer" in caplog.text
