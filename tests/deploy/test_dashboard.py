"""The Grafana dashboard (deploy/grafana/relais.json) reads only series Relais exports: every metric name in its
queries is one telemetry/metrics.py defines (with the suffix Prometheus gives its kind), and every metric defined
is shown somewhere, so that a renamed metric cannot leave a panel silently empty. The alerting rules
(deploy/prometheus/alerts.yml) read exported series too."""

import json
import re
from pathlib import Path

import yaml
from prometheus_client import Counter, Gauge, Histogram

from telemetry import metrics

ROOT = Path(__file__).resolve().parents[2]
SUFFIXES = {Counter: ("_total",), Gauge: ("",), Histogram: ("_bucket", "_count", "_sum")}


def exported() -> dict[str, str]:
    """Series name -> the metric it belongs to."""
    names = {}
    for metric in vars(metrics).values():
        for kind, suffixes in SUFFIXES.items():
            if isinstance(metric, kind):
                names.update({metric._name + suffix: metric._name for suffix in suffixes})
    return names


def queries() -> list[str]:
    dashboard = json.loads((ROOT / "deploy" / "grafana" / "relais.json").read_text())
    return [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]


def test_every_query_reads_an_exported_series_and_every_metric_is_shown() -> None:
    series = exported()
    used = {name for expr in queries() for name in re.findall(r"\brelais_[a-z_]+", expr)}
    assert used and used <= set(series), sorted(used - set(series))
    assert {series[name] for name in used} == set(series.values())


def test_every_alert_reads_an_exported_series() -> None:
    groups = yaml.safe_load((ROOT / "deploy" / "prometheus" / "alerts.yml").read_text())["groups"]
    rules = [rule for group in groups for rule in group["rules"]]
    assert rules and all(rule["alert"].startswith("Relais") and rule["annotations"]["summary"] for rule in rules)
    used = {name for rule in rules for name in re.findall(r"\brelais_[a-z_]+", rule["expr"])}
    assert used and used <= set(exported()), sorted(used - set(exported()))
