"""The rows of a tickets import file, CSV or JSON by extension, each with where it stands in the file so that a
bad one can be pointed at: the line its record starts on in a CSV, its position in a JSON list.

CSV files come from spreadsheets as often as from exports: a byte-order mark, ";" or tab as separator and
quoted multi-line descriptions are all read. JSON is a list of objects, or an object whose "tickets" is one.
Column and key names are folded (case, spaces, dashes) and the usual names of other tools' exports are taken
as ours (ServiceNow's number, short_description, state, assignment_group, caller_id…).
"""

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from servicedesk.errors import InvalidImportFile
from servicedesk.tickets.import_fields import fold

FIELDS = ("reference", "type", "title", "description", "status", "priority", "requester", "requester_email",
          "service", "group", "opened_at", "updated_at", "resolved_at", "closed_at", "system", "language")
_ALIASES = {
    "external_ref": "reference", "number": "reference", "key": "reference", "ref": "reference",
    "numero": "reference", "ticket": "reference", "id": "reference", "short_description": "title", "subject": "title",
    "summary": "title", "titre": "title", "sujet": "title", "state": "status", "statut": "status", "etat": "status",
    "priorite": "priority", "urgency_priority": "priority", "caller": "requester", "caller_id": "requester",
    "reporter": "requester", "demandeur": "requester", "requested_for": "requester", "email": "requester_email",
    "requester_mail": "requester_email", "assignment_group": "group", "groupe": "group", "group_name": "group",
    "business_service": "service", "cmdb_ci": "service", "category": "service", "application": "service",
    "opened": "opened_at", "created": "opened_at", "created_at": "opened_at", "sys_created_on": "opened_at",
    "date_creation": "opened_at", "updated": "updated_at", "sys_updated_on": "updated_at",
    "resolved": "resolved_at", "solvedate": "resolved_at", "closed": "closed_at", "closedate": "closed_at",
    "external_system": "system", "langue": "language",
}
_RANK = {alias: rank for rank, alias in enumerate(_ALIASES, start=1)}  # the earlier name wins when two are given


@dataclass(frozen=True)
class SourceRow:
    position: int  # the line (CSV) or item (JSON) number, from 1
    values: dict[str, str]
    problem: str = ""  # why the row can't be read at all, when it can't


@dataclass(frozen=True)
class Source:
    unit: str  # "line" or "item": what a row's position counts
    rows: list[SourceRow]


def read_source(path: Path) -> Source:
    """Every row of the file; InvalidImportFile when the file as a whole can't be read."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise InvalidImportFile(str(path), "a tickets import is a .csv or a .json file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidImportFile(str(path), f"cannot be read ({error})") from error
    return _read_csv(path, text) if suffix == ".csv" else _read_json(path, text)


def field_values(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Our field names for a row's columns; of two columns naming the same field, ours first, then the
    alias listed first (Jira's key before its id)."""
    ranked: dict[str, tuple[int, str]] = {}
    for column, value in pairs:
        name = fold(column).replace(" ", "_")
        target = _ALIASES.get(name, name)
        rank = _RANK.get(name, 0)
        if value and (target not in ranked or rank < ranked[target][0]):
            ranked[target] = (rank, value)
    return {target: value for target, (_, value) in ranked.items()}


def _read_csv(path: Path, text: str) -> Source:
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(text.splitlines(keepends=True), dialect)
    header = next(reader, None)
    if not header:
        raise InvalidImportFile(str(path), "no header line")
    if "reference" not in field_values((column, "x") for column in header):
        raise InvalidImportFile(str(path), "no reference column")
    rows, start = [], reader.line_num + 1
    for values in reader:
        if any(value.strip() for value in values):
            rows.append(SourceRow(start, field_values((column, value.strip())
                                                      for column, value in zip(header, values, strict=False))))
        start = reader.line_num + 1
    return Source("line", rows)


def _read_json(path: Path, text: str) -> Source:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidImportFile(str(path), f"not JSON ({error})") from error
    items = document.get("tickets") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise InvalidImportFile(str(path), 'a list of tickets, or an object whose "tickets" is one')
    return Source("item", [_json_row(position, item) for position, item in enumerate(items, start=1)])


def _json_row(position: int, item: Any) -> SourceRow:
    if not isinstance(item, dict):
        return SourceRow(position, {}, "not an object")
    return SourceRow(position, field_values((str(key), _text(value)) for key, value in item.items()))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):  # ServiceNow's display-value exports: {"value": ..., "display_value": ...}
        return _text(value.get("display_value", value.get("value")))
    return str(value).strip()
