"""`make bench-doors`: what the doors themselves cost, Rasa taken out (a fake Rasa answers at once).

    1. The relay (bot/relay.py, Relay.handle): journal, conversation, Rasa, "handled", on a bootstrapped
       catalogue and client database, SQLite and (when reachable) PostgreSQL: 500 messages over 50
       conversations, one at a time and then the 50 conversations at once; a channel's retry of each message
       (a duplicate, answered from the journal) against the fresh message.
    2. The Slack HTTP path: the real SlackDoor (bolt) served by uvicorn in a child process, signed Events API
       posts, replies to the Slack Web API stand-in (standins/slack_api.py). The ack is what Slack
       waits for (3 s, else it retries); the reply is the time until chat.postMessage reaches the stand-in.
    3. The outbox (bot/delivery.py, Delivery.run_once) through in-memory outlets: 1,000 due notices.

Not a test: no timing is asserted (the few asserts only check that a figure measures what it says, e.g.
that a retry was taken for a duplicate). The machine is small and shared, so absolute figures move from
run to run; compare the ratios printed, which are taken within one run. The load average is printed at
the start and the end to tell a quiet run from a busy one. PostgreSQL client databases are created as
relais_bench_<random>_<slug> on RELAIS_TEST_POSTGRES_URL's server and dropped at the end.

    .venv/bin/python -m bench.doors [--messages 500] [--conversations 50] [--notices 1000]
                                    [--slack-messages 100] [--slack-users 20] [--no-postgres]
"""

import argparse
import asyncio
import contextlib
import logging
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.delivery import Delivery
from bot.directory import Directory
from bot.outlets import Outlet
from bot.relay import Inbound, Relay
from servicedesk import operations
from servicedesk.clients.registry import open_catalogue
from servicedesk.conversations import service as conversations
from servicedesk.database import unit_of_work
from servicedesk.notifications.service import notify
from standins.doors import FakeRasa, RecordingOutlet
from standins.slack_api import SlackApiStandIn
from standins.slack_signing import event_envelope, signed_headers

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ADMIN_URL = os.environ.get("RELAIS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
CLIENT = "demo"
TEAM = "T0DEMOINDUS"  # bound to the demo client in data/clients/demo/settings.yml
TOKEN = "xoxb-bench"
SECRET = "bench-signing-secret"
SLACK_ACK_BUDGET = 3.0  # seconds: Slack retries an event whose ack comes later
MARKER = re.compile(r"bench-[A-Za-z0-9]+-\d+")
TEXTS = ["mon imprimante ne marche plus", "my VPN keeps disconnecting", "oui", "no", "depuis ce matin", "3",
         "Outlook plante au démarrage 0x800CCC0E", "what's the status of INC-000042?", "merci", "ok"]


# --- figures -------------------------------------------------------------------------------------------

def percentile(values: list[float], share: float) -> float:
    """The same nearest-rank percentile as bench/chat_load.py."""
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time (user + system) of this process, or of another one on Linux (NaN where /proc is missing)."""
    if pid is None:
        return time.process_time()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Stopwatch:
    """Wall time, and over the same span the CPU time of one process: the bench's own (where the relay and
    the outbox run) or the Slack door's child process."""

    def __init__(self, pid: int | None = None) -> None:
        self.pid = pid
        self.elapsed = self.cpu = 0.0

    def __enter__(self) -> "Stopwatch":
        self._wall, self._cpu = time.perf_counter(), cpu_seconds(self.pid)
        return self

    def __exit__(self, *exc: object) -> None:
        self.elapsed = time.perf_counter() - self._wall
        self.cpu = cpu_seconds(self.pid) - self._cpu


def summary(latencies: list[float], watch: Stopwatch) -> dict[str, float]:
    return {"n": len(latencies), "per_s": len(latencies) / watch.elapsed, "p50": statistics.median(latencies) * 1000,
            "p95": percentile(latencies, 0.95) * 1000, "max": max(latencies) * 1000,
            "cpu": watch.cpu / len(latencies) * 1000}


def row(label: str, figures: dict[str, float]) -> str:
    return (f"  {label:<52} {figures['n']:>5.0f} {figures['per_s']:>7.1f} {figures['p50']:>8.1f}"
            f" {figures['p95']:>8.1f} {figures['max']:>8.1f} {figures['cpu']:>7.2f}")


HEADER = f"  {'':<52} {'n':>5} {'msg/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'cpu ms':>7}"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min, {os.cpu_count()} cores)"


# --- databases -----------------------------------------------------------------------------------------

def postgres_reachable() -> bool:
    engine = create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure: the PostgreSQL figures are skipped
        return False
    finally:
        engine.dispose()


def backends_to_measure(no_postgres: bool) -> list[str]:
    """SQLite, and PostgreSQL unless skipped or unreachable (said on the output either way)."""
    if no_postgres:
        print("PostgreSQL: skipped (--no-postgres)")
        return ["sqlite"]
    if not postgres_reachable():
        print(f"PostgreSQL: unreachable at {make_url(POSTGRES_ADMIN_URL).render_as_string()}, skipped")
        return ["sqlite"]
    return ["sqlite", "postgresql"]


def drop_postgres_databases(prefix: str) -> None:
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            names = connection.scalars(text("SELECT datname FROM pg_database WHERE starts_with(datname, :p)"),
                                       {"p": prefix}).all()
            for name in names:
                quoted = admin.dialect.identifier_preparer.quote_identifier(name)
                connection.execute(text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
    finally:
        admin.dispose()


@contextlib.contextmanager
def environment(backend: str) -> Iterator[dict[str, str]]:
    """A bootstrapped catalogue (SQLite, in a temporary folder) and client databases on `backend`, named in
    the environment as `make run` names them; everything is removed afterwards."""
    saved = {key: os.environ.get(key) for key in ("RELAIS_CATALOGUE_URL", "RELAIS_CLIENT_DATABASE_URL_TEMPLATE")}
    prefix = f"relais_bench_{uuid.uuid4().hex[:6]}_"
    with tempfile.TemporaryDirectory(prefix="relais-bench-") as folder:
        if backend == "sqlite":
            template = f"sqlite:///{folder}/{{slug}}.db"
        else:  # built by substitution so that "{slug}" is not percent-encoded
            template = (make_url(POSTGRES_ADMIN_URL).set(database="DATABASE").render_as_string(hide_password=False)
                        .replace("DATABASE", f"{prefix}{{slug}}"))
        os.environ["RELAIS_CATALOGUE_URL"] = f"sqlite:///{folder}/catalogue.db"
        os.environ["RELAIS_CLIENT_DATABASE_URL_TEMPLATE"] = template
        try:
            operations.bootstrap()
            yield {key: os.environ[key] for key in saved}
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            if backend == "postgresql":
                drop_postgres_databases(prefix)


@contextlib.contextmanager
def directory_of(backend: str) -> Iterator[Directory]:
    with environment(backend), open_catalogue() as (catalogue, registry):
        yield Directory(catalogue, registry)


# --- 1. the relay --------------------------------------------------------------------------------------

def inbound(run: str, conversation: int, message: int) -> Inbound:
    """A Slack DM of user U<run><n>: what the Slack door hands the relay."""
    user = f"U{run}{conversation:04d}"
    channel = f"D{user}"
    return Inbound(client=CLIENT, channel="slack", conversation=f"slack:{TEAM}:{channel}",
                   requester=f"slack:{TEAM}:{user}", event_key=f"{TEAM}:{channel}:{1700000000 + message}.000100",
                   text=TEXTS[message % len(TEXTS)], address={"team": TEAM, "channel": channel, "user": user},
                   user_name=f"User {user}")


async def timed(call: Callable[[], Awaitable[Any]], latencies: list[float]) -> Any:
    started = time.perf_counter()
    result = await call()
    latencies.append(time.perf_counter() - started)
    return result


async def relay_figures(directory: Directory, messages: int, conversations_: int) -> dict[str, dict[str, float]]:
    rasa = FakeRasa()
    relay = Relay(directory, rasa.client)
    per_conversation = messages // conversations_
    try:
        for message in range(10):  # warm-up: connections, the catalogue's answer, SQLAlchemy's caches
            await relay.handle(inbound("W", message % 3, message))

        # one at a time, the conversations interleaved
        sequence = [inbound("S", c, m) for m in range(per_conversation) for c in range(conversations_)]
        fresh: list[float] = []
        with Stopwatch() as watch:
            for item in sequence:
                replies = await timed(partial(relay.handle, item), fresh)
                assert replies, "the fake Rasa answers every fresh message"
        one_at_a_time = summary(fresh, watch)

        # every conversation at once, each one message after the other (as a user waits for the answer)
        concurrent: list[float] = []

        def say(c: int, m: int) -> Awaitable[Any]:  # the message is made on the clock, as it always was
            return relay.handle(inbound("C", c, m))

        async def converse(c: int) -> None:
            for m in range(per_conversation):
                await timed(partial(say, c, m), concurrent)

        with Stopwatch() as watch:
            await asyncio.gather(*(converse(c) for c in range(conversations_)))
        at_once = summary(concurrent, watch)

        # the channel retries each delivery of the first run: the journal answers, Rasa is not asked
        duplicates: list[float] = []
        asked = len(rasa.messages)
        with Stopwatch() as watch:
            for item in sequence:
                replies = await timed(partial(relay.handle, item), duplicates)
                assert replies is None, "a retried delivery is a duplicate"
        assert len(rasa.messages) == asked
        retried = summary(duplicates, watch)
    finally:
        await rasa.client.close()
    return {"one_at_a_time": one_at_a_time, "at_once": at_once, "duplicate": retried}


# --- 2. the Slack HTTP path ----------------------------------------------------------------------------

class TimedSlack(SlackApiStandIn):
    """The stand-in, noting when each bench reply's chat.postMessage arrives (the bench's own clock)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.waiting: dict[str, tuple[asyncio.AbstractEventLoop, asyncio.Future[float]]] = {}

    def expect(self, marker: str) -> asyncio.Future[float]:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[float] = loop.create_future()
        self.waiting[marker] = (loop, future)
        return future

    def _answer(self, method: str, params: dict[str, Any], token: str | None) -> tuple[int, dict[str, str], Any]:
        arrived = time.perf_counter()
        if method == "chat.postMessage":
            found = MARKER.search(str(params.get("text", "")))
            waiter = self.waiting.pop(found.group(0), None) if found else None
            if waiter is not None:
                loop, future = waiter

                def settle() -> None:
                    if not future.done():
                        future.set_result(arrived)

                loop.call_soon_threadsafe(settle)
        return super()._answer(method, params, token)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_slack(port: int) -> None:
    """In the child process: the Slack door as bot/server.py wires it, with a fake Rasa echoing the message."""
    import uvicorn
    from fastapi import FastAPI

    from bot.config import from_env
    from bot.handoff import Handoff
    from bot.slack.agents import SlackAgentDesk
    from bot.slack.door import SlackDoor
    from bot.slack.workspaces import Workspaces

    config = from_env()
    rasa = FakeRasa(lambda body: [{"recipient_id": body["sender"], "text": f"re: {body['message']}"}])
    with open_catalogue() as (catalogue, registry):
        directory = Directory(catalogue, registry)
        workspaces = Workspaces(config.slack)
        desk = SlackAgentDesk(workspaces.client_for, directory, Handoff(directory, wake=lambda: None))
        door = SlackDoor(config.slack, Relay(directory, rasa.client, desk), directory, desk, workspaces)
        app = FastAPI()
        app.include_router(door.router)
        app.get("/health")(lambda: {"status": "ok"})
        uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


@contextlib.contextmanager
def slack_door(environ: dict[str, str], slack: SlackApiStandIn) -> Iterator[tuple[str, int]]:
    port = free_port()
    env = {**os.environ, **environ, "RELAIS_SLACK_SIGNING_SECRET": SECRET, "RELAIS_SLACK_BOT_TOKENS": f"{TEAM}={TOKEN}",
           "RELAIS_SLACK_API_URL": slack.url, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-m", "bench.doors", "--serve-slack", str(port)], cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/health", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if child.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the Slack door did not start") from None
                time.sleep(0.2)
        yield url, child.pid
    finally:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


async def slack_level(url: str, pid: int, slack: TimedSlack, users: int, messages: int, run: str) -> dict[str, Any]:
    acks: list[float] = []
    replies: list[float] = []
    statuses: set[int] = set()
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:

        async def say(user: str, number: int, counted: bool) -> None:
            marker = f"bench-{user}-{number}"
            event = {"type": "message", "channel": f"D{user}", "channel_type": "im", "user": user,
                     "text": f"{TEXTS[number % len(TEXTS)]} {marker}", "ts": f"{1700000000 + number}.{run}000"}
            body = event_envelope(TEAM, event)
            arrived = slack.expect(marker)
            started = time.perf_counter()
            response = await client.post("/slack/events", content=body, headers=signed_headers(body, SECRET))
            acked = time.perf_counter()
            statuses.add(response.status_code)
            reached = await asyncio.wait_for(arrived, timeout=30)
            if counted:
                acks.append(acked - started)
                replies.append(reached - started)

        async def user(index: int) -> None:
            name = f"U{run}{index:03d}"
            await say(name, 0, counted=False)  # warm-up: users.info, the conversation's first row
            for number in range(1, messages + 1):
                await say(name, number, counted=True)

        with Stopwatch(pid) as watch, Stopwatch() as driver:
            await asyncio.gather(*(user(i) for i in range(users)))
    return {"ack": summary(acks, watch), "reply": summary(replies, watch), "statuses": statuses,
            "driver_cores": driver.cpu / driver.elapsed}


async def slack_figures(environ: dict[str, str], levels: list[tuple[int, int]]) -> dict[int, dict[str, Any]]:
    with TimedSlack(teams={TOKEN: TEAM}) as slack, slack_door(environ, slack) as (url, pid):
        await slack_level(url, pid, slack, 2, 3, "9")  # warm-up of the process: auth.test, imports, caches
        return {users: await slack_level(url, pid, slack, users, messages, str(n + 1))
                for n, (users, messages) in enumerate(levels)}


# --- 3. the outbox -------------------------------------------------------------------------------------

class NoAgents:
    """The agents' desk: no notice here is for the agents."""

    async def post_card(self, client: str, takeover_id: int) -> None: ...

    async def relay_to_agent(self, client: str, takeover_id: int, text: str, author: str) -> None: ...

    async def post_notice(self, client: str, text: str) -> None: ...

    async def update_card(self, client: str, takeover_id: int) -> None: ...


def queue_notices(directory: Directory, count: int) -> None:
    """`count` status notices due now for 100 requesters, half of them on Slack, half in the web chat."""
    with unit_of_work(directory.sessions(CLIENT)) as session:
        for person in range(100):
            door = "slack" if person % 2 else "webchat"
            requester = f"slack:{TEAM}:U{person:04d}" if door == "slack" else f"webchat:demo:{person:04d}"
            address = {"team": TEAM, "channel": f"DU{person:04d}", "user": f"U{person:04d}"} if door == "slack" else {}
            conversations.remember(db_session=session, key=requester, channel=door, requester=requester,
                                   address=address, language="fr" if person % 3 else "en")
        for number in range(count):
            person = number % 100
            requester = f"slack:{TEAM}:U{person:04d}" if person % 2 else f"webchat:demo:{person:04d}"
            notify(db_session=session, dedup_key=f"bench-{number}", event="status_changed", audience="requester",
                   recipient=requester, channel="slack" if person % 2 else "webchat", language="fr",
                   payload={"number": f"INC-{number:06d}", "from": "in_progress", "to": "pending",
                            "reason": "nous attendons votre retour"})


async def delivery_figures(directory: Directory, count: int) -> dict[str, float]:
    await asyncio.to_thread(queue_notices, directory, count)
    slack, webchat = RecordingOutlet("slack"), RecordingOutlet("webchat")
    outlets: dict[str, Outlet] = {"slack": slack, "webchat": webchat}
    rasa = FakeRasa()
    delivery = Delivery(directory, outlets, NoAgents(), rasa.client, interval=60)
    done = passes = 0
    try:
        with Stopwatch() as watch:
            while delivered := await delivery.run_once():  # BATCH rows per client and pass
                done += delivered
                passes += 1
    finally:
        await rasa.client.close()
    sent = len(slack.notified) + len(webchat.notified)
    return {"n": done, "sent": sent, "per_s": done / watch.elapsed, "passes": passes,
            "per_row_ms": watch.elapsed / max(done, 1) * 1000, "cpu": watch.cpu / max(done, 1) * 1000,
            "elapsed": watch.elapsed}


# --- the report ----------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=500, help="relay: messages per run")
    parser.add_argument("--conversations", type=int, default=50, help="relay: conversations they are spread over")
    parser.add_argument("--notices", type=int, default=1000, help="outbox: due rows")
    parser.add_argument("--slack-messages", type=int, default=100, help="Slack: counted messages per user, 1 user")
    parser.add_argument("--slack-users", type=int, default=20, help="Slack: concurrent users of the second level")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--serve-slack", type=int, metavar="PORT", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("alembic").setLevel(logging.ERROR)
    if args.serve_slack:
        serve_slack(args.serve_slack)
        return

    began = time.perf_counter()
    print("Output of bench/doors.py (`make bench-doors`): the doors' own overhead, Rasa replaced by a fake")
    print("answering at once. Compare ratios within this run; absolute figures move with the machine's load.")
    print(f"load average at start: {load()}")
    backends = backends_to_measure(args.no_postgres)

    print(f"\n1. Relay.handle, fake Rasa: {args.messages} messages over {args.conversations} conversations "
          "(Slack DMs of the demo client)")
    print("   cpu ms: CPU time of the bench process (relay, fake Rasa, driver) per message; PostgreSQL's server"
          " not counted")
    print(HEADER)
    relay: dict[str, dict[str, dict[str, float]]] = {}
    for backend in backends:
        with directory_of(backend) as directory:
            relay[backend] = asyncio.run(relay_figures(directory, args.messages, args.conversations))
        figures = relay[backend]
        print(row(f"{backend}: one at a time", figures["one_at_a_time"]))
        print(row(f"{backend}: {args.conversations} conversations at once", figures["at_once"]))
        print(row(f"{backend}: the same deliveries retried (duplicates)", figures["duplicate"]))
    for backend, figures in relay.items():
        fresh, at_once = figures["one_at_a_time"], figures["at_once"]
        print(f"  {backend}: a duplicate costs {figures['duplicate']['p50'] / fresh['p50']:.2f}x a fresh message"
              f" (p50), {figures['duplicate']['cpu'] / fresh['cpu']:.2f}x its CPU;\n  {backend}:"
              f" {args.conversations} at once: {at_once['per_s'] / fresh['per_s']:.2f}x the throughput of one"
              f" at a time, {at_once['per_s'] * at_once['cpu'] / 1000:.2f} cores busy")
    if len(relay) == 2:
        sqlite, postgres = relay["sqlite"], relay["postgresql"]
        latency = postgres["one_at_a_time"]["p50"] / sqlite["one_at_a_time"]["p50"]
        throughput = postgres["at_once"]["per_s"] / sqlite["at_once"]["per_s"]
        print(f"  PostgreSQL / SQLite: p50 one at a time {latency:.2f}x; throughput at once {throughput:.2f}x")

    levels = [(1, args.slack_messages), (args.slack_users, max(1, args.slack_messages // 4))]
    print("\n2. Slack HTTP path: SlackDoor (bolt) under uvicorn in a child process, SQLite, fake Rasa; signed "
          "message.im events;\n   each user waits for the reply before the next message (one warm-up message "
          "per user, not counted);\n   cpu ms: CPU time of the door's process per message")
    print(HEADER)
    with environment("sqlite") as environ:
        slack = asyncio.run(slack_figures(environ, levels))
    for users, figures in slack.items():
        statuses = ",".join(str(s) for s in sorted(figures["statuses"]))
        print(row(f"{users:>2} user(s): ack of the event (HTTP {statuses})", figures["ack"]))
        print(row(f"{users:>2} user(s): reply at chat.postMessage", figures["reply"]))
    for users, figures in slack.items():
        print(f"  {users:>2} user(s): ack p95 = {figures['ack']['p95'] / 1000 / SLACK_ACK_BUDGET:.1%} of Slack's "
              f"{SLACK_ACK_BUDGET:.0f} s; max = {figures['ack']['max'] / 1000 / SLACK_ACK_BUDGET:.1%}")
    (one, single), (many, crowd) = list(slack.items())
    ack, reply = crowd["ack"]["p50"] / single["ack"]["p50"], crowd["reply"]["p50"] / single["reply"]["p50"]
    rate = crowd["reply"]["per_s"] / single["reply"]["per_s"]
    print(f"  {many} users / {one}: ack p50 {ack:.2f}x, reply p50 {reply:.2f}x, messages/s {rate:.2f}x;\n"
          f"  the door's process kept {crowd['reply']['per_s'] * crowd['reply']['cpu'] / 1000:.2f} cores busy"
          f" ({single['reply']['per_s'] * single['reply']['cpu'] / 1000:.2f} with 1 user), the bench's own"
          f" (client, Slack stand-in) {crowd['driver_cores']:.2f} ({single['driver_cores']:.2f})")

    print(f"\n3. Outbox: Delivery.run_once until nothing is due, {args.notices} status notices to 100 requesters "
          "(Slack and web chat, in-memory outlets)")
    print(f"  {'':<52} {'rows':>5} {'sent':>5} {'rows/s':>7} {'passes':>6} {'ms/row':>7} {'cpu ms':>7}"
          f" {'total s':>7}")
    delivered: dict[str, dict[str, float]] = {}
    for backend in backends:
        with directory_of(backend) as directory:
            delivered[backend] = outbox = asyncio.run(delivery_figures(directory, args.notices))
        print(f"  {backend:<52} {outbox['n']:>5.0f} {outbox['sent']:>5.0f} {outbox['per_s']:>7.1f}"
              f" {outbox['passes']:>6.0f} {outbox['per_row_ms']:>7.2f} {outbox['cpu']:>7.2f}"
              f" {outbox['elapsed']:>7.1f}")
    if len(delivered) == 2:
        print(f"  PostgreSQL / SQLite, rows/s: {delivered['postgresql']['per_s'] / delivered['sqlite']['per_s']:.2f}x")

    print(f"\nload average at end: {load()}; {time.perf_counter() - began:.0f} s in all")


if __name__ == "__main__":
    main()
