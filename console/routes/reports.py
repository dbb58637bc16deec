"""A client's reports on screen (issue 14 item 6): the figures of servicedesk.reports for a period, as tables with
their SVG charts, and the same figures as a CSV download.

    GET /clients/{slug}/reports?period=7|30|custom&from=YYYY-MM-DD&to=YYYY-MM-DD
    GET /clients/{slug}/reports.csv?…                 the same period's figures, one row each

Reading them is the `see_reports` right of servicedesk/accounts/rules.py (leads and admins: an agent gets 403); a
client the agent is not granted answers 404, exactly as one that does not exist.
"""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from console.client_desk import ClientPlace, client_place
from console.pages import HEADERS, language, render
from console.report_period import CHOICES, Period, UnreadablePeriod, period_of
from console.report_tables import Table, tables, to_csv
from console.session import SignedIn
from console.state import Console, ConsoleDep
from console.texts import say
from servicedesk.reports.metrics import compute
from servicedesk.reports.report import Report

router = APIRouter()


@router.get("/clients/{slug}/reports")
def reports(request: Request, console: ConsoleDep, agent: SignedIn, slug: str, period: str = "30") -> Response:
    place = client_place(console, agent, slug, "see_reports")
    asked, refusal = _period(request, console, place, period)
    report = _report(console, place, asked)
    lang = language(request)
    return render(request, "reports.html", agent=agent, place=place, period=asked, choices=CHOICES, refusal=refusal,
                  report=report, tables=tables(report, lambda key, **values: say(key, lang, **values)),
                  as_of=place.local(report.as_of))


@router.get("/clients/{slug}/reports.csv")
def reports_csv(request: Request, console: ConsoleDep, agent: SignedIn, slug: str) -> Response:
    place = client_place(console, agent, slug, "see_reports")
    asked, _ = _period(request, console, place, request.query_params.get("period", "30"))
    lang = language(request)
    figures: list[Table] = tables(_report(console, place, asked), lambda key, **values: say(key, lang, **values))
    name = f"relais-report-{place.slug}-{asked.first.isoformat()}-{asked.last.isoformat()}.csv"
    headers = {**HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    # A byte-order mark, so that a spreadsheet opened by a double click reads the accents as UTF-8.
    body = "\ufeff" + to_csv(figures, lambda key, **values: say(key, lang, **values))
    return Response(body.encode("utf-8"), media_type="text/csv; charset=utf-8", headers=headers)


def _period(request: Request, console: Console, place: ClientPlace, choice: str) -> tuple[Period, str]:
    """The period asked for, or the last 30 days with the reason the one asked for could not be."""
    params = request.query_params
    today = place.local(console.clock()).date()
    try:
        return period_of(choice, params.get("from"), params.get("to"), today=today, zone=place.zone), ""
    except UnreadablePeriod:
        return period_of("30", None, None, today=today, zone=place.zone), say("reports.bad_period", language(request))


def _report(console: Console, place: ClientPlace, period: Period) -> Report:
    with place.database() as db_session:
        return compute(db_session=db_session, start=period.start, end=period.end, now=console.clock(),
                       calendar=place.desk.business_calendar if place.desk else None)
