"""A client's articles in the editors' studio (issue 15, items 1 and 3): list and search the KB, edit an article's
Markdown with a live preview, save it as a draft or publish it, its versions compared and restored.

    GET  /clients/{slug}/articles?q=&kind=&language=     the KB's articles, known errors and problems, with how often
                                                         level 1 proposed each, solved and failed with it
    GET  /clients/{slug}/articles/new                    the editor, empty
    POST /clients/{slug}/articles                        a new article (step=draft or step=publish)
    GET  /clients/{slug}/articles/{doc_id}               the editor: the studio's article, or the KB folder's as
                                                         indexed (saving it makes it the studio's, version 1 being
                                                         what the folder said)
    POST /clients/{slug}/articles/{doc_id}               a new version (step=draft or step=publish)
    GET  /clients/{slug}/articles/{doc_id}/versions      every version with who and when; ?old=&new= their diff
    POST /clients/{slug}/articles/{doc_id}/restore       a new version from an old one (number, step)
    POST /clients/{slug}/articles/preview                the Markdown of `body` as the preview shows it (a fragment)
    POST /clients/{slug}/articles/from-ticket/{number}   a draft from a resolved ticket, its personal data removed
    POST /clients/{slug}/articles/from-ticket            the same, the ticket's number in the form (the list's)

Everything here is the `edit_kb` right (servicedesk/accounts/rules.py: editors, leads, admins) on a client the
account is granted: another client answers 404 as one that does not exist, an agent 403. Forms carry the CSRF
token (console/csrf.py); the preview's script sends it as X-CSRF-Token. Publishing commits the version, then
hands the client's KB the live version (kb_index.upsert), so that the next search finds it.
"""

import logging
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi import Path as PathParameter
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

import kb_index
from console.article_preview import preview
from console.article_rows import rows, state_of
from console.article_texts import explain_article
from console.client_desk import ClientPlace, client_place
from console.errors import not_found
from console.pages import HEADERS, language, render
from console.routes.signin import address_of
from console.routes.ticket import ticket_of
from console.session import SignedIn
from console.state import Console, ConsoleDep
from console.texts import say
from kb_index import ingest, listing
from servicedesk.accounts import audit
from servicedesk.accounts.models import AgentAccount
from servicedesk.accounts.rules import Action
from servicedesk.accounts.service import Agent
from servicedesk.articles import drafts, service
from servicedesk.articles.content import KINDS, LANGUAGES, Content, diff, quoted_error
from servicedesk.articles.errors import ArticleNotFound, InvalidArticle
from servicedesk.articles.models import Article
from servicedesk.articles.service import Publication
from servicedesk.database import unit_of_work

router = APIRouter()
_logger = logging.getLogger(__name__)
EDIT: Action = "edit_kb"
DocId = Annotated[str, PathParameter(pattern=r"^[a-z0-9][a-z0-9._-]{0,119}$")]


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _based_on(form: FormData) -> int | None:
    """The version the editor's page showed (none: the KB folder's article, or a form without it)."""
    value = _text(form, "based_on")
    return int(value) if value.isdigit() else None


def _content(form: FormData) -> Content:
    return Content(title=_text(form, "title"), kind=_text(form, "kind"), language=_text(form, "language"),
                   body=_text(form, "body"), services=tuple(str(name) for name in form.getlist("services")),
                   error_text=_text(form, "error_text"))


def _index(slug: str, live: Publication | None) -> bool:
    """The live version into the client's KB, once committed; False when the index could not take it."""
    if live is None:
        return True
    try:
        kb_index.upsert(slug, kb_index.Document(**live.as_dict()))
    except Exception:  # the version is kept; the editor is told to publish again
        _logger.warning("could not publish %s to the knowledge base of %s", live.doc_id, slug, exc_info=True)
        return False
    return True


def _audit(request: Request, console: Console, agent: Agent, kind: audit.Kind, detail: str) -> None:
    """The studio's step in the desk's audit trail (servicedesk/accounts/audit.py), once the client's committed."""
    with unit_of_work(console.catalogue) as db_session:
        audit.record(db_session=db_session, kind=kind, login=agent.login, via="console",
                     account=db_session.get(AgentAccount, agent.id), address=address_of(request), detail=detail)


def _done(request: Request, slug: str, doc_id: str, key: str, indexed: bool = True, **values: Any) -> Response:
    lang = language(request)
    request.session["flash"] = ({"kind": "notice", "text": say(key, lang, **values)} if indexed
                                else {"kind": "alert", "text": say("articles.index_failed", lang)})
    return RedirectResponse(f"/clients/{slug}/articles/{quote(doc_id)}", status_code=303)


@router.get("/clients/{slug}/articles")
def articles(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, q: str = "", kind: str = "",
             language: str = "") -> Response:
    place = client_place(console, agent, slug, EDIT)
    kind = kind if kind in KINDS else ""
    language = language if language in LANGUAGES else ""
    with place.database() as db_session:
        found = rows(db_session=db_session, slug=slug, query=q[:500], kind=kind, language=language)
    return render(request, "articles/list.html", agent=agent, place=place, listing=found, query=q[:500], kind=kind,
                  language=language, kinds=KINDS, languages=LANGUAGES, flash=request.session.pop("flash", None))


@router.get("/clients/{slug}/articles/new")
def new(request: Request, console: ConsoleDep, agent: SignedIn, slug: str) -> Response:
    place = client_place(console, agent, slug, EDIT)
    return editor(request, agent, place, None, Content(title="", kind="article", language=place.language, body=""))


@router.post("/clients/{slug}/articles")
async def create(request: Request, console: ConsoleDep, agent: SignedIn, slug: str) -> Response:
    place = client_place(console, agent, slug, EDIT)
    form = await request.form()
    content, publish = _content(form), form.get("step") == "publish"
    try:
        with unit_of_work(place.database) as db_session:
            article = service.create(db_session=db_session, content=content, actor=agent.actor, publish=publish,
                                     catalogue=place.services)
            doc_id, live = article.doc_id, service.publication(article) if publish else None
    except InvalidArticle as error:
        return editor(request, agent, place, None, content, refusal=explain_article(error, language(request)),
                      status_code=422)
    if publish:
        _audit(request, console, agent, "article_published", f"{slug}: {doc_id} version 1")
    return _done(request, slug, doc_id, "articles.done.published" if publish else "articles.done.draft",
                 _index(slug, live))


@router.get("/clients/{slug}/articles/{doc_id}")
def article(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, doc_id: DocId) -> Response:
    place = client_place(console, agent, slug, EDIT)
    with place.database() as db_session:
        found = service.get(db_session=db_session, doc_id=doc_id)
        if found is not None:
            return editor(request, agent, place, found, service.content_of(found),
                          flash=request.session.pop("flash", None))
    indexed = _indexed(slug, doc_id)
    return editor(request, agent, place, None, indexed, doc_id=doc_id)


def _indexed(slug: str, doc_id: str) -> Content:
    """The KB folder's article as the index holds it (404 for none, and for a resolved ticket's document)."""
    document = listing.document(slug, doc_id)
    if document is None or document.kind not in KINDS:
        raise not_found()
    error = quoted_error(document.text) if document.kind == "known_error" else ""
    source = Path(document.source)
    services = ingest.services_of(source) if document.source and source.is_file() else ()
    return Content(title=document.title, kind=document.kind, language=document.language, body=document.text,
                   error_text=error, services=services)


@router.post("/clients/{slug}/articles/preview", response_class=HTMLResponse)
async def preview_fragment(request: Request, console: ConsoleDep, agent: SignedIn, slug: str) -> Response:
    client_place(console, agent, slug, EDIT)
    form = await request.form()
    return HTMLResponse(str(preview(_text(form, "body"))), headers=dict(HEADERS))


@router.post("/clients/{slug}/articles/from-ticket")
async def from_ticket_number(request: Request, console: ConsoleDep, agent: SignedIn, slug: str) -> Response:
    """The list's form: an editor, who may not open the ticket pages, names the resolved ticket by its number."""
    client_place(console, agent, slug, EDIT)
    return from_ticket(request, console, agent, slug, _text(await request.form(), "number").upper()[:40])


@router.post("/clients/{slug}/articles/from-ticket/{number}")
def from_ticket(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, number: str) -> Response:
    place = client_place(console, agent, slug, EDIT)
    hosts = place.desk.settings.privacy.personal_hosts if place.desk else ()
    try:
        with unit_of_work(place.database) as db_session:
            ticket = ticket_of(db_session, number)
            draft = drafts.draft_from_ticket(db_session=db_session, ticket=ticket, actor=agent.actor,
                                             personal_hosts=hosts)
            doc_id, made = draft.doc_id, ticket.number or number
    except InvalidArticle as error:
        request.session["flash"] = {"kind": "alert", "text": explain_article(error, language(request))}
        back = f"/clients/{slug}/tickets/{quote(number)}" if agent.may("work", slug) else f"/clients/{slug}/articles"
        return RedirectResponse(back, status_code=303)
    _audit(request, console, agent, "article_drafted_from_ticket", f"{slug}: {doc_id} from {made}")
    return _done(request, slug, doc_id, "articles.done.drafted", number=made)


@router.post("/clients/{slug}/articles/{doc_id}")
async def save(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, doc_id: DocId) -> Response:
    place = client_place(console, agent, slug, EDIT)
    form = await request.form()
    content, publish = _content(form), form.get("step") == "publish"
    try:
        with unit_of_work(place.database) as db_session:
            found = service.get(db_session=db_session, doc_id=doc_id)
            if found is None:  # the KB folder's article, edited here for the first time
                indexed = listing.document(slug, doc_id)
                found = service.adopt(db_session=db_session, doc_id=doc_id, content=_indexed(slug, doc_id),
                                      source=indexed.source if indexed else "", link=indexed.link if indexed else "")
            service.save(db_session=db_session, article=found, content=content, actor=agent.actor, publish=publish,
                         catalogue=place.services, based_on=_based_on(form))
            live, number = service.publication(found) if publish else None, found.published_version
    except InvalidArticle as error:
        with place.database() as db_session:
            current = service.get(db_session=db_session, doc_id=doc_id)
            return editor(request, agent, place, current, content, doc_id=doc_id, status_code=422,
                          refusal=explain_article(error, language(request)),
                          based_on=None if error.reason == "stale" else _based_on(form))
    if publish:
        _audit(request, console, agent, "article_published", f"{slug}: {doc_id} version {number}")
    return _done(request, slug, doc_id, "articles.done.published" if publish else "articles.done.draft",
                 _index(slug, live))


@router.get("/clients/{slug}/articles/{doc_id}/versions")
def versions(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, doc_id: DocId, old: int = 0,
             new: int = 0) -> Response:
    place = client_place(console, agent, slug, EDIT)
    with place.database() as db_session:
        found = service.get(db_session=db_session, doc_id=doc_id)
        if found is None:
            raise not_found()
        latest = found.versions[-1].number
        new = new if 1 <= new <= latest else latest
        old = old if 1 <= old <= latest else max(new - 1, 1)
        lines = diff(service.content_of(service.version(found, old)), service.content_of(service.version(found, new)),
                     names=(say("articles.version", language(request), number=old),
                            say("articles.version", language(request), number=new)))
        return render(request, "articles/versions.html", agent=agent, place=place, article=found, old=old, new=new,
                      lines=lines, flash=request.session.pop("flash", None))


@router.post("/clients/{slug}/articles/{doc_id}/restore")
async def restore(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, doc_id: DocId) -> Response:
    place = client_place(console, agent, slug, EDIT)
    form = await request.form()
    publish = form.get("step") == "publish"
    try:
        number = int(_text(form, "number"))
        with unit_of_work(place.database) as db_session:
            found = service.get_or_refuse(db_session=db_session, doc_id=doc_id)
            written = service.restore(db_session=db_session, article=found, number=number, actor=agent.actor,
                                      publish=publish).number
            live = service.publication(found) if publish else None
    except (ValueError, ArticleNotFound):
        raise not_found() from None
    _audit(request, console, agent, "article_restored", f"{slug}: {doc_id} version {number} as version {written}"
           + (", published" if publish else ""))
    return _done(request, slug, doc_id, "articles.done.restored", _index(slug, live), number=number)


def editor(request: Request, agent: Agent, place: ClientPlace, found: Article | None, content: Content,
           doc_id: str | None = None, status_code: int = 200, **context: Any) -> Response:
    """The editor page: `found` the studio's article (None: a new one, or the KB folder's `doc_id`)."""
    return render(request, "articles/edit.html", status_code, agent=agent, place=place, article=found,
                  content=content, doc_id=found.doc_id if found else doc_id, kinds=KINDS, languages=LANGUAGES,
                  state=state_of(found) if found else "folder" if doc_id else "draft",
                  rendered=preview(content.body), **{"flash": None, "refusal": None, **context})
