import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.incident import ActionOpenIncident, ActionStartIncident, ValidateIncidentForm
from servicedesk.sla.models import Clock
from servicedesk.tickets.service import get_by_number
from tests.actions.conftest import bot, make_tracker, slot, user


def slots_set(events) -> dict:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


@pytest.mark.parametrize(
    ("text", "service", "described"),
    [
        ("Outlook plante au démarrage", "Outlook", True),
        ("my VPN keeps disconnecting", "VPN", True),
        ("j'ai un problème", None, False),
        ("rien ne marche depuis la mise à jour de cette nuit", None, True),
    ],
)
def test_the_first_message_prefills_what_it_says(domain, actions_database, text, service, described) -> None:
    dispatcher = CollectingDispatcher()
    events = ActionStartIncident().run(dispatcher, make_tracker([user(text, "report_incident")]), domain)
    filled = slots_set(events)
    assert filled["service"] == service
    assert filled["description"] == (text if described else None)
    assert filled["impact"] is None and filled["urgency"] is None
    assert dispatcher.messages == []


@pytest.fixture
def validate(domain, actions_database):
    return lambda name, value, language="fr": _validate(domain, name, value, language)


def _validate(domain, name: str, value: str, language: str = "fr") -> tuple[dict, list]:
    tracker = make_tracker([user(value), slot(name, value)], {"language": language, "requested_slot": name},
                           active_loop="incident_form")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateIncidentForm().run(dispatcher, tracker, domain))
    return slots_set(events), dispatcher.messages


@pytest.mark.parametrize(
    ("slot_name", "answer", "stored"),
    [
        ("impact", "3", "3"),
        ("impact", "toute l'équipe", "2"),
        ("impact", "the whole department", "1"),
        ("urgency", "1", "1"),
        ("urgency", "pas urgent, ça peut attendre", "4"),
        ("error_message", "non", ""),
        ("error_message", "« Impossible de se connecter au serveur »", "Impossible de se connecter au serveur"),
        ("service", "le vpn", "VPN"),
        ("service", "Logiciel de paie Maison", "Logiciel de paie Maison"),
        ("since", "depuis ce matin", "depuis ce matin"),
    ],
)
def test_answers_are_read_in_french_and_english(validate, slot_name, answer, stored) -> None:
    filled, messages = validate(slot_name, answer)
    assert filled[slot_name] == stored
    assert messages == []


@pytest.mark.parametrize("answer", ["5", "bof", "🤷"])
def test_an_unreadable_level_is_asked_again_politely(validate, answer) -> None:
    filled, messages = validate("urgency", answer)
    assert filled["urgency"] is None
    assert [m["response"] for m in messages] == ["utter_choose_an_option"]


def qualified_tracker(language: str = "fr", **overrides):
    slots = {"service": "Outlook", "description": "Outlook plante au démarrage", "error_message": "0x800CCC0E",
             "since": "ce matin", "impact": "3", "urgency": "1", "language": language, **overrides}
    events = [user("Outlook plante au démarrage", "report_incident"), bot("Avez-vous un message d'erreur ?"),
              user("0x800CCC0E"), user("1")]
    return make_tracker(events, slots)


def test_opening_stores_the_ticket_and_tells_number_and_priority(domain, actions_database) -> None:
    dispatcher = CollectingDispatcher()
    events = ActionOpenIncident().run(dispatcher, qualified_tracker(), domain)

    [message] = dispatcher.messages
    assert message["response"] == "utter_incident_opened"
    assert message["number"] == "INC-000001" and message["priority"] == "P2" and message["service"] == "Outlook"
    filled = slots_set(events)
    assert filled["last_ticket_number"] == "INC-000001"
    assert all(filled[s] is None for s in ("service", "description", "impact", "urgency"))
    with actions_database() as session:
        ticket = get_by_number(db_session=session, number="INC-000001")
        assert (ticket.requester, ticket.channel, ticket.language, ticket.impact, ticket.urgency) == (
            "alice", "rest", "fr", 3, 1)
        assert [e.body for e in ticket.log if e.author_kind == "requester"] == [
            "Outlook plante au démarrage", "0x800CCC0E", "1"]
        clocks = session.scalars(select(Clock).where(Clock.ticket_id == ticket.id)).all()
        assert {(c.kind, c.metric) for c in clocks} >= {("SLA", "tto"), ("SLA", "ttr")}  # the client's agreements
        assert all(c.deadline is not None for c in clocks)


def test_a_database_failure_becomes_a_polite_answer(domain, monkeypatch) -> None:
    def broken(*_):
        raise ConnectionError("database down")

    monkeypatch.setattr("actions.dependencies.session_factory", broken)
    dispatcher = CollectingDispatcher()
    events = ActionOpenIncident().run(dispatcher, qualified_tracker(), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_technical_problem"]
    assert events == []  # the answers are kept so the user can try again


def test_slots_cleared_for_a_new_report_are_not_complained_about(domain, actions_database) -> None:
    tracker = make_tracker([user("<b>tout est cassé</b>", "report_incident"), slot("impact", None),
                            slot("urgency", None), slot("error_message", None)], active_loop="incident_form")
    dispatcher = CollectingDispatcher()
    asyncio.run(ValidateIncidentForm().run(dispatcher, tracker, domain))
    assert dispatcher.messages == []


def test_a_p1_from_the_chat_opens_a_problem_per_the_clients_settings(domain, actions_database) -> None:
    dispatcher = CollectingDispatcher()
    ActionOpenIncident().run(dispatcher, qualified_tracker(impact="1", urgency="1"), domain)
    assert dispatcher.messages[0]["priority"] == "P1"
    with actions_database() as session:
        ticket = get_by_number(db_session=session, number=dispatcher.messages[0]["number"])
        problem = session.get(type(ticket), ticket.problem_id)
        assert problem.type == "problem" and problem.number.startswith("PRB-")


def test_diagnosis_answers_are_read(validate) -> None:
    assert validate("steps_to_reproduce", "je ne sais pas")[0]["steps_to_reproduce"] == ""
    assert validate("steps_to_reproduce", "j'ouvre Outlook puis ça plante")[0]["steps_to_reproduce"] == (
        "j'ouvre Outlook puis ça plante")
    assert validate("device", "PC portable, bureau de Lyon")[0]["device"] == "PC portable, bureau de Lyon"
    assert validate("evidence", "non")[0]["evidence"] == "-"
    assert validate("evidence", "voici https://share.example/capture.png")[0]["evidence"] == (
        "voici https://share.example/capture.png")


def test_an_assistance_request_is_asked_only_what_fits_a_question(domain, actions_database) -> None:
    started = slots_set(ActionStartIncident().run(
        CollectingDispatcher(), make_tracker([user("comment partager mon agenda outlook ?", "assistance_request")]),
        domain))
    assert (started["request_type"], started["service"]) == ("assistance", "Outlook")
    tracker = make_tracker([user("comment partager mon agenda outlook ?", "assistance_request")],
                           {"request_type": "assistance", "service": "Outlook",
                            "description": "comment partager mon agenda outlook ?"}, active_loop="incident_form")
    filled = slots_set(asyncio.run(ValidateIncidentForm().run(CollectingDispatcher(), tracker, domain)))
    assert filled["requested_slot"] == "device"  # no error message, steps or trace for a how-to question
    incident = make_tracker([user("outlook plante", "report_incident")],
                            {"request_type": "incident", "service": "Outlook", "description": "outlook plante"},
                            active_loop="incident_form")
    filled = slots_set(asyncio.run(ValidateIncidentForm().run(CollectingDispatcher(), incident, domain)))
    assert "requested_slot" not in filled  # every slot of the domain's form: Rasa asks them in order


def test_an_assistance_ticket_keeps_its_qualification(domain, actions_database) -> None:
    dispatcher = CollectingDispatcher()
    ActionOpenIncident().run(dispatcher, qualified_tracker(request_type="assistance"), domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_assistance_opened"
    with actions_database() as session:
        ticket = get_by_number(db_session=session, number=message["number"])
        assert (ticket.origin, ticket.type) == ("assistance", "incident")


def test_the_diagnosis_lands_on_the_ticket_with_its_evidence(domain, actions_database) -> None:
    dispatcher = CollectingDispatcher()
    ActionOpenIncident().run(dispatcher, qualified_tracker(
        steps_to_reproduce="j'ouvre Outlook", device="portable, Lyon",
        evidence="capture: https://share.example/c.png et la trace https://share.example/t.log"), domain)
    [message] = dispatcher.messages
    assert "échéance" in message["deadline"]
    with actions_database() as session:
        ticket = get_by_number(db_session=session, number=message["number"])
        assert (ticket.origin, ticket.steps_to_reproduce, ticket.device) == ("incident", "j'ouvre Outlook",
                                                                             "portable, Lyon")
        assert [a.reference for a in ticket.attachments] == ["https://share.example/c.png",
                                                             "https://share.example/t.log"]
