"""Service requests are IT's: the catalogue item a message asks for, the fields it already fills, answers read
against their question, and IT work told apart from pay, leave, facilities and travel."""

from datetime import datetime

import pytest

from servicedesk.level1.request_text import similarity
from servicedesk.level1.requests import (
    RequestField,
    RequestItem,
    fill_fields,
    is_it_request,
    is_non_it,
    items_from_settings,
    match_item,
    missing_fields,
    read_field,
)
from servicedesk.settings import load_file
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import CLIENTS_ROOT

NOW = datetime(2026, 12, 2, 10)  # a Wednesday
ME = "claire.martin@demo-industrie.example"
DEMO = items_from_settings(load_file(CLIENTS_ROOT / "demo" / "settings.yml"))
ACME = items_from_settings(load_file(CLIENTS_ROOT / "acme" / "settings.yml"))


def item(code: str, items: tuple[RequestItem, ...] = DEMO) -> RequestItem:
    return next(candidate for candidate in items if candidate.code == code)


def field(code: str, name: str) -> RequestField:
    return next(f for f in item(code).fields if f.name == name)


def question(kind: str, *, en: str = "Which one?", choices: tuple[str, ...] = ()) -> RequestField:
    return RequestField("value", kind, {"fr": "Lequel ?", "en": en}, True, choices)


@pytest.mark.parametrize(("text", "code"), [
    ("j'ai besoin d'un accès à SAP", "application_access"),
    ("i'd like access to salesforce", "application_access"),
    ("acces au dossier partage de la compta", "shared_folder_access"),
    ("acess to the shared folder please", "shared_folder_access"),
    ("peux tu installer visio sur mon pc", "software_install"),
    ("instaler un logicel", "software_install"),
    ("il me faut une licence adobe acrobat pro", "licence"),
    ("need a license for visio", "licence"),
    ("je voudrais un deuxième écran", "hardware"),
    ("second ecran stp", "hardware"),
    ("un casque pour les visios", "hardware"),
    ("I need a new laptop", "hardware"),
    ("on a un nouvel arrivant lundi", "onboarding"),
    ("nouvelle salariée au service paie le 4 janvier", "onboarding"),
    ("we have a new hire starting monday", "onboarding"),
    ("le site de notre fournisseur est bloqué par le proxy", "proxy_exception"),
    ("le site web est bloque", "proxy_exception"),
    ("can you unblock this website", "proxy_exception"),
    ("j'ai supprimé un fichier sur le S par erreur", "file_restore"),
    ("restaurer le dossier projets", "file_restore"),
    ("I deleted a file by mistake", "file_restore"),
    ("accès à la boite partagée achats", "mailbox_access"),
    ("ajoutez moi a la liste de diffusion", "mailbox_access"),
    ("please add me to the distribution list", "mailbox_access"),
    ("il me faudrait un accès vpn pour le télétravail", "vpn_access"),
    ("VPN ACCESS for my new colleague", "vpn_access"),
    ("besoin d'un nouveau téléphone portable", "phone"),
    ("smartphone pro svp", "phone"),
    ("a new mobile phone for a sales rep", "phone"),
])
def test_a_message_names_the_item_it_asks_for(text: str, code: str) -> None:
    found = match_item(text, DEMO)
    assert found is not None and found.code == code


@pytest.mark.parametrize("text", [
    "mon imprimante ne marche pas", "bonjour", "je veux poser des congés", "mon ecran est noir", "merci !",
    "outlook plante au démarrage", "what's the canteen menu today",
])
def test_a_message_that_asks_for_no_item_names_none(text: str) -> None:
    assert match_item(text, DEMO) is None


def test_the_longest_alias_wins() -> None:
    assert match_item("j'ai besoin d'une licence logiciel pour Visio", DEMO).code == "licence"  # not installation
    assert match_item("access to wms for the night shift", ACME).code == "application_access"
    assert match_item("anything", ()) is None


def test_items_carry_what_the_settings_say() -> None:
    proxy = item("proxy_exception")
    assert proxy.group == "Infrastructure" and proxy.article == "reseau-exception-proxy" and not proxy.approval
    assert proxy.name["fr"] == "Exception proxy / site bloqué" and proxy.fields[0].kind == "url"
    assert [f.name for f in item("onboarding").fields] == ["person", "start_date", "department", "equipment"]
    assert item("hardware").fields[0].choices[0].startswith("écran")
    assert item("onboarding", ACME).article is None and item("onboarding", ACME).approval


def test_demo_articles_exist_in_its_knowledge_base() -> None:
    kb = CLIENTS_ROOT / "demo" / "kb"
    for entry in DEMO:
        assert entry.article is not None and list(kb.glob(f"{entry.article}.*")), entry.code


@pytest.mark.parametrize(("text", "expected"), [
    ("https://portail.fournisseur.example/commandes", "https://portail.fournisseur.example/commandes"),
    ("c'est www.legifrance.gouv.fr merci.", "www.legifrance.gouv.fr"),
    ("le site canva.com", "canva.com"),
    ("14h30", None), ("oui", None), ("rapport.pdf", None), ("paul.martin@demo.example", None),
    ("je veux parler a quelqu'un", None),
])
def test_a_url_is_read_only_from_an_address(text: str, expected: str | None) -> None:
    assert read_field(question("url"), text, requester=ME) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("moi", ME), ("c'est pour moi", ME), ("me", ME), ("myself", ME), ("pour moi-même", ME),
    ("Paul Martin", "Paul Martin"), ("c'est pour paul martin", "paul martin"),
    ("il s'appelle Jean-Pierre Dupont, il commence lundi", "Jean-Pierre Dupont"),
    ("paul.durand@demo-industrie.example", "paul.durand@demo-industrie.example"),
    ("oui", None), ("non", None), ("je sais pas", None), ("demain", None), ("14h30", None),
    ("talk to a human please", None), ("mon outlook plante aussi", None), ("le service compta", None),
])
def test_a_person_is_a_name_an_address_or_the_requester(text: str, expected: str | None) -> None:
    assert read_field(question("person"), text, requester=ME) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("lundi prochain", "lundi prochain (2026-12-07)"),
    ("d'ici vendredi", "d'ici vendredi (2026-12-04)"),
    ("by Friday", "by Friday (2026-12-04)"),
    ("le 15/12", "le 15/12 (2026-12-15)"),
    ("il arrive le 4 janvier", "le 4 janvier (2027-01-04)"),
    ("asap", "asap (2026-12-02)"), ("dès que possible", "dès que possible (2026-12-02)"),
    ("demain matin", "demain (2026-12-03)"),
    ("oui", None), ("Paul Martin", None), ("je veux parler à un technicien", None),
])
def test_a_date_keeps_the_words_and_adds_the_day(text: str, expected: str | None) -> None:
    assert read_field(question("date"), text, requester=ME, now=NOW, language="fr") == expected


def test_a_bare_weekday_is_the_last_one_when_the_question_is_about_the_past() -> None:
    deleted = field("file_restore", "deleted_on")
    assert read_field(deleted, "lundi", requester=ME, now=NOW) == "lundi (2026-11-30)"
    assert read_field(deleted, "il y a 3 jours", requester=ME, now=NOW) == "il y a 3 jours (2026-11-29)"
    assert read_field(field("onboarding", "start_date"), "lundi", requester=ME, now=NOW) == "lundi (2026-12-07)"
    assert read_field(question("date"), "12/15", requester=ME, now=NOW, language="en") == "12/15 (2026-12-15)"


@pytest.mark.parametrize(("text", "expected"), [
    (r"\\srv-fichiers\compta\2024", r"\\srv-fichiers\compta\2024"),
    (r"c'était dans S:\Projets\Budget", r"S:\Projets\Budget"),
    ("sur le lecteur S", "lecteur S"),
    ("the S: drive", "S: drive"),
    ("Compta/Factures/2024", "Compta/Factures/2024"),
    ("le fichier budget.xlsx", "budget.xlsx"),
    ("le dossier Compta", "dossier Compta"),
    ("oui", None), ("hier", None),
])
def test_a_path_is_a_share_a_drive_a_folder_or_a_file(text: str, expected: str | None) -> None:
    assert read_field(question("path"), text, requester=ME) == expected


def test_a_choice_is_one_of_its_choices_by_any_of_its_words() -> None:
    equipment = field("hardware", "equipment")
    assert read_field(equipment, "un écran 24 pouces", requester=ME) == "écran"
    assert read_field(equipment, "a headset please", requester=ME) == "casque"
    assert read_field(equipment, "un ecran et une souris", requester=ME) is None  # two: ask again
    assert read_field(equipment, "oui", requester=ME) is None
    assert read_field(equipment, "2", requester=ME) == "souris"
    yes_no = question("choice", choices=("oui / yes", "non / no"))
    assert read_field(yes_no, "non", requester=ME) == "non"


def test_software_number_and_text_answers() -> None:
    assert read_field(question("software"), "Adobe Acrobat Pro svp", requester=ME) == "Adobe Acrobat Pro"
    assert read_field(question("software"), "installer notepad++ sur mon pc", requester=ME) == "notepad++"
    assert read_field(question("software"), "un logiciel de dessin", requester=ME) == "un logiciel de dessin"
    assert read_field(question("software"), "ok", requester=ME) is None
    assert read_field(question("number"), "deux", requester=ME) == "2"
    assert read_field(question("number"), "3 écrans", requester=ME) == "3"
    assert read_field(question("number"), "lundi", requester=ME) is None
    assert read_field(question("text"), "  pour  le projet Atlas ", requester=ME) == "pour le projet Atlas"
    assert read_field(question("text"), "non merci", requester=ME) is None
    assert read_field(question("text"), "je veux parler à un humain", requester=ME) is None
    assert read_field(question("text"), "c'est quoi ce formulaire ?", requester=ME) is None


def test_a_first_message_fills_what_it_says_and_no_more() -> None:
    proxy = item("proxy_exception")
    said = "il faudrait debloquer https://x.example pour le projet Y d'ici vendredi"
    assert fill_fields(proxy, said, requester=ME, now=NOW) == {
        "url": "https://x.example", "justification": "pour le projet Y"}
    assert fill_fields(proxy, "le site web est bloque", requester=ME) == {}
    onboarding = item("onboarding")
    assert fill_fields(onboarding, "nouvel arrivant Paul Martin le 4 janvier au service compta", requester=ME,
                       now=NOW) == {"person": "Paul Martin", "start_date": "le 4 janvier (2027-01-04)",
                                    "department": "compta"}
    assert fill_fields(onboarding, "on a un nouvel arrivant lundi", requester=ME, now=NOW) == {
        "start_date": "lundi (2026-12-07)"}
    assert fill_fields(item("licence"), "une licence Visio pour Paul Durand", requester=ME) == {
        "software": "Visio", "beneficiary": "Paul Durand"}
    assert fill_fields(item("software_install"), "installer un logiciel", requester=ME) == {}
    assert fill_fields(item("vpn_access"), "un accès vpn pour moi", requester=ME) == {"beneficiary": ME}
    restore = item("file_restore")
    assert fill_fields(restore, r"j'ai supprimé S:\Projets\Atlas hier", requester=ME, now=NOW) == {
        "path": r"S:\Projets\Atlas", "deleted_on": "hier (2026-12-01)"}


def test_missing_fields_are_the_required_ones_left_in_order() -> None:
    onboarding = item("onboarding")
    assert [f.name for f in missing_fields(onboarding, {})] == ["person", "start_date", "department"]
    assert [f.name for f in missing_fields(onboarding, {"person": "Paul", "department": " "})] == [
        "start_date", "department"]
    assert missing_fields(item("proxy_exception"), {"url": "x.example"}) == ()


@pytest.mark.parametrize("text", [
    "il faudrait debloquer un site", "j'ai besoin d'un nouveau logiciel", "I need a Visio license",
    "demande d'accès", "mon compte est bloqué", "un nouvel écran svp", "restore my deleted files",
    "I can't open my payslip PDF", "ma fiche de paie ne s'ouvre pas dans le portail", "new hire next week",
    "activer le message d'absence pour mes congés",
])
def test_it_requests_are_it_s_even_about_pay_or_leave(text: str) -> None:
    assert is_it_request(text, DEMO)
    assert not is_non_it(text)


@pytest.mark.parametrize("text", [
    "ma fiche de paie est fausse", "je voudrais poser des congés", "combien de RTT il me reste",
    "question sur la mutuelle", "le chauffage ne marche pas au 2e", "my office chair is broken",
    "réserver un train pour Lyon", "ma note de frais n'est pas remboursée", "when is my salary paid",
    "book a hotel for the trip", "accès au parking", "il me faudrait une attestation employeur pour mon prêt",
    "I want to change the bank account my salary goes to",
    "le chronotachygraphe du camion GH-227-PT affiche erreur carte conducteur", "my fuel card got declined",
])
def test_pay_leave_facilities_and_travel_are_not_it(text: str) -> None:
    assert is_non_it(text)
    assert not is_it_request(text, DEMO)


def test_neither_it_nor_another_department() -> None:
    assert not is_non_it("bonjour") and not is_it_request("bonjour", DEMO)


def test_the_client_desk_holds_the_catalogue() -> None:
    desk = ClientDesk(load_file(CLIENTS_ROOT / "demo" / "settings.yml"))
    assert desk.request_items == DEMO


@pytest.mark.parametrize(("word", "wanted", "score"), [
    ("teams", "teams", 1.0), ("temas", "teams", 0.75), ("acess", "access", 0.75),
    ("team", "teams", 0.0),  # "my team" speaks of colleagues: an everyday word is no typo of a product
    ("equipe", "equipes", 0.0), ("portable", "portail", 0.0),
])
def test_a_typo_is_one_letter_off_but_an_everyday_word_is_none(word: str, wanted: str, score: float) -> None:
    assert similarity(word, wanted) == score
