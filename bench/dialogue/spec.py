"""The dialogue files (bench/dialogue/dialogues.yml, heldout.yml): read and checked strictly, so that a misspelt
key or category fails loudly instead of silently scoring nothing. The held-out writer uses the same format."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CATEGORIES = ("solved_by_kb", "kb_fails_incident", "major_incident", "security_incident", "service_request",
              "followup", "reminder", "handoff", "how_to", "other_department", "out_of_scope")
LANGUAGES = ("fr", "en")
TICKET_KINDS = ("none", "incident", "service_request", "other")
PRIORITIES = ("P1", "P2", "P3", "P4")
DIALOGUE_KEYS = {"id", "category", "language", "user", "setup", "turns", "expect"}
EXPECT_KEYS = {"ticket", "priority_at_least", "major", "security", "escalated", "resolved_by_kb", "article",
               "logged_on", "reminder_on", "handoff", "redirected"}
SETUP_KEYS = {"ref", "type", "service", "title", "description", "status", "group", "priority", "external_ref",
              "days_ago"}
SETUP_TYPES = ("incident", "service_request")
SETUP_STATUSES = ("new", "assigned", "in_progress", "pending", "resolved", "closed")
BOOLEAN_EXPECTATIONS = ("major", "security", "escalated", "resolved_by_kb", "handoff", "redirected")


class DialogueFileError(ValueError):
    """A dialogue file that does not follow the format: every problem, with the dialogue it is in."""


@dataclass(frozen=True)
class SetupTicket:
    ref: str
    type: str
    service: str
    title: str
    status: str = "assigned"
    group: str | None = None
    priority: str = "P3"
    description: str = ""
    external_ref: str | None = None
    days_ago: float = 1


@dataclass(frozen=True)
class Dialogue:
    id: str
    category: str
    language: str
    turns: tuple[str, ...]
    expect: dict[str, Any]
    user: str | None = None
    setup: tuple[SetupTicket, ...] = field(default=())
    source: str = ""  # the file's stem: dialogues of two files never share a person


def _problems(index: int, raw: object) -> list[str]:
    where = f"dialogue #{index + 1}"
    if not isinstance(raw, dict):
        return [f"{where}: a mapping, got {type(raw).__name__}"]
    where = f"dialogue {raw.get('id', '#' + str(index + 1))!r}"
    problems = [f"{where}: unknown key {key!r}" for key in sorted(set(raw) - DIALOGUE_KEYS)]
    problems += [f"{where}: missing {key!r}" for key in ("id", "category", "language", "turns", "expect")
                 if key not in raw]
    if raw.get("category") not in CATEGORIES:
        problems.append(f"{where}: category {raw.get('category')!r} is not one of {', '.join(CATEGORIES)}")
    if raw.get("language") not in LANGUAGES:
        problems.append(f"{where}: language {raw.get('language')!r} is not fr or en")
    turns = raw.get("turns")
    if not isinstance(turns, list) or not turns or not all(isinstance(t, str) and t.strip() for t in turns):
        problems.append(f"{where}: turns is a non-empty list of non-empty strings")
    refs: set[str] = set()
    for ticket in raw.get("setup") or []:
        if not isinstance(ticket, dict):
            problems.append(f"{where}: a setup ticket is a mapping")
            continue
        problems += [f"{where}: setup: unknown key {key!r}" for key in sorted(set(ticket) - SETUP_KEYS)]
        problems += [f"{where}: setup: missing {key!r}" for key in ("ref", "type", "service", "title")
                     if key not in ticket]
        if ticket.get("type") not in SETUP_TYPES:
            problems.append(f"{where}: setup {ticket.get('ref')}: type is incident or service_request")
        if ticket.get("status", "assigned") not in SETUP_STATUSES:
            problems.append(f"{where}: setup {ticket.get('ref')}: status is one of {', '.join(SETUP_STATUSES)}")
        if ticket.get("priority", "P3") not in PRIORITIES:
            problems.append(f"{where}: setup {ticket.get('ref')}: priority is P1 to P4")
        refs.add(str(ticket.get("ref")))
    expect = raw.get("expect")
    if not isinstance(expect, dict):
        return [*problems, f"{where}: expect is a mapping"]
    problems += [f"{where}: expect: unknown key {key!r}" for key in sorted(set(expect) - EXPECT_KEYS)]
    if expect.get("ticket") not in TICKET_KINDS:
        problems.append(f"{where}: expect.ticket is one of {', '.join(TICKET_KINDS)}")
    if "priority_at_least" in expect and expect["priority_at_least"] not in PRIORITIES:
        problems.append(f"{where}: expect.priority_at_least is P1 to P4")
    problems += [f"{where}: expect.{key} is true or false" for key in BOOLEAN_EXPECTATIONS
                 if key in expect and not isinstance(expect[key], bool)]
    problems += [f"{where}: expect.{key} names setup ticket {expect[key]!r}, which is not in setup"
                 for key in ("logged_on", "reminder_on") if key in expect and str(expect[key]) not in refs]
    return problems


def _setup(raw: dict[str, Any]) -> SetupTicket:
    return SetupTicket(ref=str(raw["ref"]), type=raw["type"], service=raw["service"], title=raw["title"],
                       status=raw.get("status", "assigned"), group=raw.get("group"),
                       priority=raw.get("priority", "P3"), description=raw.get("description", ""),
                       external_ref=raw.get("external_ref"), days_ago=float(raw.get("days_ago", 1)))


def parse(text: str, source: str = "") -> list[Dialogue]:
    """The dialogues of one file; DialogueFileError listing every problem at once."""
    document = yaml.safe_load(text) or {}
    if not isinstance(document, dict) or set(document) != {"dialogues"} or not isinstance(document["dialogues"],
                                                                                         list):
        raise DialogueFileError(f"{source}: the file holds one key, dialogues: a list")
    raws = document["dialogues"]
    problems = [problem for index, raw in enumerate(raws) for problem in _problems(index, raw)]
    ids = [raw.get("id") for raw in raws if isinstance(raw, dict)]
    problems += [f"dialogue id {i!r} appears twice" for i in sorted({i for i in ids if ids.count(i) > 1}, key=str)]
    if problems:
        raise DialogueFileError(f"{source}: " + "\n  ".join(problems))
    return [Dialogue(id=str(raw["id"]), category=raw["category"], language=raw["language"],
                     turns=tuple(raw["turns"]), expect=dict(raw["expect"]),
                     user=str(raw["user"]) if raw.get("user") else None,
                     setup=tuple(_setup(t) for t in raw.get("setup") or []), source=source)
            for raw in raws]


def load(path: Path) -> list[Dialogue]:
    return parse(path.read_text(encoding="utf-8"), source=path.stem)
