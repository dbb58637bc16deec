"""`make bench-console`: how long the console's queue takes to load with 1,000 open tickets (issue 14's acceptance).

A client with the demo settings and 1,000 open tickets opened through the use cases over the last three days (so
every clock is a real one: P1 to P4, a fifth of them with a level-2 group and its OLA clocks, some pending on the
requester or a supplier, a few taken by the agent), in SQLite and (when reachable) PostgreSQL. Then, for the
client's queue page, /clients/bench/queue:

    1. server side, in process: console.queues.read (the queries and every clock's business time left) and the
       page rendered from it (Jinja2), N times each, for the page as it opens (its first 100 rows, the nearest
       deadlines) and with every row (all=1); and the mark a live page polls (servicedesk.tickets.queue
       .changes, once per client every RELAIS_CONSOLE_LIVE_POLL seconds, whatever the number of agents watching);
    2. full HTTP: `python -m console` started on loopback in a child process on that catalogue, an agent signed
       in, the page fetched N times one after the other by httpx (what a browser waits for before drawing; the
       stylesheet and script are cached after the first page).

Median and 95th percentile (nearest rank) of the wall time, and the median CPU time of the process serving the page,
in milliseconds. Not a test: nothing is asserted about time; the machine
is small and shared, so the load average is printed at the start and the end.

    .venv/bin/python -m bench.console_queue [--tickets 1000] [--loads 50] [--no-postgres]
"""

import argparse
import logging
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import httpx
from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.doors import POSTGRES_ADMIN_URL, backends_to_measure, cpu_seconds, free_port, load, percentile
from console.app import create_app
from console.config import ConsoleConfig
from console.pages import render
from console.queues import Queue, left_text, read
from console.routes.queue import PRIORITIES, SHOWN, STATUSES
from servicedesk.accounts import service as accounts
from servicedesk.clients.database import migrate_catalogue
from servicedesk.clients.registry import ClientDatabases
from servicedesk.clients.service import create as create_client
from servicedesk.database import make_engine, make_session_factory, unit_of_work
from servicedesk.models import utcnow
from servicedesk.settings.current import desk_of, load_into
from servicedesk.tickets import handling, workflow
from servicedesk.tickets.queue import QueueFilter, changes
from servicedesk.tickets.service import IncidentReport, open_incident

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "data" / "clients" / "demo" / "settings.yml"
SLUG, LOGIN, PASSWORD = "bench", "bench.agent", "a bench passphrase, long enough"
SERVICES = ["Outlook", "VPN", "SAP", "Teams", "Imprimante", "Wi-Fi", "Poste de travail", "Badge"]
GROUPS = ["Infrastructure", "Applications"]


def figures(label: str, spent: tuple[list[float], list[float]]) -> str:
    """Wall time's median and p95, and the median CPU time the server spent (what the machine's load inflates
    less: the other processes' time is not in it), in ms."""
    wall, cpu = ([value * 1000 for value in values] for values in spent)
    return (f"   {label:<48} median {statistics.median(wall):6.1f} ms  p95 {percentile(wall, 0.95):6.1f} ms"
            f"  (cpu median {statistics.median(cpu):6.1f} ms; {len(wall)} loads)")


def timed(function: Callable[[], object], times: int, server: int | None = None) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each call; the CPU of the `server` process (this one when None)."""
    wall, cpu = [], []
    for _ in range(times):
        started, used = time.perf_counter(), cpu_seconds(server)
        function()
        wall.append(time.perf_counter() - started)
        cpu.append(cpu_seconds(server) - used)
    return wall, cpu


@contextmanager
def client_database(backend: str, folder: Path) -> Iterator[str]:
    """The client's database URL: a SQLite file, or a PostgreSQL database dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'bench.db'}"
        return
    name = f"relais_bench_{uuid.uuid4().hex[:10]}_queue"
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def build(catalogue_url: str, client_url: str, tickets: int) -> None:
    """The catalogue, the client and its agent, and `tickets` open tickets with their clocks."""
    migrate_catalogue(catalogue_url)
    engine = make_engine(catalogue_url)
    catalogue = make_session_factory(engine)
    registry = ClientDatabases(catalogue)
    try:
        with unit_of_work(catalogue) as session:
            create_client(db_session=session, slug=SLUG, name="Bench Industries", database_url=client_url)
            accounts.create(db_session=session, login=LOGIN, display_name="Bench Agent", email="bench@desk.example",
                            role="agent", password=PASSWORD, grants={SLUG: []})
        factory = registry.session_factory(SLUG)
        with unit_of_work(factory) as session:
            load_into(db_session=session, text=SETTINGS.read_text(encoding="utf-8"), origin=str(SETTINGS))
        chance, now = random.Random(14), utcnow()
        for start in range(0, tickets, 100):
            with unit_of_work(factory) as session:
                desk = desk_of(db_session=session)
                for index in range(start, min(start + 100, tickets)):
                    opened = now - timedelta(minutes=chance.randrange(0, 3 * 24 * 60))
                    service = chance.choice(SERVICES)
                    report = IncidentReport(service=service, description=f"{service}: bench incident {index}",
                                            impact=chance.choice([1, 2, 2, 3, 3, 3]),
                                            urgency=chance.choice([1, 2, 3, 3, 4]),
                                            requester=f"user{index}@bench.example", channel="webchat",
                                            conversation_id=f"bench-{index}", language="fr")
                    ticket = open_incident(db_session=session, report=report, agreements=desk, now=opened)
                    later = opened + timedelta(minutes=chance.randrange(1, 90))
                    if index % 5 == 0:
                        handling.assign_to_group(db_session=session, ticket=ticket, group=chance.choice(GROUPS),
                                                 rules=desk, actor="console:lea", now=later)
                    if index % 10 == 3:
                        workflow.change_status(db_session=session, ticket=ticket, to="pending",
                                               pending_reason="requester", actor="console:lea", agreements=desk,
                                               now=later)
                    elif index % 20 == 7:
                        workflow.change_status(db_session=session, ticket=ticket, to="pending",
                                               pending_reason="third_party", supplier="Orange Business",
                                               actor="console:lea", agreements=desk, now=later)
                    elif index % 25 == 1:
                        handling.take(db_session=session, ticket=ticket, agent=f"console:{LOGIN}",
                                      agent_name="Bench Agent", agreements=desk, now=later)
    finally:
        registry.dispose()
        engine.dispose()


def in_process(catalogue_url: str, loads: int) -> list[str]:
    """The server's own work for one page, without HTTP: reading the queue, then rendering it."""
    engine = make_engine(catalogue_url)
    catalogue = make_session_factory(engine)
    registry = ClientDatabases(catalogue)
    try:
        app = create_app(catalogue, registry, ConsoleConfig(secret="bench"))
        console = app.state.console
        with catalogue() as session:
            agent = accounts.agent_of(accounts.get_by_login(db_session=session, login=LOGIN))
        scope = {"type": "http", "method": "GET", "path": f"/clients/{SLUG}/queue", "headers": [], "query_string": b"",
                 "app": app, "session": {}, "router": app.router}
        request = Request(scope)
        factory = registry.session_factory(SLUG)

        def mark() -> object:
            with factory() as session:
                return changes(db_session=session, now=utcnow(), default_group="Centre de services")

        lines = []
        for label, limit in ((f"the first {SHOWN} rows (the page)", SHOWN), ("every row (all=1)", None)):
            queue = read(console, agent, [SLUG], QueueFilter(), limit)

            def page(queue: Queue = queue) -> HTMLResponse:
                return render(request, "queue.html", agent=agent, queue=queue, filters=QueueFilter(), client=SLUG,
                              fixed=True, base=f"/clients/{SLUG}/queue", rows_url="", all_url="", events="",
                              priorities=PRIORITIES, statuses=STATUSES, left_text=left_text,
                              client_name="Bench Industries")

            def reading(limit: int | None = limit) -> Queue:
                return read(console, agent, [SLUG], QueueFilter(), limit)

            lines += [f"   {label}: {len(queue.rows)} rows of {queue.total}, {len(page().body) // 1024} KiB of HTML",
                      figures("read the queue (queries + clocks)", timed(reading, loads)),
                      figures("render the page (Jinja2)", timed(page, loads))]
        lines.append(figures("the live page's mark (one poll of one client)", timed(mark, loads)))
        return lines
    finally:
        registry.dispose()
        engine.dispose()


@contextmanager
def served(catalogue_url: str, port: int) -> Iterator[tuple[str, int]]:
    """`python -m console` on this catalogue, listening on loopback; yields its URL and process id."""
    environment = {**os.environ, "RELAIS_CATALOGUE_URL": catalogue_url, "RELAIS_CONSOLE_SECRET": "bench-secret",
                   "RELAIS_CONSOLE_PORT": str(port), "RELAIS_CONSOLE_HOST": "127.0.0.1"}
    child = subprocess.Popen([sys.executable, "-m", "console"], cwd=ROOT, env=environment,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if child.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the console did not start: {child.stderr.read().decode() if child.stderr else ''}")
            time.sleep(0.1)
        yield url, child.pid
    finally:
        child.terminate()
        child.wait(10)


def over_http(catalogue_url: str, loads: int) -> list[str]:
    port = free_port()
    with served(catalogue_url, port) as (url, pid), \
            httpx.Client(base_url=url, timeout=60, follow_redirects=True) as http:
        token = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/signin").text)
        assert token, "no CSRF token on the sign-in page"
        signed = http.post("/signin", data={"login": LOGIN, "password": PASSWORD, "csrf_token": token[1],
                                            "next": "/clients"})
        assert signed.status_code == 200 and "Bench Industries" in signed.text, "the bench agent did not sign in"
        path = f"/clients/{SLUG}/queue"

        def fetch() -> None:
            answer = http.get(path)
            assert answer.status_code == 200 and answer.text.count("<tr data-number=") > 0

        fetch()  # the first one opens the client's database
        lines = [figures(f"GET {path} (the first {SHOWN} rows)", timed(fetch, loads, pid)),
                 figures(f"GET {path}?all=1 (every row)", timed(lambda: http.get(f"{path}?all=1"), loads, pid)),
                 figures(f"GET {path}/rows (what the live page fetches)",
                         timed(lambda: http.get(f"{path}/rows"), loads, pid)),
                 figures(f"GET {path}?priority=P1 (a filter)", timed(lambda: http.get(f"{path}?priority=P1"), loads,
                                                                     pid))]
        return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=1000, help="open tickets in the client's database")
    parser.add_argument("--loads", type=int, default=50, help="page loads measured, per figure")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("alembic").setLevel(logging.ERROR)
    print("Output of bench/console_queue.py (`make bench-console`): the console's queue page of one client with"
          f" {args.tickets} open tickets.")
    print(f"load average at start: {load()}")
    for backend in backends_to_measure(args.no_postgres):
        with tempfile.TemporaryDirectory(prefix="relais-bench-console-") as folder, \
                client_database(backend, Path(folder)) as client_url:
            catalogue_url = f"sqlite:///{Path(folder) / 'catalogue.db'}"
            started = time.perf_counter()
            build(catalogue_url, client_url, args.tickets)
            print(f"\n{backend}: {args.tickets} open tickets opened through the use cases in "
                  f"{time.perf_counter() - started:.1f} s")
            print(" 1. server side, in process")
            print("\n".join(in_process(catalogue_url, args.loads)))
            print(" 2. full HTTP: python -m console on loopback, one agent signed in, one page after the other")
            print("\n".join(over_http(catalogue_url, args.loads)))
    print(f"\nload average at the end: {load()}")


if __name__ == "__main__":
    main()
