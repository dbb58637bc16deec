"""Which step of an offered fix a question is about: by the words they share, or none."""

import pytest

from servicedesk.level1.known_fix import search, step_asked, steps_left, words_of
from servicedesk.level1.turn import KbHit

STEPS = ("Fermez Outlook complètement dans le Gestionnaire des tâches.",
         "Lancez Outlook en mode sans échec : touche Windows + R, tapez outlook.exe /safe puis Entrée.",
         "Si Outlook démarre en mode sans échec, allez dans Fichier > Options > Compléments COM > Atteindre.",
         "Décochez tous les compléments sauf Microsoft Teams Meeting Add-in.")


@pytest.mark.parametrize(("question", "step"), [
    ("le mode sans echec je le lance comment deja ? windows+R et apres ?", 1),
    ("les complements COM c'est ou ?", 2),
    ("je decoche lesquels des complements ?", 3),
])
def test_a_question_finds_the_step_it_is_about(question: str, step: int) -> None:
    assert step_asked(question, STEPS) == step


@pytest.mark.parametrize("question", ["ca marche depuis un telephone ?", "c'est long ?", ""])
def test_a_question_sharing_nothing_with_the_steps_finds_none(question: str) -> None:
    assert step_asked(question, STEPS) is None
    assert step_asked("les complements ?", ()) is None


class Kb:
    def __init__(self, *hits: KbHit) -> None:
        self.hits = hits

    def search(self, query: str, k: int) -> list[KbHit]:
        return list(self.hits[:k])

    def article(self, doc_id: str) -> KbHit | None:
        return None


NOT_SYNCING = KbHit("not-syncing", "Outlook is not receiving new emails", "article", confident=True, score=0.71,
                    language="en")
CRASH = KbHit("crash", "Outlook se ferme ou plante au démarrage", "article", confident=True, score=0.59,
              language="fr")
COMMON = {"names": words_of(["Outlook", "Printing"]),
          "aliases": words_of(["outlook", "messagerie", "mail", "imprimante", "impression", "printer", "copieur"])}


def test_a_how_to_article_must_name_the_task_not_only_the_product() -> None:
    found = search(Kb(NOT_SYNCING, CRASH), "how do I share my outlook calendar with my assistant?", how_to=True,
                   language="en", **COMMON)
    assert found.fix is None
    # In another language than the question's, words cannot be compared: the KB's judgement stands.
    found = search(Kb(CRASH), "how do I stop outlook crashing at startup?", how_to=True, language="en",
                   **COMMON)
    assert found.fix == CRASH
    # A problem is no how-to: its article is not judged on its title.
    assert search(Kb(NOT_SYNCING), "outlook doesn't get my calendar invites", language="en",
                  **COMMON).fix == NOT_SYNCING


def test_the_article_naming_the_task_is_preferred_among_the_first_answers() -> None:
    offline = KbHit("offline", "L'imprimante est hors ligne ou les impressions ne sortent pas", "article",
                    score=0.48, language="fr")
    badge = KbHit("badge", "Add the badge-release printer (NW-Badge) to your PC", "article", score=0.26,
                  language="en")
    other = KbHit("zebra", "Zebra label printer prints blank labels", "article", score=0.25, language="en")
    found = search(Kb(offline, other, badge), "premiere fois au siege, je fais comment pour recuperer mes "
                   "impressions au copieur avec le badge ?", how_to=True, language="fr", **COMMON)
    assert found.fix == badge


def test_a_service_name_alone_in_one_title_still_counts() -> None:
    install = KbHit("install", "Installer un logiciel : Centre logiciel ou demande d'installation", "article",
                    confident=True, score=0.8, language="fr")
    found = search(Kb(install), "je dois installer 7zip, je suis pas admin, je fais comment ?", how_to=True,
                   language="fr", names=words_of(["Software"]), aliases=words_of(["logiciel", "installer"]))
    assert found.fix == install


def test_an_article_in_another_language_than_the_question_keeps_the_kbs_judgement() -> None:
    restore = KbHit("restore", "Restaurer un fichier ou un dossier supprimé (lecteur P:, OneDrive)", "article",
                    confident=True, score=0.7, language="fr")
    mail = KbHit("mail", "Recover a deleted email or folder in Outlook", "article", confident=True, score=0.6,
                 language="en")
    found = search(Kb(restore, mail), "how do i get back a powerpoint i deleted from my onedrive last week?",
                   how_to=True, language="en", **COMMON)
    assert found.fix == restore


DOCK_STEPS = ("Unplug the dock's USB-C cable from the laptop, wait 10 seconds and plug it in again, firmly.",
              "Check that the dock's power light is on; if not, check its power brick and the socket.",
              "Press Windows + P and choose Extend.",
              "Unplug the dock from the mains for 30 seconds (this resets it), then plug it back in.",
              "Open Software Center and install Dell Dock Firmware if it is listed.",
              "Restart the laptop while it is connected to the dock.")


def test_the_steps_after_the_first_ones_tried_are_left() -> None:
    # "dock" is in most steps: it tells none apart
    assert [n for n, _ in steps_left("replugged the usb-c, nothing. dock light is on", DOCK_STEPS)] == [3, 4, 5, 6]


@pytest.mark.parametrize("account", [
    "did all that, replug, win+P extend, dock unplugged from the mains. nothing.",  # all of them
    "j'ai tout fait, rien", "restarted, still nothing",  # the last one tried
    "non toujours pareil", "still nothing"])  # no step named: the fix failed
def test_no_steps_are_left_when_the_last_or_all_were_tried_or_none_is_named(account: str) -> None:
    assert steps_left(account, DOCK_STEPS) == []
