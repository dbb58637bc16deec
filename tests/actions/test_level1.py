"""The one action of the dialogue: it reads the message and the conversation's state from a real rasa-sdk
tracker, calls level 1 on a real database, and says what it decided with domain.yml's responses."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import dependencies
from actions.level1 import EPISODE_SLOT, ActionLevel1, said_of
from actions.transcript import TICKET_SLOT
from kb_index.steps import Article
from tests.actions.conftest import make_tracker, user


@dataclass(frozen=True)
class Result:
    doc_id: str
    title: str
    kind: str = "article"
    link: str = ""
    snippet: str = "Ouvrez GlobalProtect puis Reconnecter."
    confident: bool = True
    score: float = 0.9


VPN = Result("vpn-globalprotect-echec-connexion", "GlobalProtect ne se connecte pas",
             link="https://kb.demo-industrie.example/articles/vpn-globalprotect-echec-connexion")


@pytest.fixture
def kb(actions_database) -> Iterator[dict[str, Any]]:
    state: dict[str, Any] = {"results": [VPN]}

    def search(query: str, k: int) -> list[Result]:
        return state["results"][:k] if "vpn" in query.lower() else []

    def article(doc_id: str) -> Article | None:
        steps = ("Ouvrez GlobalProtect.", "Cliquez sur Reconnecter.")
        return Article(VPN.doc_id, VPN.title, "article", VPN.link, steps) if doc_id == VPN.doc_id else None

    dependencies.use_kb(search, article)
    yield state
    dependencies.use_kb(None)


def run(domain, text: str, intent: str, slots: dict[str, Any] | None = None, entities: list | None = None):
    message = user(text, intent)
    message["parse_data"]["entities"] = entities or []
    dispatcher = CollectingDispatcher()
    events = ActionLevel1().run(dispatcher, make_tracker([message], slots), domain)
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}, events


def test_a_known_fix_is_said_with_its_steps_its_link_and_two_buttons(domain, kb) -> None:
    messages, slots, _ = run(domain, "mon vpn ne se connecte plus depuis ce matin", "report_incident")
    (message,) = messages
    assert message["response"] == "utter_kb_fix"
    assert message["steps"] == "1. Ouvrez GlobalProtect.\n2. Cliquez sur Reconnecter."
    assert message["link"] == VPN.link
    assert [b["payload"] for b in message["buttons"]] == [f'/affirm{{"kb_doc": "{VPN.doc_id}"}}', "/deny"]
    assert slots[EPISODE_SLOT]["stage"] == "fix_offered"


def test_the_fix_button_closes_the_contact_and_keeps_the_ticket_in_focus(domain, kb) -> None:
    _, slots, _ = run(domain, "mon vpn ne se connecte plus", "report_incident")
    messages, after, _ = run(domain, f'/affirm{{"kb_doc": "{VPN.doc_id}"}}', "affirm", slots,
                             [{"entity": "kb_doc", "value": VPN.doc_id}])
    assert messages[0]["response"] == "utter_kb_fix_worked"
    assert after[TICKET_SLOT].startswith("INC-")


def test_a_ticket_opening_gives_its_deadline_and_group_in_words(domain, kb) -> None:
    messages, slots, _ = run(domain, "je veux parler a un technicien", "ask_human")
    (message,) = messages
    assert message["response"] == "utter_handed_to_human"
    assert "échéance" in message["deadline"] or "pas d'échéance" in message["deadline"]
    assert message["group"] and slots[TICKET_SLOT] == message["number"]


def test_the_ticket_a_failed_fix_opened_comes_with_its_upload_page_and_its_expiry_in_words(
        domain, kb, monkeypatch) -> None:
    monkeypatch.setenv("RELAIS_UPLOAD_SECRET", "u" * 32)
    monkeypatch.setenv("RELAIS_UPLOAD_PUBLIC_URL", "https://chat.example")
    from servicedesk.uploads import defaults

    defaults.reset()
    try:
        _, slots, _ = run(domain, "mon vpn ne se connecte plus, bloquant, juste moi", "report_incident")
        messages, after, _ = run(domain, "non toujours pareil", "deny", slots)
    finally:
        defaults.reset()
    offer = next(m for m in messages if m["response"] == "utter_upload_offer")
    assert offer["url"].startswith("https://chat.example/upload/") and offer["number"] == after[TICKET_SLOT]
    assert " à " in offer["expires"]  # the desk's local time, in French


def test_a_failure_is_one_polite_sentence_and_the_state_is_kept(domain, kb, monkeypatch) -> None:
    def broken(**_: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr("actions.level1.take_turn", broken)
    messages, _, events = run(domain, "mon vpn ne se connecte plus", "report_incident",
                                  {EPISODE_SLOT: {"stage": "qualifying", "asked": "impact"}})
    assert [m["response"] for m in messages] == ["utter_technical_problem"] and events == []


def test_a_button_is_read_as_its_intent_and_entities_without_text() -> None:
    tracker = make_tracker([user('/incident_followup{"ticket_number": "INC-000007"}', "incident_followup")])
    tracker.latest_message["entities"] = [{"entity": "ticket_number", "value": "INC-000007"}]
    said = said_of(tracker, "fr")
    assert (said.text, said.button, said.intent, said.entity("ticket_number")) == (
        "", True, "incident_followup", "INC-000007")


def test_behind_a_fallback_the_nlus_guess_is_kept_when_it_says_something() -> None:
    message = user("vpn bof", "nlu_fallback")
    message["parse_data"]["intent_ranking"] = [{"name": "nlu_fallback", "confidence": 0.6},
                                               {"name": "report_incident", "confidence": 0.35}]
    said = said_of(make_tracker([message]), "fr")
    assert (said.intent, said.confidence) == ("report_incident", 0.35)
    message["parse_data"]["intent_ranking"][1]["confidence"] = 0.1
    assert said_of(make_tracker([message]), "fr").intent is None
