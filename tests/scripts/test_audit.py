"""How `make audit` reads pip-audit's report and explains each finding, on made-up reports (the real run needs
the network, so it is not part of `make test`)."""

from pathlib import Path

import yaml
from packaging.requirements import Requirement

from scripts import audit

APP = audit.Environment("app", Path("/nowhere/.venv"), fatal=True)
RASA = audit.Environment("rasa", Path("/nowhere/.venv-rasa"), fatal=False)
REPORT = {"dependencies": [
    {"name": "Sanic", "version": "21.12.2", "vulns": [
        {"id": "GHSA-aaaa", "fix_versions": ["23.12.1"], "aliases": ["CVE-2099-1"], "description": "..."}]},
    {"name": "requests", "version": "2.31.0", "vulns": [{"id": "PYSEC-bbbb", "fix_versions": ["2.32.0"]}]},
    {"name": "jinja2", "version": "3.1.6", "vulns": []},
    {"name": "torch", "skip_reason": "Dependency not found on PyPI and could not be audited: torch (2.13.0+cpu)"},
]}
RASA_PINS = {"sanic": [("rasa==3.6.21", Requirement("sanic<21.13,>=21.12"))],
             "requests": [("rasa==3.6.21", Requirement("requests<3.0,>=2.23"))]}


def statuses(rows: list[audit.Row]) -> dict[str, str]:
    return {row.finding.package: row.status for row in rows}


def test_the_report_is_read_into_findings_and_skips() -> None:
    found = audit.parse(REPORT)
    assert found.audited == 3
    assert found.skipped == {"torch": REPORT["dependencies"][3]["skip_reason"]}
    assert found.findings == [audit.Finding("sanic", "21.12.2", "GHSA-aaaa", ("23.12.1",), ("CVE-2099-1",)),
                              audit.Finding("requests", "2.31.0", "PYSEC-bbbb", ("2.32.0",))]


def test_in_rasas_venv_a_pin_that_excludes_every_fix_explains_the_finding() -> None:
    rows = audit.classify(RASA, audit.parse(REPORT), {}, RASA_PINS)
    assert statuses(rows) == {
        "sanic": "stays: rasa==3.6.21 requires sanic<21.13,>=21.12, and Rasa 3.6's pins can't move",
        "requests": "UNEXPLAINED (fixed in 2.32.0: upgrade the pin)",  # the fix is inside Rasa's range
    }
    assert not any(row.unexplained for row in rows if row.finding.package == "sanic")


def test_a_note_explains_a_finding_in_either_venv() -> None:
    notes = {"app": {"Requests": "only used against our own loopback servers"}, "rasa": {"requests": "same"}}
    assert statuses(audit.classify(APP, audit.parse(REPORT), notes, {}))["requests"] == (
        "stays: only used against our own loopback servers")
    assert statuses(audit.classify(RASA, audit.parse(REPORT), notes, RASA_PINS))["requests"] == "stays: same"


def test_in_the_app_venv_a_pin_is_a_hint_not_an_explanation() -> None:
    """Relais controls .venv: whatever holds a package back there must be written down to pass."""
    rows = audit.classify(APP, audit.parse(REPORT), {}, RASA_PINS)
    assert statuses(rows)["sanic"] == "UNEXPLAINED (rasa==3.6.21 requires sanic<21.13,>=21.12)"
    assert all(row.unexplained for row in rows)


def test_a_finding_without_a_fixed_version_is_held_by_any_range() -> None:
    finding = audit.Finding("numpy", "1.24.4", "GHSA-cccc", ())
    assert audit.pinned_by(finding, [("rasa==3.6.21", Requirement("numpy<1.25,>=1.19"))]) == (
        "rasa==3.6.21 requires numpy<1.25,>=1.19")
    assert audit.pinned_by(finding, [("x==1", Requirement("numpy"))]) is None  # no range, no pin


def test_the_table_has_one_line_per_finding() -> None:
    rows = audit.classify(RASA, audit.parse(REPORT), {}, RASA_PINS)
    lines = audit.table(rows).splitlines()
    assert lines[0].split() == ["env", "package", "version", "vulnerability", "fixed", "in", "status"]
    assert [line.split()[:5] for line in lines[1:]] == [["rasa", "sanic", "21.12.2", "GHSA-aaaa", "23.12.1"],
                                                       ["rasa", "requests", "2.31.0", "PYSEC-bbbb", "2.32.0"]]


def test_the_notes_file_has_the_three_sections() -> None:
    notes = yaml.safe_load(audit.NOTES.read_text(encoding="utf-8"))
    assert set(notes) == {"app", "rasa", "upgraded"}
