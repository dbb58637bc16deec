"""`make bench-signing`: what the doors' signed claims cost, and whether a hidden ticket takes longer to refuse.

    1. In process: claims.sign (what a door does for each message), claims.verify (what Rasa's channel and
       then the action server each do), against the unsigned path they replace — the metadata dict the relay
       used to build. Per message, in µs.
    2. Rasa's REST webhook, round trip, on real servers (Rasa and the action server on the demo clients, started
       here, or `--url` for a running `make run`, whose secrets are read from var/secrets): the same short message
       posted signed (a web-chat conversation of the demo client, claims checked by Rasa's channel and by the
       action server) and unsigned (the development REST door), alternately, so that the machine's load
       weighs on both the same.
    3. Enumeration timing: the lookup itself (get_visible, in process), then a follow-up through Rasa
       ("où en est INC-… ?") on a ticket that exists but is someone else's, against one on a number that does
       not exist, alternately. tests/security asserts the two answers are
       identical; this measures whether their time tells them apart.

Not a test: nothing here is asserted about time. The machine is small and shared: compare the ratios, taken
within one run; the load average is printed at the start and the end.

    .venv/bin/python -m bench.signing [--micro 20000] [--round-trips 40] [--follow-ups 40] [--url URL]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from functools import partial
from pathlib import Path

import httpx
from sqlalchemy.orm import Session, sessionmaker

from bench.dialogue import servers as dialogue_servers
from scripts import local_secrets
from servicedesk.identity import claims

CLAIMS = claims.DoorClaims(client="demo", requester="webchat:demo:visitor-0042", channel="webchat",
                           conversation="webchat:demo:4d1c7f0a9b2e", email="alice@demo.example",
                           user_name="Alice Martin")
SECRET = "bench-door-secret-" + "x" * 24


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min, {os.cpu_count()} cores)"


def per_call(function: Callable[[], object], repeat: int) -> float:
    """Seconds per call: the best of 5 runs of `repeat` calls (the least disturbed by the rest of the machine)."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(repeat):
            function()
        best = min(best, (time.perf_counter() - started) / repeat)
    return best


def micro(repeat: int) -> dict[str, float]:
    token = claims.sign(CLAIMS, SECRET)

    def unsigned() -> object:  # what the relay sent before claims: the fields, as a dict
        return {"client": CLAIMS.client, "requester": CLAIMS.requester, "channel": CLAIMS.channel,
                "email": CLAIMS.email, "user_name": CLAIMS.user_name}

    def verify() -> object:
        return claims.verify(token, SECRET, conversation=CLAIMS.conversation)

    return {"unsigned": per_call(unsigned, repeat), "sign": per_call(lambda: claims.sign(CLAIMS, SECRET), repeat),
            "verify": per_call(verify, repeat),
            "message": per_call(lambda: claims.verify(claims.sign(CLAIMS, SECRET), SECRET,
                                                      conversation=CLAIMS.conversation), repeat)}


def lookups(repeat: int) -> dict[str, float]:
    """servicedesk.tickets.access.get_visible on SQLite, in process: someone else's number against a missing one."""
    from servicedesk.database import make_engine, make_session_factory, migrate, unit_of_work
    from servicedesk.errors import TicketNotFound
    from servicedesk.tickets.access import Viewer, get_visible
    from servicedesk.tickets.service import IncidentReport, open_incident

    with tempfile.TemporaryDirectory(prefix="relais-bench-lookup-") as folder:
        url = f"sqlite:///{folder}/tickets.db"
        migrate(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        with unit_of_work(factory) as session:
            for index in range(50):
                report = IncidentReport(service="VPN", description=f"ticket {index}", impact=3, urgency=3,
                                        requester=f"owner-{index}", channel="rest", conversation_id=f"c-{index}",
                                        language="fr")
                number = open_incident(db_session=session, report=report).number
        assert number is not None  # numbered on insert
        viewer = Viewer(requester="prober")

        def probe(asked: str) -> None:
            with factory() as session:
                try:
                    get_visible(db_session=session, number=asked, viewer=viewer)
                except TicketNotFound:
                    return
            raise AssertionError("the prober saw a ticket that is not theirs")

        try:
            return {"hidden": per_call(lambda: probe(number), repeat),
                    "missing": per_call(lambda: probe("INC-999999"), repeat)}
        finally:
            engine.dispose()


def timed(post: Callable[[], httpx.Response]) -> float:
    started = time.perf_counter()
    response = post()
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    return elapsed


def alternate(first: Callable[[], httpx.Response], second: Callable[[], httpx.Response],
              count: int) -> tuple[list[float], list[float]]:
    """`count` timings of each, interleaved (first, second, second, first, ...) so that drift weighs on both."""
    ones, twos = [], []
    for index in range(count):
        if index % 2 == 0:
            ones.append(timed(first))
            twos.append(timed(second))
        else:
            twos.append(timed(second))
            ones.append(timed(first))
    return ones, twos


def figures(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return (f"n={len(values):>3}  mean {statistics.mean(values) * 1000:7.1f} ms  median "
            f"{statistics.median(values) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms")


def open_demo_ticket(tickets: sessionmaker[Session], requester: str, description: str) -> str:
    """A ticket of the demo client, opened as its use case opens one; returns its number."""
    from servicedesk.database import unit_of_work
    from servicedesk.settings.current import desk_of
    from servicedesk.tickets.service import IncidentReport, open_incident

    with unit_of_work(tickets) as session:
        report = IncidentReport(service="VPN", description=description, impact=3, urgency=3, requester=requester,
                                channel="rest", conversation_id=requester, language="fr")
        number = open_incident(db_session=session, report=report, agreements=desk_of(db_session=session)).number
        assert number is not None  # numbered on insert
        return number


@contextmanager
def started(work: Path) -> Iterator[tuple[str, local_secrets.Secrets, Callable[[str, str], str]]]:
    """Rasa (its REST door open, as `make run` has it) and the action server, as `make run` starts them, on free
    loopback ports, on a catalogue bootstrapped with the demo clients and secrets made for this run only."""
    from scripts import model, stack
    from servicedesk.database import make_engine, make_session_factory

    env = dialogue_servers.stores(work)
    subprocess.run([sys.executable, "-m", "servicedesk", "bootstrap"], cwd=stack.ROOT, env={**os.environ, **env},
                   check=True, capture_output=True)
    keys = local_secrets.ensure(work / "secrets", environ={})
    rasa_port, actions_port = dialogue_servers.free_port(), dialogue_servers.free_port()
    services = [
        stack.action_server(keys, actions_port, env=env, log=work / "actions.log"),
        stack.rasa_server(keys, model.train(), dialogue_servers.endpoints(work, actions_port, keys.actions_token),
                          rasa_port, env={"RELAIS_ACTION_ENDPOINT": f"http://127.0.0.1:{actions_port}/webhook"},
                          log=work / "rasa.log"),
    ]
    stack.start_all(services)
    engine = make_engine(env["RELAIS_CLIENT_DATABASE_URL_TEMPLATE"].replace("{slug}", "demo"))
    tickets = make_session_factory(engine)
    try:
        yield f"http://127.0.0.1:{rasa_port}", keys, partial(open_demo_ticket, tickets)
    finally:
        stack.stop_all(services)
        engine.dispose()


@contextmanager
def servers(url: str | None) -> Iterator[tuple[str, local_secrets.Secrets, Callable[[str, str], str]]]:
    """Rasa's URL, the secrets in force, and a way to open a demo ticket for a requester (returns its number)."""
    if url is not None:
        from servicedesk.clients.registry import open_catalogue

        def open_on_catalogue(requester: str, description: str) -> str:
            with open_catalogue() as (_, registry):
                return open_demo_ticket(registry.session_factory("demo"), requester, description)

        yield url.rstrip("/"), local_secrets.ensure(), open_on_catalogue
        return
    with tempfile.TemporaryDirectory(prefix="relais-bench-signing-") as folder, started(Path(folder)) as running:
        yield running


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--micro", type=int, default=20000, help="in-process calls per timing run")
    parser.add_argument("--round-trips", type=int, default=40, help="webhook posts of each kind")
    parser.add_argument("--follow-ups", type=int, default=40, help="follow-ups of each kind")
    parser.add_argument("--url", help="a running Rasa (make run) instead of servers started here")
    args = parser.parse_args()
    print("Output of bench/signing.py (`make bench-signing`): the cost of the doors' signed claims, and the time")
    print("of a follow-up on someone else's ticket against a missing number. Compare ratios within this run.")
    print(f"load average at start: {load()}")

    found = micro(args.micro)
    print(f"\n1. In process, per message ({args.micro} calls, best of 5; payload {len(asdict(CLAIMS))} fields, token "
          f"{len(claims.sign(CLAIMS, SECRET))} characters)")
    for label, key in [("unsigned: the metadata dict", "unsigned"), ("claims.sign (the door)", "sign"),
                       ("claims.verify (Rasa's channel, the action server)", "verify"),
                       ("sign + verify", "message")]:
        print(f"   {label:<52} {found[key] * 1e6:8.2f} µs")
    per_message = found["sign"] + 2 * found["verify"]  # signed once, checked twice
    print(f"   a message's whole cost, signed once and checked twice: {per_message * 1e6:.1f} µs, "
          f"{per_message / found['unsigned']:.0f}× the unsigned dict")

    with servers(args.url) as (rasa, secrets, open_ticket), httpx.Client(timeout=120) as http:
        webhook = f"{rasa}/webhooks/rest/webhook"
        conversation = f"webchat:demo:bench-{uuid.uuid4().hex[:10]}"
        signed_claims = claims.DoorClaims(client="demo", requester=conversation, channel="webchat",
                                          conversation=conversation)
        unsigned_sender = f"bench-{uuid.uuid4().hex[:10]}"

        def signed() -> httpx.Response:
            metadata = {claims.METADATA_KEY: claims.sign(signed_claims, secrets.door_secret)}  # a door signs each
            return http.post(webhook, json={"sender": conversation, "message": "bonjour", "metadata": metadata})

        def unsigned() -> httpx.Response:
            return http.post(webhook, json={"sender": unsigned_sender, "message": "bonjour"})

        alternate(signed, unsigned, 3)  # warm-up: the first turns load what Rasa and the actions load lazily
        with_claims, without = alternate(signed, unsigned, args.round_trips)
        print(f"\n2. Rasa's REST webhook round trip, \"bonjour\" ({args.round_trips} of each, alternately)")
        print(f"   signed (web chat claims, checked twice)   {figures(with_claims)}")
        print(f"   unsigned (the development REST door)      {figures(without)}")
        print(f"   ratio signed / unsigned: mean {statistics.mean(with_claims) / statistics.mean(without):.3f}, "
              f"median {statistics.median(with_claims) / statistics.median(without):.3f}")

        calls = max(200, args.micro // 20)
        lookup = lookups(calls)
        print(f"\n3a. get_visible in process, SQLite, 50 tickets ({calls} calls, best of 5)")
        print(f"   someone else's number {lookup['hidden'] * 1e6:8.1f} µs, a missing number "
              f"{lookup['missing'] * 1e6:8.1f} µs: ratio {lookup['hidden'] / lookup['missing']:.3f}")

        owner = f"bench-owner-{uuid.uuid4().hex[:8]}"
        number = open_ticket(owner, "bench: a ticket only its owner may see")
        prober = f"bench-prober-{uuid.uuid4().hex[:8]}"

        def hidden() -> httpx.Response:
            return http.post(webhook, json={"sender": prober, "message": f"où en est {number} ?"})

        # A missing number of the same shape (same prefix, same run of zeros): the NLU reads both alike, so what
        # differs is only whether the ticket exists.
        prefix, digits = number.split("-")
        absent_number = f"{prefix}-{int(digits) + 500:0{len(digits)}d}"

        def missing() -> httpx.Response:
            return http.post(webhook, json={"sender": prober, "message": f"où en est {absent_number} ?"})

        alternate(hidden, missing, 3)
        not_yours, absent = alternate(hidden, missing, args.follow_ups)
        print(f"\n3b. Follow-up by number from another REST conversation ({args.follow_ups} of each, alternately)")
        print(f"   {number}, someone else's                  {figures(not_yours)}")
        print(f"   {absent_number}, no such ticket                {figures(absent)}")
        print(f"   ratio not yours / missing: mean {statistics.mean(not_yours) / statistics.mean(absent):.3f}, "
              f"median {statistics.median(not_yours) / statistics.median(absent):.3f}")
    print(f"\nload average at the end: {load()}")


if __name__ == "__main__":
    main()
