"""`make bench-faults`: the real stack under `make run`'s supervision while simulated web-chat users talk, and a
SIGKILL of the action server, of Rasa and of the doors, one after the other. It prints what happened to every
message: answered, told (the user got the doors' apology and the message was kept), replayed (a kept message
answered once Rasa was back, its replies delivered into the user's conversation), lost (accepted, then neither
answered nor replayed), what reached Rasa twice, and the longest a user waited for an answer.

The replays are read where they are kept: the client's journal (outcome "replayed") and its outbox (each reply
of a replay, delivered or not), and Rasa's tracker store (how many turns each message got, by the journal id the
doors put on its user event).

Each user opens a web-chat session, then says a line, waits for the answer, thinks for a moment, and says the
next. A request that fails (the doors are down) is sent again with the same client_message_id until the doors
answer, as the page does: a "duplicate" answer then means the doors had stored the message before they died, and
its reply went with them. Bounded: `--seconds` of talk after the last kill (180 s at most), loopback only, the
stack stopped at the end. Figures, not assertions (bench/README: the machine is small and shared).

    .venv/bin/python -m bench.faults [--users 4] [--seconds 120] [--gap 25]
"""

import argparse
import collections
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import yaml
from sqlalchemy import create_engine, text

from scripts import local_secrets, model, stack
from scripts.supervision import Supervision

LINES = ["my VPN keeps disconnecting", "no", "since yesterday", "just me", "I can still work a bit",
         "Outlook crashes at start-up", "bonjour, l'imprimante du 2e étage ne répond plus", "merci"]
APOLOGY = "system"  # the author of the doors' own sentences (Rasa unavailable, an agent unreachable)


@dataclass
class Tally:
    sent: int = 0
    answered: int = 0  # Rasa's replies came back
    empty: int = 0  # the doors answered, with nothing to say (Rasa replied nothing: an action failed)
    told: int = 0  # the doors apologised; the message is kept in the journal
    lost: int = 0  # stored by the doors (a retry found it a duplicate), its reply never came
    retries: int = 0
    longest_gap: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: str, waited: float, retries: int) -> None:
        with self.lock:
            self.sent += 1
            setattr(self, outcome, getattr(self, outcome) + 1)
            self.retries += retries
            self.longest_gap = max(self.longest_gap, waited)


def user(doors: str, tally: Tally, stop: threading.Event, give_up: float, numbered: bool = False) -> None:
    """numbered: each line ends with its number, so that a line reaching Rasa twice shows (a stand-in's bench)."""
    with httpx.Client(base_url=doors, timeout=90) as http:
        while not stop.is_set():
            try:
                issued = http.post("/webchat/api/sessions", json={"key": "demo"}).json()
                break
            except (httpx.HTTPError, ValueError):
                time.sleep(0.5)
        else:
            return
        bearer = {"Authorization": f"Bearer {issued['token']}"}
        n = 0
        while not stop.is_set():
            said = {"key": "demo", "session": issued["session"], "client_message_id": uuid.uuid4().hex,
                    "text": LINES[n % len(LINES)] + (f" #{n}" if numbered else "")}
            n += 1
            started, retries = time.monotonic(), 0
            answer: httpx.Response | None = None
            while True:
                try:
                    answer = http.post("/webchat/api/messages", json=said, headers=bearer)
                    if answer.status_code < 500:
                        break
                except httpx.HTTPError:
                    pass
                retries += 1
                if time.monotonic() - started > give_up:
                    answer = None
                    break
                time.sleep(0.5)
            waited = time.monotonic() - started
            body = answer.json() if answer is not None and answer.status_code == 200 else {}
            messages = body.get("messages", [])
            if body.get("duplicate") or answer is None:
                outcome = "lost"
            elif any(m.get("author") == APOLOGY for m in messages):
                outcome = "told"
            elif messages:
                outcome = "answered"
            else:
                outcome = "empty"
            tally.add(outcome, waited, retries)
            time.sleep(3 if outcome == "told" else 0.5)  # told to try again later, a person waits a little


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Journal:
    """What the doors' stores say at the end: every message they accepted, and what became of it."""

    accepted: int = 0
    answered: int = 0  # outcome answered (or handed to an agent, limited: answered by the doors)
    replayed: int = 0  # kept, then answered once Rasa was back, every reply delivered
    undelivered: int = 0  # replayed, a reply still waiting in the outbox
    waiting: int = 0  # still kept, or journalled and never handled
    twice: int = 0  # messages Rasa answered in two turns (a second reply, maybe a second ticket)
    outbox_left: int = 0  # notifications of any kind not delivered at the end
    longest_replay: float = 0.0  # from the message to its replay's last reply delivered, seconds


def journal(database_url: str, tracker_url: str | None = None) -> Journal:
    """The demo client's journal and outbox; with Rasa's tracker store, how many turns answered each message."""
    found = Journal()
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, outcome, received_at FROM inbound_messages "
                                       "WHERE channel = 'webchat'"))
        outcomes = {row.id: (row.outcome, row.received_at) for row in rows}
        delivered: dict[int, list[object]] = collections.defaultdict(list)
        for row in connection.execute(text("SELECT payload, delivered_at FROM notifications "
                                           "WHERE event = 'replayed_reply'")):
            payload = row.payload if isinstance(row.payload, dict) else json.loads(row.payload)  # JSON on PostgreSQL
            delivered[int(payload["message_id"])].append(row.delivered_at)
        found.outbox_left = connection.execute(text("SELECT count(*) FROM notifications WHERE delivered_at IS NULL "
                                                    "AND failed_at IS NULL AND audience = 'requester'")).scalar_one()
    engine.dispose()
    found.accepted = len(outcomes)
    for message_id, (outcome, received) in outcomes.items():
        replies = delivered.get(message_id, [])
        if outcome == "replayed" and replies and all(replies):
            found.replayed += 1
            last = max(_when(at) for at in replies)
            found.longest_replay = max(found.longest_replay, last - _when(received))
        elif outcome == "replayed":
            found.undelivered += 1
        elif outcome in ("answered", "to_agent", "limited", "too_long"):
            found.answered += 1
        else:
            found.waiting += 1
    if tracker_url is not None:
        found.twice = answered_twice(tracker_url)
    return found


def settle(database_url: str, tracker_url: str | None, seconds: float) -> tuple[Journal, float]:
    """The journal once nothing waits to be replayed, or after `seconds` (a turn the doors died in is replayed
    after its lease, two minutes); and how long that took."""
    began = time.monotonic()
    while (found := journal(database_url, tracker_url)).waiting + found.undelivered \
            and time.monotonic() - began < seconds:
        time.sleep(2)
    return found, time.monotonic() - began


def answered_twice(tracker_url: str) -> int:
    """Messages Rasa answered in two turns or more, by the journal id the doors put on each user event."""
    tracker = create_engine(tracker_url)
    with tracker.connect() as connection:
        turns: collections.Counter[object] = collections.Counter()
        current: dict[str, object] = {}
        answered: set[tuple[object, int]] = set()
        for row in connection.execute(text("SELECT sender_id, type_name, data FROM events ORDER BY id")):
            if row.type_name == "user":
                reference = (json.loads(row.data).get("metadata") or {}).get("relais_message")
                turns[reference] += 1
                current[row.sender_id] = (reference, turns[reference])
            elif row.type_name == "bot" and row.sender_id in current:
                answered.add(current[row.sender_id])  # type: ignore[arg-type]
    tracker.dispose()
    by_message = collections.Counter(reference for reference, _ in answered if reference is not None)
    return sum(1 for count in by_message.values() if count > 1)


def _when(at: object) -> float:
    moment = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def keeper_child(supervision: Supervision, program: str) -> int:
    """The server's own first process: the one the keeper started (a SIGKILL of it is a crash of the server)."""
    keeper = supervision.states()[program]["pid"]
    children = Path(f"/proc/{keeper}/task/{keeper}/children").read_text().split()
    return int(children[0])


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.faults", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=120, help="talk after the last kill (at most 180)")
    parser.add_argument("--gap", type=float, default=25, help="seconds between two kills")
    parser.add_argument("--settle", type=float, default=150,
                        help="at most this long after the talk for the kept messages to be replayed (at most 300)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="relais-faults-"))
    stores = {"RELAIS_CATALOGUE_URL": f"sqlite:///{work / 'catalogue.db'}",
              "RELAIS_CLIENT_DATABASE_URL_TEMPLATE": f"sqlite:///{work}/{{slug}}.db",
              "RELAIS_KB_ROOT": str(work / "kb"),
              "RELAIS_RATE_LIMIT_CONVERSATION": "10000/minute", "RELAIS_RATE_LIMIT_ADDRESS": "100000/minute"}
    os.environ.update(stores)
    subprocess.run([sys.executable, "-m", "servicedesk", "bootstrap"], cwd=stack.ROOT, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "kb_index", "build", "--client", "demo", "--source",
                    str(stack.ROOT / "data" / "clients" / "demo" / "kb")], cwd=stack.ROOT, check=True,
                   capture_output=True)
    rasa_port, actions_port, doors_port = free_port(), free_port(), free_port()
    keys = local_secrets.ensure(work / "secrets", environ={})
    endpoints = work / "endpoints.yml"
    endpoints.write_text(yaml.safe_dump({
        "action_endpoint": {"url": f"http://127.0.0.1:{actions_port}/webhook", "token": keys.actions_token},
        "tracker_store": {"type": "SQL", "dialect": "sqlite", "db": str(work / "tracker.db")},
        "lock_store": {"type": "in_memory"}}))
    services = [
        stack.action_server(keys, actions_port, log=work / "actions.log"),
        stack.rasa_server(keys, model.model_path(), endpoints, rasa_port, log=work / "rasa.log",
                          env={"RELAIS_ACTION_ENDPOINT": f"http://127.0.0.1:{actions_port}/webhook"}),
        stack.bot_server(keys, doors_port, f"http://127.0.0.1:{rasa_port}", log=work / "bot.log",
                         env={"RELAIS_WEBCHAT_TOKEN_SECRET": "bench-faults", "RELAIS_SECRETS_DIR": str(work)}),
    ]
    tally, stop = Tally(), threading.Event()
    events: list[str] = []
    with Supervision(services, work / "run") as supervision:
        supervision.wait_ready()
        print(f"stack up in {work} (load {os.getloadavg()[0]:.1f}); {args.users} users talking", flush=True)
        began = time.monotonic()
        users = [threading.Thread(target=user, args=(f"http://127.0.0.1:{doors_port}", tally, stop, 180))
                 for _ in range(args.users)]
        for thread in users:
            thread.start()
        for program in ("action-server", "rasa-server", "doors"):
            time.sleep(args.gap)
            pid = keeper_child(supervision, program)
            os.kill(pid, signal.SIGKILL)
            events.append(f"{time.monotonic() - began:5.0f} s  SIGKILL {program} (pid {pid}); "
                          f"{tally.sent} messages so far")
            print(events[-1], flush=True)
        time.sleep(min(args.seconds, 180))
        stop.set()
        for thread in users:
            thread.join(200)
        found, settled = settle(f"sqlite:///{work / 'demo.db'}", f"sqlite:///{work / 'tracker.db'}",
                                min(args.settle, 300))
        states = {name: info["statename"] for name, info in supervision.states().items()}
    print(f"""
after {time.monotonic() - began:.0f} s, {args.users} users (load {os.getloadavg()[0]:.1f})
  programs at the end   {states}
  messages sent         {tally.sent}
  answered              {tally.answered}   (Rasa's replies in the answer to the request)
  answered with nothing {tally.empty}   (an empty answer is kept and told now: must be 0)
  told and kept         {tally.told}   (the doors said Rasa was unavailable and kept the message)
  duplicate answers     {tally.lost}   (stored by doors that died with its reply: the retry found it journalled)
  requests retried      {tally.retries}
  longest request       {tally.longest_gap:.1f} s
in the doors' stores, {settled:.0f} s after the talk:
  accepted              {found.accepted}
  answered              {found.answered}
  replayed              {found.replayed}   (kept, then answered once Rasa was back, every reply delivered)
  lost                  {found.waiting + found.undelivered}   (accepted, neither answered nor replayed: \
{found.waiting} still kept, {found.undelivered} with a reply undelivered)
  answered twice        {found.twice}   (messages Rasa took two turns to answer: a second reply, a second ticket)
  outbox undelivered    {found.outbox_left}   (users' notices and replies left in the outbox)
  longest gap           {max(tally.longest_gap, found.longest_replay):.1f} s   (a request, or a message to its \
replay's last reply: {found.longest_replay:.1f} s)""")


if __name__ == "__main__":
    main()
