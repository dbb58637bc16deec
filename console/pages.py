"""Rendering a page: the Jinja2 templates of console/templates (autoescaped), handed what every page shows (the
signed-in agent, if any, and the conversations waiting for its agents in the header; the session's CSRF token for its
forms, the reader's language and `t` to say things in it) besides its own context."""

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from console import csrf
from console.texts import language_of, say
from servicedesk.language import Language

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")

# No page is kept by a shared cache, none may be framed (clickjacking), none loads anything from elsewhere.
HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
}


def language(request: Request) -> Language:
    """The reader's language (console/texts.py): their browser's first choice of French or English."""
    return language_of(request.headers.get("accept-language"))


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    context = {"agent": None, **context, "csrf_field": csrf.FIELD, "csrf_token": csrf.token(request), "lang": lang,
               "t": lambda key, **values: say(key, lang, **values)}
    if context["agent"] is not None:  # the header's count, kept live by static/console.js
        context["waiting"] = request.app.state.console.watch.waiting(context["agent"].clients)
    return templates.TemplateResponse(request, template, context, status_code=status_code, headers=dict(HEADERS))
