"""A consent to remote control is read only from a plain yes or no (servicedesk.level1.consent)."""

import pytest

from servicedesk.level1.consent import read_consent, read_session_code


@pytest.mark.parametrize("text", ["oui allez-y", "Oui", "ok", "d'accord", "vas-y", "yes please do", "sure",
                                  "ok go ahead", "no problem", "pas de souci", "pourquoi pas", "j'accepte"])
def test_a_plain_yes_is_a_consent(text: str) -> None:
    assert read_consent(text) is True


@pytest.mark.parametrize("text", ["non", "Non merci", "pas maintenant", "no thanks", "pas d'accord", "je refuse",
                                  "rather not", "plus tard"])
def test_a_plain_no_is_a_refusal(text: str) -> None:
    assert read_consent(text) is False


@pytest.mark.parametrize("text", ["c'est quoi quick assist ?", "il voit tout mon ecran ?", "",
                                  "my printer is broken again and the screen is black today too",
                                  "oui mais non", "ok but not now"])
def test_a_question_another_subject_or_both_is_neither(text: str) -> None:
    assert read_consent(text) is None


@pytest.mark.parametrize("text", ["4F7K2Q", "le code c'est 4f7k2q", "ID 123 456 789 mdp x7k9p2", "123456789"])
def test_a_session_code_is_read_as_the_user_typed_it(text: str) -> None:
    assert read_session_code(text) == text


@pytest.mark.parametrize("text", ["mon pc c'est le NW-LT-2231", "outlook plante 0x800CCC0E", "oui", "INC0012345",
                                  "REQ-000045"])
def test_a_host_an_error_code_or_a_ticket_is_no_session_code(text: str) -> None:
    assert read_session_code(text) is None
