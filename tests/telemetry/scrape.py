"""Reading a /metrics page as Prometheus does (its own parser), for the tests of every process's metrics."""

from prometheus_client.parser import text_string_to_metric_families


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of the page: (name, sorted labels) -> value. Fails the test if Prometheus could not parse it."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(text: str, name: str, **labels: str) -> float:
    """The sum of the samples named `name` whose labels include `labels` (0 when none)."""
    return sum(v for (n, found), v in samples(text).items()
               if n == name and set(labels.items()) <= set(found))
