"""Several matching targets: the strictest wins, metric by metric; OLAs by group, UCs by supplier."""

from datetime import timedelta

import pytest

from servicedesk.priority import Priority
from servicedesk.settings import ClientSettings, MatchedTarget, targets_for
from tests.servicedesk.settings.document import document

H = timedelta(hours=1)
M = timedelta(minutes=1)


@pytest.fixture
def settings() -> ClientSettings:
    return ClientSettings.model_validate(document())


def summary(targets: dict[str, MatchedTarget]) -> dict[str, tuple[timedelta, str, str]]:
    return {metric: (t.duration, t.agreement, t.calendar) for metric, t in targets.items()}


def test_p1_takes_the_24x7_targets_where_they_are_stricter_and_office_hours_elsewhere(settings) -> None:
    # Both SLAs match an incident P1: 24/7 sets 15m/4h, office hours 30m/8h/2h (and 1h/16h/4h for any priority).
    assert summary(targets_for(settings, ticket_type="incident", priority="P1")) == {
        "tto": (15 * M, "SLA P1 24/7", "24x7"),
        "ttr": (4 * H, "SLA P1 24/7", "24x7"),
        "keep_in_loop": (2 * H, "SLA office", "office"),  # the 24/7 agreement does not set it
    }


def test_a_priority_without_its_own_row_takes_the_wildcard_row(settings) -> None:
    assert summary(targets_for(settings, ticket_type="incident", priority=Priority.P3)) == {
        "tto": (H, "SLA office", "office"), "ttr": (16 * H, "SLA office", "office"),
        "keep_in_loop": (4 * H, "SLA office", "office"),
    }


def test_a_metric_no_row_sets_is_absent(settings) -> None:
    assert summary(targets_for(settings, ticket_type="service_request", priority="P2")) == {
        "ttr": (40 * H, "SLA office", "office")}
    assert targets_for(settings, ticket_type="problem", priority="P2") == {}


def test_equal_durations_keep_the_first_agreement_in_document_order() -> None:
    raw = document()
    raw["agreements"][1]["targets"][0]["tto"] = "30m"  # now equal to the office P1 row, which comes first
    settings = ClientSettings.model_validate(raw)
    assert targets_for(settings, ticket_type="incident", priority="P1")["tto"].agreement == "SLA office"


def test_an_ola_applies_to_the_group_it_binds_only(settings) -> None:
    ola = targets_for(settings, ticket_type="incident", priority="P2", kind="OLA", group="Infrastructure")
    assert summary(ola) == {"tto": (2 * H, "OLA Infrastructure", "office"),
                            "ttr": (6 * H, "OLA Infrastructure", "office")}
    assert ola["ttr"].kind == "OLA"
    assert targets_for(settings, ticket_type="incident", priority="P2", kind="OLA", group="Experts") == {}
    assert targets_for(settings, ticket_type="incident", priority="P2", kind="OLA") == {}


def test_without_a_kind_slas_and_the_groups_ola_compete(settings) -> None:
    mixed = targets_for(settings, ticket_type="incident", priority="P2", group="Infrastructure")
    assert mixed["tto"].agreement == "SLA office" and mixed["tto"].duration == H
    assert mixed["ttr"].agreement == "OLA Infrastructure" and mixed["ttr"].duration == 6 * H


def test_a_uc_applies_to_its_supplier_only(settings) -> None:
    p1 = targets_for(settings, ticket_type="incident", priority="P1", kind="UC", supplier="Orange Business")
    assert summary(p1) == {"ttr": (4 * H, "UC Orange", "24x7")}
    p3 = targets_for(settings, ticket_type="incident", priority="P3", kind="UC", supplier="Orange Business")
    assert p3["ttr"].duration == 8 * H
    assert targets_for(settings, ticket_type="incident", priority="P1", kind="UC", supplier="Dell") == {}


def test_a_kind_keeps_that_kind_only(settings) -> None:
    sla = targets_for(settings, ticket_type="incident", priority="P2", kind="SLA", group="Infrastructure",
                      supplier="Orange Business")
    assert {t.kind for t in sla.values()} == {"SLA"}


@pytest.mark.parametrize("arguments", [
    {"ticket_type": "incidnet", "priority": "P1"},
    {"ticket_type": "incident", "priority": "P5"},
    {"ticket_type": "incident", "priority": "P1", "kind": "OLAA"},
])
def test_unknown_values_are_errors_not_silent_misses(settings, arguments) -> None:
    with pytest.raises(ValueError, match="unknown"):
        targets_for(settings, **arguments)


def test_the_calendar_of_a_target_is_one_of_the_clients(settings) -> None:
    target = targets_for(settings, ticket_type="incident", priority="P1")["ttr"]
    assert settings.calendar(target.calendar) is settings.calendars["24x7"]
    with pytest.raises(KeyError, match="no calendar 'nights'"):
        settings.calendar("nights")
