"""The one language detector the doors and the actions share (servicedesk.language); how the actions keep
the conversation's language with it is tested in tests/actions/test_detect_language.py."""

from servicedesk.language import detect


def test_a_button_payload_keeps_the_conversations_language() -> None:
    assert detect('/incident_followup{"ticket_number": "INC-000005"}') is None
