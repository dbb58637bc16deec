"""Ticket references as people bring them from other tools: found in what they type, in French and English, told
apart from the numbers that are not tickets, and looked up among the tickets the asker may see."""

import pytest

from servicedesk.database import unit_of_work
from servicedesk.tickets.access import Viewer
from servicedesk.tickets.numbering import find_number
from servicedesk.tickets.references import Reference, find_reference, find_ticket, normalise_external
from servicedesk.tickets.service import IncidentReport, open_ticket


@pytest.mark.parametrize(("text", "written", "number", "external"), [
    # ours
    ("où en est INC-000042 ?", "INC-000042", "INC-000042", None),
    ("status of inc 42 please", "inc 42", "INC-000042", None),
    ("any news on REQ-12?", "REQ-12", "REQ-000012", None),
    ("le problème PRB-3 est-il clos", "PRB-3", "PRB-000003", None),
    # ours glued, or ServiceNow's width: read both ways
    ("INC000042", "INC000042", "INC-000042", "INC000042"),
    ("ticket INC 0012345 toujours ouvert", "INC 0012345", "INC-012345", "INC0012345"),
    # ServiceNow
    ("Bonjour, où en est INC0012345 ?", "INC0012345", "INC-012345", "INC0012345"),
    ("my RITM0012345 is still not delivered", "RITM0012345", None, "RITM0012345"),
    ("la REQ0012345 date de lundi", "REQ0012345", "REQ-012345", "REQ0012345"),
    ("change CHG0030012 planned tonight?", "CHG0030012", None, "CHG0030012"),
    ("relance sur la tâche sctask0010203", "sctask0010203", None, "SCTASK0010203"),
    ("TASK0001234 assigned to whom?", "TASK0001234", None, "TASK0001234"),
    ("RITM 0012345 toujours rien", "RITM 0012345", None, "RITM0012345"),
    ("PRB0040001 known error?", "PRB0040001", "PRB-040001", "PRB0040001"),
    # other desks
    ("j'avais ouvert SR-20931 chez l'ancien prestataire", "SR-20931", None, "SR-20931"),
    ("HD-1234 is about the printer.", "HD-1234", None, "HD-1234"),
    ("c'était dans GLPI 4521", "GLPI 4521", None, "4521"),
    ("GLPI n°4521 jamais traité", "GLPI n°4521", None, "4521"),
    # a bare number after a word that says ticket
    ("des nouvelles du ticket 815 ?", "ticket 815", "INC-000815", "815"),
    ("ticket n°815", "ticket n°815", "INC-000815", "815"),
    ("ticket N° 815 toujours en attente", "ticket N° 815", "INC-000815", "815"),
    ("où en est ma demande 7702", "demande 7702", "REQ-007702", "7702"),
    ("la demande numero 7702 n'avance pas", "demande numero 7702", "REQ-007702", "7702"),
    ("la demande numéro 7702", "demande numéro 7702", "REQ-007702", "7702"),
    ("incident 4521 toujours pas résolu", "incident 4521", "INC-004521", "4521"),
    ("mon ticket #815 est toujours ouvert", "ticket #815", "INC-000815", "815"),
    ("case 12345 please", "case 12345", "INC-012345", "12345"),
    ("ticket number 815", "ticket number 815", "INC-000815", "815"),
    ("request no. 7702 still pending", "request no. 7702", "REQ-007702", "7702"),
    ("réf. 0815 svp", "réf. 0815", "INC-000815", "815"),
    ("ticket: 815", "ticket: 815", "INC-000815", "815"),
    ("the incident #4521.", "incident #4521", "INC-004521", "4521"),
])
def test_references_are_found_however_people_bring_them(text: str, written: str, number: str | None,
                                                        external: str | None) -> None:
    assert find_reference(text) == Reference(written, number, external)


@pytest.mark.parametrize("text", [
    "des nouvelles de mon ticket ?", "Acme Inc. is our supplier", "", "42", "appelez-moi au 06 12 34 56 78",
    "mon numéro : 0612345678", "call me at +33 1 23 45 67 89", "ticket 06 12 34 56 78", "depuis le 03/11/2026",
    "since 2026-11-03 14:22", "à 14h30", "ça coûte 15,90 €", "a $1200 laptop", "erreur 0x80070005",
    "ORA-12541: TNS:no listener", "HTTP 500 on the portal", "erreur 404 sur l'intranet", "AADSTS50076 at sign-in",
    "version 2.3.1 of the client", "Windows 11 23H2", "Office 2019", "bureau 3.12", "mon PC DI-PC04512",
    "LAPTOP-7FJ2K won't boot", "SHA-256 mismatch", "UTF-8 encoding", "COVID-19 remote rules", "KB5034441 failed",
    "la demande de 2 licences", "une demande 20 licences", "incident depuis 3 jours", "ticket 14h30",
    "the incident lasted 45 minutes", "j'ai fait 3 demandes 10 fois", "on est passés à GLPI 10",
    "GLPI 10.0.7 est installé", "salle A2-105", "ticket resto 15 €", "the ticket from 2026-11-03",
    "task 2024 planning", "ISO-27001 audit", "c'est la carte du camion FG-512-KL",
])
def test_numbers_that_are_not_tickets_are_not_references(text: str) -> None:
    assert find_reference(text) is None


@pytest.mark.parametrize("text", ["où en est INC-ABC ?", "INC-0", "INC-12345678901", "req-foo please"])
def test_a_broken_attempt_at_one_of_ours_is_a_reference_nobody_can_read(text: str) -> None:
    reference = find_reference(text)
    assert reference is not None and (reference.number, reference.external) == (None, None)
    assert reference.written.upper().startswith(("INC", "REQ"))


def test_the_first_reference_of_the_text_is_the_one() -> None:
    assert find_reference("ticket 815, ou peut-être INC0012345").external == "815"
    assert find_reference("INC-ABC, pardon INC-42").number == "INC-000042"


def test_find_number_still_reads_ours_as_before() -> None:
    assert find_number("INC0012345") == "INC-012345"  # its callers are unchanged


@pytest.mark.parametrize(("raw", "stored"), [
    (" inc0012345 ", "INC0012345"), ("#0815", "815"), ("sr-20931", "SR-20931"), ("RITM 0012345", "RITM0012345"),
    ("", None), ("x" * 61, None),
])
def test_references_are_stored_as_they_are_looked_up(raw: str, stored: str | None) -> None:
    assert normalise_external(raw) == stored


def ticket(session, requester: str, *, origin: str = "incident", external: str | None = None):
    report = IncidentReport(service="VPN", description="le VPN coupe", impact=3, urgency=2, requester=requester,
                            channel="slack", conversation_id=requester, language="fr", origin=origin)
    created = open_ticket(db_session=session, report=report)
    created.external_ref = external
    return created


@pytest.fixture
def tickets(session_factory) -> dict[str, str]:
    with unit_of_work(session_factory) as session:
        return {"ann_imported": ticket(session, "ann", external="INC0012345").number,
                "ann_request": ticket(session, "ann", origin="service_request").number,
                "bob_imported": ticket(session, "bob", external="815").number,
                "ann_ours": ticket(session, "ann").number}


def found(session, text: str, viewer: Viewer) -> str | None:
    reference = find_reference(text)
    assert reference is not None
    result = find_ticket(db_session=session, viewer=viewer, reference=reference)
    return None if result is None else result.number


def test_an_imported_ticket_is_found_by_its_old_reference(session_factory, tickets) -> None:
    with session_factory() as session:
        assert found(session, "où en est INC0012345 ?", Viewer("ann")) == tickets["ann_imported"]
        assert found(session, "ticket 815 ?", Viewer("bob")) == tickets["bob_imported"]


def test_ours_are_found_by_number_and_a_bare_number_by_id_whatever_the_type(session_factory, tickets) -> None:
    with session_factory() as session:
        assert found(session, "INC-000004", Viewer("ann")) == tickets["ann_ours"] == "INC-000004"
        assert found(session, "INC000004", Viewer("ann")) == "INC-000004"  # no import has that reference
        assert tickets["ann_request"] == "REQ-000002"
        assert found(session, "ticket 02 ?", Viewer("ann")) == "REQ-000002"


def test_another_requesters_ticket_is_as_unknown_as_a_missing_one(session_factory, tickets) -> None:
    with session_factory() as session:
        assert found(session, "ticket 815", Viewer("ann")) is None  # bob's import; ann has no ticket 815 of ours
        assert found(session, "INC0012345", Viewer("bob")) is None
        assert found(session, "RITM0099999", Viewer("bob")) is None
        assert found(session, "INC-ABC", Viewer("ann", agent=True)) is None
        assert found(session, "INC0012345", Viewer("desk", agent=True)) == tickets["ann_imported"]
