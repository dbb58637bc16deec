"""Every event the service desk writes reads as a sentence, in French and in English, with the ticket's
number, human status labels and the desk's local time; an unknown event still reads clearly."""

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.messages import Button
from bot.notices import buttons, render, status_label

PARIS = ZoneInfo("Europe/Paris")


@dataclass
class N:
    event: str
    payload: dict[str, Any] = field(default_factory=dict)
    language: str = "fr"
    recipient: str = "slack:T1:U1"


def both(event: str, payload: dict[str, Any], recipient: str = "slack:T1:U1") -> tuple[str, str]:
    fr = render(N(event, payload, "fr", recipient), zone=PARIS)
    en = render(N(event, payload, "en", recipient), zone=PARIS)
    assert fr and en and fr != en
    return fr, en


@pytest.mark.parametrize(("to", "old", "fr", "en"), [
    ("assigned", "new", "confié à une équipe", "handed to a support team"),
    ("in_progress", "assigned", "Un technicien travaille", "A technician is now working"),
    ("in_progress", "resolved", "de nouveau en cours", "being worked on again"),
    ("pending", "in_progress", "en attente : dites-nous votre poste.", "on hold: dites-nous votre poste."),
    ("cancelled", "new", "a été annulé : dites-nous votre poste.", "has been cancelled: dites-nous"),
])
def test_status_changes_say_what_it_means_for_the_requester(to, old, fr, en) -> None:
    said = both("status_changed", {"number": "INC-000042", "from": old, "to": to,
                                   "reason": "dites-nous votre poste." if to in ("pending", "cancelled") else ""})
    assert all("INC-000042" in text for text in said)
    assert fr in said[0] and en in said[1]


def test_a_reason_the_desk_gives_is_said_in_the_readers_language_not_the_historys() -> None:
    fr, en = both("status_changed", {"number": "INC-1", "from": "new", "to": "cancelled",
                                     "reason": "redirected: not an IT support request", "reason_code": "redirected"})
    assert fr.endswith("a été annulé : ce n'est pas une demande de support informatique.") and "redirected" not in fr
    assert en.endswith("has been cancelled: this is not an IT support request.")


def test_an_unexpected_status_change_names_both_statuses_with_their_labels() -> None:
    fr, en = both("status_changed", {"number": "INC-1", "from": "pending", "to": "new"})
    assert "« en attente » à « nouveau »" in fr
    assert "“pending” to “new”" in en


@pytest.mark.parametrize("to", ["resolved", "closed"])
def test_resolved_and_closed_say_nothing_the_closure_notices_say_it(to) -> None:
    assert render(N("status_changed", {"number": "INC-1", "from": "in_progress", "to": to})) is None


def test_closure_request_gives_the_solution_and_the_auto_close() -> None:
    fr, en = both("closure_request", {"number": "INC-7", "solution": "pilote réinstallé"})
    assert "INC-7 est résolu : pilote réinstallé" in fr and "clos automatiquement" in fr
    assert "INC-7 is resolved: pilote réinstallé" in en and "closed automatically" in en
    assert "Est-ce réglé pour vous ?" in fr and "avec vos mots" in fr  # a question, answered as the user likes
    assert "Is it fixed for you?" in en and "in your own words" in en


def test_is_it_fixed_is_answered_by_a_button_carrying_the_number() -> None:
    notice = N("closure_request", {"number": "INC-000042", "solution": "pilote réinstallé"})
    assert buttons(notice) == (Button("✅ Oui, c'est réglé", '/affirm{"ticket_number": "INC-000042"}'),
                               Button("❌ Non, toujours pas", '/deny{"ticket_number": "INC-000042"}'))
    assert [b.title for b in buttons(notice, language="en")] == ["✅ Yes, it's fixed", "❌ No, still broken"]


def test_closure_reminder_and_notice() -> None:
    fr, en = both("closure_reminder", {"number": "INC-7", "reminder": 2, "of": 3})
    assert fr.startswith("Rappel (2/3)") and en.startswith("Reminder (2/3)")
    fr, en = both("closure_notice", {"number": "INC-7", "in_business_days": 1})
    assert "dans 1 jour(s) ouvré(s)" in fr and "in 1 business day(s)" in en


def test_satisfaction_request_on_closing() -> None:
    fr, en = both("satisfaction_request", {"number": "INC-7"})
    assert "INC-7 est maintenant clos" in fr and "INC-7 is now closed" in en
    assert "de 1 (pas du tout) à 5 (très satisfait)" in fr and "commentaire" in fr and "avec vos mots" in fr
    assert "from 1 (not at all) to 5 (very satisfied)" in en and "comment" in en and "own words" in en


def test_the_satisfaction_question_offers_one_to_five() -> None:
    offered = buttons(N("satisfaction_request", {"number": "INC-000042"}, "en"))
    assert [b.title for b in offered] == ["1", "2", "3", "4", "5"]
    assert offered[3].payload == '/inform{"rating": "4", "ticket_number": "INC-000042"}'


@pytest.mark.parametrize("event", ["closure_reminder", "status_changed", "keep_in_loop", "announcement"])
def test_other_notices_offer_no_buttons(event) -> None:
    assert buttons(N(event, {"number": "INC-1", "to": "pending"})) == ()


def test_a_question_without_a_number_offers_no_buttons() -> None:
    assert buttons(N("closure_request", {})) == ()  # a click could not say which ticket it answers


def test_keep_in_loop_says_status_and_team() -> None:
    fr, en = both("keep_in_loop", {"number": "INC-7", "status": "in_progress", "group": "Réseau"})
    assert "il est en cours, chez l'équipe Réseau" in fr
    assert "it is in progress, with the Réseau team" in en


def test_known_error_gives_the_workaround() -> None:
    fr, en = both("known_error", {"number": "INC-7", "problem": "PRB-000001", "workaround": "redémarrer"})
    assert "PRB-000001" in fr and "redémarrer" in fr and "workaround: redémarrer" in en


def test_an_agents_reply_gives_their_name_the_ticket_and_their_words() -> None:
    fr, en = both("agent_reply", {"number": "INC-7", "agent": "Alice", "text": "Redémarrez Outlook."})
    assert fr == "Alice, à propos de votre ticket INC-7 :\nRedémarrez Outlook."
    assert en == "Alice, about your ticket INC-7:\nRedémarrez Outlook."


def test_takeover_delayed_gives_the_deadline_in_the_desks_time() -> None:
    fr, en = both("takeover_delayed", {"number": "INC-7", "deadline": "2026-03-02T15:30:00+00:00"})
    assert "au plus tard le 02/03/2026 à 16:30" in fr
    assert "by 2026-03-02 at 16:30 at the latest" in en
    fr = render(N("takeover_delayed", {"number": "INC-7", "deadline": None}))
    assert "dès que possible" in fr


def test_without_a_zone_times_are_utc_and_say_so() -> None:
    text = render(N("takeover_delayed", {"number": "INC-7", "deadline": "2026-03-02T15:30:00+00:00"}, "en"))
    assert "2026-03-02 at 15:30 UTC" in text


def test_group_notices_name_the_group() -> None:
    fr, en = both("assigned", {"number": "INC-7", "level": 2, "escalation": True, "reason": "rule x"}, "Réseau")
    assert fr == "[Réseau] Ticket INC-7 confié à votre groupe (niveau 2), par escalade — rule x."
    assert en == "[Réseau] Ticket INC-7 assigned to your group (level 2), escalated — rule x."


@pytest.mark.parametrize(("event", "fr", "en"), [
    ("sla_warning", "75 % du délai de résolution", "75% of the resolution time used"),
    ("sla_breach", "délai de résolution dépassé", "resolution time exceeded"),
])
def test_sla_warnings_and_breaches(event, fr, en) -> None:
    said = both(event, {"number": "INC-7", "agreement": "P2", "kind": "SLA", "metric": "ttr",
                        "deadline": "2026-03-02T08:00:00+00:00"}, "Réseau")
    assert fr in said[0] and "02/03/2026 à 09:00" in said[0] and said[0].startswith("⚠️ [Réseau]") == (
        event == "sla_warning")
    assert en in said[1] and "2026-03-02 at 09:00" in said[1]


def test_a_major_incident_offers_an_announcement_to_the_service_desk() -> None:
    payload = {"number": "INC-9", "problem": "PRB-2", "service": "SAP", "title": "SAP – plus personne ne se connecte"}
    fr, en = both("announcement_offer", payload, recipient="Centre de services")
    assert fr.startswith("📣 [Centre de services] Incident majeur INC-9 (SAP) : SAP – plus personne")
    assert "Problème PRB-2 ouvert" in fr and "annonce" in fr
    assert en.startswith("📣 [Centre de services] Major incident INC-9 (SAP): SAP") and "Problem PRB-2" in en


def test_escalated_and_takeover_requested() -> None:
    fr, en = both("escalated", {"number": "INC-7", "priority": "P1", "reason": "rule boss"})
    assert fr == "Ticket INC-7 (P1) escaladé : rule boss." and en == "Ticket INC-7 (P1) escalated: rule boss."
    fr, en = both("takeover_requested", {"number": "INC-7", "reason": "ask_human"})
    assert "attend un technicien" in fr and "waiting for a technician" in en


ANNOUNCEMENT = {"announcement_id": 1, "kind": "planned_change", "title": "Mise à jour SAP", "body": "SAP coupé",
                "services": ["SAP", "VPN"], "starts_at": "2026-12-05T07:00:00+00:00",
                "ends_at": "2026-12-05T11:00:00+00:00"}


def test_a_planned_change_gives_its_window_and_services() -> None:
    fr, en = both("announcement", ANNOUNCEMENT, "announcements")
    assert fr.startswith("🗓️ Intervention planifiée : Mise à jour SAP\nSAP coupé")
    assert "Services concernés : SAP, VPN" in fr and "Du 05/12/2026 à 08:00 au 05/12/2026 à 12:00." in fr
    assert en.startswith("🗓️ Planned change: Mise à jour SAP") and "Affected services: SAP, VPN" in en


def test_a_major_incident_has_no_window() -> None:
    fr = render(N("announcement", {**ANNOUNCEMENT, "kind": "major_incident", "services": []}))
    assert fr == "🚨 Incident majeur : Mise à jour SAP\nSAP coupé"


def test_updates_and_the_end() -> None:
    fr, en = both("announcement_update", {**ANNOUNCEMENT, "body": "Décalé à 9h"})
    assert fr == "Mise à jour — Mise à jour SAP\nDécalé à 9h" and en == "Update — Mise à jour SAP\nDécalé à 9h"
    fr, en = both("announcement_end", {**ANNOUNCEMENT, "body": "Terminé"})
    assert fr.startswith("✅ Terminé — Mise à jour SAP") and en.startswith("✅ Over — Mise à jour SAP")


def test_an_announcement_written_in_both_languages_reads_in_its_readers() -> None:
    translations = {"fr": {"title": "Mise à jour SAP", "body": "SAP coupé"},
                    "en": {"title": "SAP upgrade", "body": "SAP is off"}}
    fr, en = both("announcement", {**ANNOUNCEMENT, "translations": translations}, "announcements")
    assert fr.startswith("🗓️ Intervention planifiée : Mise à jour SAP\nSAP coupé")
    assert en.startswith("🗓️ Planned change: SAP upgrade\nSAP is off")
    update = {**ANNOUNCEMENT, "translations": {"fr": {"title": "Mise à jour SAP", "body": "Décalé"},
                                               "en": {"title": "SAP upgrade", "body": "Moved"}}}
    assert both("announcement_update", update)[1] == "Update — SAP upgrade\nMoved"
    only_french = {**ANNOUNCEMENT, "translations": {"fr": translations["fr"]}}
    assert both("announcement_end", only_french)[1].startswith("✅ Over — Mise à jour SAP\nSAP coupé")


def test_an_unknown_event_is_generic_but_clear() -> None:
    assert render(N("ticket_merged", {"number": "INC-9"})) == \
        "Le centre de services a une information sur votre ticket INC-9 (ticket merged)."
    assert render(N("newsletter", {}, "en")) == "The service desk has news for you (newsletter)."


def test_the_language_can_be_overridden_and_a_third_language_reads_english() -> None:
    assert render(N("satisfaction_request", {"number": "INC-1"}), language="en").startswith("Your ticket")
    assert render(N("satisfaction_request", {"number": "INC-1"}, "de")).startswith("Your ticket")
    assert status_label("in_progress", "fr") == "en cours" and status_label("odd", "en") == "odd"


@pytest.mark.parametrize(("code", "fr", "en"), [
    ("kb_fixes_failed", "les solutions connues n'ont pas marché", "the known fixes did not work"),
    ("security_incident", "incident de sécurité", "security incident")])
def test_why_level_1_hands_a_ticket_over_is_said_in_the_groups_language(code, fr, en) -> None:
    """The history keeps level 1's English reason; the group's notice says it from its code."""
    payload = {"number": "INC-7", "level": 2, "escalation": True, "reason": "in English", "reason_code": code}
    said_fr, said_en = both("assigned", payload, "Réseau")
    assert said_fr.endswith(f" — {fr}.") and said_en.endswith(f" — {en}.") and "English" not in said_fr
