"""Which step of an offered fix a question is about: by the words they share, or none."""

import pytest

from servicedesk.level1.known_fix import step_asked

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
