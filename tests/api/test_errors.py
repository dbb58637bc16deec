"""The API's one table of domain and API errors: the status each kind answers with and the words of its detail,
checked on a bare application so that every row is seen, reachable from a route today or not."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api import errors
from servicedesk.errors import (
    ClientUnknown,
    GroupUnknown,
    IllegalTransition,
    InvalidApiKey,
    InvalidClosureCode,
    InvalidRating,
    InvalidSettings,
    MissingClosureCodes,
    NoLiveConversation,
    NoSettingsLoaded,
    NothingToTakeOver,
    ReopenWindowPassed,
    ServiceDeskError,
    SettingsFileMissing,
    TicketNotFound,
)

CASES = [
    (TicketNotFound("INC-000042"), 404, "no ticket INC-000042"),
    (IllegalTransition("new", "closed", "close a resolved ticket"), 409,
     "cannot go from new to closed: close a resolved ticket"),
    (ReopenWindowPassed("INC-000042"), 409, "INC-000042 was closed too long ago to reopen"),
    (NothingToTakeOver("INC-000042", "closed"), 409, "INC-000042 is closed: nothing to take over"),
    (NoLiveConversation("INC-000042"), 409,
     "INC-000042 did not come from Slack, Teams or the web chat: no live conversation"),
    (MissingClosureCodes(["category", "solution"]), 422, "resolution needs: category, solution"),
    (InvalidClosureCode("category", "plumbing", ["software", "hardware"]), 422,
     "category 'plumbing' is not one of the client's codes: software, hardware"),
    (GroupUnknown("Plumbers"), 422, "no support group 'Plumbers' in the client's settings"),
    (InvalidApiKey(), 401, "unknown or revoked API key"),
    (ClientUnknown("alpha"), 401, "no active client for 'alpha'"),
    (NoSettingsLoaded(), 503,
     "<database>: invalid settings\n  - no settings loaded: python -m servicedesk settings load"),
    (InvalidSettings("/srv/relais/alpha/settings.yml", ["groups[0].level: at most 3", "client: required"]), 422,
     "invalid settings: groups[0].level: at most 3; client: required"),
    (SettingsFileMissing("alpha", "/srv/relais/alpha/settings.yml"), 404,
     "the server has no settings file for this client"),
    (errors.KeyMissing(), 401, "an API key is required: Authorization: Bearer <key>"),
    (errors.RoleForbidden("integration"), 403, "a key with role 'integration' cannot do this"),
    (errors.ResolveByStatus(), 422, "resolving needs the closure codes: POST /tickets/{number}/resolve"),
    (InvalidRating(7, "closed"), 400,  # not in the table: 400, in its own words
     "a rating is 1 to 5, on a closed ticket (got 7 on a closed ticket)"),
]


def _answer(error: ServiceDeskError | errors.ApiError) -> tuple[int, dict[str, str], str | None]:
    app = FastAPI()
    errors.install(app)

    @app.get("/fails")
    def fails() -> None:
        raise error

    response = TestClient(app).get("/fails")
    return response.status_code, response.json(), response.headers.get("www-authenticate")


@pytest.mark.parametrize(("error", "code", "detail"), CASES, ids=[type(case[0]).__name__ for case in CASES])
def test_each_kind_of_domain_error_has_its_status_and_words(error: ServiceDeskError | errors.ApiError, code: int,
                                                             detail: str) -> None:
    status_code, body, challenge = _answer(error)
    assert (status_code, body) == (code, {"detail": detail})
    assert challenge == ("Bearer" if code == 401 else None)


def test_a_subclass_answers_as_its_parent_does() -> None:
    class Stale(TicketNotFound):
        pass

    assert errors.answer_of(Stale("INC-000001")).status == 404
