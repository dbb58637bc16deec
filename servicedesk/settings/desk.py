"""A client's settings seen as the rules the desk runs on: the agreements and calendars the clocks
need, the escalation rules and people the supervisor needs, closure and problem rules.

One adapter object per settings version, built once and cached, so that the workflow, the clocks and
the supervisor all read the same version of the rules within a pass.
"""

from servicedesk.calendar import BusinessCalendar
from servicedesk.desk_rules import EscalationRule
from servicedesk.errors import InvalidClosureCode
from servicedesk.level1.requests import items_from_settings
from servicedesk.privacy.retention import Retention
from servicedesk.problems import ProblemRules
from servicedesk.service_catalogue import catalogue_from_settings
from servicedesk.settings.document import ClientSettings
from servicedesk.settings.targets import targets_for
from servicedesk.sla.policy import Target
from servicedesk.tickets.closing import AutoClose


class ClientDesk:
    """Implements servicedesk.sla.policy.Agreements and servicedesk.desk_rules.DeskRules."""

    def __init__(self, settings: ClientSettings) -> None:
        self.settings = settings
        self.reopen_window_days = settings.closure.reopen_window_days
        self.approval_pauses_sla = settings.approvals.sla == "pause"
        self.client_contact = settings.client.contact_email
        self.default_group = settings.default_group.name
        # The first calendar of the document is the desk's: it counts business days for closing.
        self.business_calendar = settings.calendar(next(iter(settings.calendars)))
        self.auto_close = AutoClose(settings.closure.auto_close.reminders, settings.closure.auto_close.business_days,
                                    settings.closure.auto_close.notice_business_days)
        self.problem_rules = ProblemRules(settings.problems.recurrence.count, settings.problems.recurrence.window_days,
                                          tuple(settings.problems.major_priorities))
        self.services = catalogue_from_settings(settings)
        self.request_items = items_from_settings(settings)  # the service requests users may ask for
        self.retention = Retention.days(settings.privacy.retention_days, settings.privacy.closed_ticket_days)
        # Triage at once (servicedesk.level1): who takes security incidents, what makes an incident major.
        self.security_group = settings.triage.security_group or self.level2_group_for(None) or self.default_group
        self.critical_services = frozenset(entry.name for entry in settings.services if entry.critical)
        self.major_count = settings.triage.major_count
        self._calendars: dict[str, BusinessCalendar] = {}

    def targets(self, *, ticket_type: str, priority: str, kind: str, group: str | None = None,
                supplier: str | None = None) -> list[Target]:
        matched = targets_for(self.settings, ticket_type=ticket_type, priority=priority, kind=kind, group=group,
                              supplier=supplier)
        return [Target(m.agreement, m.kind, m.metric, int(m.duration.total_seconds()), m.calendar)
                for m in matched.values()]

    def calendar(self, name: str) -> BusinessCalendar:
        if name not in self._calendars:
            self._calendars[name] = self.settings.calendar(name)
        return self._calendars[name]

    def check_closure_codes(self, *, category: str | None, cause_code: str | None,
                            resolution_code: str | None) -> None:
        closure = self.settings.closure
        for field, value, allowed in (("category", category, closure.categories),
                                      ("cause_code", cause_code, closure.cause_codes),
                                      ("resolution_code", resolution_code, closure.resolution_codes)):
            codes = [c.code for c in allowed]
            if value not in codes:
                raise InvalidClosureCode(field, value, codes)

    def viewer_patterns(self, viewer_email: str | None) -> tuple[str, ...]:
        """The address patterns whose tickets the client's settings let `viewer_email` see besides their own
        (servicedesk.tickets.access.Viewer.sees); case does not matter in addresses."""
        if not viewer_email:
            return ()
        email = viewer_email.strip().casefold()
        return tuple(pattern for viewer in self.settings.access.viewers if viewer.email.casefold() == email
                     for pattern in viewer.sees)

    def escalation_rules(self, trigger: str) -> list[EscalationRule]:
        return [EscalationRule(r.name, r.when, r.action, r.to_group, r.notify_client_contact, r.count, r.priority)
                for r in self.settings.escalation_rules if r.when == trigger]

    def group_level(self, group: str) -> int:
        return self.settings.group(group).level

    def manager_of(self, group: str) -> str:
        return self.settings.group(group).manager.email


    def level2_group_for(self, service: str | None) -> str | None:
        """The level-2 group a person should take the ticket in: the service's support group, else the
        first level-2 group of the settings; None when the client has none."""
        for entry in self.settings.services:
            if entry.name == service and entry.support_group is not None:
                return entry.support_group
        return next((group.name for group in self.settings.groups if group.level == 2), None)

    def category_for(self, service: str | None) -> str:
        """The closure category of a service's fix: the catalogue's, else "software" when the client has
        it, else the client's first category."""
        for entry in self.settings.services:
            if entry.name == service and entry.category is not None:
                return entry.category
        codes = [category.code for category in self.settings.closure.categories]
        return "software" if "software" in codes else codes[0]

    def cause_for_known_fix(self) -> str:
        """A fix applied from the KB says nothing certain about the cause: "unknown" when the client has it."""
        codes = [cause.code for cause in self.settings.closure.cause_codes]
        return "unknown" if "unknown" in codes else codes[0]
