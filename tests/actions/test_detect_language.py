import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.detect_language import ActionDetectLanguage
from actions.language import detect
from tests.actions.conftest import make_tracker, user


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        ("my VPN keeps disconnecting", "fr", "en"),
        ("Outlook plante au démarrage", "en", "fr"),
        ("Wie spät ist es? Ich brauche Hilfe", "fr", "other"),
        ("INC-000042", "en", None),  # says nothing: the conversation keeps its language
        ("3", "fr", None),
        ("ok", "en", None),
        ("merci", "en", "fr"),
        ("thanks", "fr", "en"),
        ("😀😀😀", "fr", None),
        ("", "en", None),
    ],
)
def test_the_language_follows_the_user(domain, text, before, after) -> None:
    tracker = make_tracker([user(text)], {"language": before})
    events = ActionDetectLanguage().run(CollectingDispatcher(), tracker, domain)
    assert events == ([] if after is None else [{"event": "slot", "name": "language", "value": after,
                                                 "timestamp": None}])


def test_a_button_payload_keeps_the_conversations_language() -> None:
    assert detect('/incident_followup{"ticket_number": "INC-000005"}') is None
