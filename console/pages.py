"""Rendering a page: the Jinja2 templates of console/templates (autoescaped), handed what every page shows (the
signed-in agent, if any, and the session's CSRF token for its forms) besides its own context."""

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from console import csrf

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


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context = {"agent": None, **context, "csrf_field": csrf.FIELD, "csrf_token": csrf.token(request)}
    return templates.TemplateResponse(request, template, context, status_code=status_code, headers=dict(HEADERS))
