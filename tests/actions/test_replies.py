"""actions/replies.py, where a failure becomes a sentence for the user: the errors the user can act on get their
own response, with what the response's text needs, in both languages; a message nobody vouches for is refused in
both; every other failure is a technical problem, logged with its traceback only when it was not the domain
refusing on purpose."""

import logging
import re
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.i18n import REFUSED
from actions.identity import IdentityRefused
from actions.replies import explain
from servicedesk.errors import (
    ClientUnknown,
    IllegalTransition,
    InvalidQualification,
    MalformedTicketNumber,
    TakeoverError,
    TicketNotFound,
)

PLACEHOLDER = re.compile(r"{(\w+)}")


def said(error: Exception) -> dict[str, Any]:
    """The one message explain() leaves in the dispatcher."""
    dispatcher = CollectingDispatcher()
    explain(dispatcher, error)
    [message] = dispatcher.messages
    return message


def texts(domain: dict[str, Any], response: str) -> list[str]:
    """The response's text in every language of domain.yml."""
    return [variant["text"] for variant in domain["responses"][response]]


@pytest.mark.parametrize(("error", "response", "values"), [
    (TicketNotFound("INC-000042"), "utter_ticket_not_found", {"number": "INC-000042"}),
    (MalformedTicketNumber("INC-42"), "utter_ticket_number_malformed", {"attempt": "INC-42"}),
    (InvalidQualification("off_the_matrix", (7, 2)), "utter_incident_incomplete", {}),
])
def test_an_error_the_user_can_act_on_has_its_own_response_with_what_it_needs(domain, error, response,
                                                                             values) -> None:
    message = said(error)
    assert message["response"] == response
    assert {name: message[name] for name in values} == values
    for text in texts(domain, response):  # French and English: every placeholder is filled
        assert set(PLACEHOLDER.findall(text)) == set(values), text
        assert all(value in text.format(**message) for value in values.values())


def test_a_message_nobody_vouches_for_is_refused_in_both_languages_and_nothing_logged(caplog) -> None:
    with caplog.at_level(logging.DEBUG, logger="actions.replies"):
        message = said(IdentityRefused("no claims"))
    assert (message["text"], message["response"]) == (REFUSED, None)  # whose language it is, nobody knows
    assert caplog.records == []


def test_a_long_attempt_is_cut_so_that_the_answer_stays_readable() -> None:
    attempt = "INC-" + "0" * 200
    assert said(MalformedTicketNumber(attempt))["attempt"] == attempt[:40]


@pytest.mark.parametrize("error", [ClientUnknown("slack_team:T0NOBODY"),
                                   IllegalTransition("closed", "in_progress", "a closed ticket is reopened"),
                                   TakeoverError("over", takeover_id=7)])
def test_another_refusal_of_the_domain_is_a_technical_problem_logged_without_a_traceback(domain, error,
                                                                                         caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="actions.replies"):
        assert said(error)["response"] == "utter_technical_problem"
    [record] = caplog.records
    assert (record.levelno, record.exc_info) == (logging.WARNING, None)
    assert str(error) in record.getMessage()
    assert "utter_technical_problem" in domain["responses"]


def test_a_failure_nobody_planned_is_a_technical_problem_logged_with_its_traceback(caplog) -> None:
    try:
        raise KeyError("slot")
    except KeyError as error:
        failure = error
    with caplog.at_level(logging.WARNING, logger="actions.replies"):
        assert said(failure)["response"] == "utter_technical_problem"
    [record] = caplog.records
    assert record.levelno == logging.ERROR and record.exc_info[1] is failure
