"""The upload page's routes: the page in the ticket's language, files kept, refusals said, the scripts served."""

import pytest
from fastapi.testclient import TestClient

from bot.config import LimitsConfig
from bot.limits import RateLimits
from bot.webchat.throttle import AddressThrottle
from tests.bot.uploads.conftest import Desk, upload_app
from tests.servicedesk.uploads import samples


def test_the_page_speaks_the_tickets_language(desk: Desk, client: TestClient) -> None:
    number = desk.ticket(language="fr")
    page = client.get(desk.offer(number))
    assert page.status_code == 200
    assert f"Fichiers pour le ticket {number}" in page.text and 'type="file"' in page.text
    assert "Glissez-déposez" in page.text
    assert page.headers["cache-control"] == "no-store" and "frame-ancestors 'none'" in page.headers[
        "content-security-policy"]
    english = desk.ticket(requester="webchat:demo:bob", language="en")
    assert "Drag and drop your files here" in client.get(desk.offer(english)).text


def test_files_reach_the_ticket_and_the_link_is_spent(desk: Desk, client: TestClient) -> None:
    number = desk.ticket()
    link = desk.offer(number)
    sent = client.post(link, headers={"Accept": "application/json"},
                       files=[("files", ("capture.png", samples.png(), "image/png")),
                              ("files", ("outlook.log", samples.log(), "text/plain"))])
    assert sent.status_code == 200
    assert sent.json() == {"kept": ["capture.png", "outlook.log"], "refused": [],
                           "said": f"Merci : 2 fichier(s) joint(s) au ticket {number}."}
    assert desk.attachments(number) == [("stored", "capture.png", len(samples.png())),
                                        ("stored", "outlook.log", len(samples.log()))]
    again = client.get(link)
    assert again.status_code == 410 and "déjà servi" in again.text


def test_refusals_are_said_file_by_file(desk: Desk, client: TestClient) -> None:
    number = desk.ticket(language="en")
    sent = client.post(desk.offer(number), headers={"Accept": "application/json"},
                       files=[("files", ("eicar.txt", samples.EICAR, "text/plain")),
                              ("files", ("photo.png", samples.windows_program(), "image/png")),
                              ("files", ("notes.log", samples.log(), "text/plain"))])
    assert sent.json()["kept"] == ["notes.log"]
    assert sent.json()["refused"] == ["eicar.txt: the antivirus found a threat; the file was refused.",
                                      "photo.png: programs are not accepted."]
    assert desk.log_kinds(number).count("file_refused") == 2


def test_a_form_without_script_gets_a_page(desk: Desk, client: TestClient) -> None:
    number = desk.ticket()
    answer = client.post(desk.offer(number), files=[("files", ("a.log", b"hello\n", "text/plain"))])
    assert answer.status_code == 200 and "text/html" in answer.headers["content-type"]
    assert f"1 fichier(s) joint(s) au ticket {number}" in answer.text


def test_nothing_sent_is_said(desk: Desk, client: TestClient) -> None:
    answer = client.post(desk.offer(desk.ticket()), headers={"Accept": "text/plain"}, data={"other": "x"})
    assert answer.status_code == 400 and "Choisissez d'abord un fichier." in answer.text


@pytest.mark.parametrize(("platform", "marker"), [("sh", "#!/bin/sh"), ("ps1", "Invoke-WebRequest")])
def test_the_scripts_carry_the_link(desk: Desk, client: TestClient, platform: str, marker: str) -> None:
    number = desk.ticket()
    link = desk.offer(number)
    script = client.get(f"{link}/diagnose.{platform}", params={"app": "Outlook'; rm -rf / #"})
    assert script.status_code == 200
    assert script.headers["content-disposition"] == f'attachment; filename="relais-diagnose.{platform}"'
    assert script.headers["content-type"].startswith("text/plain")
    assert marker in script.text and f"'{desk.base}{link}'" in script.text and number in script.text
    assert "'Outlook rm -rf  '" in script.text  # the name, without what would close its quotes
    assert "__RELAIS_" not in script.text
    assert client.get(f"{link}/diagnose.exe").status_code == 404


def test_guessing_links_counts_against_the_address(desk: Desk) -> None:
    """The upload page is behind the doors' per-address limit, as the web chat is: a token is not guessed fast."""
    app = upload_app(desk.directory, desk.files, desk.base)
    app.add_middleware(AddressThrottle, limits=RateLimits(LimitsConfig(address="3/minute")))
    with TestClient(app) as client:
        answers = [client.get(f"/upload/guess{n}").status_code for n in range(5)]
    assert answers == [404, 404, 404, 429, 429]
