"""Argon2id through pwdlib: a hash opens only its password, carries its own salt and parameters, and an outdated
one is handed back renewed."""

from collections.abc import Iterator

import pytest
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from servicedesk.accounts import passwords


@pytest.fixture(autouse=True)
def cheap_hashes() -> Iterator[None]:
    """The real parameters here: the other tests hash cheaply (tests/conftest.py), these check what production does."""
    yield


def test_a_hash_is_argon2id_salted_and_opens_only_its_password() -> None:
    first, second = passwords.hash_password("correct horse"), passwords.hash_password("correct horse")
    assert first.startswith("$argon2id$") and first != second  # a salt of its own
    assert passwords.verify("correct horse", first) == (True, None)
    assert passwords.verify("correct horsE", first) == (False, None)


def test_no_hash_and_an_unreadable_hash_open_nothing() -> None:
    assert passwords.verify("anything", None) == (False, None)
    assert passwords.verify("anything", "$2b$not-a-hash") == (False, None)


def test_a_hash_made_with_weaker_parameters_is_renewed() -> None:
    weak = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8192),)).hash("correct horse")
    matches, renewed = passwords.verify("correct horse", weak)
    assert matches and renewed is not None and renewed != weak
    assert passwords.verify("correct horse", renewed) == (True, None)
