"""Attacks on a client's announcements and reports in the console: another client's by URL (404, as a client that
does not exist), an announcement of one client asked for under another, a form without its CSRF token or sent from
another site, an agent's role trying what only leads and admins may; a cell of the CSV a spreadsheet would run."""

import pytest
from sqlalchemy import func, select

from servicedesk.announcements.models import Announcement
from servicedesk.notifications.models import Notification
from tests.console.conftest import NAMES, built_desk, cheap_hashes, csrf_of, desk, http, signed_in
from tests.console.test_announcements import FORM, announce

__all__ = ["built_desk", "cheap_hashes", "desk", "http", "signed_in"]  # the console's desk, not the servers'
PAGES = ("/announcements", "/announcements/1", "/reports", "/reports.csv", "/reports?period=7")


def written(desk, slug: str) -> tuple[int, int]:
    with desk.registry.session_factory(slug)() as session:
        return (session.scalar(select(func.count()).select_from(Announcement)) or 0,
                session.scalar(select(func.count()).select_from(Notification).where(
                    Notification.event.like("announcement%"))) or 0)


@pytest.mark.parametrize("login, foreign", [("alice", "bravo"), ("alice", "charlie"), ("lea", "charlie"),
                                            ("bob", "alpha")])
def test_another_clients_pages_answer_as_a_client_that_does_not_exist(desk, signed_in, login, foreign) -> None:
    http = signed_in(login)
    for page in PAGES:
        missing, answer = http.get(f"/clients/zulu{page}"), http.get(f"/clients/{foreign}{page}")
        assert answer.status_code == missing.status_code == 404, page
        assert answer.text == missing.text and NAMES[foreign] not in answer.text


def test_another_clients_forms_write_nothing_there(desk, signed_in) -> None:
    root = signed_in("root")
    announce(root, "charlie")  # charlie's announcement 1
    http = signed_in("lea")  # leads alpha and bravo, not charlie
    token = csrf_of(http, "/clients/alpha/announcements")
    assert http.post("/clients/charlie/announcements", data={**FORM, "csrf_token": token}).status_code == 404
    assert http.post("/clients/charlie/announcements/1/updates",
                     data={"body_fr": "x", "body_en": "y", "step": "end", "csrf_token": token}).status_code == 404
    assert written(desk, "charlie") == (1, 1)


def test_one_clients_announcement_is_not_reachable_under_another(desk, signed_in) -> None:
    http = signed_in("lea")
    path = announce(http, "alpha").headers["location"].split("?")[0]  # /clients/alpha/announcements/1
    assert http.get(path).status_code == 200
    under_bravo = path.replace("/alpha/", "/bravo/")
    assert http.get(under_bravo).status_code == 404  # bravo's database has no announcement 1
    token = csrf_of(http, path)
    assert http.post(f"{under_bravo}/updates", data={"body_fr": "x", "body_en": "y", "step": "end",
                                                     "csrf_token": token}).status_code == 404
    assert written(desk, "bravo") == (0, 0)
    for wrong in ("/clients/alpha/announcements/0", "/clients/alpha/announcements/-1",
                  "/clients/alpha/announcements/99999999999999999999"):
        assert http.get(wrong).status_code in (404, 400), wrong
    assert http.get("/clients/alpha/announcements/x").status_code == 400  # not a number: a page, not a trace


def test_a_form_without_its_token_or_from_another_site_is_refused(desk, signed_in) -> None:
    http = signed_in("lea")
    assert http.post("/clients/alpha/announcements", data=FORM).status_code == 403
    assert http.post("/clients/alpha/announcements", data={**FORM, "csrf_token": "guessed"}).status_code == 403
    token = csrf_of(http, "/clients/alpha/announcements")
    foreign = http.post("/clients/alpha/announcements", data={**FORM, "csrf_token": token},
                        headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    path = announce(http).headers["location"].split("?")[0]
    assert http.post(f"{path}/updates", data={"body_fr": "x", "body_en": "y", "step": "end"}).status_code == 403
    assert written(desk, "alpha") == (1, 2)  # only the one with its token (to the channel and a user)


def test_an_agents_role_announces_nothing_and_reads_no_report(desk, signed_in) -> None:
    http = signed_in("alice")
    token = csrf_of(http, "/clients/alpha/announcements")
    assert http.post("/clients/alpha/announcements", data={**FORM, "csrf_token": token,
                                                           "role": "lead"}).status_code == 403
    assert written(desk, "alpha") == (0, 0)
    for page in ("/reports", "/reports.csv", "/reports?period=custom&from=2026-01-01&to=2026-12-31"):
        assert http.get(f"/clients/alpha{page}").status_code == 403, page


def test_markup_in_an_announcement_is_shown_as_text(desk, signed_in) -> None:
    http = signed_in("lea")
    path = announce(http, title_en="<script>alert(1)</script>", body_en="<img src=x onerror=alert(1)>").headers[
        "location"]
    page = http.get(path).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
