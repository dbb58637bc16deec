"""Cross-site request forgery: every form carries the session's token (a synchronizer token, OWASP's first
choice), and every request that changes something must send it back.

The token is 32 random bytes kept in the session, so it travels in the signed, HttpOnly cookie and a page of
another site can neither read it nor forge it; it changes at each sign-in. `protect` runs before every route
(create_app's dependencies): a POST, PUT, PATCH or DELETE without the right token in its `csrf_token` field
(or X-CSRF-Token header) is answered 403, whatever the route, so a form added later is covered without a
thought. An Origin header naming another host is refused too (a second, independent check; SameSite=Lax is a
third).
"""

import secrets
from urllib.parse import urlsplit

from fastapi import HTTPException, Request, status

FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


def token(request: Request) -> str:
    """The session's token, made on first use (a browser that has not signed in yet gets one for the sign-in)."""
    value = request.session.get("csrf")
    if not isinstance(value, str) or not value:
        value = secrets.token_urlsafe(32)
        request.session["csrf"] = value
    return value


async def protect(request: Request) -> None:
    if request.method in SAFE:
        return
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc != request.headers.get("host"):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "error.foreign_form")
    expected = request.session.get("csrf")
    sent = request.headers.get(HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        field = (await request.form()).get(FIELD)
        sent = field if isinstance(field, str) else None
    if not isinstance(expected, str) or not sent or not secrets.compare_digest(sent, expected):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "error.csrf")  # a key of console/texts.py
