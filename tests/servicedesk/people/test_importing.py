"""Importing the directory: one use case for CSV and LDAP, which brings it in line with what its source names."""

import pytest

from servicedesk.database import unit_of_work
from servicedesk.errors import InvalidImportFile
from servicedesk.people.csv_file import parse_people
from servicedesk.people.importing import Entry, import_people, read_language
from servicedesk.people.service import manager_of, person_by_chat_id, person_by_email

STAFF = """email,name,language,manager,chat_ids
chloe@acme.example,Chloé Martin,fr-FR,,
Bob@Acme.example,Bob Smith,English,chloe@acme.example,slack:T1:UBOB teams:29:bob
dan@acme.example,Dan,,bob@acme.example,
"""


def test_a_csv_file_fills_the_directory_and_names_every_manager(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        report = import_people(db_session=session, entries=parse_people(STAFF, origin="staff.csv"), source="csv")
    assert (report.created, report.errors, report.without_manager) == (3, [], 0)
    with unit_of_work(session_factory) as session:
        assert manager_of(db_session=session, user="dan@acme.example").email == "bob@acme.example"
        assert manager_of(db_session=session, user="teams:29:bob").name == "Chloé Martin"
        bob = person_by_email(db_session=session, email="bob@acme.example")
        assert (bob.language, bob.chat_id_values) == ("en", ("slack:T1:UBOB", "teams:29:bob"))


def test_a_second_import_updates_keeps_and_deactivates(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        import_people(db_session=session, entries=parse_people(STAFF, origin="staff.csv"), source="csv")
    changed = "email;name;manager\nchloe@acme.example;Chloé Martin;\nbob@acme.example;Bob Smith;dan@acme.example\n"
    with unit_of_work(session_factory) as session:
        report = import_people(db_session=session, entries=parse_people(changed, origin="x"), source="csv")
    assert (report.created, report.updated, report.deactivated, report.without_manager) == (0, 2, 1, 1)
    with unit_of_work(session_factory) as session:
        assert person_by_email(db_session=session, email="dan@acme.example") is None  # gone from the file
        assert manager_of(db_session=session, user="bob@acme.example") is None  # his manager left
        # A file without a chat_ids column knows none: the ids Bob had stay.
        assert person_by_chat_id(db_session=session, chat_id="slack:T1:UBOB").email == "bob@acme.example"


def test_a_chat_id_given_to_someone_else_moves_to_them(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        import_people(db_session=session, entries=parse_people(STAFF, origin="staff.csv"), source="csv")
    moved = STAFF.replace("slack:T1:UBOB teams:29:bob", "teams:29:bob").replace(
        "bob@acme.example,\n", "bob@acme.example,slack:T1:UBOB\n")
    with unit_of_work(session_factory) as session:
        assert import_people(db_session=session, entries=parse_people(moved, origin="x"), source="csv").updated == 2
    with unit_of_work(session_factory) as session:
        assert person_by_chat_id(db_session=session, chat_id="slack:T1:UBOB").email == "dan@acme.example"
        assert person_by_chat_id(db_session=session, chat_id="teams:29:bob").email == "bob@acme.example"


def test_bad_lines_are_reported_with_their_line_and_the_others_stored(session_factory) -> None:
    text = ("email,manager\nnot-an-address,\nann@acme.example,nobody\nann@acme.example,\n"
            "zoe@acme.example,zoe@acme.example\n")
    with unit_of_work(session_factory) as session:
        report = import_people(db_session=session, entries=parse_people(text, origin="x"), source="csv")
    assert [error.position for error in report.errors] == [2, 3]
    assert report.created == 2  # ann (line 4) and zoe, who is not her own manager
    with unit_of_work(session_factory) as session:
        assert person_by_email(db_session=session, email="zoe@acme.example").manager_email is None


def test_another_source_s_people_are_left_alone(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        import_people(db_session=session, entries=[Entry(1, "ldap@acme.example", "From LDAP")], source="ldap")
        report = import_people(db_session=session, entries=parse_people(STAFF, origin="x"), source="csv")
    assert report.deactivated == 0


@pytest.mark.parametrize("text", ["", "name,language\nBob,en\n"])
def test_a_file_without_an_email_column_is_refused_whole(text) -> None:
    with pytest.raises(InvalidImportFile):
        parse_people(text, origin="staff.csv")


@pytest.mark.parametrize(("written", "language"), [("fr", "fr"), ("fr_CA", "fr"), ("EN-gb", "en"),
                                                   ("Français", "fr"), ("de", None), ("", None), (None, None)])
def test_languages_are_read_as_directories_write_them(written, language) -> None:
    assert read_language(written) == language
