"""The upload link's token: signed, bound to what it names, expiring."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import URLSafeSerializer

from servicedesk.errors import UploadRefused
from servicedesk.uploads import links

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
GRANT = links.UploadGrant(client="acme", number="INC-000042", requester="slack:T1:U1", nonce="n" * 24,
                          expires=int((NOW + timedelta(hours=1)).timestamp()), language="en")


def test_a_signed_link_gives_back_its_grant() -> None:
    token = links.sign(GRANT, "secret")
    assert links.verify(token, "secret", now=NOW) == GRANT
    assert links.url("https://doors.example/", token) == f"https://doors.example/upload/{token}"


def test_an_expired_link_is_refused_with_its_grant() -> None:
    token = links.sign(GRANT, "secret")
    with pytest.raises(UploadRefused) as refused:
        links.verify(token, "secret", now=NOW + timedelta(hours=1))
    assert (refused.value.reason, refused.value.grant) == ("expired", GRANT)


@pytest.mark.parametrize("forge", [
    lambda token: links.sign(GRANT, "another secret"),
    lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
    lambda token: URLSafeSerializer("secret", salt="relais.door-claims.v1").dumps(vars(GRANT)),  # another purpose
    lambda token: URLSafeSerializer("secret", salt="relais.upload-link.v1").dumps({"client": "acme"}),
    lambda token: "",
])
def test_a_forged_link_is_refused_without_saying_more(forge) -> None:
    with pytest.raises(UploadRefused) as refused:
        links.verify(forge(links.sign(GRANT, "secret")), "secret", now=NOW)
    assert (refused.value.reason, refused.value.grant) == ("forged", None)


def test_a_payload_changed_by_hand_breaks_the_signature() -> None:
    token = links.sign(GRANT, "secret")
    payload, signature = token.rsplit(".", 1)
    other = links.sign(replace(GRANT, client="globex"), "secret").rsplit(".", 1)[0]
    with pytest.raises(UploadRefused):
        links.verify(f"{other}.{signature}", "secret", now=NOW)
    assert links.verify(f"{payload}.{signature}", "secret", now=NOW) == GRANT


def test_no_secret_signs_nothing() -> None:
    with pytest.raises(UploadRefused):
        links.sign(GRANT, "")
