"""Domain errors as HTTP answers, in one place: {"detail": message} with the status that says what to do."""

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from servicedesk.errors import (
    ClientUnknown,
    IllegalTransition,
    InvalidApiKey,
    InvalidClosureCode,
    InvalidSettings,
    MissingClosureCodes,
    ReopenWindowPassed,
    ServiceDeskError,
    TicketNotFound,
)

_STATUS: dict[type[ServiceDeskError], int] = {
    TicketNotFound: status.HTTP_404_NOT_FOUND,
    IllegalTransition: status.HTTP_409_CONFLICT,
    ReopenWindowPassed: status.HTTP_409_CONFLICT,
    MissingClosureCodes: status.HTTP_422_UNPROCESSABLE_CONTENT,
    InvalidClosureCode: status.HTTP_422_UNPROCESSABLE_CONTENT,
    InvalidApiKey: status.HTTP_401_UNAUTHORIZED,
    # The key's client was deactivated between the key check and the database lookup.
    ClientUnknown: status.HTTP_401_UNAUTHORIZED,
    # Raised by the workflow only when the client has no settings loaded yet: the desk is not ready.
    InvalidSettings: status.HTTP_503_SERVICE_UNAVAILABLE,
}


def status_of(error: ServiceDeskError) -> int:
    for kind in type(error).__mro__:
        if kind in _STATUS:
            return _STATUS[kind]
    return status.HTTP_400_BAD_REQUEST


async def _domain_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ServiceDeskError)
    code = status_of(error)
    headers = {"WWW-Authenticate": "Bearer"} if code == status.HTTP_401_UNAUTHORIZED else None
    return JSONResponse({"detail": str(error)}, status_code=code, headers=headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ServiceDeskError, _domain_error)
