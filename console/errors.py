"""The console's answers when something is refused, in one place: no session → the sign-in page (and back after);
any other HTTP error → a page saying it, without a trace of what the server knows. A client the agent may not work
on answers exactly as a client that does not exist (404), so a guessed slug learns nothing."""

from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from console.pages import render
from console.session import NotSignedIn

TITLES = {403: "Not allowed", 404: "Not found", 405: "Not allowed", 429: "Too many attempts"}


def not_found() -> HTTPException:
    return HTTPException(404, "There is nothing at this address.")


def install(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def to_sign_in(request: Request, error: NotSignedIn) -> Response:
        query = {"next": error.path} | ({"expired": "1"} if error.expired else {})
        return RedirectResponse(f"/signin?{urlencode(query)}", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def unreadable(request: Request, error: RequestValidationError) -> Response:
        """A form or a parameter no page of ours sends (a megabyte "password", say): a page, never FastAPI's JSON."""
        return render(request, "error.html", 400, title="Not understood", detail="This request cannot be read.")

    @app.exception_handler(StarletteHTTPException)
    async def page(request: Request, error: StarletteHTTPException) -> Response:
        detail = error.detail if error.status_code in (403, 429) else "This request cannot be answered."
        if error.status_code == 404:
            detail = "There is nothing at this address."
        response = render(request, "error.html", error.status_code,
                          title=TITLES.get(error.status_code, "Error"), detail=detail)
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response
