import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.ticket_status import ActionTicketStatus
from servicedesk.database import unit_of_work
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from tests.actions.conftest import make_tracker, user


@pytest.fixture
def ticket_number(actions_database) -> str:
    report = IncidentReport(service="VPN", description="my VPN keeps disconnecting", impact=2, urgency=2,
                            requester="bob", channel="rest", conversation_id="bob", language="en")
    with unit_of_work(actions_database) as session:
        return open_incident(db_session=session, report=report).number


def ask(domain, text: str, language: str = "fr", **slots):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user(text, "incident_followup")], {"language": language, **slots})
    events = ActionTicketStatus().run(dispatcher, tracker, domain)
    return dispatcher.messages, events


def test_status_by_number_in_french(domain, ticket_number, actions_database) -> None:
    [message], events = ask(domain, f"où en est {ticket_number} ?")
    assert message["response"] == "utter_ticket_status"
    assert (message["number"], message["status"], message["priority"]) == (ticket_number, "nouveau", "P2")
    assert " à " in message["updated"]
    assert {"event": "slot", "name": "last_ticket_number", "value": ticket_number}.items() <= events[0].items()
    with actions_database() as session:
        ticket = get_by_number(db_session=session, number=ticket_number)
        assert ticket.log[-1].kind == "followup" and ticket.log[-1].body == f"où en est {ticket_number} ?"


def test_status_in_english_with_a_loosely_typed_number(domain, ticket_number) -> None:
    [message], _ = ask(domain, "status of inc 1 pls", language="en")
    assert (message["number"], message["status"]) == (ticket_number, "new")


def test_without_a_number_the_last_ticket_of_the_conversation_is_used(domain, ticket_number) -> None:
    [message], _ = ask(domain, "des nouvelles de mon ticket ?", last_ticket_number=ticket_number)
    assert message["number"] == ticket_number


def test_without_any_number_the_bot_asks_for_it(domain) -> None:
    [message], _ = ask(domain, "des nouvelles de mon ticket ?")
    assert message["response"] == "utter_ask_ticket_number"


def test_unknown_and_malformed_numbers_get_a_clear_answer(domain, ticket_number) -> None:
    [unknown], events = ask(domain, "où en est INC-424242 ?")
    assert (unknown["response"], unknown["number"]) == ("utter_ticket_not_found", "INC-424242")
    assert events == []
    [malformed], _ = ask(domain, "où en est INC-ABC ?")
    assert malformed["response"] == "utter_ticket_number_malformed"
    assert malformed["attempt"] == "INC-ABC"
