"""A client's reports in the console: the figures of the period asked for (last 7 or 30 days, or custom days) as
tables with their SVG charts, each chart named and tied to its table; who resolved (the KB in the chat against
level-1 and level-2 agents); the same figures as a CSV download; leads and admins only."""

import csv
import io
import re
from html import unescape

from servicedesk.database import unit_of_work
from servicedesk.settings.current import desk_of
from servicedesk.tickets import workflow
from servicedesk.tickets.kb_resolution import KnownFix, resolve_with_known_fix
from servicedesk.tickets.models import Ticket
from tests.console.conftest import NAMES

CODES = dict(category="software", cause_code="configuration", resolution_code="fixed", solution="Profil recréé")


def resolve_two(desk) -> None:
    """alpha's Outlook ticket resolved by the KB in the chat, its Printing one by a level-2 agent."""
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        client_desk = desk_of(db_session=session)
        outlook, printing = session.query(Ticket).order_by(Ticket.id).all()
        resolve_with_known_fix(db_session=session, ticket=outlook, desk=client_desk, actor="user@client.example",
                               fix=KnownFix("outlook-profil", "Recréer le profil Outlook"))
        workflow.assign(db_session=session, ticket=printing, group="Infrastructure", level=2, actor="console:lea",
                        agreements=client_desk)
        closure = client_desk.settings.closure
        workflow.resolve(db_session=session, ticket=printing, actor="console:lea", agreements=client_desk,
                         category=closure.categories[0].code, cause_code=closure.cause_codes[0].code,
                         resolution_code=closure.resolution_codes[0].code, solution="Bourrage retiré")


def rows_of(table_html: str) -> dict[str, list[str]]:
    return {unescape(label): re.findall(r'<td class="count">([^<]*)</td>', cells)
            for label, cells in re.findall(r'<th scope="row">([^<]*)</th>(.*?)</tr>', table_html, re.S)}


def table(page: str, key: str) -> str:
    found = re.search(rf'<table id="table-{key}">.*?</table>', page, re.S)
    assert found, key
    return found[0]


def test_a_lead_sees_the_last_30_days_with_charts_tied_to_their_tables(desk, signed_in) -> None:
    resolve_two(desk)
    http = signed_in("lea")
    answer = http.get("/clients/alpha/reports")
    assert answer.status_code == 200
    page = answer.text
    assert f"Reports on {NAMES['alpha']}" in page and 'id="period-30" name="period" value="30" checked' in page
    charts = re.findall(r'<svg [^>]*role="img"[^>]*aria-label="([^"]+)" aria-describedby="([^"]+)"', page)
    assert len(charts) >= 9
    for title, table_id in charts:
        assert f'<table id="{table_id}">' in page, title
    assert {"Who resolved", "SLA compliance by priority", "Backlog by age", "Satisfaction ratings", "Rates",
            "Tickets created by priority"} <= {title for title, _ in charts}
    assert rows_of(table(page, "summary"))["Tickets created"] == ["2"]
    assert rows_of(table(page, "resolvers")) == {
        "Without an agent (the KB in the chat)": ["1", "2", "50.0 %"], "Level 1 agents": ["0", "2", "0.0 %"],
        "Level 2 agents": ["1", "2", "50.0 %"]}
    sides = rows_of(table(page, "bot_and_humans"))
    assert sides["Bot"][:4] == ["1", "1", "1", "100.0 %"] and sides["Humans"][:4] == ["1", "0", "1", "0.0 %"]
    assert rows_of(table(page, "rates"))["Reopened"] == ["0", "2", "0.0 %"]
    assert "P3" in rows_of(table(page, "volumes_by_priority"))
    assert list(rows_of(table(page, "backlog_by_age"))) == ["<1d", "1-3d", "3-7d", ">7d"]


def test_the_period_picker(desk, signed_in) -> None:
    http = signed_in("lea")
    assert 'value="7" checked' in http.get("/clients/alpha/reports?period=7").text
    old = http.get("/clients/alpha/reports?period=custom&from=2020-01-01&to=2020-01-31").text
    assert "From 2020-01-01 to 2020-01-31 included" in old
    assert rows_of(table(old, "summary"))["Tickets created"] == ["0"]
    assert "Nothing in this period." in old  # no priority, no service: those tables are empty
    wrong = http.get("/clients/alpha/reports?period=custom&from=2020-02-01&to=2020-01-01")
    assert wrong.status_code == 200 and "Those days are not a period" in wrong.text
    assert 'value="30" checked' in wrong.text


def test_the_csv_holds_the_figures_of_the_page(desk, signed_in) -> None:
    resolve_two(desk)
    http = signed_in("lea")
    answer = http.get("/clients/alpha/reports.csv?period=custom&from=2026-01-01&to=2026-12-31")
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == \
        'attachment; filename="relais-report-alpha-2026-01-01-2026-12-31.csv"'
    assert answer.headers["cache-control"] == "no-store" and answer.headers["x-content-type-options"] == "nosniff"
    assert answer.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0] == ["table", "row", "column", "value"]
    figures = {(t, r, c): v for t, r, c, v in rows[1:]}
    assert figures["Who resolved", "Without an agent (the KB in the chat)", "Rate"] == "50.0"
    assert figures["Key figures", "Tickets resolved", "Value"] == "2"
    assert figures["Key figures", "Mean satisfaction", "Value"] == ""  # none: empty, not "—"
    assert ("Backlog by age", "<1d", "Tickets") in figures


def test_a_french_reader_gets_french_figures(desk, signed_in) -> None:
    http = signed_in("lea")
    http.headers["Accept-Language"] = "fr-FR"
    assert "Rapports sur" in http.get("/clients/alpha/reports").text
    rows = list(csv.reader(io.StringIO(http.get("/clients/alpha/reports.csv").content.decode("utf-8-sig"))))
    assert rows[0] == ["tableau", "ligne", "colonne", "valeur"] and ["Chiffres clés", "Tickets créés", "Valeur",
                                                                     "2"] in rows


def test_an_agent_may_not_see_reports(signed_in) -> None:
    http = signed_in("alice")
    assert http.get("/clients/alpha/reports").status_code == 403
    assert http.get("/clients/alpha/reports.csv").status_code == 403
    assert "/clients/alpha/reports" not in http.get("/clients/alpha/announcements").text  # no link either
