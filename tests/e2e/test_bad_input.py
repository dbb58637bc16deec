"""Bad input gets a polite answer in the user's language; nothing crashes; nothing stored is lost."""

import pytest
from sqlalchemy import func, select

from servicedesk.language import detect
from servicedesk.tickets.models import LogEntry, Ticket

pytestmark = pytest.mark.e2e

HOSTILE = "'); DROP TABLE tickets; -- <script>alert('x')</script>"


def counts(bot) -> tuple[int, int]:
    with bot.tickets() as session:
        return (session.scalar(select(func.count()).select_from(Ticket)),
                session.scalar(select(func.count()).select_from(LogEntry)))


def user_texts(chat) -> list[str]:
    return [e["text"] for e in chat.tracker()["events"] if e["event"] == "user"]


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("", "fr"),
        ("😀😀😀🔥", "fr"),
        ("mon ordinateur est très lent et plante sans arrêt " * 220, "fr"),
        ("my laptop is extremely slow and keeps freezing all day " * 200, "en"),
        (HOSTILE, None),
        ("SELECT * FROM tickets WHERE 1=1; DELETE FROM ticket_log;", None),
        ("<img src=x onerror=alert(1)> ça marche pas", None),
    ],
)
def test_each_bad_message_gets_a_polite_answer_and_is_kept(bot, message, language) -> None:
    before = counts(bot)
    chat = bot.conversation()
    replies = chat.say(message)
    answer = " ".join(r.get("text", "") for r in replies)
    assert answer.strip(), "the bot must always answer"
    if language:
        assert detect(answer) == language, answer
    assert user_texts(chat) == [message.strip()]  # stored unchanged (Rasa trims outer whitespace)
    assert counts(bot)[0] == before[0]  # one message alone never opens a ticket


def test_another_language_gets_an_answer_in_both_of_ours(bot) -> None:
    answer = bot.conversation().text("Wie spät ist es? Ich brauche Hilfe")
    assert "français ou en anglais" in answer and "French or English" in answer


def test_unknown_ticket_in_english(bot) -> None:
    answer = bot.conversation().text("any update on INC-555555 please?")
    assert "can't find any ticket INC-555555" in answer


def test_hostile_text_ends_up_verbatim_in_a_ticket_and_breaks_nothing(bot) -> None:
    chat = bot.conversation()
    chat.text(f"notre appli de planning maison plante avec ce message : {HOSTILE}")
    handed = chat.text("je veux parler a un technicien")
    number = next(word.strip(" :,.") for word in handed.split() if word.startswith("INC-"))
    with bot.tickets() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.number == number)).one()
        assert HOSTILE in ticket.description
        assert any(HOSTILE in e.body for e in ticket.log)
    assert counts(bot)[0] >= 1
