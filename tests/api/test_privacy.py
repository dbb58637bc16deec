"""GET and DELETE /privacy/people/{person}: admin keys only, the caller's client alone, each request recorded."""

from urllib.parse import quote

import pytest
from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.privacy.anonymise import MARKER, pseudonym
from servicedesk.privacy.models import PrivacyRequest
from servicedesk.tickets.service import IncidentReport, open_incident

PERSON = "user@client.example"  # the requester of every ticket of tests/api/conftest.py, in both clients


def _path(person: str) -> str:
    return f"/privacy/people/{quote(person, safe='')}"


def _ledger(desk, slug: str) -> list[tuple[str, str | None, str]]:
    with desk.registry.session_factory(slug)() as session:
        rows = session.scalars(select(PrivacyRequest).order_by(PrivacyRequest.id))
        return [(row.kind, row.person, row.actor) for row in rows]


def test_an_admin_exports_a_persons_data(desk) -> None:
    response = desk.http.get(_path(PERSON), headers=desk.auth("alpha-admin"))
    assert response.status_code == 200, response.text
    export = response.json()
    assert [t["number"] for t in export["tickets"]] == ["INC-000001", "INC-000002"]
    assert export["tickets"][0]["description"] == "alpha: Outlook crashes at start-up"
    assert _ledger(desk, "alpha") == [("export", PERSON, "api:alpha-admin")] and _ledger(desk, "bravo") == []


@pytest.mark.parametrize("key", ["alpha-agent", "alpha-integration", "bravo-agent"])
def test_other_roles_may_neither_read_nor_erase(desk, key) -> None:
    assert desk.http.get(_path(PERSON), headers=desk.auth(key)).status_code == 403
    assert desk.http.delete(_path(PERSON), headers=desk.auth(key)).status_code == 403
    assert desk.ticket("alpha", "INC-000001").requester == PERSON
    assert _ledger(desk, "alpha") == _ledger(desk, "bravo") == []


def test_without_a_key_nothing_is_answered(desk) -> None:
    assert desk.http.get(_path(PERSON)).status_code == 401
    assert desk.http.delete(_path(PERSON)).status_code == 401


def test_an_admin_erases_a_person_in_their_client_only(desk) -> None:
    response = desk.http.delete(_path(PERSON), headers=desk.auth("alpha-admin"))
    assert response.status_code == 200, response.text
    assert response.json()["person"] == PERSON and response.json()["counts"]["tickets_anonymised"] == 2
    erased = desk.ticket("alpha", "INC-000001")
    assert (erased.requester, erased.description, erased.status) == (pseudonym(PERSON), MARKER, "new")
    kept = desk.ticket("bravo", "INC-000001")  # the same address at another client is another client's business
    assert (kept.requester, kept.description) == (PERSON, "bravo: the VPN drops every hour")
    assert _ledger(desk, "alpha") == [("erasure", PERSON, "api:alpha-admin")] and _ledger(desk, "bravo") == []
    again = desk.http.get(_path(PERSON), headers=desk.auth("alpha-admin")).json()
    assert again["tickets"] == [] and again["privacy_requests"][0]["kind"] == "erasure"


def test_another_clients_person_is_not_found_and_not_erased(desk) -> None:
    with unit_of_work(desk.registry.session_factory("bravo")) as session:
        open_incident(db_session=session, report=IncidentReport(
            service="VPN", description="bravo only", impact=3, urgency=3, requester="slack:TB:U7", channel="slack",
            conversation_id="slack:TB:D7", language="en"))
    export = desk.http.get(_path("slack:TB:U7"), headers=desk.auth("alpha-admin")).json()
    assert export["tickets"] == [] and export["conversations"] == []
    erased = desk.http.delete(_path("slack:TB:U7"), headers=desk.auth("alpha-admin")).json()
    assert set(erased["counts"].values()) == {0}
    assert desk.ticket("bravo", "INC-000004").requester == "slack:TB:U7"
    assert _ledger(desk, "bravo") == []
