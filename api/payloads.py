"""What the API accepts and returns. Responses mirror `python -m servicedesk tickets … --json`
(servicedesk.tickets.cli.summary and detail), so that scripts read one shape whichever door they use."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from servicedesk.priority import Priority
from servicedesk.tickets.lifecycle import PendingReason, Status

Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)] | None
Why = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]  # a reason required
GroupName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Supplier = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is an error, not silently ignored


class ErrorOut(BaseModel):
    detail: str


class Health(BaseModel):
    status: str


class LogItem(BaseModel):
    at: datetime
    author: str
    kind: str
    body: str


class HistoryItem(BaseModel):
    at: datetime
    actor: str
    field: str
    old: str | None
    new: str | None
    reason: str


class TicketSummary(BaseModel):
    number: str
    type: str
    origin: str
    status: Status
    priority: Priority
    service: str
    title: str
    group_name: str | None
    requester: str
    updated: datetime = Field(description="when anything last happened to the ticket, its log included")


class TicketDetail(TicketSummary):
    description: str
    error_message: str
    since: str
    impact: int
    urgency: int
    reopen_count: int
    category: str | None
    cause_code: str | None
    resolution_code: str | None
    solution: str | None
    satisfaction: int | None
    external_ref: str | None = Field(None, description="its reference in the client's previous tool, when imported")
    external_system: str | None = Field(None, description="that tool: servicenow, glpi, jira…")
    log: list[LogItem]
    history: list[HistoryItem]


class StatusChange(Request):
    to: Status = Field(description="resolved is refused here: use /resolve, which takes the closure codes")
    reason: Reason = ""
    pending_reason: PendingReason | None = Field(None, description="required with to=pending, refused otherwise")
    supplier: Supplier | None = Field(None, description="with pending_reason=third_party: who we wait for")


class Assignment(Request):
    group: GroupName = Field(description="a support group of the client's settings; its level comes from there")
    reason: Reason = ""


class AgentAssignment(Request):
    agent: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)] = Field(
        description="the login of an active agent account granted the client and the ticket's group")


class Escalation(Request):
    group: GroupName = Field(description="the higher-level (or expert) group of the client's settings")
    reason: Why


class ManagerEscalation(Request):
    reason: Why = Field(description="what the manager of the ticket's group is told")


class ProblemLink(Request):
    problem: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=16)] = Field(
        description="the number of a problem ticket of the same client, such as PRB-000003")


class Pending(Request):
    """As the console's form: what we wait on, why (the requester is told), and for a third party who."""

    on: PendingReason
    reason: Why
    supplier: Supplier | None = Field(None, description="required with on=third_party: who we wait for")

    @model_validator(mode="after")
    def _third_party_is_named(self) -> "Pending":
        if self.on == PendingReason.THIRD_PARTY and not self.supplier:
            raise ValueError("on=third_party needs the supplier we wait for")
        return self


class Reopening(Request):
    reason: Reason = Field("", description="why the fix did not hold (the history keeps it)")


class Rating(Request):
    """The ITIL matrix's inputs: the priority follows from them, and the clocks from the priority."""

    impact: int = Field(ge=1, le=3, description="1 a site or department, 2 a team, 3 one person")
    urgency: int = Field(ge=1, le=4, description="1 blocking, 2 high, 3 medium, 4 low")
    major: bool | None = Field(None, description="flag or unflag a major incident; absent: unchanged")
    reason: Reason = ""


class Resolution(Request):
    """All four are needed; they are optional here so that the answer names every missing one at once."""

    category: Code = None
    cause_code: Code = None
    resolution_code: Code = None
    solution: Annotated[str, StringConstraints(strip_whitespace=True, max_length=10_000)] | None = None


class TakeoverRequest(Request):
    reason: Reason = Field("", description="why an agent should join the conversation (shown on the agents' card)")


class TakeoverOut(BaseModel):
    takeover_id: int
    status: str = Field(description="waiting (for an agent to click Take over), taken or ended")
    conversation: str


class Comment(Request):
    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)]


class SettingsReloaded(BaseModel):
    version: str
    stored: bool = Field(description="false when this exact version was already the one in force")


class Erasure(BaseModel):
    person: str
    counts: dict[str, int] = Field(description="rows deleted or anonymised, by kind (servicedesk.privacy.subject)")
