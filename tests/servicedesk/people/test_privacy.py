"""A person's entry in the people directory is part of their export and of their erasure, named by their address or
by a chat id they are known under; erased, they are nobody's manager any more."""

from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.people.models import Person, PersonChatId
from servicedesk.people.service import manager_of, person_by_email
from servicedesk.privacy.subject import erase_person, export_person


def _people(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        session.add_all([
            Person(email="chloe@acme.example", name="Chloé Martin", language="fr", source="csv"),
            Person(email="bob@acme.example", name="Bob Smith", manager_email="chloe@acme.example", source="csv",
                   chat_ids=[PersonChatId(chat_id="slack:T1:UBOB")]),
        ])


def test_the_export_holds_the_directory_entry_by_address_or_chat_id(session_factory) -> None:
    _people(session_factory)
    with unit_of_work(session_factory) as session:
        by_address = export_person(db_session=session, person="Chloe@acme.example", actor="dpo")
        by_chat = export_person(db_session=session, person="slack:T1:UBOB", actor="dpo")
    assert [row["name"] for row in by_address["directory"]] == ["Chloé Martin"]
    assert [row["email"] for row in by_chat["directory"]] == ["bob@acme.example"]


def test_an_erased_person_leaves_the_directory_and_is_nobody_s_manager(session_factory) -> None:
    _people(session_factory)
    with unit_of_work(session_factory) as session:
        assert erase_person(db_session=session, person="chloe@acme.example", actor="dpo")["directory"] == 1
    with unit_of_work(session_factory) as session:
        assert person_by_email(db_session=session, email="chloe@acme.example") is None
        assert person_by_email(db_session=session, email="bob@acme.example").manager_email is None
        assert manager_of(db_session=session, user="bob@acme.example") is None
        assert erase_person(db_session=session, person="slack:T1:UBOB", actor="dpo")["directory"] == 1
    with unit_of_work(session_factory) as session:
        assert session.scalars(select(PersonChatId)).all() == [] and session.scalars(select(Person)).all() == []
