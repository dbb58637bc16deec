"""A client's people directory (issue 16 item 4's page): who is whose manager and who approves, as escalations and
approvals read it, with the directory's last import and a "Sync now" from its LDAP server.

    GET  /clients/{slug}/people?q=words&left=1      the people matching the words (all: none given), by name
    POST /clients/{slug}/people/sync                 import the LDAP directory of the client's settings now

Both are the `manage_people` right of servicedesk/accounts/rules.py (leads and admins of the client): an agent or
an editor is answered 403, and a client the account is not granted 404 exactly as one that does not exist, before
its database is opened (console/client_desk.py). The page reads only that client's own database, so no other
client's people can appear on it. The import is servicedesk.people.sync's, the one the supervisor's schedule and the
command line run: one run at a time per client, whoever starts it.
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import RedirectResponse, Response

from console.client_desk import ClientPlace, client_place
from console.pages import language, render
from console.session import SignedIn
from console.state import ConsoleDep
from console.texts import say
from servicedesk.language import Language
from servicedesk.people.listing import directory_page
from servicedesk.people.sync import next_due, sync_ldap
from servicedesk.settings.directory import Directory, written_every

router = APIRouter()
PAGE = "/clients/{slug}/people"
Words = Annotated[str, Query(max_length=200)]


@router.get("/clients/{slug}/people")
def people(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, q: Words = "",
           left: str = "") -> Response:
    place = client_place(console, agent, slug, "manage_people")
    settings = place.desk.settings if place.desk else None
    directory = settings.directory if settings else Directory()
    with place.database() as db_session:
        page = directory_page(db_session=db_session, settings=settings, search=q, include_left=bool(left))
    due = None
    if directory.ldap is not None:
        due = next_due(every=directory.sync_every, last_started=page.last.started_at if page.last else None,
                       last_outcome=page.last.outcome if page.last else None, now=console.clock())
    return render(request, "people.html", agent=agent, place=place, page=page, search=q, left=bool(left),
                  ldap=directory.ldap is not None, every=written_every(directory.sync_every),
                  next_due=place.local(due) if due else None, flash=request.session.pop("flash", None),
                  moment=lambda value: place.local(value).strftime("%Y-%m-%d %H:%M"))


@router.post("/clients/{slug}/people/sync")
def sync_now(request: Request, console: ConsoleDep, agent: SignedIn, slug: str) -> Response:
    place = client_place(console, agent, slug, "manage_people")
    request.session["flash"] = _synced(place, agent.actor, language(request))
    return RedirectResponse(PAGE.format(slug=slug), status_code=status.HTTP_303_SEE_OTHER)


def _synced(place: ClientPlace, actor: str, lang: Language) -> dict[str, str]:
    directory = place.desk.settings.directory if place.desk else Directory()
    if directory.ldap is None:
        return {"kind": "alert", "text": say("people.no_ldap", lang)}
    result = sync_ldap(sessions=place.database, directory=directory, trigger="console", actor=actor)
    if result is None:
        return {"kind": "alert", "text": say("people.sync_busy", lang)}
    if result.report is None:
        return {"kind": "alert", "text": say("people.sync_failed", lang, message=result.message)}
    report = result.report
    return {"kind": "notice" if not report.errors else "alert",
            "text": say("people.synced", lang, created=report.created, updated=report.updated,
                        unchanged=report.unchanged, deactivated=report.deactivated, refused=len(report.errors))}
