"""Each detector of servicedesk.privacy.secrets on its own: the desk's patterns, the detect-secrets plugins it
uses, and the rules of the marker (one per secret, the sentence kept, idempotent)."""

import subprocess
from pathlib import Path

import pytest

from servicedesk.privacy.secrets import MASK, Masked, mask_secrets


def masked(text: str) -> str:
    return mask_secrets(text).text


@pytest.mark.parametrize(("text", "expected"), [
    ("mon mot de passe est Soleil2024!", "mon mot de passe est [•••]"),
    ("mdp: azerty123", "mdp: [•••]"),
    ("mdp=azerty", "mdp=[•••]"),  # after ":" or "=", even a plain word is the password
    ("my password is hunter2.", "my password is [•••]."),  # the sentence's full stop is not part of it
    ("password = Tr0ub4dor&3", "password = [•••]"),
    ("le nouveau mdp c'est Bonjour!23", "le nouveau mdp c'est [•••]"),
    ("pwd Xy7#kk", "pwd [•••]"),
    ("passwd: 'two words'", "passwd: '[•••]'"),
    ("le mot de passe de ma session est Hiver2023", "le mot de passe de ma session est [•••]"),
    ("the PIN is 4821", "the PIN is [•••]"),
    ("code PIN 0000", "code PIN [•••]"),
    ("passcode: 9911", "passcode: [•••]"),
    ("Printemps24 is my password", "[•••] is my password"),
    ("credentials: jdupont / Azerty!1", "credentials: jdupont / [•••]"),
    ("password 'Hiver2023!'", "password '[•••]'"),
])
def test_a_password_after_its_keyword(text, expected) -> None:
    assert mask_secrets(text) == Masked(expected, ("password",))


@pytest.mark.parametrize("text", [
    "mon mot de passe est expiré", "my password is not working", "password: forgotten", "mdp : oublié",
    "le mot de passe est trop court", "mot de passe Windows bloqué", "password 2FA reset",
    "mot de passe oublié, mon identifiant est jdupont42", "mot de passe erreur : 0x80070005",
    "le mot de passe expire dans 3 jours", "my password is the same as before", "mdp: ********",
    "le mot de passe de INC-000123", "réinitialiser le mot de passe srv-paris-01", "mot de passe O365",
    "pin it to the taskbar", "mot de passe 2024", 'la fenêtre mot de passe "Microsoft Outlook" revient',
    "mot de passe : voir avec mon manager", "PIN: 12", "mdp = le même que d'habitude",
])
def test_words_about_a_password_are_not_one(text) -> None:
    assert mask_secrets(text) == Masked(text)


@pytest.mark.parametrize("text", [
    "code de vérification 482913", "le code reçu par SMS est 123 456", "my 2FA code is 654321",
    "authenticator code: 112233", "OTP 48291377", "code de validation : 4455", "le code que j'ai reçu par SMS : 2201",
    "one-time password 775533",
])
def test_a_one_time_code_in_context(text) -> None:
    result = mask_secrets(text)
    assert result.kinds == ("one_time_code",) and result.text.endswith(MASK)


@pytest.mark.parametrize("text", [
    "code d'erreur 1603", "error code 403", "le code d'erreur reçu est 1603", "MFA depuis la version 2309",
    "code de vérification envoyé au 06 12 34 56 78", "code SMS reçu à 10:30", "code de vérification pour INC-000123",
    "2FA since 12/03/2025", "ma mise à jour 123456 a échoué",
])
def test_numbers_that_are_not_one_time_codes(text) -> None:
    assert mask_secrets(text) == Masked(text)


@pytest.mark.parametrize(("text", "kind"), [
    ("api key: 4fGh7Jk2Lm9Np3Qr5St8", "api_key"),
    ("ma clé d'API est Zk3mQ9vT2xLr8pW4nB6y", "api_key"),
    ("the secret is q8Wn2Lr5Tv9Xk3Mz7Pb1", "api_key"),
    ("token: a1B2c3D4e5F6g7H8i9J0", "token"),
    ("Bearer 8f3kD9qLm2Xv7Tz4Rw1Np6Ys", "token"),
    ("sk-ant-api03-Zx9Lm2Qv8Tr4Np7Ws1Ky6", "api_key"),
    ("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv", "token"),
    ("ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "token"),
    ("glpat-Ab3dEf6hIj9kLm2nOp5q", "token"),
    ("xoxp-1234-5678-abcdef123456", "token"),
    ("AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", "api_key"),
    ("sk_test_4eC39HqLyjWDarjtT1zdp7dc", "api_key"),
    ("rk_3u-O2HWPkt3_6UlBKW6pMzPN14k_NY1SsoDEGzx5hms", "api_key"),
])
def test_keys_and_tokens(text, kind) -> None:
    result = mask_secrets(text)
    assert result.kinds == (kind,) and result.text.endswith(MASK)


@pytest.mark.parametrize("text", [
    "the token expired", "api key rotation is planned for Friday", "le secret de la réussite",
    "token: srv-paris-01.acme.local", "Bearer authentication fails", "clé API révoquée le 12/03/2025",
    "token version 16.0.17328.20124",
])
def test_words_near_key_words_are_not_keys(text) -> None:
    assert mask_secrets(text) == Masked(text)


@pytest.mark.parametrize(("secret", "kind"), [
    ("AKIAIOSFODNN7EXAMPLE", "api_key"),  # AWS
    ("AccountKey=" + "a" * 43 + "B" * 44 + "=", "api_key"),  # Azure storage
    ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqZHVwb250In0.c2lnbmF0dXJl", "token"),  # JWT, signature included
    ("SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ", "api_key"),  # SendGrid
    ("AC" + "a1" * 16, "api_key"),  # Twilio
    ("0123456789abcdef0123456789abcdef-us12", "api_key"),  # Mailchimp
    ("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0", "token"),  # Telegram
    ("MTIzNDU2Nzg5MDEyMzQ1Njc4.Gh1jKl.abcdefghijklmnopqrstuvwxyz0", "token"),  # Discord
    ("sq0csp-" + "A" * 43, "api_key"),  # Square
])
def test_detect_secrets_plugins(secret, kind) -> None:
    result = mask_secrets(f"c'est ça : {secret} merci")
    assert result == Masked(f"c'est ça : {MASK} merci", (kind,))


def test_a_basic_auth_url_keeps_its_host() -> None:
    assert masked("https://svc:S3cr3t@sharepoint.acme.example/site") == "https://svc:[•••]@sharepoint.acme.example/site"


def test_a_private_key_block_is_masked_whole_even_cut_short() -> None:
    whole = "voici\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nq8Wn2Lr5\n-----END RSA PRIVATE KEY-----\nfin"
    assert mask_secrets(whole) == Masked("voici\n[•••]\nfin", ("private_key",))
    assert masked("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq") == MASK


@pytest.mark.parametrize("number", ["4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005",
                                    "6011 0009 9013 9424"])
def test_a_luhn_valid_card_number(number) -> None:
    assert mask_secrets(f"carte {number} refusée") == Masked(f"carte {MASK} refusée", ("card_number",))


@pytest.mark.parametrize("text", ["carte 4111 1111 1111 1112", "appelez le +33 6 12 34 56 78",
                                  "IBAN FR76 3000 6000 0112 3456 7890 189", "commande 4500012345",
                                  "1234567890123456789012"])
def test_numbers_that_are_not_cards(text) -> None:
    assert mask_secrets(text) == Masked(text)


def test_a_bitlocker_recovery_key() -> None:
    key = "-".join(f"{n:06d}" for n in range(111111, 999999, 111111))[:55]
    assert mask_secrets(f"clé : {key}").kinds == ("recovery_key",)


def test_several_secrets_each_get_a_marker_in_order() -> None:
    result = mask_secrets("token: ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 puis mdp: Hiver2023! et 4111111111111111")
    assert result == Masked(f"token: {MASK} puis mdp: {MASK} et {MASK}", ("token", "password", "card_number"))


def test_the_most_specific_detector_names_an_overlapping_secret() -> None:
    assert mask_secrets("mdp: ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789").kinds == ("token",)


def test_masking_is_idempotent_and_leaves_plain_text_alone() -> None:
    once = masked("mdp: azerty123, code de vérification 482913, carte 4111 1111 1111 1111")
    assert masked(once) == once and not mask_secrets(once).found
    assert mask_secrets("") == Masked("") and not mask_secrets("bonjour").found


def test_a_long_message_is_masked() -> None:
    text = "Outlook plante. " * 600 + "mdp: Hiver2023!"
    assert masked(text).endswith(f"mdp: {MASK}")


def test_rasa_runtime_masks_the_same() -> None:
    """Rasa's channel (Python 3.10, .venv-rasa) imports this module too: it must run there, alone."""
    root = Path(__file__).resolve().parents[3]
    script = ("import sys; from servicedesk.privacy.secrets import mask_secrets; "
              "print(sys.version_info[:2], mask_secrets('mdp: azerty123').text); "
              "assert 'sqlalchemy' not in sys.modules")
    result = subprocess.run([str(root / ".venv-rasa" / "bin" / "python"), "-c", script], cwd=root,
                            capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == f"(3, 10) mdp: {MASK}"
