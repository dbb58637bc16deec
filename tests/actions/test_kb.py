"""Level 1 from the KB in the dialogue: fixes proposed with a button each, resolved when one worked,
handed to level 2 when none did or nothing relevant was found, a known problem said and linked."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import dependencies
from actions.kb import ActionKbFixFailed, ActionKbFixWorked, ActionSuggestKbFix
from servicedesk.database import unit_of_work
from servicedesk.settings.current import desk_of
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from tests.actions.conftest import make_tracker, user


@dataclass(frozen=True)
class Result:
    doc_id: str
    title: str
    kind: str = "article"
    link: str = ""
    snippet: str = "1. Ouvrez GlobalProtect. 2. Cliquez sur Reconnecter."
    confident: bool = True
    score: float = 0.9


VPN_FIX = Result("vpn-globalprotect-echec-connexion", "GlobalProtect ne se connecte pas",
                 link="https://kb.demo-industrie.example/articles/vpn-globalprotect-echec-connexion")
VPN_KE = Result("ke-vpn-gateway", "GlobalProtect: Gateway cannot be reached", kind="known_error")


@pytest.fixture
def kb(actions_database) -> Iterator[dict]:
    state: dict = {"results": [VPN_FIX, VPN_KE], "queries": []}

    def search(query: str, k: int) -> list[Result]:
        state["queries"].append(query)
        return state["results"][:k]

    state["fed"] = dependencies.use_kb(search)
    yield state
    dependencies.use_kb(None)


def open_ticket(session_factory) -> str:
    with unit_of_work(session_factory) as session:
        return open_incident(db_session=session, agreements=desk_of(db_session=session), report=IncidentReport(
            service="VPN", description="le vpn ne se connecte plus", error_message="Gateway cannot be reached",
            impact=3, urgency=2, requester="alice", channel="rest", conversation_id="alice", language="fr")).number


def suggest(domain, number: str, language: str = "fr"):
    dispatcher = CollectingDispatcher()
    events = ActionSuggestKbFix().run(dispatcher, make_tracker([user("1")], {"last_ticket_number": number,
                                                                             "language": language}), domain)
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_fixes_are_proposed_with_a_button_each(domain, kb, actions_database) -> None:
    number = open_ticket(actions_database)
    [message], slots = suggest(domain, number)
    assert message["response"] == "utter_kb_solutions"
    assert "1. GlobalProtect ne se connecte pas" in message["solutions"] and VPN_FIX.link in message["solutions"]
    assert [b["payload"] for b in message["buttons"]] == [
        '/affirm{"kb_doc": "vpn-globalprotect-echec-connexion"}', '/affirm{"kb_doc": "ke-vpn-gateway"}', "/deny"]
    assert slots["kb_proposed"] is True and [o["doc_id"] for o in slots["kb_offer"]] == [VPN_FIX.doc_id, VPN_KE.doc_id]
    assert kb["queries"][0].startswith("Gateway cannot be reached VPN")  # the exact error first


def test_the_fix_that_worked_resolves_the_ticket_and_feeds_the_kb(domain, kb, actions_database) -> None:
    number = open_ticket(actions_database)
    _, slots = suggest(domain, number)
    click = user('/affirm{"kb_doc": "ke-vpn-gateway"}', "affirm")
    click["parse_data"]["entities"] = [{"entity": "kb_doc", "value": "ke-vpn-gateway"}]
    dispatcher = CollectingDispatcher()
    ActionKbFixWorked().run(dispatcher, make_tracker([click], {"last_ticket_number": number, **slots}), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_kb_fix_worked"]
    with actions_database() as session:
        ticket = get_by_number(db_session=session, number=number)
        assert (ticket.status, ticket.resolution_code) == ("closed", "workaround")  # a known error's workaround
        assert ticket.attachments[-1].reference == "kb:ke-vpn-gateway"
    assert [d.doc_id for d in kb["fed"]] == [number]


def test_a_plain_yes_means_the_first_fix(domain, kb, actions_database) -> None:
    number = open_ticket(actions_database)
    _, slots = suggest(domain, number)
    ActionKbFixWorked().run(CollectingDispatcher(), make_tracker([user("oui ça marche", "affirm")],
                                                                 {"last_ticket_number": number, **slots}), domain)
    with actions_database() as session:
        ticket = get_by_number(db_session=session, number=number)
        assert (ticket.resolution_code, ticket.attachments[-1].reference) == ("known_fix_applied", VPN_FIX.link)


def test_no_fix_worked_goes_to_level2_with_what_was_tried(domain, kb, actions_database) -> None:
    number = open_ticket(actions_database)
    _, slots = suggest(domain, number)
    dispatcher = CollectingDispatcher()
    ActionKbFixFailed().run(dispatcher, make_tracker([user("non toujours pas", "deny")],
                                                     {"last_ticket_number": number, **slots}), domain)
    [message] = dispatcher.messages
    assert (message["response"], message["group"]) == ("utter_kb_fix_failed", "Infrastructure")
    with actions_database() as session:
        ticket = get_by_number(db_session=session, number=number)
        assert (ticket.escalated, ticket.level, ticket.status) == (True, 2, "assigned")
        assert any("tried without success" in e.body and VPN_FIX.doc_id in e.body for e in ticket.log)


def test_nothing_confident_goes_straight_to_level2(domain, kb, actions_database) -> None:
    kb["results"] = [Result("unrelated", "Imprimante bloquée", confident=False)]
    number = open_ticket(actions_database)
    [message], slots = suggest(domain, number, language="en")
    assert message["response"] == "utter_kb_nothing_found" and slots["kb_proposed"] is False
    with actions_database() as session:
        assert get_by_number(db_session=session, number=number).escalated


def test_a_known_problem_is_said_and_linked(domain, kb, actions_database) -> None:
    kb["results"] = [Result("wifi-batiment-b-coupures", "Coupures Wi-Fi bâtiment B", kind="problem",
                            link="https://kb.demo-industrie.example/problems/wifi-batiment-b-coupures"), VPN_FIX]
    number = open_ticket(actions_database)
    [message], slots = suggest(domain, number)
    assert message["response"] == "utter_kb_known_problem" and slots["kb_proposed"] is False
    with actions_database() as session:
        ticket = get_by_number(db_session=session, number=number)
        assert ticket.attachments[-1].kind == "kb" and "wifi-batiment-b" in ticket.attachments[-1].reference


def test_an_unreadable_kb_proposes_nothing_and_hands_over(domain, actions_database) -> None:
    def broken(query: str, k: int) -> list:
        raise OSError("index missing")

    dependencies.use_kb(broken)
    try:
        number = open_ticket(actions_database)
        [message], _ = suggest(domain, number)
        assert message["response"] == "utter_kb_nothing_found"
    finally:
        dependencies.use_kb(None)


def test_an_incident_linked_at_opening_to_a_known_problem_is_told_so(domain, kb, actions_database) -> None:
    from servicedesk import problems

    first = open_ticket(actions_database)
    with unit_of_work(actions_database) as session:
        problem = problems.open_problem(db_session=session, title="Major: VPN down on every site", service="VPN",
                                        description="gateway down", actor="agent:lea",
                                        incidents=[get_by_number(db_session=session, number=first)])
        problem_number = problem.number
    number = open_ticket(actions_database)
    with unit_of_work(actions_database) as session:
        problems.link(db_session=session, incident=get_by_number(db_session=session, number=number),
                      problem=get_by_number(db_session=session, number=problem_number), actor="relais")
    [message], slots = suggest(domain, number)
    assert (message["response"], message["link"]) == ("utter_kb_known_problem", problem_number)
    assert slots["kb_proposed"] is False and kb["queries"] == []
