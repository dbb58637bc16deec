"""A client's announcements in the console: a lead starts one in French and English for services of the client's
catalogue, posts an update and the end, each going out through servicedesk.announcements (the outbox); the list
shows current and past ones; what the desk refuses is said on the form, and nothing is posted; an agent reads them
but may not announce."""

import re

from sqlalchemy import select

from servicedesk.announcements.models import Announcement
from servicedesk.notifications.models import Notification
from servicedesk.tickets.models import Ticket
from tests.console.conftest import csrf_of

FORM = {"kind": "planned_change", "services": ["VPN", "Outlook"], "starts": "2026-12-12T08:00",
        "ends": "2026-12-12T12:00", "title_fr": "Mise à jour du VPN", "body_fr": "Le VPN sera coupé samedi matin.",
        "title_en": "VPN upgrade", "body_en": "The VPN will be off on Saturday morning.", "targeted": "1"}


def announce(http, slug: str = "alpha", **changes):
    form = {**FORM, **changes, "csrf_token": csrf_of(http, f"/clients/{slug}/announcements")}
    return http.post(f"/clients/{slug}/announcements", data=form, follow_redirects=False)


def sent(desk, slug: str = "alpha") -> list[tuple[str, str, dict]]:
    with desk.registry.session_factory(slug)() as session:
        return [(n.event, n.recipient, n.payload) for n in session.scalars(select(Notification).where(
            Notification.event.like("announcement%")).order_by(Notification.id))]


def test_a_lead_announces_updates_and_ends(desk, signed_in) -> None:
    http = signed_in("lea")
    started = announce(http)
    assert started.status_code == 303
    page_url = started.headers["location"]
    assert page_url.startswith("/clients/alpha/announcements/") and page_url.endswith("?done=started")
    page = http.get(page_url).text
    assert "VPN upgrade" in page and "Mise à jour du VPN" in page and "The VPN will be off" in page
    assert "Announced: it is on its way" in page and "2026-12-12 08:00" in page and "Europe/Paris" in page
    [(event, recipient, payload), *users] = sent(desk)
    assert (event, recipient, payload["title"]) == ("announcement", "announcements", "Mise à jour du VPN")
    assert payload["translations"]["en"] == {"title": "VPN upgrade", "body": "The VPN will be off on Saturday "
                                                                             "morning."}
    assert payload["services"] == ["VPN", "Outlook"] and payload["starts_at"] == "2026-12-12T07:00:00+00:00"
    assert [r for _, r, _ in users] == ["user@client.example"]  # targeted: who reported on Outlook

    path = page_url.split("?")[0]
    token = csrf_of(http, path)
    update = {"body_fr": "Décalé à 9h.", "body_en": "Moved to 9:00.", "step": "update", "csrf_token": token}
    answer = http.post(f"{path}/updates", data=update, follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, f"{path}?done=updated")
    end = {"body_fr": "Terminé, le VPN est revenu.", "body_en": "Over, the VPN is back.", "step": "end",
           "csrf_token": token}
    assert http.post(f"{path}/updates", data=end, follow_redirects=False).headers["location"].endswith("done=ended")
    assert [(e, r) for e, r, _ in sent(desk)][2:] == [
        ("announcement_update", "announcements"), ("announcement_update", "user@client.example"),
        ("announcement_end", "announcements"), ("announcement_end", "user@client.example")]
    assert sent(desk)[-1][2]["translations"]["en"]["body"] == "Over, the VPN is back."
    ended = http.get(path).text
    assert "Moved to 9:00." in ended and "Over, the VPN is back." in ended and "Ended on" in ended
    assert "Post the update" not in ended  # over: no more forms
    again = http.post(f"{path}/updates", data={**update, "csrf_token": token})
    assert again.status_code == 422 and "This announcement is over" in again.text
    assert len(sent(desk)) == 6


def test_the_list_shows_current_and_past_announcements_latest_first(desk, signed_in) -> None:
    http = signed_in("lea")
    announce(http, kind="major_incident", title_en="Outlook down", starts="", ends="")
    path = announce(http, title_en="Printing paused").headers["location"].split("?")[0]
    token = csrf_of(http, path)
    http.post(f"{path}/updates", data={"body_fr": "Fini", "body_en": "Done", "step": "end", "csrf_token": token})
    listing = http.get("/clients/alpha/announcements").text
    assert listing.index("Printing paused") < listing.index("Outlook down")
    assert 'data-state="ended"' in listing and 'data-state="in_progress"' in listing
    assert "Major incident" in listing and "Planned change" in listing


def test_what_the_desk_refuses_is_said_and_nothing_is_posted(desk, signed_in) -> None:
    http = signed_in("lea")
    for changes, said in (({"services": ["VPN", "Fax machine"]}, "Not services of this client: Fax machine."),
                          ({"body_en": " "}, "The title and the text in English are both needed."),
                          ({"ends": "2026-12-12T07:00"}, "The end comes before the start."),
                          ({"starts": "next saturday"}, "A start or an end is not a date and time."),
                          ({"kind": "rumour"}, "An announcement is a major incident or a planned change."),
                          ({"title_fr": "x" * 201}, "A title is 200 characters at most.")):
        answer = announce(http, **changes)
        assert answer.status_code == 422 and said in answer.text, changes
        assert 'value="Mise à jour du VPN"' in answer.text or "title_fr" in changes  # the form keeps what was typed
    assert sent(desk) == []


def test_a_french_lead_reads_french(desk, signed_in) -> None:
    http = signed_in("lea")
    http.headers["Accept-Language"] = "fr-FR"
    path = announce(http).headers["location"]
    page = http.get(path).text
    assert "<h1>Mise à jour du VPN</h1>" in page and "Intervention planifiée" in page
    assert "Annoncé" in page and "Publier la mise à jour" in page


def test_an_agent_reads_announcements_but_may_not_make_them(desk, signed_in) -> None:
    lead = signed_in("lea")
    path = announce(lead).headers["location"].split("?")[0]
    http = signed_in("alice")
    listing = http.get("/clients/alpha/announcements")
    assert listing.status_code == 200 and "VPN upgrade" in listing.text
    assert "Leads and admins of the desk make announcements." in listing.text
    assert "Announce</button>" not in listing.text
    assert "Post the update" not in http.get(path).text
    refused = announce(http)
    assert refused.status_code == 403
    token = csrf_of(http, path)
    assert http.post(f"{path}/updates", data={"body_fr": "x", "body_en": "y", "step": "end",
                                              "csrf_token": token}).status_code == 403
    with desk.registry.session_factory("alpha")() as session:
        assert session.scalar(select(Announcement)).ended_at is None
    assert len(sent(desk)) == 2


def test_a_major_incident_is_announced_from_its_number_and_linked(desk, signed_in) -> None:
    with desk.registry.session_factory("bravo")() as session:
        sap = session.scalar(select(Ticket).where(Ticket.service == "SAP"))
        number, title = sap.number, sap.title
    http = signed_in("lea")
    form = http.get(f"/clients/bravo/announcements?ticket={number.lower()}").text
    assert f'name="ticket" value="{number}"' in form and f"Announcing the major incident {number}" in form
    assert re.search(r'value="major_incident" required\s+checked', form)
    assert re.search(r'value="SAP" checked', form) and f'value="{title}"' in form
    data = {"csrf_token": csrf_of(http, "/clients/bravo/announcements"), "kind": "major_incident",
            "services": ["SAP"], "starts": "", "ticket": number, "title_fr": "SAP en panne", "body_fr": "On cherche.",
            "title_en": "SAP down", "body_en": "We are on it."}
    path = http.post("/clients/bravo/announcements", data=data, follow_redirects=False).headers["location"]
    page = http.get(path).text
    assert f'<a href="/clients/bravo/tickets/{number}">{number}</a>' in page
    with desk.registry.session_factory("bravo")() as session:
        assert session.scalar(select(Announcement)).ticket_id == sap.id
    missing = http.get("/clients/bravo/announcements?ticket=INC-999999")
    assert missing.status_code == 404 and "INC-999999" in missing.text
    assert http.post("/clients/bravo/announcements", data={**data, "ticket": "INC-999999"}).status_code == 422
