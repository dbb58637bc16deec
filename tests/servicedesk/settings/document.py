"""A small valid settings document for tests: each test changes one thing in a fresh copy.

Built in code rather than read from data/clients, so that editing a client's file never breaks these tests.
"""

from typing import Any

import yaml

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
ALL_DAYS = (*WEEKDAYS, "sat", "sun")


def _code(code: str) -> dict[str, Any]:
    return {"code": code, "label": {"fr": code.replace("_", " "), "en": code.replace("_", " ")}}


def _manager(name: str) -> dict[str, str]:
    return {"name": name, "email": f"{name.split()[0].lower()}@desk.example"}


def document() -> dict[str, Any]:
    return {
        "client": {"slug": "test", "name": "Test SA", "language": "fr", "contact_email": "dsi@test.example"},
        "services": [
            {"name": "VPN", "aliases": ["vpn", "accès distant"], "support_group": "Infrastructure"},
            {"name": "Outlook", "aliases": ["mail"]},
        ],
        "groups": [
            {"name": "Service desk", "level": 1, "default": True, "manager": _manager("Ana Costa")},
            {"name": "Infrastructure", "level": 2, "manager": _manager("Bob Marsh"), "members": ["bob@desk.example"]},
            {"name": "Experts", "level": 3, "manager": _manager("Chloé Vidal")},
        ],
        "calendars": {
            "office": {"timezone": "Europe/Paris", "hours": {day: ["09:00-18:00"] for day in WEEKDAYS},
                       "holidays": ["2026-12-25"]},
            "24x7": {"timezone": "Europe/Paris", "hours": {day: ["00:00-24:00"] for day in ALL_DAYS}},
        },
        "agreements": [
            {"name": "SLA office", "kind": "SLA", "calendar": "office", "targets": [
                {"ticket_type": "incident", "priority": "*", "tto": "1h", "ttr": "16h", "keep_in_loop": "4h"},
                {"ticket_type": "incident", "priority": "P1", "tto": "30m", "ttr": "8h", "keep_in_loop": "2h"},
                {"ticket_type": "service_request", "priority": "*", "ttr": "40h"},
            ]},
            {"name": "SLA P1 24/7", "kind": "SLA", "calendar": "24x7", "targets": [
                {"ticket_type": "incident", "priority": "P1", "tto": "15m", "ttr": "4h"},
            ]},
            {"name": "OLA Infrastructure", "kind": "OLA", "group": "Infrastructure", "calendar": "office", "targets": [
                {"ticket_type": "*", "priority": "*", "tto": "2h", "ttr": "6h"},
            ]},
            {"name": "UC Orange", "kind": "UC", "supplier": "Orange Business", "calendar": "24x7", "targets": [
                {"ticket_type": "incident", "priority": "*", "ttr": "8h"},
                {"ticket_type": "incident", "priority": "P1", "ttr": "4h"},
            ]},
        ],
        "escalation_rules": [
            {"name": "late owner", "when": "tto_breach", "action": "hierarchical", "notify_client_contact": True},
            {"name": "experts", "when": "ttr_warning", "action": "functional", "to_group": "Experts"},
            {"name": "chased", "when": "reminders", "count": 2, "action": "hierarchical"},
            {"name": "major", "when": "priority", "priority": "P1", "action": "hierarchical"},
        ],
        "closure": {
            "categories": [_code("network"), _code("software")],
            "cause_codes": [_code("configuration"), _code("software_bug")],
            "resolution_codes": [_code("known_fix_applied"), _code("workaround"), _code("fixed")],
            "auto_close": {"reminders": 3, "business_days": 5, "notice_business_days": 1},
            "reopen_window_days": 10,
        },
        "problems": {"recurrence": {"count": 3, "window_days": 7, "same": ["service", "category"]},
                     "major_priorities": ["P1"]},
    }


def dump(raw: dict[str, Any]) -> str:
    return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)
