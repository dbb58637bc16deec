from bot.terminal_chat import render


def test_replies_are_printed_and_buttons_numbered(capsys) -> None:
    buttons = render([
        {"recipient_id": "me", "text": "How many people are affected?",
         "buttons": [{"title": "Just me", "payload": "3"}, {"title": "My team", "payload": "2"}]},
        {"recipient_id": "me", "text": "Second line"},
    ])
    printed = capsys.readouterr().out
    assert "relais> How many people are affected?" in printed
    assert "1. Just me" in printed and "2. My team" in printed and "relais> Second line" in printed
    assert [b["payload"] for b in buttons] == ["3", "2"]
