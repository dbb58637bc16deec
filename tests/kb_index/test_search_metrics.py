"""Every knowledge-base search is timed for the process's /metrics (relais_kb_search_seconds), as Prometheus
parses it; a query that finds nothing is a search too."""

from pathlib import Path

from prometheus_client import generate_latest

from kb_index.hybrid import search
from tests.telemetry.scrape import value


def test_each_search_is_timed(built: Path) -> None:
    before = value(generate_latest().decode(), "relais_kb_search_seconds_count")
    search("acme", "Outlook reste bloqué sur chargement du profil", k=5, root=built)
    search("acme", "   ", k=5, root=built)
    assert value(generate_latest().decode(), "relais_kb_search_seconds_count") - before == 2
