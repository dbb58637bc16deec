"""What the SLA supervisor's passes tell Prometheus (telemetry/): the events each pass fired, per client and
kind; each client's outbox backlog and the age of its oldest notification; how long a pass took and when the last
one ended. With RELAIS_METRICS_PORT set, `python -m servicedesk supervise` serves them on that port with a /health
that fails when no pass has ended for three intervals (Kubernetes restarts a stuck supervisor).

The kinds are read from the lines the passes already print (one per event, `slug: T-0001: …`): the CLI's output
and the metrics cannot tell two stories.
"""

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from servicedesk.clients import service as clients
from servicedesk.clients.registry import ClientDatabases
from servicedesk.notifications.service import backlog
from telemetry import server
from telemetry.metrics import (
    OUTBOX_OLDEST_SECONDS,
    OUTBOX_PENDING,
    SLA_EVENTS,
    SUPERVISOR_LAST_PASS,
    SUPERVISOR_PASS_SECONDS,
)

# First match wins; the patterns follow the lines of sla.supervisor, escalation, tickets.closing,
# approvals.supervisor and operations.supervise_once.
KINDS = (
    ("sla_warning", re.compile(r": \w+ \w+ warning \(")),
    ("sla_breach", re.compile(r": \w+ \w+ breach \(")),
    ("keep_in_loop", re.compile(r"keep-in-loop update sent")),
    ("takeover_delayed", re.compile(r"told the takeover is delayed")),
    ("escalation", re.compile(r": escalated to |: manager of .* notified")),
    ("approval_reminder", re.compile(r": approval step \d+ reminded")),
    ("closure_reminder", re.compile(r": closure reminder ")),
    ("closure_notice", re.compile(r": closure notice")),
    ("auto_closed", re.compile(r": closed automatically")),
    ("purge", re.compile(r": past retention, ")),
    ("purge_failed", re.compile(r": personal data purge failed")),
    ("client_skipped", re.compile(r": skipped \(")),
)


def kind_of(line: str) -> str:
    return next((kind for kind, pattern in KINDS if pattern.search(line)), "other")


def count_events(lines: list[str]) -> None:
    for line in lines:
        client, _, rest = line.partition(": ")
        SLA_EVENTS.labels(client, kind_of(": " + rest)).inc()


def measure_outboxes(catalogue: sessionmaker[Session], registry: ClientDatabases) -> None:
    """Each active client's backlog; a database that does not answer keeps its last figures (the pass said so)."""
    with catalogue() as session:
        slugs = [c.slug for c in clients.get_all(db_session=session)]
    for slug in slugs:
        try:
            with registry.session_factory(slug)() as session:
                waiting = backlog(db_session=session)
        except SQLAlchemyError:
            continue
        OUTBOX_PENDING.labels(slug).set(waiting.pending)
        OUTBOX_OLDEST_SECONDS.labels(slug).set(waiting.oldest_age.total_seconds())


class PassWatch:
    """The supervisor loop's telemetry: `with watch.timed(catalogue, registry) as lines: lines += pass(...)`."""

    def __init__(self, interval: float) -> None:
        self.heartbeat = server.Heartbeat(stale_after=max(3 * interval, 60.0))
        self.http = None
        port = os.environ.get("RELAIS_METRICS_PORT")
        if port:
            self.http = server.serve(int(port), self.heartbeat, host=os.environ.get("RELAIS_BIND_HOST", "127.0.0.1"))

    @contextmanager
    def timed(self, catalogue: sessionmaker[Session], registry: ClientDatabases) -> Iterator[list[str]]:
        lines: list[str] = []
        started = time.perf_counter()
        yield lines
        SUPERVISOR_PASS_SECONDS.observe(time.perf_counter() - started)
        count_events(lines)
        measure_outboxes(catalogue, registry)
        SUPERVISOR_LAST_PASS.set(time.time())
        self.heartbeat.beat()

    def close(self) -> None:
        if self.http is not None:
            self.http.shutdown()
            self.http.server_close()
