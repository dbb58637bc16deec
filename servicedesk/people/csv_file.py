"""The directory as a CSV file: a header line, then one person a line.

    email,name,language,manager,chat_ids
    bob@acme.example,Bob Smith,en,chloe@acme.example,slack:T1:UBOB teams:29:1bob

Only `email` is required; `manager` (or `manager_email`) is the manager's address, `chat_ids` the user ids the
chat doors know the person under, separated by blanks. Columns are found by name, whatever their case; commas or
semicolons separate them (a spreadsheet saved in French writes semicolons); UTF-8, with or without a BOM.
"""

import csv
import io
from pathlib import Path

from servicedesk.errors import InvalidImportFile
from servicedesk.people.importing import Entry, read_language

_COLUMNS = {"email": "email", "mail": "email", "name": "name", "language": "language", "manager": "manager",
            "manager_email": "manager", "chat_ids": "chat_ids"}


def read_people(path: Path) -> list[Entry]:
    """The file's people, line numbers kept for the report; InvalidImportFile when it can't be read as a whole."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidImportFile(str(path), f"cannot read it as UTF-8 text: {error}") from error
    return parse_people(text, origin=str(path))


def parse_people(text: str, *, origin: str) -> list[Entry]:
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ",")
    header = next(reader, None)
    if not header:
        raise InvalidImportFile(origin, "empty: a header line is expected (email,name,language,manager,chat_ids)")
    names = [_COLUMNS.get(column.strip().casefold(), "") for column in header]
    if "email" not in names:
        raise InvalidImportFile(origin, f"no email column in the header {header!r}")
    entries = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: cell.strip() for name, cell in zip(names, row, strict=False) if name}
        entries.append(Entry(position=reader.line_num, email=cells.get("email", ""), name=cells.get("name", ""),
                             language=read_language(cells.get("language")),
                             manager_email=cells.get("manager") or None,
                             chat_ids=tuple(cells["chat_ids"].split()) if "chat_ids" in names else None))
    return entries
