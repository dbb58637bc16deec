"""A client's announcements (issue 14 item 5): major incidents in progress and planned changes, with their updates
and their end, told to the client's users through servicedesk.announcements (the outbox, then the doors).

    GET  /clients/{slug}/announcements                      current and past ones; the form for a new one
    GET  /clients/{slug}/announcements?ticket=INC-…         that form filled from a major incident, linked to it
    POST /clients/{slug}/announcements                      start one (kind, services, window, French and English)
    GET  /clients/{slug}/announcements/{id}                 one, its updates, the form for the next or the end
    POST /clients/{slug}/announcements/{id}/updates         post an update (step=update) or the end (step=end)

Every agent of the client reads them (what users were told is what agents are asked about); starting, updating
and ending one is the `announce` right of servicedesk/accounts/rules.py (leads and admins): an agent's POST is
answered 403. A client the agent is not granted answers 404 on every URL, an announcement of another client too.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from console.client_desk import ClientPlace, client_place
from console.errors import not_found
from console.pages import language, render
from console.session import SignedIn
from console.state import Console, ConsoleDep
from console.texts import explain, say
from servicedesk.accounts.service import Agent
from servicedesk.announcements import service
from servicedesk.announcements.models import Announcement
from servicedesk.database import unit_of_work
from servicedesk.errors import InvalidAnnouncement, TicketNotFound
from servicedesk.language import ENGLISH, FRENCH, Language
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import get_by_number

router = APIRouter()
LANGUAGES: tuple[Language, ...] = (FRENCH, ENGLISH)
MOMENT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends and shows
# An id a database can hold (a bigger one would overflow the driver rather than find nothing): else 400.
AnnouncementId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@dataclass(frozen=True)
class Shown:
    """An announcement as its pages show it, in the client's time."""

    announcement: Announcement
    state: str  # planned, in_progress, ended
    starts: datetime
    ends: datetime | None
    ended: datetime | None

    @classmethod
    def of(cls, announcement: Announcement, place: ClientPlace, now: datetime) -> "Shown":
        state = "ended" if announcement.ended_at else "planned" if announcement.starts_at > now else "in_progress"
        return cls(announcement, state, place.local(announcement.starts_at),
                   place.local(announcement.ends_at) if announcement.ends_at else None,
                   place.local(announcement.ended_at) if announcement.ended_at else None)


@router.get("/clients/{slug}/announcements")
def announcements(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, ticket: str = "") -> Response:
    """`ticket`: a major incident's number, to announce it (the desk's channel is offered that when it opens):
    the form comes filled with its service and title, and the announcement is linked to it."""
    place = client_place(console, agent, slug, "work")
    if not ticket or not agent.may("announce", slug):
        return listing(request, console, agent, place)
    try:
        with place.database() as db_session:
            incident = get_by_number(db_session=db_session, number=ticket.strip().upper())
            prefilled = FormData([("kind", "major_incident"), ("services", incident.service),
                                  ("ticket", incident.number or ""),
                                  *((f"title_{lang}", incident.title[:service.TITLE_LENGTH]) for lang in LANGUAGES)])
    except TicketNotFound as error:
        return listing(request, console, agent, place, refusal=explain(error, language(request)), status_code=404)
    return listing(request, console, agent, place, form=prefilled)


@router.post("/clients/{slug}/announcements")
async def start(request: Request, console: ConsoleDep, agent: SignedIn, slug: str) -> Response:
    place = client_place(console, agent, slug, "announce")
    form = await request.form()
    words: dict[str, dict[str, str]] = {
        lang: {"title": _text(form, f"title_{lang}"), "body": _text(form, f"body_{lang}")} for lang in LANGUAGES}
    own = words[place.language]
    try:
        starts, ends = _moment(form, "starts", place) or console.clock(), _moment(form, "ends", place)
    except ValueError:
        return listing(request, console, agent, place, refusal=say("announcements.bad_moment", language(request)),
                       form=form, status_code=422)
    try:
        with unit_of_work(place.database) as db_session:
            number = _text(form, "ticket")
            incident = get_by_number(db_session=db_session, number=number) if number else None
            announcement = service.create(
                db_session=db_session, kind=_text(form, "kind"), title=own["title"], body=own["body"],
                services=[str(name) for name in form.getlist("services")], starts_at=starts, ends_at=ends,
                targeted=form.get("targeted") == "1", client_language=place.language, translations=words,
                catalogue=place.services, ticket_id=incident.id if incident else None)
            made = announcement.id
    except (InvalidAnnouncement, TicketNotFound) as error:
        return listing(request, console, agent, place, refusal=explain(error, language(request)), form=form,
                       status_code=422)
    return RedirectResponse(f"/clients/{slug}/announcements/{made}?done=started", status_code=303)


@router.get("/clients/{slug}/announcements/{announcement_id}")
def announcement(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, announcement_id: AnnouncementId,
                 done: str = "") -> Response:
    place = client_place(console, agent, slug, "work")
    done = done if done in ("started", "updated", "ended") else ""
    return detail(request, console, agent, place, announcement_id, done=done)


@router.post("/clients/{slug}/announcements/{announcement_id}/updates")
async def post_update(request: Request, console: ConsoleDep, agent: SignedIn, slug: str,
                      announcement_id: AnnouncementId) -> Response:
    place = client_place(console, agent, slug, "announce")
    form = await request.form()
    words: dict[str, str] = {lang: _text(form, f"body_{lang}") for lang in LANGUAGES}
    final = form.get("step") == "end"
    try:
        with unit_of_work(place.database) as db_session:
            found = service.get(db_session=db_session, announcement_id=announcement_id)
            if found is None:
                raise not_found()
            service.update(db_session=db_session, announcement=found, body=words[place.language], final=final,
                           client_language=place.language, translations=words)
    except InvalidAnnouncement as error:
        return detail(request, console, agent, place, announcement_id, refusal=explain(error, language(request)),
                      form=form, status_code=422)
    done = "ended" if final else "updated"
    return RedirectResponse(f"/clients/{slug}/announcements/{announcement_id}?done={done}", status_code=303)


def listing(request: Request, console: Console, agent: Agent, place: ClientPlace, status_code: int = 200,
            **context: Any) -> Response:
    now = console.clock()
    with place.database() as db_session:
        shown = [Shown.of(found, place, now) for found in service.get_all(db_session=db_session)]
        return render(request, "announcements.html", status_code, agent=agent, place=place, shown=shown,
                      may_announce=agent.may("announce", place.slug), languages=LANGUAGES,
                      default_start=place.local(now).strftime(MOMENT), **{"form": {}, **context})


def detail(request: Request, console: Console, agent: Agent, place: ClientPlace, announcement_id: int,
           status_code: int = 200, **context: Any) -> Response:
    with place.database() as db_session:
        found = service.get(db_session=db_session, announcement_id=announcement_id)
        if found is None:
            raise not_found()
        linked = db_session.get(Ticket, found.ticket_id) if found.ticket_id else None
        return render(request, "announcement.html", status_code, agent=agent, place=place,
                      ticket_number=linked.number if linked else None,
                      shown=Shown.of(found, place, console.clock()), may_announce=agent.may("announce", place.slug),
                      languages=LANGUAGES, **{"form": {}, **context})


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _moment(form: FormData, name: str, place: ClientPlace) -> datetime | None:
    """A moment the form gives in the client's time; none when left empty (ValueError: not one)."""
    value = _text(form, name)
    return datetime.strptime(value, MOMENT).replace(tzinfo=place.zone) if value else None
