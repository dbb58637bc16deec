"""Level 1 listens: every message feeds every field it can, and an answer is checked against its question."""

from datetime import UTC, datetime

import pytest

from servicedesk.level1.facts import FIELDS, Facts, read_answer, read_facts
from servicedesk.service_catalogue import catalogue_from_settings
from servicedesk.settings.loader import CLIENTS_ROOT, load_file

CATALOGUE = catalogue_from_settings(load_file(CLIENTS_ROOT / "demo" / "settings.yml"))
NOW = datetime(2026, 12, 2, 13, 0, tzinfo=UTC)        # a Wednesday


def facts(text: str) -> Facts:
    return read_facts(text, services=CATALOGUE, now=NOW)


def answer(field: str, text: str) -> tuple[Facts, bool]:
    return read_answer(field, text, services=CATALOGUE, now=NOW)


def test_one_message_answers_three_questions():
    said = facts("the whole floor is down, everyone gets 'server not found'")
    assert (said.impact, said.affected, said.error, said.urgency) == (1, "the whole floor", "server not found", 1)


def test_service_error_code_and_since_without_accents():
    said = facts("depuis ce matin outlook me dit 0x800CCC0E")
    assert (said.service, said.error, said.since) == ("Outlook", "0x800CCC0E", "depuis ce matin")
    assert said.since_at is not None and said.since_at.date() == NOW.date() and said.since_at <= NOW


def test_ten_people_of_a_team_is_a_department_sized_impact():
    said = facts("on est une dizaine dans l'equipe compta a plus avoir acces a SAP, cloture mensuelle aujourd'hui")
    assert (said.service, said.affected_count, said.impact, said.urgency) == ("SAP", 10, 1, 1)
    assert said.deadline == "cloture mensuelle aujourd'hui"
    assert said.affected == "on est une dizaine dans l'equipe compta"


@pytest.mark.parametrize(("text", "impact", "affected"), [
    ("toute l'equipe est bloquee", 2, "toute l'equipe"),
    ("tout le service compta", 1, "tout le service compta"),
    ("everyone in accounting can't print", 1, "everyone in accounting"),
    ("12 people in the accounting team cant print", 1, "12 people in the accounting team"),
    ("my team and I lost the vpn", 2, "my team"),
])
def test_who_is_affected_as_said(text, impact, affected):
    said = facts(text)
    assert (said.impact, said.affected) == (impact, affected)


def test_just_me_from_home():
    said = facts("juste moi, je bosse de chez moi")
    assert said.impact == 3 and said.affected == "juste moi"
    assert "chez moi" in (said.place or "")
    assert said.error is None and said.since is None


def test_device_place_and_what_was_tried():
    said = facts("mon pc DI-PC04512 bureau 3.12 ne demarre plus, j'ai deja essaye de le rebrancher")
    assert "DI-PC04512" in (said.device or "")
    assert said.place == "bureau 3.12"
    assert said.tried == "j'ai deja essaye de le rebrancher"
    assert said.error is None and said.since is None


@pytest.mark.parametrize(("text", "day"), [
    ("since last Monday", 30), ("depuis lundi dernier", 30), ("since Monday my vpn drops", 30),
    ("since the update yesterday", 1), ("depuis la mise a jour d'hier", 1), ("depuis 2 jours", 30),
    ("for two days", 30), ("ca fait 3 jours que ca plante", 29), ("depuis vendredi", 27),
    ("depuis lundi matin", 30), ("it started 2 days ago", 30), ("hier soir ca marchait", 1),
])
def test_since_is_dated_before_now(text, day):
    said = facts(text)
    assert said.since and said.since_at is not None
    assert said.since_at.day == day and said.since_at <= NOW


def test_since_keeps_the_words_as_said():
    assert facts("since the update yesterday").since == "since the update yesterday"
    assert facts("depuis le 3 mars l'imprimante bourre").since == "depuis le 3 mars"
    assert facts("depuis le 3 mars").since_at == datetime(2026, 3, 3, tzinfo=UTC)


def test_an_event_dates_the_problem_without_a_date():
    said = facts("since the windows update my screen flickers")
    assert said.since == "since the windows update" and said.since_at is None


def test_it_can_wait_is_low_urgency():
    assert facts("ça peut attendre").urgency == 4
    assert facts("pas urgent du tout").urgency == 4
    assert facts("not urgent, I can use the webmail").urgency == 4


def test_oracle_error_keeps_its_message():
    assert facts("ORA-12541: TNS:no listener").error == "ORA-12541: TNS:no listener"


@pytest.mark.parametrize(("text", "error"), [
    ("fifteen users can't log in to Salesforce, HTTP 500", "HTTP 500"),
    ("I restarted twice but still AADSTS50076", "AADSTS50076"),
    ("error 61 when printing", "error 61"),
    ("working from home, VPN says « accès refusé »", "accès refusé"),
    ("le certificat a expire sur l'intranet", "le certificat a expire"),
    ("erreur 404 sur sharepoint", "erreur 404"),
    ("copy fails with 0x80070005", "0x80070005"),
])
def test_error_codes_and_messages_as_typed(text, error):
    assert facts(text).error == error


def test_several_errors_are_joined():
    said = facts("blue screen CRITICAL_PROCESS_DIED then 0x80070005")
    assert said.error == "blue screen; CRITICAL_PROCESS_DIED; 0x80070005"


def test_a_demo_within_the_hour_is_blocking():
    said = facts("client demo in an hour and teams wont start")
    assert (said.urgency, said.deadline, said.service) == (1, "client demo in an hour", "Teams")
    said = facts("démo client dans une heure et teams plante")
    assert (said.urgency, said.deadline) == (1, "démo client dans une heure")


def test_people_counted_in_words():
    said = facts("3 collegues et moi on a plus le wifi")
    assert (said.affected_count, said.impact) == (3, 2)
    said = facts("fifteen users can't log in")
    assert (said.affected_count, said.impact) == (15, 1)
    assert facts("trois collegues ont le meme souci").affected_count == 3


def test_a_greeting_to_everyone_is_not_an_outage():
    assert facts("Bonjour tout le monde, l'imprimante du 2e fait un bourrage").impact is None


def test_nothing_in_a_greeting():
    assert facts("bonjour") == Facts()


def test_a_request_holds_no_error_nor_time():
    said = facts("I need a new mouse")
    assert said.error is None and said.since is None


def test_an_office_number_is_a_place_not_an_error_or_a_time():
    said = facts("bureau 3.12")
    assert said.place == "bureau 3.12" and said.error is None and said.since is None


def test_an_error_code_is_not_a_time():
    said = facts("0x80070005")
    assert said.since is None and said.error == "0x80070005"


def test_no_error_message_is_declined_and_nothing_works():
    said = facts("pas de message d'erreur, rien ne marche")
    assert said.declined == ("error",) and said.no_workaround and said.error is None


def test_an_answer_that_dates_is_not_the_error():
    said, fits = answer("error", "since this morning")
    assert not fits and said.error is None and said.since == "since this morning"


def test_a_plain_answer_is_the_free_text_field():
    assert answer("error", "the screen just goes black") == (answer("error", "the screen just goes black")[0], True)
    assert answer("error", "the screen just goes black")[0].error == "the screen just goes black"
    assert answer("device", "HP EliteBook")[0].device == "HP EliteBook"
    assert answer("place", "Lyon") == (Facts(place="Lyon"), True)
    assert answer("tried", "vider le cache") == (Facts(tried="vider le cache"), True)


@pytest.mark.parametrize(("field", "text"), [
    ("error", "no"), ("error", "pas de message"), ("error", "je sais pas"), ("error", "aucun"),
    ("tried", "rien"), ("tried", "pas encore"), ("device", "no idea"), ("since", "je sais plus"),
])
def test_declining_answers_the_question(field, text):
    said, fits = answer(field, text)
    assert fits and said.declined == (field,) and not said.filled(field)


@pytest.mark.parametrize(("field", "text"), [
    ("device", "yes"), ("error", "I want a technician"), ("error", "ok"), ("error", "bonjour"),
    ("error", "c'est quoi un message d'erreur ?"), ("error", "bureau 3.12"), ("place", "oui"),
    ("tried", "je veux parler a un technicien"), ("impact", "bof"), ("urgency", "hello"),
])
def test_answers_that_do_not_fit(field, text):
    said, fits = answer(field, text)
    assert not fits and not said.filled(field) and field not in said.declined


@pytest.mark.parametrize(("field", "text", "level"), [
    ("impact", "just me", 3), ("impact", "toute l'equipe", 2), ("impact", "3", 3), ("impact", "1", 1),
    ("impact", "moi", 3), ("impact", "tout le batiment", 1), ("urgency", "1", 1), ("urgency", "4", 4),
    ("urgency", "ça peut attendre", 4), ("urgency", "je peux plus travailler", 1),
])
def test_levels_from_buttons_and_words(field, text, level):
    said, fits = answer(field, text)
    assert fits and getattr(said, field) == level


def test_a_short_time_answers_since():
    said, fits = answer("since", "lundi")
    assert fits and said.since == "lundi" and said.since_at == datetime(2026, 11, 30, tzinfo=UTC)


def test_an_application_outside_the_catalogue_answers_the_service():
    said, fits = answer("service", "Sage")
    assert fits and said.application == "Sage" and said.service is None
    assert facts("l'application Cegid plante").application == "Cegid"


def test_merged_keeps_first_words_and_takes_the_worse_levels():
    first = Facts(error="0x80070005", impact=3, affected="juste moi", urgency=3, declined=("tried",))
    later = Facts(error="0x80070005; access denied", impact=2, affected="my team", urgency=4, tried="rebooted",
                  place="bureau 3.12")
    merged = first.merged(later)
    assert merged.error == "0x80070005; access denied"
    assert (merged.impact, merged.affected, merged.urgency) == (2, "my team", 3)
    assert merged.tried == "rebooted" and merged.place == "bureau 3.12" and merged.declined == ()


def test_missing_is_what_is_neither_told_nor_declined():
    said = Facts(service="Outlook", since="hier", declined=("error",))
    assert said.missing(FIELDS) == ("impact", "urgency", "device", "place", "tried")
    assert said.missing(("tried", "impact")) == ("tried", "impact")


def test_facts_survive_a_slot():
    said = facts("depuis ce matin outlook me dit 0x800CCC0E, juste moi")
    assert Facts.from_dict(said.to_dict()) == said
    assert Facts.from_dict(None) == Facts()
    assert Facts.from_dict({"impact": "2", "urgency": 1, "unknown": 3, "declined": ["error", "nope"]}) == Facts(
        urgency=1, declined=("error",))


@pytest.mark.parametrize("text", ["juste moi, mes collegues se connectent", "only me, my colleagues are fine"])
def test_a_team_said_to_be_fine_is_not_affected(text: str) -> None:
    assert read_facts(text).impact == 3
