"""What deciding an approval may run into; each carries fields, so that every door words it in its reader's
language (bot.errors.explain).

    ServiceDeskError
    └── ApprovalError            base of these
        ├── ApprovalNotFound     no approval has that id (a link to another client, a deleted one)
        ├── AlreadyDecided       the approval was decided already (`status`, by `decided_by`): a replay, a twin
        ├── NotAnApprover        the person deciding is not one this approval was asked of
        └── SelfApproval         the requester tried to approve their own request
"""

from servicedesk.errors import ServiceDeskError


class ApprovalError(ServiceDeskError):
    """Base class of the approvals' errors."""


class ApprovalNotFound(ApprovalError):
    def __init__(self, approval_id: int) -> None:
        super().__init__(f"no approval {approval_id}")
        self.approval_id = approval_id


class AlreadyDecided(ApprovalError):
    def __init__(self, number: str, status: str, decided_by: str | None) -> None:
        super().__init__(f"the approval of {number} is already {status} (by {decided_by})")
        self.number, self.status, self.decided_by = number, status, decided_by


class NotAnApprover(ApprovalError):
    def __init__(self, number: str, person: str) -> None:
        super().__init__(f"{person} is not an approver of {number}")
        self.number, self.person = number, person


class SelfApproval(ApprovalError):
    def __init__(self, number: str, person: str) -> None:
        super().__init__(f"{person} requested {number} and cannot decide its approval")
        self.number, self.person = number, person
