"""The console's answers when something is refused, in one place: no session → the sign-in page (and back after);
any other HTTP error → a page saying it, without a trace of what the server knows. A client the agent may not work
on answers exactly as a client that does not exist (404), so a guessed slug learns nothing."""

from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from console.pages import language, render
from console.session import NotSignedIn
from console.texts import TEXTS, say


def not_found() -> HTTPException:
    return HTTPException(404, "error.not_found")


def install(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def to_sign_in(request: Request, error: NotSignedIn) -> Response:
        query = {"next": error.path} | ({"expired": "1"} if error.expired else {})
        return RedirectResponse(f"/signin?{urlencode(query)}", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def unreadable(request: Request, error: RequestValidationError) -> Response:
        """A form or a parameter no page of ours sends (a megabyte "password", say): a page, never FastAPI's JSON."""
        lang = language(request)
        return render(request, "error.html", 400, title=say("error.400", lang), detail=say("error.unreadable", lang))

    @app.exception_handler(StarletteHTTPException)
    async def page(request: Request, error: StarletteHTTPException) -> Response:
        lang, code = language(request), error.status_code
        # A detail is one of the catalogue's keys, said in the reader's language; anything else (a framework's
        # own words) is not shown.
        key = error.detail if error.detail in TEXTS else "error.not_found" if code == 404 else "error.unanswerable"
        title = f"error.{code}" if f"error.{code}" in TEXTS else "error.other"
        response = render(request, "error.html", code, title=say(title, lang), detail=say(key, lang))
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response
