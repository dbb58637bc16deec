"""The catalogue of service requests in a client's settings: optional, checked like the other sections."""

from typing import Any

import pytest

from servicedesk.errors import InvalidSettings
from servicedesk.settings import load_all, load_text
from tests.servicedesk.settings.document import document, dump


def proxy() -> dict[str, Any]:
    return {"code": "proxy_exception", "name": {"fr": "Exception proxy", "en": "Proxy exception"},
            "aliases": ["proxy", "site bloqué"], "support_group": "Infrastructure", "article": "en-proxy-exception",
            "fields": [{"name": "url", "kind": "url", "question": {"fr": "Quelle URL ?", "en": "Which URL?"}},
                       {"name": "justification", "kind": "text", "required": False,
                        "question": {"fr": "Pourquoi ?", "en": "Why?"}}]}


def refused(requests: list[dict[str, Any]]) -> list[str]:
    raw = document()
    raw["requests"] = requests
    with pytest.raises(InvalidSettings) as error:
        load_text(dump(raw), source="requests.yml")
    return error.value.problems


def test_a_document_without_requests_has_an_empty_catalogue() -> None:
    assert load_text(dump(document())).requests == ()


def test_a_catalogue_item_loads_with_its_fields_and_defaults() -> None:
    raw = document()
    raw["requests"] = [proxy()]
    (item,) = load_text(dump(raw)).requests
    assert item.support_group == "Infrastructure" and item.article == "en-proxy-exception" and not item.approval
    assert [(f.name, f.kind, f.required) for f in item.fields] == [("url", "url", True),
                                                                  ("justification", "text", False)]


def test_an_unknown_support_group_is_refused() -> None:
    problems = refused([{**proxy(), "support_group": "Infra"}])
    assert any(p.startswith('requests["proxy_exception"].support_group:') and "no group 'Infra'" in p
               for p in problems), problems


@pytest.mark.parametrize(("change", "words"), [
    (lambda item: item.update(approve=True), "unknown field"),
    (lambda item: item["fields"][0].update(kind="email"), "url"),
    (lambda item: item["fields"][0].update(kind="choice"), "at least two choices"),
    (lambda item: item["fields"][0].update(choices=["a", "b"]), "choice fields only"),
    (lambda item: item["fields"].append(item["fields"][0]), "duplicate field url"),
    (lambda item: item.update(article="Proxy Exception.md"), "should match pattern"),
    (lambda item: item.update(aliases=[]), "at least 1 item"),
    (lambda item: item["name"].pop("en"), "required field missing"),
])
def test_a_wrong_item_is_refused(change, words) -> None:
    item = proxy()
    change(item)
    problems = refused([item])
    assert any(p.startswith("requests") and words in p for p in problems), problems


def test_codes_and_aliases_name_one_item() -> None:
    assert any("duplicate request proxy_exception" in p for p in refused([proxy(), proxy()]))
    other = {**proxy(), "code": "website", "aliases": ["Site bloque"]}
    assert any("alias 'site bloque' names both 'proxy_exception' and 'website'" in p
               for p in refused([proxy(), other]))


def test_the_clients_catalogues_load() -> None:
    clients = load_all()
    for slug in ("demo", "acme"):
        codes = {item.code for item in clients[slug].requests}
        assert {"application_access", "shared_folder_access", "software_install", "licence", "hardware",
                "onboarding", "proxy_exception", "file_restore", "mailbox_access", "vpn_access", "phone"} <= codes
