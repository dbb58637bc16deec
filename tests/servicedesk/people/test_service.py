"""The directory's questions: a person by address or chat id, and their manager, on both databases."""

from servicedesk.database import unit_of_work
from servicedesk.people.models import Person, PersonChatId
from servicedesk.people.service import manager_of, person_by_chat_id, person_by_email, person_by_user
from servicedesk.tickets.service import IncidentReport, open_incident


def _people(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        session.add_all([
            Person(email="chloe@acme.example", name="Chloé Martin", language="fr", source="csv"),
            Person(email="bob@acme.example", name="Bob Smith", language="en", manager_email="chloe@acme.example",
                   source="csv", chat_ids=[PersonChatId(chat_id="slack:T1:UBOB")]),
            Person(email="eve@acme.example", name="Eve", manager_email="gone@acme.example", source="csv"),
            Person(email="old@acme.example", name="Old", manager_email="chloe@acme.example", source="csv",
                   active=False),
        ])


def test_a_person_is_found_by_address_whatever_its_case(session_factory) -> None:
    _people(session_factory)
    with unit_of_work(session_factory) as session:
        person = person_by_email(db_session=session, email="  Bob@ACME.example ")
        assert person is not None and person.name == "Bob Smith" and person.chat_id_values == ("slack:T1:UBOB",)
        assert person_by_email(db_session=session, email="nobody@acme.example") is None
        assert person_by_email(db_session=session, email="old@acme.example") is None  # gone from its source


def test_a_chat_user_is_matched_by_their_verified_address_else_their_chat_id(session_factory) -> None:
    _people(session_factory)
    with unit_of_work(session_factory) as session:
        assert person_by_chat_id(db_session=session, chat_id="slack:T1:UBOB").email == "bob@acme.example"
        assert person_by_user(db_session=session, user="slack:T9:UX", email="bob@acme.example").name == "Bob Smith"
        assert person_by_user(db_session=session, user="slack:T1:UBOB").name == "Bob Smith"
        assert person_by_user(db_session=session, user="email:bob@acme.example").name == "Bob Smith"
        assert person_by_user(db_session=session, user="teams:someone") is None


def test_the_manager_is_the_directory_s_and_none_when_a_link_is_missing(session_factory) -> None:
    _people(session_factory)
    with unit_of_work(session_factory) as session:
        manager = manager_of(db_session=session, user="slack:T1:UBOB")
        assert manager is not None and manager.email == "chloe@acme.example" and manager.language == "fr"
        assert manager_of(db_session=session, user="chloe@acme.example") is None  # nobody above her
        assert manager_of(db_session=session, user="eve@acme.example") is None  # her manager is not in it
        assert manager_of(db_session=session, user="stranger@elsewhere.example") is None


def test_a_chat_user_is_found_by_the_address_a_door_verified_on_their_ticket(session_factory) -> None:
    _people(session_factory)
    with unit_of_work(session_factory) as session:
        open_incident(db_session=session, report=IncidentReport(
            service="VPN", description="VPN coupé", impact=3, urgency=3, requester="teams:29:chloe", channel="teams",
            conversation_id="teams:c1", language="fr", requester_email="Chloe@acme.example"))
        open_incident(db_session=session, report=IncidentReport(
            service="VPN", description="VPN coupé", impact=3, urgency=3, requester="teams:29:anon", channel="teams",
            conversation_id="teams:c2", language="fr"))
    with unit_of_work(session_factory) as session:
        assert person_by_user(db_session=session, user="teams:29:chloe").name == "Chloé Martin"
        assert person_by_user(db_session=session, user="teams:29:anon") is None  # no door verified an address
