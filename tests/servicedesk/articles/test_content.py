"""The pure rules of an article's content: what may be saved, what the KB indexes, what a diff shows."""

import pytest

from servicedesk.articles.content import Content, checked, diff, indexed_text, quoted_error
from servicedesk.articles.errors import InvalidArticle

VPN = Content(title="  VPN   en boucle ", kind="article", language="fr", body="\n# VPN\n\nRedémarrez GlobalProtect.\n",
              services=("VPN", "VPN", " "))


def test_content_is_saved_trimmed_with_each_service_once() -> None:
    saved = checked(VPN, catalogue=("VPN", "Outlook"))
    assert (saved.title, saved.body, saved.services) == ("VPN en boucle", "# VPN\n\nRedémarrez GlobalProtect.",
                                                         ("VPN",))


@pytest.mark.parametrize(("change", "reason"), [
    ({"kind": "ticket"}, "kind"), ({"language": "de"}, "language"), ({"title": " "}, "title"),
    ({"title": "x" * 301}, "title"), ({"body": ""}, "body"), ({"kind": "known_error"}, "error_text"),
    ({"services": ("Imprimante 3D",)}, "services"),
])
def test_what_an_article_may_not_be(change: dict, reason: str) -> None:
    with pytest.raises(InvalidArticle) as refused:
        checked(Content(**{**VPN.__dict__, **change}), catalogue=("VPN",))
    assert refused.value.reason == reason


def test_a_known_errors_exact_text_is_indexed_even_when_the_body_does_not_quote_it() -> None:
    error = Content(title="SSL 61", kind="known_error", language="en", body="# SSL 61\n\nUpdate Citrix Workspace.",
                    error_text="SSL Error 61")
    assert indexed_text(error).endswith("## Error message\n`SSL Error 61`")
    quoted = Content(**{**error.__dict__, "body": "The box says `SSL Error 61`."})
    assert indexed_text(quoted) == quoted.body
    assert indexed_text(VPN) == VPN.body


def test_a_diff_shows_the_fields_and_lines_that_changed_and_nothing_when_nothing_did() -> None:
    after = Content(**{**VPN.__dict__, "kind": "problem", "body": VPN.body.replace("Redémarrez", "Réinstallez")})
    lines = diff(VPN, after, names=("version 1", "version 2"))
    assert lines[:2] == ["--- version 1", "+++ version 2"]
    assert "-kind: article" in lines and "+kind: problem" in lines
    assert "+Réinstallez GlobalProtect." in lines and "-Redémarrez GlobalProtect." in lines
    assert diff(VPN, VPN) == []


def test_a_known_errors_quoted_error_is_found_under_its_heading() -> None:
    assert quoted_error("## Symptôme\nRien.\n\n## Message d'erreur\n`Citrix Workspace: SSL error 61`\n\nTexte") == (
        "Citrix Workspace: SSL error 61")
    assert quoted_error(indexed_text(Content("T", "known_error", "en", "Body.", error_text="0x800CCC0E"))) == (
        "0x800CCC0E")
    assert quoted_error("No heading, `0x1234` only.") == ""
