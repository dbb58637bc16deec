"""Load benchmark: simulated users holding real conversations, Relais beside Rasa's bare `rasa init` bot in
one run, at several numbers of users at once (1, 10, 50 by default).

Targets, started by the bench itself (bench/chat_stacks.py; rest and webchat on one Relais stack), each stack
stopped before the next starts:
    bare      Rasa's `rasa init` bot on its REST webhook: the reference the ratios are taken against
    rest      Relais's whole pipeline (Rasa, the action server, the KB) on Rasa's REST webhook
    webchat   the same through the doors' web chat (journal, claims, the relay), as a page posts
    doors     the web chat in front of a Rasa stand-in answering at once: what the doors alone carry (no model)

A Relais user reports an incident (French or English, alternately), answers the qualification, gets a ticket
number, then asks for its status; a bare-bot user greets, is sad, is cheered up, says goodbye. With
--replicas N, Relais runs N action servers, N Rasa servers and N doors behind round-robin proxies, on
PostgreSQL and Redis as in production.

    .venv/bin/python -m bench.chat_load [--users 1 10 50] [--rounds 2] [--targets bare rest webchat]
                                        [--replicas 1] [--smoke] [--model models/relais-….tar.gz]

--smoke: one user, one conversation, the `doors` target added, and never a training: a target without its
model (the bare bot's, made once by `rasa init` under var/bench/; Relais's, `make train`'s) is skipped. Without
--smoke the bare bot is made and trained the first time, a few minutes, once. --model: Relais's model to serve
instead of `make train`'s for the current data (one trained before an edit that changes no prediction).

Prints, for each target and number of users, conversations completed, messages, messages per second, reply
latency p50/p95/max and the CPU time its processes spent per message, all of them and the Rasa server's alone;
then Relais's figures as ratios of the bare bot's at the same number of users. Not a test: the machine is small
and shared, so compare the ratios, which are taken within one run; the load average is printed at the start
and the end.
"""

import argparse
import asyncio
import contextlib
import os
import re
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench import chat_stacks
from bench.chat_stacks import Running

SCRIPTS = {
    "fr": ["Outlook plante au démarrage", "0x800CCC0E", "depuis ce matin", "3", "1", "où en est {number} ?"],
    "en": ["my VPN keeps disconnecting", "no", "since yesterday", "2", "2", "what's the status of {number}?"],
}
BARE_SCRIPT = ["hello", "I am very sad", "yes, that helped", "goodbye"]
STAND_IN_SCRIPT = ["bonjour", "mon imprimante est bloquée", "depuis hier", "merci"]
NUMBER = re.compile(r"INC-\d{6}")
TARGETS = ("bare", "rest", "webchat", "doors")

Say = Callable[[str], Awaitable[str]]  # one message in, the replies' text out


@dataclass(frozen=True)
class Figures:
    target: str
    users: int
    conversations: int
    completed: int
    messages: int
    msg_per_s: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    cpu_ms_per_msg: float
    rasa_cpu_ms_per_msg: float = 0.0  # the Rasa server's part of cpu_ms_per_msg


def rest_user(client: httpx.AsyncClient, url: str) -> Say:
    """A conversation on Rasa's REST webhook, one sender of its own."""
    sender = f"bench-{uuid.uuid4().hex[:10]}"

    async def say(text: str) -> str:
        response = await client.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text})
        response.raise_for_status()
        return " ".join(r.get("text") or "" for r in response.json())

    return say


async def webchat_user(client: httpx.AsyncClient, url: str) -> Say:
    """A web-chat page of the demo client: its token first, then each message as the page posts it."""
    started = (await client.post(f"{url}/webchat/api/sessions", json={"key": "demo"})).raise_for_status().json()
    headers = {"Authorization": f"Bearer {started['token']}"}

    async def say(text: str) -> str:
        body = {"key": "demo", "session": started["session"], "client_message_id": uuid.uuid4().hex, "text": text}
        response = await client.post(f"{url}/webchat/api/messages", json=body, headers=headers)
        response.raise_for_status()
        return " ".join(m.get("text") or "" for m in response.json()["messages"])

    return say


async def converse(say: Say, lines: list[str], latencies: list[float], ticket: bool = False) -> bool:
    """One whole conversation; True when every line was answered and, for a conversation that must open a
    `ticket` (Relais's), it ended with the ticket's status."""
    number, answered = None, True
    for line in lines:
        started = time.perf_counter()
        reply = await say(line.format(number=number or "INC-000000"))
        latencies.append(time.perf_counter() - started)
        answered = answered and bool(reply)
        number = number or (found.group(0) if (found := NUMBER.search(reply)) else None)
    return answered and (number is not None and number in reply if ticket else True)


async def run_level(target: str, running: Running, users: int, rounds: int) -> Figures:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=users + 10, max_keepalive_connections=users + 10)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:

        async def user(index: int) -> int:
            ok = 0
            for round_ in range(rounds):
                if target in ("bare", "rest"):
                    assert running.rest_url is not None
                    say = rest_user(client, running.rest_url)
                else:
                    assert running.doors_url is not None
                    say = await webchat_user(client, running.doors_url)
                ok += await converse(say, script(target, index + round_), latencies,
                                     ticket=target in ("rest", "webchat"))
            return ok

        cpu_before, rasa_before = cpu_seconds(running.process_groups), cpu_seconds(running.rasa_groups)
        started = time.perf_counter()
        completed = sum(await asyncio.gather(*(user(i) for i in range(users))))
        elapsed, cpu = time.perf_counter() - started, cpu_seconds(running.process_groups) - cpu_before
        rasa_cpu = cpu_seconds(running.rasa_groups) - rasa_before
    ordered = sorted(latencies)
    return Figures(target, users, users * rounds, completed, len(ordered), len(ordered) / elapsed,
                   statistics.median(ordered) * 1000, ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000,
                   ordered[-1] * 1000, cpu * 1000 / len(ordered), rasa_cpu * 1000 / len(ordered))


def script(target: str, index: int) -> list[str]:
    if target == "bare":
        return BARE_SCRIPT
    if target == "doors":
        return STAND_IN_SCRIPT
    return SCRIPTS["fr" if index % 2 == 0 else "en"]


def cpu_seconds(groups: set[int]) -> float:
    """CPU time (user + system) of every live process in these process groups (each server runs in its own)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) in groups:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


STACKS = {"bare": ("bare",), "relais": ("rest", "webchat"), "doors": ("doors",)}  # targets served by one start


@contextlib.contextmanager
def started(stack: str, work: Path, replicas: int, smoke: bool, model: Path | None) -> Iterator[Running | str]:
    """The stack running, or why it is skipped."""
    if stack == "bare":
        trained = chat_stacks.bare_model(train=not smoke)
        if trained is None:
            yield "no bare bot yet (made and trained once by a run without --smoke)"
            return
        with chat_stacks.bare_rasa(trained, work) as running:
            yield running
        return
    if stack == "doors":
        with chat_stacks.doors_alone(work, replicas) as running:
            yield running
        return
    relais = model or chat_stacks.relais_model()
    if relais is None:
        yield "Relais's model is not trained for the current data (make train, or --model)"
        return
    with chat_stacks.relais(work, replicas, relais) as running:
        yield running


def row(f: Figures) -> str:
    return (f"{f.target:>8} {f.users:>5} {f.conversations:>5} {f.completed:>4} {f.messages:>5} {f.msg_per_s:>7.1f}"
            f" {f.p50_ms:>7.0f} {f.p95_ms:>7.0f} {f.max_ms:>7.0f} {f.cpu_ms_per_msg:>10.0f}"
            f" {f.rasa_cpu_ms_per_msg:>11.0f}")


def ratios(figures: list[Figures]) -> list[str]:
    """Each Relais target's messages per second and p95 as multiples of the bare bot's at the same users."""
    bare = {f.users: f for f in figures if f.target == "bare"}
    lines = []
    for f in figures:
        if f.target in ("rest", "webchat") and f.users in bare:
            b = bare[f.users]
            lines.append(f"{f.target:>8} {f.users:>5}  msg/s x{f.msg_per_s / b.msg_per_s:.2f}   p95 x"
                         f"{f.p95_ms / b.p95_ms:.2f}   CPU/msg x{f.cpu_ms_per_msg / max(b.cpu_ms_per_msg, 1e-9):.2f}")
    return lines


def main() -> None:
    # A SIGTERM (a timeout, a Ctrl-C from a supervisor) unwinds like an exception: every server is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, nargs="+", default=None, help="users at once, one level each")
    parser.add_argument("--rounds", type=int, default=None, help="conversations per user")
    parser.add_argument("--targets", nargs="+", choices=TARGETS, default=None)
    parser.add_argument("--replicas", type=int, default=1, help="of each Relais server, behind round-robin proxies")
    parser.add_argument("--smoke", action="store_true", help="1 user, 1 round, never train; add the doors target")
    parser.add_argument("--model", type=Path, default=None, help="Relais's model, instead of make train's")
    args = parser.parse_args()
    users = args.users or ([1] if args.smoke else [1, 10, 50])
    rounds = args.rounds or (1 if args.smoke else 2)
    targets = args.targets or (list(TARGETS) if args.smoke else ["bare", "rest", "webchat"])
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores; "
          f"replicas: {args.replicas}; rounds: {rounds}")
    print(f"{'target':>8} {'users':>5} {'convs':>5} {'ok':>4} {'msgs':>5} {'msg/s':>7} {'p50 ms':>7} {'p95 ms':>7}"
          f" {'max ms':>7} {'CPU ms/msg':>10} {'Rasa ms/msg':>11}", flush=True)
    figures: list[Figures] = []
    for stack, served in STACKS.items():
        wanted = [target for target in served if target in targets]
        if not wanted:
            continue
        with tempfile.TemporaryDirectory(prefix=f"relais-load-{stack}-") as folder, \
                started(stack, Path(folder), args.replicas, args.smoke, args.model) as running:
            if isinstance(running, str):
                print(f"{' '.join(wanted):>8} skipped: {running}", flush=True)
                continue
            for target in wanted:
                asyncio.run(run_level(target, running, 1, 1))  # warm-up, not counted
                for level in users:
                    figures.append(asyncio.run(run_level(target, running, level, rounds)))
                    print(row(figures[-1]), flush=True)
    if compared := ratios(figures):
        print("Relais as multiples of the bare bot (msg/s: higher is better; p95 and CPU/msg: lower is better):")
        print("\n".join(compared))
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
