"""The report as JSON and as a standalone HTML page: readable, self-contained, and safe with hostile text."""

import json
import re

import pytest

from servicedesk.reports.metrics import compute
from servicedesk.reports.render import to_html, to_json, to_text
from tests.servicedesk.desk import OFFICE
from tests.servicedesk.reports.dataset import END, NOW, P3, START, Week, at, build

HOSTILE = "<script>alert('pwned')</script>"


@pytest.fixture
def hostile_report(session_factory):
    week = Week(session_factory)
    number = week.open(HOSTILE, P3, at(0))
    # The domain refuses unknown qualifications now; a row written by another tool must still be escaped.
    week.on(number, lambda _, ticket: setattr(ticket, "origin", '"><img src=x onerror=alert(1)>'))
    week.assign(number, at(1))
    with session_factory() as session:
        return compute(db_session=session, start=START, end=END, calendar=OFFICE, now=NOW)


def test_the_page_escapes_every_stored_text(hostile_report) -> None:
    page = to_html(hostile_report, "Acme & <b>Co</b>")
    assert "<script" not in page and "<img" not in page and "onerror=alert(1)>" not in page
    assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in page
    assert "Acme &amp; &lt;b&gt;Co&lt;/b&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page


def test_the_page_is_self_contained_with_svg_bar_charts(hostile_report) -> None:
    page = to_html(hostile_report, "Acme", timezone="Europe/Paris")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert page.count("<svg") >= 6 and "<rect" in page  # four volumes, backlog twice, ratings, SLA
    assert "<style>" in page and "<link" not in page and "<script" not in page and "<img" not in page
    # The only URL is the SVG namespace: nothing is fetched when the page opens.
    assert set(re.findall(r"https?://[^\"' )]+", page)) == {"http://www.w3.org/2000/svg"}
    assert "2026-11-02 01:00 → 2026-11-09 01:00 (end excluded, Europe/Paris)" in page


def test_json_round_trips(hostile_report) -> None:
    text = to_json(hostile_report)
    assert json.loads(text) == hostile_report.as_dict()
    assert json.loads(text)["volumes"]["by_service"] == {HOSTILE: 1}


def test_an_empty_report_renders(session_factory) -> None:
    with session_factory() as session:
        report = compute(db_session=session, start=START, end=END, now=NOW)
    page = to_html(report, "Acme")
    assert "No tickets." in page and "<svg" in page and "—" in page
    assert "tickets created 0" in to_text(report, "Acme")


def test_the_full_week_renders_its_figures(session_factory) -> None:
    build(session_factory)
    with session_factory() as session:
        report = compute(db_session=session, start=START, end=END, calendar=OFFICE, now=NOW)
    page = to_html(report, "Démo Industrie", timezone="Europe/Paris")
    assert "80.0 %" in page  # first-contact resolution
    assert "10 h 24 min" in page and "35 h 36 min" in page  # time to resolve: SLA clocks, wall clock
    assert "9 / 10 met (90.0 %)" in page
    text = to_text(report, "Démo Industrie", timezone="Europe/Paris")
    assert "first-contact resolution 80.0 % (4/5) · reopen rate 20.0 % (1/5)" in text
    assert "resolved: by the KB in the chat 0, by level-1 agents 4, by level-2 agents 1" in text
    assert "<h2>Who resolved</h2>" in page and 'aria-label="Tickets resolved by who resolved them"' in page
