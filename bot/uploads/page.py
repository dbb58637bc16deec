"""The upload page, served by the doors' process: the one Relais app users' browsers reach already (the web chat
is served from it, on the address the client's site links to). The console is for agents, behind their sign-in,
and the REST API for other tools, behind keys; a requester has neither, only the link.

    GET  /upload/{token}                 the page, in the ticket's language: drag and drop, and a plain file input
    POST /upload/{token}                 the files (multipart, field "files"): JSON for the page's script
                                         (Accept: application/json), a line per file for the scripts
                                         (Accept: text/plain), else a page (the form without script)
    GET  /upload/{token}/diagnose.sh     the diagnostic script for macOS and Linux, the link in it (?app=…)
    GET  /upload/{token}/diagnose.ps1    the same for Windows, in PowerShell

The token is the whole authority: signed (servicedesk.uploads.links), bound to one ticket of one client and to
its requester, expiring, and spent by the first upload that kept a file. A link that opens nothing is told in
its reader's language when its signature held (expired, used, closed), else in every language (forged), and
answers alike whatever is wrong with a forged one. Nothing a user sends is ever run here: scripts are only served.
"""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.datastructures import UploadFile

from bot.directory import Directory
from bot.errors import explain
from bot.texts import say, say_each, sentences
from bot.uploads import scripts
from bot.webchat import refusal_page
from servicedesk.errors import ClientUnknown, FileRefused, UploadRefused
from servicedesk.language import Language, language_of
from servicedesk.models import utcnow
from servicedesk.uploads import checks, config, links, scanning, store
from servicedesk.uploads.config import UploadSettings
from servicedesk.uploads.scanning import Scanner
from servicedesk.uploads.service import open_link, receive_upload
from servicedesk.uploads.store import FileStore

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent
_APP = re.compile(r"[^\w .+-]", re.UNICODE)
_STATUS = {"forged": 404, "expired": 410, "used": 410, "closed": 410}
_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
            "Content-Security-Policy": "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; "
                                       "form-action 'self'; frame-ancestors 'none'"}


def application(text: str | None) -> str:
    """The application the user named for the script, reduced to what is safe inside a script's quotes."""
    return _APP.sub("", (text or "").strip())[:60]


def _readers_language(refused: UploadRefused) -> Language | None:
    """The language a refusal is said in: its link's, when the signature held; none (every language) for a forged
    one, so that a forged link answers the same whatever it says."""
    grant = refused.grant
    return language_of(grant.language) if isinstance(grant, links.UploadGrant) and refused.reason != "forged" else None


class UploadPage:
    def __init__(self, directory: Directory, settings: UploadSettings, store: FileStore, scanner: Scanner) -> None:
        self.directory, self.settings, self.store, self.scanner = directory, settings, store, scanner
        self.templates = Environment(loader=FileSystemLoader(HERE / "templates"),
                                     autoescape=select_autoescape(["html"]))
        self.router = APIRouter()
        self.router.add_api_route(links.PATH + "{token}", self.page, methods=["GET"], include_in_schema=False)
        self.router.add_api_route(links.PATH + "{token}", self.upload, methods=["POST"], include_in_schema=False)
        self.router.add_api_route(links.PATH + "{token}/diagnose.{platform}", self.script, methods=["GET"],
                                  include_in_schema=False)
        self.router.mount("/upload-static", StaticFiles(directory=HERE / "static"), name="upload-static")

    def _grant(self, token: str) -> links.UploadGrant:
        grant = links.verify(token, self.settings.secret, now=utcnow())
        try:
            with self.directory.unit_of_work(grant.client) as session:
                open_link(db_session=session, grant=grant)
        except ClientUnknown:
            raise UploadRefused("forged") from None
        return grant

    def _refusal(self, refused: UploadRefused) -> HTMLResponse:
        language, key = _readers_language(refused), f"upload.link_{refused.reason}"
        said = {language: say(key, language)} if language else say_each(key)
        logger.info("upload link refused: %s", refused.reason)
        return HTMLResponse(refusal_page.render(said), status_code=_STATUS[refused.reason], headers=_HEADERS)

    async def page(self, token: str) -> Response:
        try:
            grant = await asyncio.to_thread(self._grant, token)
        except UploadRefused as refused:
            return self._refusal(refused)
        language = language_of(grant.language)
        words = sentences("upload")[language]
        max_mb = self.settings.max_bytes // (1024 * 1024)
        body = self.templates.get_template("upload.html").render(
            language=language, number=grant.number, words=words, token=token, max_files=checks.MAX_FILES,
            max_bytes=self.settings.max_bytes,
            intro=say("upload.intro", language, number=grant.number),
            title=say("upload.title", language, number=grant.number),
            limits=say("upload.limits", language, max_mb=max_mb, max_files=checks.MAX_FILES))
        return HTMLResponse(body, headers=_HEADERS)

    async def upload(self, request: Request, token: str) -> Response:
        accept = request.headers.get("accept", "")
        try:
            grant = links.verify(token, self.settings.secret, now=utcnow())
        except UploadRefused as refused:
            return self._refused_answer(refused, accept)
        language = language_of(grant.language)
        ceiling = checks.MAX_FILES * (self.settings.max_bytes + 64 * 1024)
        if int(request.headers.get("content-length") or 0) > ceiling:
            refused_file = FileRefused("too_large", name="", size=0, max=self.settings.max_bytes)
            return self._answer(accept, language, grant, kept=[], refused=[refused_file], status=413)
        form = await request.form(max_files=checks.MAX_FILES + 1, max_fields=10)
        files: list[tuple[str, bytes]] = []
        for item in form.getlist("files"):
            if isinstance(item, UploadFile):
                files.append((item.filename or "", await item.read(self.settings.max_bytes + 1)))
        await form.close()
        try:
            result = await asyncio.to_thread(self._receive, grant, files)
        except UploadRefused as refused:
            return self._refused_answer(refused, accept)
        except FileRefused as refused:
            return self._answer(accept, language, grant, kept=[], refused=[refused], status=400)
        return self._answer(accept, language, grant, kept=result[0], refused=result[1],
                            status=200 if result[0] else 400)

    def _receive(self, grant: links.UploadGrant, files: list[tuple[str, bytes]]) -> tuple[list[str],
                                                                                            list[FileRefused]]:
        try:
            with self.directory.unit_of_work(grant.client) as session:
                result = receive_upload(db_session=session, grant=grant, files=files, store=self.store,
                                        scanner=self.scanner, max_bytes=self.settings.max_bytes, now=utcnow())
                return [attachment.name for attachment in result.kept], result.refused
        except ClientUnknown:
            raise UploadRefused("forged") from None

    def _refused_answer(self, refused: UploadRefused, accept: str) -> Response:
        if "json" in accept or "text/plain" in accept:
            language, key = _readers_language(refused), f"upload.link_{refused.reason}"
            text = say(key, language) if language else "\n".join(say_each(key).values())
            status = _STATUS[refused.reason]
            if "json" in accept:
                return JSONResponse({"kept": [], "refused": [], "error": text}, status_code=status)
            return PlainTextResponse(text + "\n", status_code=status)
        return self._refusal(refused)

    def _answer(self, accept: str, language: Language, grant: links.UploadGrant, *, kept: list[str],
                refused: list[FileRefused], status: int) -> Response:
        said_kept = (say("upload.kept", language, count=len(kept), number=grant.number) if kept
                     else say("upload.kept_none", language, number=grant.number))
        said_refused = [explain(refusal, language) for refusal in refused]
        if "json" in accept:
            return JSONResponse({"kept": kept, "refused": said_refused, "said": said_kept}, status_code=status)
        if "text/plain" in accept:
            return PlainTextResponse("\n".join([said_kept, *said_refused]) + "\n", status_code=status)
        paragraphs = {language: "\n".join([said_kept, *said_refused])}
        return HTMLResponse(refusal_page.render(paragraphs), status_code=status, headers=_HEADERS)

    async def script(self, request: Request, token: str, platform: str) -> Response:
        if platform not in scripts.PLATFORMS:
            return PlainTextResponse("", status_code=404)
        try:
            grant = await asyncio.to_thread(self._grant, token)
        except UploadRefused as refused:
            return self._refusal(refused)
        link = links.url(self.settings.public_url, token)
        text = scripts.render(platform, link=link, number=grant.number,
                              app=application(request.query_params.get("app")))
        filename = f"relais-diagnose.{platform}"
        return Response(text, media_type="text/plain; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"',
                                 "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


def from_environment(directory: Directory) -> UploadPage:
    """The page as the environment configures it (servicedesk.uploads: config, store, scanning)."""
    return UploadPage(directory, config.from_environment(), store.from_environment(), scanning.from_environment())
