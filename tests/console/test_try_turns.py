"""Reading a Rasa tracker into the test chat's turns."""

from console.try_turns import turns_of

TRACKER = {"events": [
    {"event": "action", "name": "action_session_start"},
    {"event": "slot", "name": "language", "value": "fr"},
    {"event": "user", "text": "Outlook plante", "parse_data": {
        "intent": {"name": "report_incident", "confidence": 0.91},
        "entities": [{"entity": "service", "value": "Outlook", "extractor": "RegexEntityExtractor"}],
        "intent_ranking": [{"name": "report_incident", "confidence": 0.91},
                           {"name": "ask_howto", "confidence": 0.05}]}},
    {"event": "slot", "name": "unsure", "value": None},
    {"event": "action", "name": "action_level1"},
    {"event": "slot", "name": "episode", "value": {"stage": "fix_offered", "offered": {
        "doc_id": "KB-12", "title": "Outlook ne démarre plus", "kind": "article", "score": 0.73, "steps": ["a"]}}},
    {"event": "bot", "text": "Essayez ceci : Outlook ne démarre plus"},
    {"event": "action", "name": "action_listen"},
]}


def test_a_turn_has_its_intent_entities_slots_actions_and_the_fix_offered() -> None:
    [turn] = turns_of(TRACKER)
    assert (turn.text, turn.intent, turn.confidence) == ("Outlook plante", "report_incident", 0.91)
    assert turn.entities == [{"entity": "service", "value": "Outlook", "extractor": "RegexEntityExtractor"}]
    assert turn.actions == ["action_level1"]
    assert turn.slots == {"episode.stage": "fix_offered"}
    assert turn.offered == {"doc_id": "KB-12", "title": "Outlook ne démarre plus", "kind": "article", "score": 0.73}
    assert turn.said == ["Essayez ceci : Outlook ne démarre plus"]
    assert turn.ranking[1] == ("ask_howto", 0.05)


def test_an_empty_tracker_has_no_turns() -> None:
    assert turns_of({}) == [] and turns_of({"events": [{"event": "bot", "text": "hi"}]}) == []
