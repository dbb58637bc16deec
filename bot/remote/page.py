"""A remote session's page, for its requester only (the signed link of bot/remote/links.py):

    GET  /remote/{token}        the question (agree or decline), or where the session is: the steps, the
                                invitation's link, the field for a session code, the end
    POST /remote/{token}        answer=yes|no: the consent, recorded first; a yes to MeshCentral makes the
                                invitation at once (or on the watcher's next pass when the server is down)
    POST /remote/{token}/code   code=…: the session code of Quick Assist, RustDesk, on the ticket for the technician

The token is the only key: an unknown, forged or expired one, a session of another requester or of a ticket no
longer theirs all get the same page, "this link is not valid". The page never leaks its token onwards
(Referrer-Policy: no-referrer, not cached), and it cannot be framed.
"""

import asyncio
import html
from pathlib import Path

from fastapi import APIRouter, Form, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.directory import Directory
from bot.errors import SecretMissing, TokenRefused
from bot.remote.links import PATH, Grant, RemoteLinks
from bot.texts import say
from bot.webchat import secret_store
from servicedesk.errors import RemoteAssistanceRefused, ServiceDeskError
from servicedesk.language import Language, language_of
from servicedesk.remote import flows, service
from servicedesk.remote.models import ASKED, CONSENTED, INVITED, JOINED, REFUSED, RemoteSession
from servicedesk.remote.tools import invitation_hours, provider_for
from servicedesk.tickets.models import Ticket

_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
            "Content-Security-Policy": "default-src 'none'; style-src 'self'; form-action 'self'; "
                                       "frame-ancestors 'none'"}


class RemotePage:
    def __init__(self, directory: Directory, links: RemoteLinks, secrets_dir: Path) -> None:
        self.directory, self.links, self.secrets_dir = directory, links, secrets_dir
        self.router = APIRouter()
        self.router.add_api_route(PATH + "{token}", self.show, methods=["GET"])
        self.router.add_api_route(PATH + "{token}", self.answer, methods=["POST"])
        self.router.add_api_route(PATH + "{token}/code", self.code, methods=["POST"])

    async def show(self, token: str) -> Response:
        try:
            grant = self.links.verify(token)
            session, ticket = await asyncio.to_thread(self._read, grant)
        except (TokenRefused, ServiceDeskError):
            return _gone()
        return _page(session, ticket, PATH + token)

    async def answer(self, token: str, answer: str = Form("")) -> Response:
        try:
            grant = self.links.verify(token)
            await asyncio.to_thread(self._consent, grant, answer == "yes")
        except RemoteAssistanceRefused as refused:
            if refused.reason != "answered":
                return _gone()
        except (TokenRefused, ServiceDeskError):
            return _gone()
        return RedirectResponse(PATH + token, status_code=status.HTTP_303_SEE_OTHER, headers=_HEADERS)

    async def code(self, request: Request, token: str, code: str = Form("")) -> Response:
        try:
            grant = self.links.verify(token)
            await asyncio.to_thread(self._code, grant, code)
        except RemoteAssistanceRefused as refused:
            if refused.reason == "bad_code":
                session, ticket = await asyncio.to_thread(self._read, grant)
                return _page(session, ticket, PATH + token, problem="remote.page_bad_code")
            return _gone()
        except (TokenRefused, ServiceDeskError):
            return _gone()
        return RedirectResponse(PATH + token, status_code=status.HTTP_303_SEE_OTHER, headers=_HEADERS)

    # --- in a worker thread: the database and the tool ------------------------------------------------------

    def _read(self, grant: Grant) -> tuple[RemoteSession, Ticket]:
        with self.directory.sessions(grant.client)() as db_session:
            return service.get_for_requester(db_session=db_session, session_id=grant.session,
                                             requester=grant.requester)

    def _consent(self, grant: Grant, consent: bool) -> None:
        factory = self.directory.sessions(grant.client)
        with factory() as db_session:
            settings = self.directory.desk(db_session).settings
        provider = None
        if settings.remote.provider == "meshcentral":
            try:
                provider = provider_for(settings, secret=lambda ref: secret_store.read(ref,
                                                                                     directory=self.secrets_dir))
            except SecretMissing:  # the consent is kept all the same; the watcher says what is missing
                provider = None
        flows.consent(factory, session_id=grant.session, requester=grant.requester, consent=consent,
                      provider=provider, hours=invitation_hours(settings))

    def _code(self, grant: Grant, code: str) -> None:
        with self.directory.unit_of_work(grant.client) as db_session:
            service.give_code(db_session=db_session, session_id=grant.session, requester=grant.requester, code=code)


def _page(session: RemoteSession, ticket: Ticket, action: str, problem: str | None = None) -> HTMLResponse:
    lang = language_of(ticket.language)
    words = _Words(lang, tool=session.tool, number=ticket.number or "")
    body = [f"<h1>{words('remote.page_title')}</h1>"]
    if problem:
        body.append(f'<p role="alert" class="alert">{words(problem)}</p>')
    if session.state == ASKED:
        body += [f"<p>{words('remote.page_question', title=ticket.title)}</p>",
                 f"<p>{words('remote.page_promise')}</p>",
                 f'<form method="post" action="{html.escape(action)}">'
                 f'<button type="submit" name="answer" value="yes">{words("remote.page_yes")}</button> '
                 f'<button type="submit" name="answer" value="no">{words("remote.page_no")}</button></form>']
    elif session.state == REFUSED:
        body.append(f"<p>{words('remote.page_refused')}</p>")
    elif session.provider == "code" and session.state in (CONSENTED, JOINED):
        if session.state == JOINED:
            body.append(f'<p role="status">{words("remote.page_code_sent")}</p>')
        body += [f"<p>{words('remote.page_steps')}</p><ol>",
                 f"<li>{words('remote.page_code_step1')}</li><li>{words('remote.page_code_step2')}</li>",
                 f"<li>{words('remote.page_code_step3')}",
                 f'<form method="post" action="{html.escape(action)}/code">'
                 f'<label for="code">{words("remote.page_code_label")}</label> '
                 f'<input id="code" name="code" autocomplete="off" maxlength="120" required> '
                 f'<button type="submit">{words("remote.page_code_send")}</button></form></li></ol>']
    elif session.state == CONSENTED:
        body.append(f'<p role="status">{words("remote.page_waiting")}</p>')
    elif session.state == INVITED and session.invitation_url:
        url = html.escape(session.invitation_url)
        body += [f"<p>{words('remote.page_steps')}</p><ol>",
                 f'<li>{words("remote.page_step1")} <a href="{url}" rel="noreferrer">{url}</a></li>',
                 f"<li>{words('remote.page_step2')}</li><li>{words('remote.page_step3')}</li></ol>"]
    elif session.state == JOINED:
        body.append(f'<p role="status">{words("remote.page_joined")}</p>')
    else:
        body.append(f"<p>{words('remote.page_over')}</p>")
    return HTMLResponse(_document(lang, words("remote.page_title"), "\n".join(body)), headers=_HEADERS)


def _gone() -> HTMLResponse:
    text = "".join(f'<p lang="{lang}">{html.escape(say("remote.page_gone", lang))}</p>' for lang in ("fr", "en"))
    return HTMLResponse(_document("fr", "Relais", text), status_code=status.HTTP_404_NOT_FOUND, headers=_HEADERS)


def _document(lang: str, title: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="stylesheet" href="/webchat/static/chat.css"></head>
<body><main class="notice remote">
{body}
</main></body></html>
"""


class _Words:
    """The page's sentences in its reader's language, escaped, with the session's tool and number filled in."""

    def __init__(self, lang: Language, **values: str) -> None:
        self.lang, self.values = lang, values

    def __call__(self, key: str, **more: str) -> str:
        return html.escape(say(key, self.lang, **{**self.values, **more}), quote=False)
