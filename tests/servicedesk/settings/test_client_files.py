"""The clients' own settings files load, and say what the clients agreed to."""

from datetime import UTC, datetime, timedelta

import yaml

from servicedesk.service_catalogue import catalogue_from_settings, match_service
from servicedesk.settings import load_all, load_file, load_text, targets_for, version_of
from servicedesk.settings.loader import CLIENTS_ROOT

DEMO = CLIENTS_ROOT / "demo" / "settings.yml"
ACME = CLIENTS_ROOT / "acme" / "settings.yml"


def test_every_client_file_loads_keyed_by_its_slug() -> None:
    clients = load_all()
    assert {"demo", "acme"} <= set(clients)
    assert clients["demo"].client.name == "Démo Industrie" and clients["demo"].client.language == "fr"
    assert clients["acme"].client.name == "Acme Logistics" and clients["acme"].client.language == "en"


def test_a_loaded_file_carries_the_version_of_its_bytes() -> None:
    for path in (DEMO, ACME):
        assert load_file(path).version == version_of(path.read_bytes())


def test_demo_service_catalogue_recognises_what_users_write() -> None:
    services = catalogue_from_settings(load_file(DEMO))
    assert match_service("Outlook plante au démarrage", services) == "Outlook"
    assert match_service("my VPN keeps disconnecting", services) == "VPN"
    assert match_service("impossible d'imprimer", services) == "Printing"
    assert match_service("mon écran reste noir", services) == "Workstation"
    assert match_service("j'ai un problème", services) is None
    assert match_service("les imprimantes du 2e sont toutes hors ligne", services) == "Printing"  # plurals


def test_demo_calendars_follow_french_office_hours_and_holidays() -> None:
    settings = load_file(DEMO)
    office = settings.calendar("bureau")
    assert office.is_open(datetime(2026, 7, 15, 9, tzinfo=UTC))  # 11:00 in Paris, a Wednesday
    assert not office.is_open(datetime(2026, 7, 15, 11, tzinfo=UTC))  # 13:00: lunch
    assert not office.is_open(datetime(2026, 7, 14, 9, tzinfo=UTC))  # Fête nationale
    assert not office.is_open(datetime(2027, 5, 6, 9, tzinfo=UTC))  # Ascension 2027
    assert settings.calendar("24x7").is_open(datetime(2026, 12, 25, 3, tzinfo=UTC))
    assert settings.default_group.name == "Centre de services" and settings.default_group.level == 1


def test_acme_follows_new_york_hours_and_us_holidays() -> None:
    business = load_file(ACME).calendar("business")
    assert business.is_open(datetime(2026, 3, 3, 12, tzinfo=UTC))  # 07:00 in New York, a Tuesday
    assert not business.is_open(datetime(2026, 3, 3, 11, 59, tzinfo=UTC))
    assert not business.is_open(datetime(2026, 11, 26, 15, tzinfo=UTC))  # Thanksgiving


def test_demo_p1_runs_on_the_24x7_agreement_and_other_priorities_on_office_hours() -> None:
    settings = load_file(DEMO)
    p1 = targets_for(settings, ticket_type="incident", priority="P1")
    assert {metric: (t.duration, t.calendar) for metric, t in p1.items()} == {
        "tto": (timedelta(minutes=15), "24x7"), "ttr": (timedelta(hours=4), "24x7"),
        "keep_in_loop": (timedelta(hours=1), "24x7"),  # beats the 4h of "incident, any priority"
    }
    p3 = targets_for(settings, ticket_type="incident", priority="P3")
    assert p3["ttr"].duration == timedelta(hours=24) and p3["keep_in_loop"].duration == timedelta(hours=4)
    assert {t.calendar for t in p3.values()} == {"bureau"}


def test_the_two_clients_agree_to_different_targets() -> None:
    clients = load_all()
    demo, acme = (targets_for(clients[slug], ticket_type="incident", priority="P2") for slug in ("demo", "acme"))
    assert demo["ttr"].duration != acme["ttr"].duration


def test_client_files_dump_to_documents_that_load_back_the_same() -> None:
    for settings in load_all().values():
        again = load_text(yaml.safe_dump(settings.model_dump(mode="json"), allow_unicode=True))
        assert again.model_dump() == settings.model_dump()
