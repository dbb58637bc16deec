"""The API's own errors, and every error as an HTTP answer in one place: {"detail": words} with the status that
says what to do.

    ApiError                 base class: what only the REST API refuses (the domain raises ServiceDeskError)
    ├── KeyMissing           no `Authorization: Bearer <key>` header
    ├── RoleForbidden        the key's role does not allow the route
    ├── ResolveByStatus      a status change to resolved, which only POST /tickets/{number}/resolve makes
    └── CatalogueDown        the client catalogue does not answer (the health probe's one failure)

_ANSWERS is the one table: for each kind of domain or API error, its status and, where the API words it itself
rather than letting the error say itself, how. The most specific kind listed wins; an error of a kind not
listed is a 400 that says itself. Routes raise these errors and never build an HTTPException for them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from servicedesk.errors import (
    AccountUnknown,
    ApprovalStateReserved,
    ClientUnknown,
    GroupUnknown,
    IllegalTransition,
    InvalidApiKey,
    InvalidClosureCode,
    InvalidSettings,
    MissingClosureCodes,
    NoLiveConversation,
    NoSettingsLoaded,
    NotAProblem,
    NothingToTakeOver,
    RemoteAssistanceRefused,
    ReopenWindowPassed,
    ServiceDeskError,
    SettingsFileMissing,
    TicketNotFound,
    UploadRefused,
)


class ApiError(Exception):
    """Base class of every error the REST API raises on purpose for a condition of its own."""


class KeyMissing(ApiError):
    def __init__(self) -> None:
        super().__init__("an API key is required: Authorization: Bearer <key>")


class RoleForbidden(ApiError):
    def __init__(self, role: str) -> None:
        super().__init__(f"a key with role {role!r} cannot do this")
        self.role = role


class ResolveByStatus(ApiError):
    """Resolving needs the closure codes, which a status change does not carry."""

    def __init__(self) -> None:
        super().__init__("resolving needs the closure codes: POST /tickets/{number}/resolve")


class CatalogueDown(ApiError):
    def __init__(self) -> None:
        super().__init__("the client catalogue does not answer")


@dataclass(frozen=True)
class Answer:
    """What a kind of error becomes: its status, and the words of its `detail`."""

    status: int
    words: Callable[[Any], str] = str


_ANSWERS: dict[type[ServiceDeskError | ApiError], Answer] = {
    TicketNotFound: Answer(status.HTTP_404_NOT_FOUND),
    IllegalTransition: Answer(status.HTTP_409_CONFLICT),
    # Pending on approval by hand: only the approvals' use case puts a ticket there (it asks the approvers).
    ApprovalStateReserved: Answer(status.HTTP_409_CONFLICT),
    ReopenWindowPassed: Answer(status.HTTP_409_CONFLICT),
    NothingToTakeOver: Answer(status.HTTP_409_CONFLICT),
    NoLiveConversation: Answer(status.HTTP_409_CONFLICT),
    RemoteAssistanceRefused: Answer(status.HTTP_409_CONFLICT),
    UploadRefused: Answer(status.HTTP_409_CONFLICT),  # an upload link for a ticket no longer open
    MissingClosureCodes: Answer(status.HTTP_422_UNPROCESSABLE_CONTENT),
    InvalidClosureCode: Answer(status.HTTP_422_UNPROCESSABLE_CONTENT),
    GroupUnknown: Answer(status.HTTP_422_UNPROCESSABLE_CONTENT),
    NotAProblem: Answer(status.HTTP_422_UNPROCESSABLE_CONTENT),
    # An agent to give a ticket to that is not one of the client's for its group, whether or not the login exists.
    AccountUnknown: Answer(status.HTTP_422_UNPROCESSABLE_CONTENT),
    InvalidApiKey: Answer(status.HTTP_401_UNAUTHORIZED),
    # The key's client was deactivated between the key check and the database lookup.
    ClientUnknown: Answer(status.HTTP_401_UNAUTHORIZED),
    # The client has no settings loaded yet: the desk is not ready. The words clients have always read.
    NoSettingsLoaded: Answer(status.HTTP_503_SERVICE_UNAVAILABLE, lambda _error: (
        "<database>: invalid settings\n  - no settings loaded: python -m servicedesk settings load")),
    # A settings document refused: its problems, without the error's own text, which names the file on the server.
    InvalidSettings: Answer(status.HTTP_422_UNPROCESSABLE_CONTENT,
                            lambda error: "invalid settings: " + "; ".join(error.problems)),
    SettingsFileMissing: Answer(status.HTTP_404_NOT_FOUND,
                                lambda _error: "the server has no settings file for this client"),
    KeyMissing: Answer(status.HTTP_401_UNAUTHORIZED),
    RoleForbidden: Answer(status.HTTP_403_FORBIDDEN),
    ResolveByStatus: Answer(status.HTTP_422_UNPROCESSABLE_CONTENT),
    CatalogueDown: Answer(status.HTTP_503_SERVICE_UNAVAILABLE),
}
_OTHERWISE = Answer(status.HTTP_400_BAD_REQUEST)


def answer_of(error: ServiceDeskError | ApiError) -> Answer:
    """The row of the error's most specific kind in the table (a subclass inherits its parent's answer)."""
    for kind in type(error).__mro__:
        if kind in _ANSWERS:
            return _ANSWERS[kind]
    return _OTHERWISE


async def _refused(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ServiceDeskError | ApiError)
    answer = answer_of(error)
    headers = {"WWW-Authenticate": "Bearer"} if answer.status == status.HTTP_401_UNAUTHORIZED else None
    return JSONResponse({"detail": answer.words(error)}, status_code=answer.status, headers=headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ServiceDeskError, _refused)
    app.add_exception_handler(ApiError, _refused)
