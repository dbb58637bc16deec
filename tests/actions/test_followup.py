"""Follow-ups and reminders: the ticket found by number, by a button, or from the conversation;
what the user said logged; status, group, last update and SLA deadline answered."""

import json

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.followup import ActionRemind, ActionTicketStatus
from servicedesk.database import unit_of_work
from servicedesk.settings.current import desk_of
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from tests.actions.conftest import make_tracker, user


def open_one(session_factory, requester: str = "alice", service: str = "VPN") -> str:
    report = IncidentReport(service=service, description=f"{service} en panne", impact=2, urgency=2,
                            requester=requester, channel="rest", conversation_id=requester, language="fr")
    with unit_of_work(session_factory) as session:
        return open_incident(db_session=session, report=report, agreements=desk_of(db_session=session)).number


@pytest.fixture
def ticket_number(actions_database) -> str:
    return open_one(actions_database)


def run(action, domain, events, language: str = "fr", **slots):
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, make_tracker(events, {"language": language, **slots}), domain)
    return dispatcher.messages, {e["name"]: e["value"] for e in result if e["event"] == "slot"}


def ask(domain, text: str, language: str = "fr", **slots):
    return run(ActionTicketStatus(), domain, [user(text, "incident_followup")], language, **slots)


def test_status_by_number_in_french(domain, ticket_number, actions_database) -> None:
    [message], slots = ask(domain, f"où en est {ticket_number} ?")
    assert message["response"] == "utter_ticket_status"
    assert (message["number"], message["status"], message["priority"]) == (ticket_number, "nouveau", "P2")
    assert message["group"] == "Centre de services" and "échéance de résolution le" in message["deadline"]
    assert " à " in message["updated"]
    assert slots["last_ticket_number"] == ticket_number
    with actions_database() as session:
        ticket = get_by_number(db_session=session, number=ticket_number)
        assert ticket.log[-1].kind == "followup" and ticket.log[-1].body == f"où en est {ticket_number} ?"


def test_status_in_english_with_a_loosely_typed_number(domain, ticket_number) -> None:
    [message], _ = ask(domain, "status of inc 1 pls", language="en")
    assert (message["number"], message["status"], message["group"]) == (ticket_number, "new", "service desk")
    assert message["deadline"].startswith("resolution due by")


def test_without_a_number_the_last_ticket_of_the_conversation_is_used(domain, ticket_number) -> None:
    [message], _ = ask(domain, "des nouvelles de mon ticket ?", last_ticket_number=ticket_number)
    assert message["number"] == ticket_number


def test_without_a_number_the_users_open_tickets_are_offered_as_buttons(domain, actions_database) -> None:
    first, second = open_one(actions_database), open_one(actions_database, service="Outlook")
    open_one(actions_database, requester="bob")
    [message], slots = ask(domain, "j'ai une info de plus : ça coupe aussi en wifi")
    assert message["response"] == "utter_which_ticket"
    assert [b["payload"] for b in message["buttons"]] == [
        f'/incident_followup{json.dumps({"ticket_number": n})}' for n in (second, first)]
    assert slots["pending_followup"] == "j'ai une info de plus : ça coupe aussi en wifi"
    # The click names the ticket; what the user said before is what gets logged.
    click = user(message["buttons"][1]["payload"], "incident_followup")
    click["parse_data"]["entities"] = [{"entity": "ticket_number", "value": first}]
    [answer], slots = run(ActionTicketStatus(), domain, [click], pending_followup=slots["pending_followup"])
    assert answer["number"] == first and slots["pending_followup"] is None
    with actions_database() as session:
        assert get_by_number(db_session=session, number=first).log[-1].body == (
            "j'ai une info de plus : ça coupe aussi en wifi")


def test_without_any_open_ticket_the_user_is_told(domain, actions_database) -> None:
    [message], _ = ask(domain, "des nouvelles de mon ticket ?")
    assert message["response"] == "utter_no_open_ticket"


def test_unknown_and_malformed_numbers_get_a_clear_answer(domain, ticket_number) -> None:
    [unknown], _ = ask(domain, "où en est INC-424242 ?")
    assert (unknown["response"], unknown["number"]) == ("utter_ticket_not_found", "INC-424242")
    [malformed], _ = ask(domain, "où en est INC-ABC ?")
    assert malformed["response"] == "utter_ticket_number_malformed"
    assert malformed["attempt"] == "INC-ABC"


def test_a_reminder_is_counted_and_the_second_one_raises_the_ticket(domain, ticket_number, actions_database) -> None:
    messages, _ = run(ActionRemind(), domain, [user(f"je relance pour {ticket_number}", "reminder")])
    assert [m["response"] for m in messages] == ["utter_reminder_logged"]
    assert messages[0]["count"] == 1
    messages, _ = run(ActionRemind(), domain, [user("toujours rien ??", "reminder")], language="en",
                      last_ticket_number=ticket_number)
    assert [m["response"] for m in messages] == ["utter_reminder_logged", "utter_reminder_raised"]
    with actions_database() as session:
        ticket = get_by_number(db_session=session, number=ticket_number)
        assert ticket.reminder_count == 2 and ticket.escalated
        assert [e.body for e in ticket.log if e.kind == "reminder"] == [f"je relance pour {ticket_number}",
                                                                          "toujours rien ??"]


def test_a_reminder_without_a_number_offers_buttons_that_keep_it_a_reminder(domain, ticket_number) -> None:
    [message], _ = run(ActionRemind(), domain, [user("relance !!", "reminder")])
    assert message["buttons"][0]["payload"].startswith("/reminder{")
