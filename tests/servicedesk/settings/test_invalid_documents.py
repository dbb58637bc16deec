"""Every kind of wrong document is refused, with a message naming the file and the field."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from servicedesk.errors import InvalidSettings, ServiceDeskError
from servicedesk.settings import load_file, load_text
from tests.servicedesk.settings.document import document, dump

Raw = dict[str, Any]


def rename(mapping: dict[str, Any], old: str, new: str) -> None:
    mapping[new] = mapping.pop(old)


def second_default(raw: Raw) -> None:
    raw["groups"][1]["level"] = 1
    raw["groups"][1]["default"] = True


# (what is wrong, change to a valid document, field path in the message, words of the message)
CASES: list[tuple[str, Callable[[Raw], None], str, str]] = [
    ("typo in a top-level key", lambda raw: rename(raw, "escalation_rules", "escalation_rule"),
     "escalation_rule:", "unknown field"),
    ("typo in a nested key", lambda raw: rename(raw["groups"][1]["manager"], "email", "emial"),
     'groups["Infrastructure"].manager.emial:', "unknown field"),
    ("typo in a target", lambda raw: rename(raw["agreements"][0]["targets"][1], "ttr", "ttr_"),
     'agreements["SLA office"].targets[1].ttr_:', "unknown field"),
    ("typo in a calendar", lambda raw: rename(raw["calendars"]["office"], "holidays", "holiday"),
     "calendars.office:", "unknown settings ['holiday']"),
    ("required field missing", lambda raw: raw["closure"].pop("auto_close"),
     "closure.auto_close:", "required field missing"),
    ("unknown support group of a service", lambda raw: raw["services"][0].update(support_group="Infra"),
     'services["VPN"].support_group:', "no group 'Infra' (known: Experts, Infrastructure, Service desk)"),
    ("unknown closure category of a service", lambda raw: raw["services"][0].update(category="networking"),
     'services["VPN"].category:', "no closure category 'networking'"),
    ("unknown group of an OLA", lambda raw: raw["agreements"][2].update(group="Network"),
     'agreements["OLA Infrastructure"].group:', "no group 'Network'"),
    ("unknown group of a functional escalation", lambda raw: raw["escalation_rules"][1].update(to_group="L3"),
     'escalation_rules["experts"].to_group:', "no group 'L3'"),
    ("unknown calendar of an agreement", lambda raw: raw["agreements"][0].update(calendar="nights"),
     'agreements["SLA office"].calendar:', "no calendar 'nights'"),
    ("duplicate closure code", lambda raw: raw["closure"]["categories"].append(raw["closure"]["categories"][0]),
     "closure.categories:", "duplicate code network"),
    ("malformed code", lambda raw: raw["closure"]["cause_codes"][0].update(code="Bad Code"),
     'closure.cause_codes["Bad Code"].code:', "lowercase letters, digits and underscores"),
    ("known_fix_applied missing", lambda raw: raw["closure"]["resolution_codes"].pop(0),
     "closure.resolution_codes:", "must include known_fix_applied"),
    ("workaround missing", lambda raw: raw["closure"]["resolution_codes"].pop(1),
     "closure.resolution_codes:", "must include workaround"),
    ("a label without its English", lambda raw: raw["closure"]["categories"][1]["label"].pop("en"),
     'closure.categories["software"].label.en:', "required field missing"),
    ("days in a target", lambda raw: raw["agreements"][0]["targets"][0].update(ttr="4d"),
     'agreements["SLA office"].targets[0].ttr:', "days are ambiguous"),
    ("a target of zero", lambda raw: raw["agreements"][1]["targets"][0].update(tto="0m"),
     'agreements["SLA P1 24/7"].targets[0].tto:', "must be positive"),
    ("a bare number as a target", lambda raw: raw["agreements"][1]["targets"][0].update(tto=30),
     'agreements["SLA P1 24/7"].targets[0].tto:', "written like '30m' or '4h'"),
    ("a target without any duration", lambda raw: raw["agreements"][0]["targets"][2].pop("ttr"),
     'agreements["SLA office"].targets[2]:', "at least one of tto, ttr, keep_in_loop"),
    ("an unknown priority in a target", lambda raw: raw["agreements"][0]["targets"][1].update(priority="P5"),
     'agreements["SLA office"].targets[1].priority:', "got 'P5'"),
    ("two rows for the same case", lambda raw: raw["agreements"][3]["targets"][1].update(priority="*"),
     'agreements["UC Orange"].targets:', "several rows for incident/*"),
    ("an OLA without its group", lambda raw: raw["agreements"][2].pop("group"),
     'agreements["OLA Infrastructure"]:', "an OLA names the group it binds"),
    ("an SLA naming a supplier", lambda raw: raw["agreements"][0].update(supplier="Orange Business"),
     'agreements["SLA office"]:', "an SLA has no supplier"),
    ("duplicate agreement name", lambda raw: raw["agreements"][1].update(name="SLA office"),
     "agreements:", "duplicate name SLA office"),
    ("bad time zone", lambda raw: raw["calendars"]["office"].update(timezone="Europe/Pariss"),
     "calendars.office:", "unknown time zone 'Europe/Pariss'"),
    ("bad opening hours", lambda raw: raw["calendars"]["office"]["hours"].update(mon=["18:00-09:00"]),
     "calendars.office:", "ends before it starts"),
    ("bad holiday", lambda raw: raw["calendars"]["office"].update(holidays=["2026-02-30"]),
     "calendars.office:", "is not a date"),
    ("two default groups", second_default, "groups:", "exactly one group is the default"),
    ("no default group", lambda raw: raw["groups"][0].pop("default"), "groups:", "found none"),
    ("a default group above level 1", lambda raw: raw["groups"][0].update(level=2),
     "groups:", "level 1"),
    ("a level that does not exist", lambda raw: raw["groups"][2].update(level=4),
     'groups["Experts"].level:', "got 4"),
    ("duplicate group", lambda raw: raw["groups"][2].update(name="Infrastructure"),
     "groups:", "duplicate group Infrastructure"),
    ("a bad email", lambda raw: raw["groups"][1]["members"].append("bob.desk.example"),
     'groups["Infrastructure"].members[1]:', "not an email address"),
    ("an alias naming two services", lambda raw: raw["services"][1]["aliases"].append("Acces distant"),
     "services:", "alias 'acces distant' names both 'VPN' and 'Outlook'"),
    ("a functional escalation without a group", lambda raw: raw["escalation_rules"][1].pop("to_group"),
     'escalation_rules["experts"]:', "to_group is required with functional"),
    ("a reminders rule without its count", lambda raw: raw["escalation_rules"][2].pop("count"),
     'escalation_rules["chased"]:', "count is required with reminders"),
    ("an unknown trigger", lambda raw: raw["escalation_rules"][0].update(when="tto_breached"),
     'escalation_rules["late owner"].when:', "got 'tto_breached'"),
    ("client contact notified but unknown", lambda raw: raw["client"].pop("contact_email"),
     'escalation_rules["late owner"].notify_client_contact:', "needs client.contact_email"),
    ("an unknown language", lambda raw: raw["client"].update(language="de"), "client.language:", "got 'de'"),
    ("a bad slug", lambda raw: raw["client"].update(slug="Démo"), "client.slug:", "lowercase"),
    ("notice longer than the wait", lambda raw: raw["closure"]["auto_close"].update(notice_business_days=6),
     "closure.auto_close:", "cannot exceed business_days"),
    ("recurrence of one", lambda raw: raw["problems"]["recurrence"].update(count=1),
     "problems.recurrence.count:", "greater than or equal to 2"),
]


@pytest.mark.parametrize(("change", "path", "words"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_wrong_document_is_refused_naming_the_file_and_field(tmp_path: Path, change, path, words) -> None:
    raw = document()
    change(raw)
    file = tmp_path / "settings.yml"
    file.write_text(dump(raw), encoding="utf-8")
    with pytest.raises(InvalidSettings) as refused:
        load_file(file)
    assert str(file) in str(refused.value)
    assert any(problem.startswith(path) and words in problem for problem in refused.value.problems), \
        refused.value.problems
    assert isinstance(refused.value, ServiceDeskError)


def test_every_problem_is_reported_at_once() -> None:
    raw = document()
    raw["services"][0]["support_group"] = "Infra"
    raw["agreements"][0]["calendar"] = "nights"
    with pytest.raises(InvalidSettings) as refused:
        load_text(dump(raw), source="two-problems.yml")
    assert len(refused.value.problems) == 2
    assert str(refused.value).startswith("two-problems.yml: invalid settings")


def test_the_valid_document_loads() -> None:
    assert load_text(dump(document())).client.slug == "test"
