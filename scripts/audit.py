"""`make audit`: known vulnerabilities in both virtual environments, and for each one why it stays or that it went.

    .venv/bin/python -m scripts.audit [--json-dir DIR]

pip-audit (PyPI's vulnerability data, its default service) reads what is installed in .venv and in .venv-rasa.
Each finding gets a status:

    upgraded        listed under `upgraded:` in requirements/audit-notes.yml: the pin moved past the fix
    stays: reason   explained under the environment's name in requirements/audit-notes.yml, or, in .venv-rasa,
                    because a package installed there (rasa==3.6.21, in practice) requires a version range that
                    no fixed version is in: Rasa 3.6 is the last open-source Rasa, and its pins can't move
    UNEXPLAINED     neither: upgrade it (`make lock UPGRADE="--upgrade-package NAME"`) or write down why it stays

Exit status: 1 if .venv, which Relais controls, has an UNEXPLAINED finding; 2 if an environment could not be
audited at all (the vulnerability service did not answer: a green audit must mean something was checked);
0 otherwise. Findings in .venv-rasa are reported, never fatal. It needs the network to PyPI: not part of
`make test`.
"""

import argparse
import json
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "requirements" / "audit-notes.yml"


@dataclass(frozen=True)
class Environment:
    name: str  # the key of its section in audit-notes.yml
    venv: Path
    fatal: bool  # whether an UNEXPLAINED finding fails the audit

    @property
    def site_packages(self) -> Path:
        found = sorted(self.venv.glob("lib/python3.*/site-packages"))
        if not found:
            raise SystemExit(f"{self.venv}: no site-packages (run `make setup` first)")
        return found[0]

    @property
    def python_version(self) -> str:
        """"3.10" for .venv-rasa: markers in its packages' requirements are evaluated for it, not for us."""
        return self.site_packages.parent.name.removeprefix("python")


ENVIRONMENTS = (Environment("app", ROOT / ".venv", fatal=True), Environment("rasa", ROOT / ".venv-rasa", fatal=False))


@dataclass(frozen=True)
class Finding:
    package: str
    version: str
    vulnerability: str
    fixes: tuple[str, ...]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    environment: str
    finding: Finding
    status: str

    @property
    def unexplained(self) -> bool:
        return self.status.startswith("UNEXPLAINED")


@dataclass(frozen=True)
class Audit:
    findings: list[Finding]
    skipped: dict[str, str]  # package -> why pip-audit could not audit it
    audited: int


def parse(report: dict[str, Any]) -> Audit:
    """pip-audit's `--format json` report."""
    findings: list[Finding] = []
    skipped: dict[str, str] = {}
    audited = 0
    for dependency in report.get("dependencies", []):
        name = canonicalize_name(dependency["name"])
        if dependency.get("skip_reason"):
            skipped[name] = dependency["skip_reason"]
            continue
        audited += 1
        for vulnerability in dependency.get("vulns", []):
            findings.append(Finding(name, dependency["version"], vulnerability["id"],
                                    tuple(vulnerability.get("fix_versions") or ()),
                                    tuple(vulnerability.get("aliases") or ())))
    return Audit(findings, skipped, audited)


def requirements_of(environment: Environment) -> dict[str, list[tuple[str, Requirement]]]:
    """package -> [(who requires it, as "name==version"; the requirement)], for this environment's Python."""
    # Marker.evaluate lays these over its own default_environment(): only what differs is given.
    markers = {"python_version": environment.python_version,
               "python_full_version": f"{environment.python_version}.0", "extra": ""}
    found: dict[str, list[tuple[str, Requirement]]] = {}
    for distribution in metadata.distributions(path=[str(environment.site_packages)]):
        owner = f"{distribution.metadata['Name']}=={distribution.version}"
        for line in distribution.requires or []:
            try:
                requirement = Requirement(line)
            except InvalidRequirement:
                continue
            if requirement.marker is not None and not requirement.marker.evaluate(markers):
                continue
            found.setdefault(canonicalize_name(requirement.name), []).append((owner, requirement))
    return found


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def pinned_by(finding: Finding, requirers: Iterable[tuple[str, Requirement]]) -> str | None:
    """Who keeps the package below every fixed version: a requirer whose range contains none of them."""
    fixes = [version for version in map(_version, finding.fixes) if version is not None]
    for owner, requirement in requirers:
        if not requirement.specifier:
            continue
        if not fixes or not any(requirement.specifier.contains(fix, prereleases=True) for fix in fixes):
            return f"{owner} requires {requirement.name}{requirement.specifier}"
    return None


def classify(environment: Environment, audit: Audit, notes: dict[str, Any],
             requirers: dict[str, list[tuple[str, Requirement]]]) -> list[Row]:
    explained: dict[str, str] = {canonicalize_name(name): reason
                                 for name, reason in (notes.get(environment.name) or {}).items()}
    rows = []
    for finding in audit.findings:
        reason = explained.get(finding.package)
        pin = pinned_by(finding, requirers.get(finding.package, []))
        if reason:
            status = f"stays: {reason}"
        elif pin and not environment.fatal:
            status = f"stays: {pin}, and Rasa 3.6's pins can't move"
        else:
            hint = f" ({pin})" if pin else (f" (fixed in {', '.join(finding.fixes)}: upgrade the pin)"
                                            if finding.fixes else " (no fixed version yet)")
            status = f"UNEXPLAINED{hint}"
        rows.append(Row(environment.name, finding, status))
    return rows


def upgraded_rows(notes: dict[str, Any]) -> list[str]:
    return [f"{name}: {what}" for name, what in (notes.get("upgraded") or {}).items()]


def table(rows: list[Row]) -> str:
    header = ("env", "package", "version", "vulnerability", "fixed in", "status")
    lines = [(row.environment, row.finding.package, row.finding.version, row.finding.vulnerability,
              ", ".join(row.finding.fixes) or "-", row.status) for row in rows]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *lines, strict=False)]
    widths[-1] = 0  # the status runs to the end of the line
    return "\n".join("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
                     for line in [header, *lines])


def run_pip_audit(environment: Environment, out: Path | None) -> dict[str, Any]:
    """pip-audit (this venv's) on that environment's installed packages, as JSON."""
    command = [str(ROOT / ".venv" / "bin" / "pip-audit"), "--path", str(environment.site_packages),
               "--vulnerability-service", "pypi", "--format", "json", "--progress-spinner", "off", "--aliases", "on"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):  # 1: vulnerabilities were found
        raise SystemExit(f"pip-audit failed on {environment.venv}:\n{done.stderr}")
    if out is not None:
        (out / f"pip-audit-{environment.name}.json").write_text(done.stdout)
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.audit", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json-dir", type=Path, help="also keep pip-audit's JSON reports there")
    args = parser.parse_args(argv)
    notes = yaml.safe_load(NOTES.read_text(encoding="utf-8")) or {}
    rows: list[Row] = []
    blind = []  # environments nothing could be audited in
    for environment in ENVIRONMENTS:
        audit = parse(run_pip_audit(environment, args.json_dir))
        print(f"{environment.venv.name}: {audit.audited} packages audited, {len(audit.findings)} findings, "
              f"{len(audit.skipped)} not audited")
        if audit.skipped:
            names = sorted(audit.skipped)
            shown = ", ".join(names) if len(names) <= 15 else f"{', '.join(names[:15])}, ..."
            print(f"  not audited: {shown}\n  first reason: {audit.skipped[names[0]]}")
        if audit.audited == 0:
            blind.append(environment.venv.name)
        rows.extend(classify(environment, audit, notes, requirements_of(environment)))
    print()
    print(table(rows) if rows else "no known vulnerabilities in what was audited")
    if upgraded_rows(notes):
        print("\nupgraded after earlier audits:")
        print("\n".join(f"  {line}" for line in upgraded_rows(notes)))
    fatal = [row for row in rows if row.unexplained and row.environment in {e.name for e in ENVIRONMENTS if e.fatal}]
    if fatal:
        print(f"\n{len(fatal)} UNEXPLAINED in .venv: upgrade them, or say in {NOTES.relative_to(ROOT)} why they stay")
        return 1
    if blind:
        print(f"\nNOTHING AUDITED in {', '.join(blind)}: the vulnerability service did not answer (network?)")
        return 2
    return 0

if __name__ == "__main__":
    sys.exit(main())
