"""The studio's article pages through the console: list and search a client's KB with each article's counts,
edit and publish (the next search finds it), every version kept, compared and restored, a live preview, and a
draft from a resolved ticket with its personal data removed."""

from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

import kb_index
from servicedesk.accounts import audit
from servicedesk.articles import service
from servicedesk.database import unit_of_work
from servicedesk.settings.current import desk_of
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.resolution import resolve_ticket
from servicedesk.tickets.service import LogLine, add_log
from tests.console.article_desk import editors, kb
from tests.console.conftest import Desk, csrf_of

__all__ = ["editors", "kb"]
LIST = "/clients/alpha/articles"


@pytest.fixture
def eve(editors: Desk, kb, signed_in) -> TestClient:
    return signed_in("eve")


def post(http: TestClient, path: str, data: dict, page: str = LIST):
    return http.post(path, data={"csrf_token": csrf_of(http, page), **data}, follow_redirects=False)


def first_ticket(desk: Desk, slug: str = "alpha") -> Ticket:
    with desk.registry.session_factory(slug)() as session:
        found = session.scalars(select(Ticket).order_by(Ticket.id)).first()
        assert found is not None
        return found


def test_the_list_shows_the_kb_with_how_often_each_article_was_proposed_and_how_it_went(eve, editors) -> None:
    with unit_of_work(editors.registry.session_factory("alpha")) as session:
        ticket = session.scalars(select(Ticket)).first()
        add_log(db_session=session, ticket=ticket, kind="kb_fix",
                line=LogLine("requester", "u", "tried without success: Le VPN tourne en boucle (vpn-boucle)"))
        add_log(db_session=session, ticket=ticket, kind="kb_fix",
                line=LogLine("requester", "u", "the fix from vpn-boucle worked"))
    page = eve.get(LIST)
    assert page.status_code == 200
    row = page.text[page.text.index('data-doc="vpn-boucle"'):]
    row = row[:row.index("</tr>")]
    assert "Le VPN tourne en boucle" in row and 'data-state="folder"' in row
    assert [cell.split(">")[-1] for cell in row.split("</td>") if 'class="count"' in cell] == ["2", "1", "1"]
    only = eve.get(LIST, params={"kind": "known_error"}).text
    assert "outlook-0x800ccc0e" in only and "vpn-boucle" not in only
    searched = eve.get(LIST, params={"q": "0x800CCC0E"}).text
    assert searched.index("outlook-0x800ccc0e") < searched.find("vpn-boucle") or "vpn-boucle" not in searched
    assert "bravo-secret-sap" not in page.text


def test_publishing_a_new_article_makes_it_the_next_searchs_answer(eve, editors) -> None:
    assert "imprimante-3d" not in [r.doc_id for r in kb_index.search("alpha", "imprimante 3D buse bouchée", k=3)]
    answer = post(eve, LIST, {"title": "Imprimante 3D : buse bouchée", "kind": "article", "language": "fr",
                              "services": "Printing", "body": "# Buse bouchée\n\nChauffez la buse à 240 °C et "
                              "poussez le filament.", "step": "publish"})
    assert answer.status_code == 303, answer.text
    path = urlsplit(answer.headers["location"]).path
    assert path == f"{LIST}/imprimante-3d-buse-bouchee"
    assert "Published: the next search finds it." in eve.get(path).text
    assert kb_index.search("alpha", "imprimante 3D buse bouchée", k=1)[0].doc_id == "imprimante-3d-buse-bouchee"
    assert not kb_index.search("bravo", "imprimante 3D buse bouchée", k=3) or all(
        r.doc_id != "imprimante-3d-buse-bouchee" for r in kb_index.search("bravo", "buse bouchée", k=3))


def test_a_draft_changes_nothing_users_search(eve) -> None:
    answer = post(eve, LIST, {"title": "Scanner en panne", "kind": "article", "language": "fr",
                              "body": "Réinstallez le pilote TWAIN du scanner.", "step": "draft"})
    assert answer.status_code == 303
    assert all(r.doc_id != "scanner-en-panne" for r in kb_index.search("alpha", "pilote TWAIN du scanner", k=5))
    assert "scanner-en-panne" in eve.get(LIST, params={"q": "TWAIN"}).text  # the editor finds the draft


def test_editing_a_folder_article_keeps_every_version_with_a_diff_and_a_restore(eve, editors) -> None:
    page = f"{LIST}/vpn-boucle"
    assert "Redémarrez GlobalProtect" in eve.get(page).text
    changed = {"title": "Le VPN tourne en boucle", "kind": "article", "language": "fr", "services": "VPN",
               "body": "# Le VPN tourne en boucle\n\n## Solution\nRéinstallez GlobalProtect 6.2 depuis le Portail.",
               "step": "publish"}
    assert post(eve, page, changed, page).status_code == 303
    assert kb_index.search("alpha", "réinstaller GlobalProtect 6.2 Portail", k=1)[0].doc_id == "vpn-boucle"
    history = eve.get(f"{page}/versions")
    assert "as the KB folder had it" in history.text and "console:eve" in history.text
    assert "-Redémarrez GlobalProtect puis reconnectez-vous." in history.text
    assert "+Réinstallez GlobalProtect 6.2 depuis le Portail." in history.text
    assert post(eve, f"{page}/restore", {"number": "1", "step": "publish"}, page).status_code == 303
    with editors.registry.session_factory("alpha")() as session:
        article = service.get(db_session=session, doc_id="vpn-boucle")
        assert [(v.number, v.author, v.note) for v in article.versions] == [
            (1, "kb", "as the KB folder had it"), (2, "console:eve", ""), (3, "console:eve", "restored from version 1")]
        assert article.published_version == 3
    document = kb_index.listing.document("alpha", "vpn-boucle")
    assert document is not None and "Redémarrez GlobalProtect" in document.text
    assert post(eve, f"{page}/restore", {"number": "99", "step": "draft"}, page).status_code == 404
    with editors.catalogue() as session:  # the desk's audit trail has the editor's steps, as the accounts' ones
        trail = [(event.kind, event.login, event.detail) for event in audit.events(db_session=session, login="eve",
                                                                                     kinds=audit.KINDS[-3:])]
    assert trail == [("article_restored", "eve", "alpha: vpn-boucle version 1 as version 3, published"),
                     ("article_published", "eve", "alpha: vpn-boucle version 2")]


def test_a_folder_known_error_opens_with_its_quoted_error_as_its_error_text(eve) -> None:
    assert 'name="error_text" value="0x800CCC0E"' in eve.get(f"{LIST}/outlook-0x800ccc0e").text


def test_a_known_error_without_its_error_text_is_refused_and_nothing_is_saved(eve, editors) -> None:
    answer = post(eve, LIST, {"title": "SSL 61", "kind": "known_error", "language": "en",
                              "body": "Update Citrix.", "step": "publish"})
    assert answer.status_code == 422 and "exact error text" in answer.text and "Update Citrix." in answer.text
    with editors.registry.session_factory("alpha")() as session:
        assert service.get_all(db_session=session) == []


def test_the_preview_renders_markdown_and_escapes_html(eve) -> None:
    token = csrf_of(eve, f"{LIST}/new")
    answer = eve.post(f"{LIST}/preview", data={"body": "## Étapes\n\n1. **Redémarrez**\n\n<script>alert(1)</script>"},
                      headers={"X-CSRF-Token": token})
    assert answer.status_code == 200
    assert "<h2>Étapes</h2>" in answer.text and "<strong>Redémarrez</strong>" in answer.text
    assert "<script>" not in answer.text and "&lt;script&gt;" in answer.text
    assert eve.post(f"{LIST}/preview", data={"body": "x"}).status_code == 403  # no token


def test_a_resolved_ticket_becomes_a_draft_without_personal_data_and_goes_nowhere_live(eve, editors) -> None:
    number = first_ticket(editors).number
    with unit_of_work(editors.registry.session_factory("alpha")) as session:
        ticket = session.scalars(select(Ticket).where(Ticket.number == number)).one()
        ticket.description = "Jeanne Roux (jeanne.roux@alpha.example, 06 11 22 33 44) : Outlook plante au démarrage"
        ticket.requester = "Jeanne Roux"
        resolve_ticket(db_session=session, ticket=ticket, desk=desk_of(db_session=session), actor="console:alice",
                       category="software", cause_code="configuration", resolution_code="fixed",
                       solution="Profil Outlook recréé pour Jeanne.")
    with editors.registry.session_factory("alpha")() as session:
        still_open = session.scalars(select(Ticket).where(Ticket.number != number)).first()
        assert still_open is not None and still_open.number is not None
    too_soon = post(eve, f"{LIST}/from-ticket/{still_open.number}", {})
    assert too_soon.status_code == 303 and too_soon.headers["location"] == LIST  # an editor sees no ticket page
    answer = post(eve, f"{LIST}/from-ticket/{number}", {})
    assert answer.status_code == 303 and "/articles/" in answer.headers["location"]
    draft = eve.get(answer.headers["location"], headers={"accept-language": "en"}).text
    assert f"Draft made from ticket {number}" in draft and "Profil Outlook recréé" in draft
    assert all(gone not in draft for gone in ("Jeanne", "Roux", "jeanne.roux@", "06 11 22"))
    assert all(r.source.startswith("kb/") for r in kb_index.search("alpha", "Profil Outlook recréé", k=5))
    assert post(eve, f"{LIST}/from-ticket/INC-999999", {}).status_code == 404


def test_an_editor_drafts_from_a_tickets_number_on_the_list(eve, editors) -> None:
    number = first_ticket(editors).number
    refused = post(eve, f"{LIST}/from-ticket", {"number": number.lower()})
    assert refused.status_code == 303 and refused.headers["location"] == LIST  # not resolved: back to the list
    assert "is not resolved with a solution yet" in eve.get(LIST).text
    with unit_of_work(editors.registry.session_factory("alpha")) as session:
        ticket = session.scalars(select(Ticket).where(Ticket.number == number)).one()
        resolve_ticket(db_session=session, ticket=ticket, desk=desk_of(db_session=session), actor="console:alice",
                       category="software", cause_code="configuration", resolution_code="fixed",
                       solution="Profil recréé.")
    answer = post(eve, f"{LIST}/from-ticket", {"number": number})
    assert answer.status_code == 303 and f"Draft made from ticket {number}" in eve.get(answer.headers["location"]).text


def test_a_version_saved_meanwhile_is_not_overwritten(eve, editors, signed_in) -> None:
    page = f"{LIST}/vpn-boucle"
    words = {"title": "Le VPN tourne en boucle", "kind": "article", "language": "fr", "step": "draft"}
    assert post(eve, page, {**words, "body": "Première version d'Ève."}, page).status_code == 303
    started_from = post(eve, page, {**words, "body": "Deuxième.", "based_on": "2"}, page)
    assert started_from.status_code == 303  # version 3, from version 2
    stale = post(eve, page, {**words, "body": "Écrit depuis la version 2.", "based_on": "2"}, page)
    assert stale.status_code == 422 and "saved version 3 while you were writing" in stale.text
    assert "Écrit depuis la version 2." in stale.text and 'name="based_on" value="3"' in stale.text
    with editors.registry.session_factory("alpha")() as session:
        assert len(service.get_or_refuse(db_session=session, doc_id="vpn-boucle").versions) == 3


def test_the_ticket_page_offers_the_draft_to_whoever_edits_the_kb_once_resolved(editors, kb, http, signed_in) -> None:
    number = first_ticket(editors).number
    button = "Write an article from this ticket"
    lead = signed_in("lea")
    assert button not in lead.get(f"/clients/alpha/tickets/{number}").text  # not resolved yet
    with unit_of_work(editors.registry.session_factory("alpha")) as session:
        ticket = session.scalars(select(Ticket).where(Ticket.number == number)).one()
        resolve_ticket(db_session=session, ticket=ticket, desk=desk_of(db_session=session), actor="console:lea",
                       category="software", cause_code="configuration", resolution_code="fixed", solution="Fait.")
    assert button in lead.get(f"/clients/alpha/tickets/{number}").text
    http.post("/signout", data={"csrf_token": csrf_of(http, "/clients")})
    assert button not in signed_in("alice").get(f"/clients/alpha/tickets/{number}").text  # an agent: no edit_kb
