"""Password hashing: argon2id through pwdlib, with its recommended parameters. A hash made with older parameters
is verified and handed back renewed (verify_and_update), so raising the cost reaches every account at its next
sign-in. An unknown login is checked against a dummy hash, so that it takes as long as a wrong password; that hash
is made on first need, not when the module is imported (every `python -m servicedesk` command imports it)."""

from functools import cache

from pwdlib import PasswordHash

_hasher = PasswordHash.recommended()


@cache
def _dummy(hasher: PasswordHash) -> str:
    return hasher.hash("relais: no such account")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(password: str, hashed: str | None) -> tuple[bool, str | None]:
    """(whether the password matches, a renewed hash to store when its parameters are outdated)."""
    if hashed is None:
        _hasher.verify(password, _dummy(_hasher))
        return False, None
    try:
        return _hasher.verify_and_update(password, hashed)
    except Exception:  # noqa: BLE001 - a hash this library cannot read opens nothing
        return False, None
