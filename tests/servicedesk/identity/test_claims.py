"""The doors' signed claims: valid only with the doors' secret, for one conversation, for a few minutes."""

import time
from unittest import mock

import pytest

from servicedesk.identity.claims import ClaimsRefused, DoorClaims, sign, verify

SECRET = "s3cret-shared-by-the-doors"
CLAIMS = DoorClaims(client="acme", requester="slack:T1:U1", channel="slack", conversation="slack:T1:D1",
                    email="ann@acme.example", user_name="Ann")


def test_what_a_door_signs_is_read_back_whole() -> None:
    found = verify(sign(CLAIMS, SECRET), SECRET, conversation="slack:T1:D1")
    assert (found.client, found.requester, found.channel, found.email, found.user_name) == (
        "acme", "slack:T1:U1", "slack", "ann@acme.example", "Ann")
    assert found.issued_at > 0


@pytest.mark.parametrize(("token", "secret", "conversation", "reason"), [
    (lambda: None, SECRET, "slack:T1:D1", "no signed claims"),
    (lambda: "", SECRET, "slack:T1:D1", "no signed claims"),
    (lambda: {"client": "acme"}, SECRET, "slack:T1:D1", "no signed claims"),
    (lambda: sign(CLAIMS, "another secret"), SECRET, "slack:T1:D1", "bad signature"),
    (lambda: sign(CLAIMS, SECRET), SECRET, "slack:T1:D2", "claims of another conversation"),
    (lambda: sign(CLAIMS, SECRET)[:-2] + "xx", SECRET, "slack:T1:D1", "bad signature"),
], ids=["none", "empty", "plain dict", "wrong secret", "other conversation", "tampered"])
def test_anything_but_the_doors_signature_for_this_conversation_is_refused(token, secret, conversation,
                                                                          reason) -> None:
    """Tokens are made when the test runs, not when it is collected: a long suite would make them stale."""
    with pytest.raises(ClaimsRefused) as refused:
        verify(token(), secret, conversation=conversation)
    assert refused.value.reason == reason


def test_claims_go_stale() -> None:
    with mock.patch("time.time", return_value=time.time() - 301):
        old = sign(CLAIMS, SECRET)
    with pytest.raises(ClaimsRefused, match="stale"):
        verify(old, SECRET, conversation="slack:T1:D1")
    assert verify(old, SECRET, conversation="slack:T1:D1", max_age=3600).client == "acme"


def test_nothing_is_signed_or_believed_without_a_secret() -> None:
    with pytest.raises(ClaimsRefused):
        sign(CLAIMS, "")
    with pytest.raises(ClaimsRefused):
        verify(sign(CLAIMS, SECRET), "", conversation="slack:T1:D1")
