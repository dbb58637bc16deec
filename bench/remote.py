"""Remote assistance against a real MeshCentral: what each step the desk waits on costs.

    1. MeshCentral's start on this machine (its first start makes its certificates), as the tests' fixture does.
    2. The provider's calls (servicedesk/remote/meshcentral.py): one websocket each, signed in, one or two commands —
       the client's group found, an invitation made, the group's devices listed. Median and worst, in ms.
    3. A device joining: from the Linux agent's start to the watcher's pass that puts its link on the ticket, and
       from a technician's terminal session closed to its end logged. The watcher passes every 0.5 s here
       (RELAIS_REMOTE_WATCH_INTERVAL is 15 s in production, which bounds these from above).

Not a test: nothing here is asserted about time. The machine is small and shared: the load average is printed.

    .venv/bin/python -m bench.remote [--calls 20]
"""

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from servicedesk.database import make_engine, make_session_factory, migrate, unit_of_work
from servicedesk.remote import flows, service
from servicedesk.remote.meshcentral import MeshCentral
from servicedesk.remote.models import RemoteSession
from servicedesk.tickets.service import IncidentReport, get_by_number, open_incident
from standins.meshcentral import mesh_agent, meshcentral_server, open_terminal


def _ms(call: Callable[[], object], times: int) -> tuple[float, float]:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        call()
        spent.append((time.perf_counter() - started) * 1000)
    return statistics.median(spent), max(spent)


def _until(step: Callable[[], bool], limit: float = 120.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if step():
            return time.perf_counter() - started
        time.sleep(0.5)
    raise RuntimeError("never happened")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        with meshcentral_server(Path(folder)) as server:
            print(f"MeshCentral started in {time.perf_counter() - started:.1f} s (certificates made)")
            mesh = MeshCentral(url=server.url, user=server.user, password=server.password, group="Relais bench",
                               verify_tls=False)
            group = mesh.group_ref()
            for name, call in (("group found", mesh.group_ref), ("invitation made", lambda: mesh.invite(hours=1)),
                               ("devices listed", lambda: mesh.devices(group_ref=group))):
                median, worst = _ms(call, args.calls)
                print(f"{name:>16}: median {median:6.1f} ms, worst {worst:6.1f} ms ({args.calls} calls)")
            url = f"sqlite:///{folder}/bench.db"
            migrate(url)
            engine = make_engine(url)
            factory = make_session_factory(engine)
            with unit_of_work(factory) as db_session:
                ticket = open_incident(db_session=db_session, report=IncidentReport(
                    service="Excel", description="bench", impact=3, urgency=3, requester="u1", channel="webchat",
                    conversation_id="webchat:bench:u1", language="en"))
                number = ticket.number or ""
                session_id = service.ask(db_session=db_session, ticket=ticket, provider=mesh.name, tool=mesh.tool,
                                         actor="bench").id
            flows.consent(factory, session_id=session_id, requester="u1", consent=True, provider=mesh, hours=1)

            def watched(word: str) -> Callable[[], bool]:
                return lambda: any(word in line for line in flows.watch(factory, provider=mesh, hours=1))

            with mesh_agent(server, group, Path(folder) / "agent"):
                print(f"agent start → device link on the ticket: {_until(watched('joined')):.1f} s")
                with factory() as db_session:
                    device = db_session.get_one(RemoteSession, session_id).device_ref or ""
                open_terminal(server, device, seconds=0.5)
                print(f"terminal closed → start and end logged: {_until(watched('logged')):.1f} s")
            with factory() as db_session:
                logged = [e.body for e in get_by_number(db_session=db_session, number=number).log if e.kind == "remote"]
            print(f"log lines of the session on the ticket: {len(logged)}")
            engine.dispose()
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
