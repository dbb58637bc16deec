"""The REST API (python -m api, served by uvicorn as deployed) opens to a valid key only, within its role, and
on its own client's database only: another client's number is a 404 that reads exactly like a missing number.
"""

import re
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from servicedesk.clients.keys import hash_secret
from servicedesk.tickets.models import Ticket
from tests.security.servers import ACME_TEAM, Desk

pytestmark = pytest.mark.e2e

MISSING = "INC-999999"


def call(desk: Desk, method: str, path: str, key: str | None = None, json: Any = None,
         authorization: str | None = None) -> httpx.Response:
    headers = {"Authorization": authorization or f"Bearer {desk.api_keys[key]}"} if (key or authorization) else {}
    return desk.http.request(method, f"{desk.api_url}{path}", headers=headers, json=json)


@pytest.fixture
def acme_only(desk: Desk) -> str:
    """A number acme has and demo does not: acme opens tickets until its newest is past demo's. Asked again by each
    test, since a test before it may have opened demo tickets up to that number (the role probe does)."""
    with desk.clients["demo"]() as session:
        demo_numbers = set(session.scalars(select(Ticket.number)))
    while True:
        number = desk.open_ticket("acme", requester=f"slack:{ACME_TEAM}:UAPI{uuid.uuid4().hex[:6].upper()}",
                                  description="acme-api-only: the label printer of dock 4 prints blank labels")
        if number not in demo_numbers:
            return number


WRITES = [
    ("POST", "/status", {"to": "in_progress", "reason": "taking it"}),
    ("POST", "/assign", {"group": "Infrastructure", "reason": "network"}),
    ("POST", "/comments", {"body": "looking"}),
    ("POST", "/resolve", {"category": "software", "cause_code": "software_bug", "resolution_code": "fixed",
                          "solution": "patched"}),
    ("POST", "/assignee", {"agent": "alice"}),
    ("POST", "/escalate", {"group": "Experts", "reason": "needs an expert"}),
    ("POST", "/escalate/manager", {"reason": "waiting too long"}),
    ("POST", "/problem", {"problem": "PRB-000001"}),
    ("POST", "/pending", {"on": "requester", "reason": "asked for the serial number"}),
    ("POST", "/reopen", {"reason": "it broke again"}),
]


@pytest.mark.parametrize("authorization", [None, "Bearer rk_not-a-key-anybody-issued", "Bearer", "Basic x",
                                           "hashed"], ids=["none", "unknown key", "no key", "basic", "stored hash"])
def test_a_wrong_key_is_401_and_changes_nothing(desk: Desk, acme_only: str, authorization: str | None) -> None:
    if authorization == "hashed":  # what the catalogue keeps of a key opens nothing
        authorization = f"Bearer {hash_secret(desk.api_keys['acme-agent'])}"
    with desk.untouched():
        for method, suffix, body in [("GET", "", None), *WRITES]:
            response = call(desk, method, f"/tickets/{acme_only}{suffix}", json=body, authorization=authorization)
            assert response.status_code == 401, (suffix, response.text)
        assert call(desk, "GET", "/tickets", authorization=authorization).status_code == 401


def test_a_role_without_the_right_is_403_and_changes_nothing(desk: Desk) -> None:
    number = desk.open_ticket("demo", requester="api-role-probe", description="demo: the role probe's ticket")
    with desk.untouched():
        for method, suffix, body in [WRITES[0], WRITES[1], WRITES[3], *WRITES[4:],
                                     ("POST", "/takeover", {"reason": "help"})]:
            response = call(desk, method, f"/tickets/{number}{suffix}", "demo-integration", json=body)
            assert response.status_code == 403, (suffix, response.text)
        assert call(desk, "POST", "/settings/reload", "demo-agent").status_code == 403
    assert call(desk, "GET", f"/tickets/{number}", "demo-integration").status_code == 200  # the control


def _blanked(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, re.sub(r"INC-\d{6}", "INC-<n>", response.text)


def test_another_clients_number_is_a_404_like_a_missing_one(desk: Desk, acme_only: str) -> None:
    with desk.untouched("acme"):
        for method, suffix, body in [("GET", "", None), *WRITES]:
            theirs = call(desk, method, f"/tickets/{acme_only}{suffix}", "demo-agent", json=body)
            missing = call(desk, method, f"/tickets/{MISSING}{suffix}", "demo-agent", json=body)
            assert theirs.status_code == 404, (suffix, theirs.text)
            assert _blanked(theirs) == _blanked(missing), suffix
            assert "acme-api-only" not in theirs.text
        listed = call(desk, "GET", "/tickets", "demo-agent")
        assert listed.status_code == 200 and "acme-api-only" not in listed.text
    seen = call(desk, "GET", f"/tickets/{acme_only}", "acme-agent")  # the control: acme's own key
    assert seen.status_code == 200 and "acme-api-only" in seen.text
