"""A small, explicit desk set-up for domain tests: two calendars, SLA/OLA/UC targets, escalation rules.

Domain rules are tested against this seam; the client settings files are tested on their own.
"""

from datetime import date, time

from servicedesk.calendar import BusinessCalendar
from servicedesk.desk_rules import EscalationRule
from servicedesk.errors import ServiceDeskError
from servicedesk.sla.policy import Target

OFFICE = BusinessCalendar("Europe/Paris", {d: ((time(9), time(18)),) for d in range(5)})
DESK_CALENDAR = BusinessCalendar("Europe/Paris", {d: ((time(9), time(18)),) for d in range(5)},
                                 frozenset({date(2026, 12, 25), date(2027, 1, 1)}))
ALWAYS = BusinessCalendar.always_open("Europe/Paris")
H = 3600

# (kind, party, ticket_type, priority, metric) -> (seconds, calendar)
TARGETS = {
    ("SLA", None, "incident", "P1", "tto"): (15 * 60, "24x7"),
    ("SLA", None, "incident", "P1", "ttr"): (4 * H, "24x7"),
    ("SLA", None, "incident", "P2", "tto"): (30 * 60, "office"),
    ("SLA", None, "incident", "P2", "ttr"): (8 * H, "office"),
    ("SLA", None, "incident", "P3", "tto"): (2 * H, "office"),
    ("SLA", None, "incident", "P3", "ttr"): (24 * H, "office"),
    ("SLA", None, "incident", "P4", "ttr"): (40 * H, "office"),
    ("SLA", None, "incident", "*", "keep_in_loop"): (4 * H, "office"),
    ("OLA", "Infrastructure", "incident", "*", "tto"): (H, "office"),
    ("OLA", "Infrastructure", "incident", "*", "ttr"): (6 * H, "office"),
    ("UC", "Orange", "incident", "*", "ttr"): (2 * H, "office"),
}
AGREEMENT = {"SLA": "SLA Démo", "OLA": "OLA Infrastructure", "UC": "UC Orange"}
CODES = {"category": {"software", "network"}, "cause": {"bug", "config"}, "resolution": {"known_fix_applied", "fixed"}}


class Desk:
    reopen_window_days = 10
    approval_pauses_sla = True
    client_contact = "dsi@client.example"
    default_group = "Service desk"

    def __init__(self, rules: list[EscalationRule] | None = None) -> None:
        self.rules = rules or []

    def targets(self, *, ticket_type, priority, kind, group=None, supplier=None) -> list[Target]:
        party = group if kind == "OLA" else supplier if kind == "UC" else None
        return [Target(AGREEMENT[kind], kind, metric, seconds, calendar)
                for (k, p, t, prio, metric), (seconds, calendar) in TARGETS.items()
                if k == kind and p == party and t == ticket_type and prio in (priority, "*")]

    def calendar(self, name: str) -> BusinessCalendar:
        return {"office": OFFICE, "24x7": ALWAYS}[name]

    def check_closure_codes(self, *, category, cause_code, resolution_code) -> None:
        if category not in CODES["category"] or cause_code not in CODES["cause"] or \
                resolution_code not in CODES["resolution"]:
            raise ServiceDeskError("unknown closure code")

    def escalation_rules(self, trigger: str) -> list[EscalationRule]:
        return [rule for rule in self.rules if rule.trigger == trigger]

    def group_level(self, group: str) -> int:
        return {"Service desk": 1, "Infrastructure": 2, "Experts": 3}[group]

    def manager_of(self, group: str) -> str:
        return f"manager.{group.lower().replace(' ', '-')}@desk.example"
