"""The SLA supervisor's telemetry (servicedesk/operations_metrics.py): each line a pass prints counted under its
kind and client, each client's outbox backlog measured, /metrics as Prometheus parses it and a /health that
follows the passes."""

import httpx
import pytest
from prometheus_client import generate_latest

from servicedesk import operations
from servicedesk.clients.registry import open_catalogue
from servicedesk.database import unit_of_work
from servicedesk.notifications.service import notify
from servicedesk.operations_metrics import PassWatch, kind_of
from tests.telemetry.scrape import value


@pytest.mark.parametrize(("line", "kind"), [
    ("T-0001: sla resolution warning (Gold)", "sla_warning"),
    ("T-0001: ola response breach (Network team)", "sla_breach"),
    ("T-0001: keep-in-loop update sent", "keep_in_loop"),
    ("T-0001: requester told the takeover is delayed", "takeover_delayed"),
    ("T-0001: escalated to Level 2 (P1 unassigned)", "escalation"),
    ("T-0001: manager of Network notified (breach)", "escalation"),
    ("T-0001: approval step 2 reminded", "approval_reminder"),
    ("T-0001: closure reminder 1/2", "closure_reminder"),
    ("T-0001: closure notice", "closure_notice"),
    ("T-0001: closed automatically after 5 business days", "auto_closed"),
    ("past retention, conversations 3", "purge"),
    ("personal data purge failed, retried next pass (OperationalError)", "purge_failed"),
    ("skipped (no settings loaded)", "client_skipped"),
    ("something new", "other"),
])
def test_each_line_a_pass_prints_has_its_kind(line: str, kind: str) -> None:
    assert kind_of(": " + line) == kind


def test_a_pass_is_counted_timed_and_its_outboxes_measured(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("RELAIS_CATALOGUE_URL", f"sqlite:///{tmp_path / 'catalogue.db'}")
    monkeypatch.setenv("RELAIS_CLIENT_DATABASE_URL_TEMPLATE", f"sqlite:///{tmp_path}/{{slug}}.db")
    monkeypatch.setenv("RELAIS_METRICS_PORT", "0")  # any free port
    operations.bootstrap()
    watch = PassWatch(interval=30)
    assert watch.http is not None
    base = f"http://127.0.0.1:{watch.http.server_address[1]}"
    try:
        with open_catalogue() as (catalogue, registry):
            with unit_of_work(registry.session_factory("demo")) as session:
                for n in range(3):
                    notify(db_session=session, dedup_key=f"metrics-{n}", event="status_changed",
                           audience="requester", recipient="u1", language="fr")
            before = generate_latest().decode()
            with watch.timed(catalogue, registry) as lines:
                lines += ["demo: T-0001: sla resolution warning (Gold)", "acme: T-0002: closure notice"]
        page = httpx.get(f"{base}/metrics", timeout=5).text
        assert value(page, "relais_outbox_pending", client="demo") == 3
        assert value(page, "relais_outbox_pending", client="acme") == 0
        assert value(page, "relais_outbox_oldest_seconds", client="demo") >= 0
        moved = value(page, "relais_supervisor_events_total", client="demo", kind="sla_warning") - \
            value(before, "relais_supervisor_events_total", client="demo", kind="sla_warning")
        assert moved == 1
        passes = "relais_supervisor_pass_seconds_count"
        assert value(page, passes) - value(before, passes) == 1
        assert value(page, "relais_supervisor_last_pass_timestamp_seconds") > 0
        assert httpx.get(f"{base}/health", timeout=5).status_code == 200
    finally:
        watch.close()
