"""The supervisor's telemetry port: /metrics as Prometheus reads it, /health that fails when the loop stops."""

import httpx

from telemetry.metrics import SUPERVISOR_LAST_PASS
from telemetry.server import Heartbeat, serve
from tests.telemetry.scrape import samples


def test_metrics_and_a_health_that_follows_the_heartbeat() -> None:
    heartbeat = Heartbeat(stale_after=3600)
    server = serve(0, heartbeat)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        SUPERVISOR_LAST_PASS.set(1234.0)
        page = httpx.get(f"{base}/metrics", timeout=5)
        assert samples(page.text)[("relais_supervisor_last_pass_timestamp_seconds", ())] == 1234.0
        assert httpx.get(f"{base}/health", timeout=5).status_code == 200
        heartbeat.stale_after = -1  # as if no pass had ended for longer than allowed
        assert httpx.get(f"{base}/health", timeout=5).status_code == 503
        heartbeat.stale_after = 3600
        heartbeat.beat()
        assert httpx.get(f"{base}/health", timeout=5).status_code == 200
        assert httpx.get(f"{base}/other", timeout=5).status_code == 404
    finally:
        server.shutdown()
        server.server_close()
