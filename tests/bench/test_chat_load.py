"""The load bench's arithmetic, without any server: a conversation counts as completed only when every line
was answered (and a Relais one ended with its ticket's status), and Relais's figures are read as multiples of
the bare bot's at the same number of users."""

import asyncio
import os
from types import SimpleNamespace

from bench.chat_load import SCRIPTS, Figures, converse, cpu_seconds, ratios, row
from bench.chat_stacks import Running
from scripts.stack import Service


def figures(target: str, users: int, msg_per_s: float, p95: float, cpu: float) -> Figures:
    return Figures(target, users, users, users, users * 4, msg_per_s, p95 / 2, p95, p95 * 2, cpu)


def test_relais_is_compared_with_the_bare_bot_at_the_same_number_of_users() -> None:
    lines = ratios([figures("bare", 10, 30, 500, 50), figures("rest", 10, 15, 800, 100),
                    figures("webchat", 10, 12, 1000, 110), figures("rest", 50, 10, 5000, 100),
                    figures("doors", 10, 300, 50, 10)])
    assert len(lines) == 2  # no bare figure at 50 users; the doors alone are no Relais pipeline
    assert "msg/s x0.50" in lines[0] and "p95 x1.60" in lines[0] and "CPU/msg x2.00" in lines[0]
    assert "msg/s x0.40" in lines[1] and "p95 x2.00" in lines[1]


def test_a_relais_conversation_completes_with_its_ticket_s_status() -> None:
    async def replies(said: list[str], number_at: int | None) -> bool:
        async def say(text: str) -> str:
            said.append(text)
            if len(said) - 1 == number_at:
                return "Ticket INC-000042 ouvert."
            return f"Où en est-il : {text}" if "INC-000042" in text else "D'accord."

        return await converse(say, SCRIPTS["fr"], [], ticket=True)

    said: list[str] = []
    assert asyncio.run(replies(said, 3))
    assert said[-1] == "où en est INC-000042 ?"  # the number the bot gave, asked about
    assert not asyncio.run(replies([], None))  # no ticket: not completed


def test_the_cpu_of_a_process_group_is_counted() -> None:
    assert cpu_seconds({os.getpgrp()}) > 0
    assert cpu_seconds({-1}) == 0


def test_a_row_shows_the_rasa_server_s_part_of_the_cpu() -> None:
    line = row(Figures("rest", 10, 20, 20, 120, 15.0, 300, 500, 900, 80.4, 52.6))
    assert line.split()[-2:] == ["80", "53"]


def test_only_the_rasa_servers_count_as_rasa() -> None:
    services = [Service(name, [], None) for name in ("action server", "Rasa server", "bare Rasa")]
    for pid, service in enumerate(services, start=101):
        service.process = SimpleNamespace(pid=pid)  # type: ignore[assignment]
    assert Running(services=services).rasa_groups == {102, 103}
