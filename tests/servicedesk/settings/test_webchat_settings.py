"""The `chat.webchat` section: which identity modes a client allows, and where (never what) its secrets are."""

from typing import Any

import pytest

from servicedesk.errors import InvalidSettings
from servicedesk.settings import load_text
from tests.servicedesk.settings.document import document, dump


def with_webchat(webchat: dict[str, Any]) -> str:
    raw = document()
    raw.setdefault("chat", {})["webchat"] = webchat
    return dump(raw)


OIDC = {"issuer": "https://login.test.example", "client_id": "relais",
        "client_secret": {"env": "RELAIS_OIDC_SECRET_TEST"}}


def test_without_a_webchat_section_the_chat_is_anonymous_as_before() -> None:
    assert load_text(dump(document())).chat.webchat.identity == ("anonymous",)


def test_every_mode_with_what_it_needs() -> None:
    webchat = load_text(with_webchat({
        "identity": ["anonymous", "verified", "oidc"],
        "hmac_secret": {"env": "RELAIS_WEBCHAT_SECRET_TEST", "file": "webchat-test", "generate": True},
        "oidc": OIDC})).chat.webchat
    assert webchat.identity == ("anonymous", "verified", "oidc")
    assert (webchat.hmac_secret.env, webchat.hmac_secret.file) == ("RELAIS_WEBCHAT_SECRET_TEST", "webchat-test")
    assert webchat.oidc.scopes == ("openid", "email", "profile") and webchat.oidc.client_secret.file is None


@pytest.mark.parametrize(("webchat", "words"), [
    ({"identity": ["verified"]}, "verified needs hmac_secret"),
    ({"identity": ["oidc"]}, "oidc needs an oidc section"),
    ({"identity": ["anonymous"], "oidc": OIDC}, "'oidc' is not in identity"),
    ({"identity": []}, "at least one"),
    ({"identity": ["anonymous", "anonymous"]}, "anonymous twice"),
    ({"identity": ["guest"]}, "got 'guest'"),
    # A secret's value in the file is refused: only where it is may be written there.
    ({"identity": ["verified"], "hmac_secret": "s3cr3t"}, "hmac_secret"),
    ({"identity": ["verified"], "hmac_secret": {"value": "s3cr3t"}}, "unknown field"),
    ({"identity": ["verified"], "hmac_secret": {}}, "names an environment variable"),
    ({"identity": ["verified"], "hmac_secret": {"env": "lower-case"}}, "environment variable name"),
    ({"identity": ["verified"], "hmac_secret": {"file": "../../etc/passwd"}}, "bare file name"),
    ({"identity": ["verified"], "hmac_secret": {"env": "RELAIS_X", "generate": True}}, "needs a file"),
    ({"identity": ["oidc"], "oidc": {**OIDC, "issuer": "login.test.example"}}, "oidc.issuer"),
    ({"identity": ["oidc"], "oidc": {**OIDC, "scopes": ["email"]}}, "include 'openid'"),
    ({"identity": ["oidc"], "oidc": {**OIDC, "client_secret": "plain"}}, "client_secret"),
])
def test_an_incomplete_or_unsafe_webchat_section_is_refused(webchat: dict[str, Any], words: str) -> None:
    with pytest.raises(InvalidSettings, match=r"chat\.webchat") as refused:
        load_text(with_webchat(webchat))
    assert words in str(refused.value)


def test_the_demo_and_acme_files_say_what_the_readme_says() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[3] / "data" / "clients"
    demo = load_text((root / "demo" / "settings.yml").read_text(encoding="utf-8")).chat.webchat
    acme = load_text((root / "acme" / "settings.yml").read_text(encoding="utf-8")).chat.webchat
    assert demo.identity == ("anonymous", "verified") and demo.hmac_secret.generate
    assert acme.identity == ("verified", "oidc") and "anonymous" not in acme.identity
    assert acme.oidc is not None and acme.oidc.client_secret.env == "RELAIS_OIDC_SECRET_ACME"
