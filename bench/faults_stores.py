"""`make bench-faults` (second part): the doors while their stores restart under them. A PostgreSQL server and a
Redis server of the run's own (never the machine's shared ones), the doors' process under `make run`'s
supervision in front of a Rasa stand-in that answers at once, simulated web-chat users, then a PostgreSQL restart
and a Redis restart. It prints every message's fate (bench/faults.py's tally) and whether any reached Rasa twice.

A message sent while PostgreSQL is down cannot be stored: the doors answer 500 and the page sends it again with
the same client_message_id; once stored, it is answered once, in the answer to the request or, when the doors failed
after storing it, by a replay (bot/replayer.py): the journal is read at the end, once nothing waits to be replayed
or after `--settle` seconds. Bounded: `--seconds` of talk (60 at most), `--settle` (180 at most).

    .venv/bin/python -m bench.faults_stores [--users 4] [--seconds 30]
"""

import argparse
import collections
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.faults import Tally, free_port, settle, user
from scripts import local_secrets, stack
from scripts.supervision import Supervision
from standins.rasa_http import RasaStandIn

POSTGRES_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), Path("/usr/bin"))


def as_postgres(*command: str) -> None:
    """PostgreSQL refuses to run as root: its tools run as the postgres user when this runs as root."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *command], check=True, capture_output=True)


@contextlib.contextmanager
def postgres(work: Path) -> Iterator[tuple[int, Path]]:
    data, port = work / "pg", free_port()
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    as_postgres(str(POSTGRES_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {data} -c fsync=off"
    as_postgres(str(POSTGRES_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(data / "log"), "-w", "start")
    try:
        yield port, data
    finally:
        as_postgres(str(POSTGRES_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")


@contextlib.contextmanager
def redis_server() -> Iterator[tuple[int, list[subprocess.Popen[bytes]]]]:
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    running = [subprocess.Popen(command, stdout=subprocess.DEVNULL)]
    time.sleep(0.5)
    try:
        yield port, running
    finally:
        for server in running:
            server.terminate()
            server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.faults_stores", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--settle", type=float, default=150, help="at most this long for replays after the talk")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="relais-faults-stores-"))
    os.chmod(work, 0o755)  # the postgres user makes its data folder inside
    with postgres(work) as (pg_port, pg_data), redis_server() as (redis_port, redis_running), \
            RasaStandIn() as rasa:
        base = f"postgresql+psycopg://postgres@127.0.0.1:{pg_port}"
        admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("CREATE DATABASE relais_catalogue"))
        admin.dispose()
        stores = {"RELAIS_CATALOGUE_URL": f"{base}/relais_catalogue",
                  "RELAIS_CLIENT_DATABASE_URL_TEMPLATE": f"{base}/relais_{{slug}}",
                  "RELAIS_RATE_LIMIT_STORAGE": f"redis://127.0.0.1:{redis_port}/0",
                  "RELAIS_RATE_LIMIT_CONVERSATION": "10000/minute", "RELAIS_RATE_LIMIT_ADDRESS": "100000/minute"}
        os.environ.update(stores)
        subprocess.run([sys.executable, "-m", "servicedesk", "bootstrap"], cwd=stack.ROOT, check=True,
                       capture_output=True)
        keys = local_secrets.ensure(work / "secrets", environ={})
        doors_port = free_port()
        doors = stack.bot_server(keys, doors_port, rasa.base, log=work / "bot.log",
                                 env={"RELAIS_WEBCHAT_TOKEN_SECRET": "bench-faults", "RELAIS_SECRETS_DIR": str(work)})
        tally, stop = Tally(), threading.Event()
        with Supervision([doors], work / "run") as supervision:
            supervision.wait_ready()
            began = time.monotonic()
            users = [threading.Thread(target=user, args=(f"http://127.0.0.1:{doors_port}", tally, stop, 60, True))
                     for _ in range(args.users)]
            for thread in users:
                thread.start()
            seconds = min(args.seconds, 60)
            time.sleep(seconds / 3)
            print(f"{time.monotonic() - began:5.0f} s  PostgreSQL restarts; {tally.sent} messages so far", flush=True)
            as_postgres(str(POSTGRES_BIN / "pg_ctl"), "-D", str(pg_data), "-l", str(pg_data / "log"), "-m", "fast",
                        "-w", "restart")  # with its log: a server writing to our pipe would hold it open
            time.sleep(seconds / 3)
            print(f"{time.monotonic() - began:5.0f} s  Redis restarts; {tally.sent} messages so far", flush=True)
            redis_running[0].terminate()
            redis_running[0].wait(10)
            time.sleep(1)
            redis_running[0] = subprocess.Popen(redis_running[0].args, stdout=subprocess.DEVNULL)
            time.sleep(seconds / 3)
            stop.set()
            for thread in users:
                thread.join(90)
            found, settled = settle(f"{base}/relais_demo", None, min(args.settle, 180))
            state = supervision.states()["doors"]["statename"]
    seen = collections.Counter((m.get("sender"), m.get("message")) for m in rasa.messages)
    twice = sum(1 for count in seen.values() if count > 1)
    print(f"""
after {time.monotonic() - began:.0f} s, {args.users} users against the doors (load {os.getloadavg()[0]:.1f})
  doors at the end      {state}
  messages sent         {tally.sent}
  answered              {tally.answered}
  told and kept         {tally.told}
  duplicate answers     {tally.lost}   (stored by doors that failed after: the retry found it journalled)
  sent to Rasa twice    {twice}
in the doors' journal, {settled:.0f} s after the talk:
  accepted              {found.accepted}
  answered              {found.answered}
  replayed              {found.replayed}
  lost                  {found.waiting + found.undelivered}
  requests retried      {tally.retries}   (500 while PostgreSQL restarted, then answered once)
  longest gap           {tally.longest_gap:.1f} s""")


if __name__ == "__main__":
    main()
