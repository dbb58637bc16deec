"""Service requests (the catalogue form and a REQ ticket), other requests (redirected and recorded),
the hand-off to a person at any point, and the two-stage fallback."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionFallback
from actions.handoff import ActionHandToHuman
from actions.other_request import ActionRedirectOtherRequest
from actions.service_request import ActionOpenServiceRequest, ActionStartServiceRequest, ValidateServiceRequestForm
from servicedesk.tickets.service import get_by_number
from tests.actions.conftest import bot, make_tracker, slot, user


def slots_set(events) -> dict:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_a_service_request_prefills_what_and_asks_the_rest(domain, actions_database) -> None:
    started = slots_set(ActionStartServiceRequest().run(
        CollectingDispatcher(), make_tracker([user("j'aurais besoin d'un 2e écran", "service_request")]), domain))
    assert started["request_item"] == "j'aurais besoin d'un 2e écran"
    short = slots_set(ActionStartServiceRequest().run(
        CollectingDispatcher(), make_tracker([user("/service_request", "service_request")]), domain))
    assert short["request_item"] is None


def test_for_myself_means_the_requester(domain, actions_database) -> None:
    tracker = make_tracker([user("pour moi"), slot("requested_for", "pour moi")], {"requested_slot": "requested_for"},
                           active_loop="service_request_form")
    filled = slots_set(asyncio.run(ValidateServiceRequestForm().run(CollectingDispatcher(), tracker, domain)))
    assert filled["requested_for"] == "alice"


def test_a_service_request_opens_a_req_ticket(domain, actions_database) -> None:
    tracker = make_tracker([user("j'aurais besoin d'un 2e écran", "service_request"), bot("Pour qui ?"),
                            user("pour moi")],
                           {"request_item": "un 2e écran", "requested_for": "alice", "justification": "compta",
                            "needed_by": "lundi", "language": "en"})
    dispatcher = CollectingDispatcher()
    events = ActionOpenServiceRequest().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_request_opened" and message["number"].startswith("REQ-")
    assert (message["item"], message["needed_by"], message["group"]) == ("un 2e écran", "lundi", "service desk")
    assert slots_set(events)["last_ticket_number"] == message["number"]
    with actions_database() as session:
        ticket = get_by_number(db_session=session, number=message["number"])
        assert (ticket.origin, ticket.type, ticket.requested_for, ticket.justification, ticket.needed_by) == (
            "service_request", "service_request", "alice", "compta", "lundi")
        assert [e.body for e in ticket.log if e.author_kind == "requester"] == [
            "j'aurais besoin d'un 2e écran", "pour moi"]


def test_an_other_request_is_redirected_and_recorded(domain, actions_database) -> None:
    dispatcher = CollectingDispatcher()
    ActionRedirectOtherRequest().run(dispatcher, make_tracker([user("ma fiche de paie est fausse",
                                                                    "other_request")]), domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_other_request_redirected"
    with actions_database() as session:
        ticket = get_by_number(db_session=session, number=message["number"])
        assert (ticket.origin, ticket.status, ticket.description) == ("other", "cancelled",
                                                                       "ma fiche de paie est fausse")


def test_asking_for_a_person_mid_form_hands_what_was_gathered_to_level2(domain, actions_database) -> None:
    tracker = make_tracker([user("mon vpn coupe sans arrêt", "report_incident"), bot("Un message d'erreur ?"),
                            user("je veux parler à quelqu'un", "ask_human")],
                           {"service": "VPN", "description": "mon vpn coupe sans arrêt", "request_type": "incident",
                            "requested_slot": "error_message"}, active_loop="incident_form")
    dispatcher = CollectingDispatcher()
    events = ActionHandToHuman().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert (message["response"], message["group"]) == ("utter_handed_to_human", "Infrastructure")
    assert "échéance" in message["deadline"]
    filled = slots_set(events)
    assert filled["last_ticket_number"] == message["number"] and filled["service"] is None
    with actions_database() as session:
        ticket = get_by_number(db_session=session, number=message["number"])
        assert (ticket.service, ticket.description, ticket.escalated, ticket.level) == (
            "VPN", "mon vpn coupe sans arrêt", True, 2)


def test_asking_for_a_person_after_a_ticket_hands_that_ticket(domain, actions_database) -> None:
    dispatcher = CollectingDispatcher()
    ActionHandToHuman().run(dispatcher, make_tracker([user("je veux parler à quelqu'un", "ask_human")],
                                                     {"description": "Outlook plante", "service": "Outlook"}),
                            domain)
    number = dispatcher.messages[0]["number"]
    again = CollectingDispatcher()
    ActionHandToHuman().run(again, make_tracker([user("un humain svp", "ask_human")],
                                                {"last_ticket_number": number}), domain)
    assert again.messages[0]["number"] == number
    with actions_database() as session:
        assert get_by_number(db_session=session, number=number).log[-1].body == "un humain svp"


def test_asking_for_a_person_straight_away_still_opens_a_ticket(domain, actions_database) -> None:
    dispatcher = CollectingDispatcher()
    ActionHandToHuman().run(dispatcher, make_tracker([user("/ask_human", "ask_human")], {"language": "en"}), domain)
    with actions_database() as session:
        ticket = get_by_number(db_session=session, number=dispatcher.messages[0]["number"])
        assert ticket.description == "The user asked to talk to a technician." and ticket.escalated


def fallback_user(text: str):
    event = user(text, "nlu_fallback")
    event["parse_data"]["intent"]["confidence"] = 0.2
    return event


def test_the_fallback_asks_to_rephrase_then_offers_the_main_choices(domain) -> None:
    first = CollectingDispatcher()
    ActionFallback().run(first, make_tracker([user("bonjour", "greet"), bot("Bonjour !"), fallback_user("gloubi")]),
                         domain)
    assert [m["response"] for m in first.messages] == ["utter_ask_rephrase"]
    second = CollectingDispatcher()
    ActionFallback().run(second, make_tracker([fallback_user("gloubi"), bot("Pardon ?"), fallback_user("boulga")]),
                         domain)
    assert [m["response"] for m in second.messages] == ["utter_offer_main_choices"]
    payloads = [b["payload"] for b in domain["responses"]["utter_offer_main_choices"][0]["buttons"]]
    assert payloads == ["/report_incident", "/incident_followup", "/service_request", "/assistance_request",
                        "/ask_human"]
