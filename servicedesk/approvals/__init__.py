"""Approvals of service requests (issue 16, DESIGN.md's "approvals from the chat").

A catalogue item may need someone's yes before its group fulfils it (settings: `requests[].approval`, the
client's `approvals`). The request then waits pending on approval; each approver in sequence — the requester's
manager (servicedesk.people), an approver group — is asked where they work, and decides once: approved, the
next approver is asked or the ticket goes back to its group; rejected, the request is cancelled with the reason.
Silent approvers are reminded, then escalated to their own manager or a delegate, by the supervisor.

    rules.py       pure: who approves an item, when to remind and escalate, who may decide
    models.py      one row per approver step of a ticket
    service.py     the use cases: ask, decide, what a ticket's approvals are
    supervisor.py  reminders and escalations, each fired once
    errors.py      what a decision may run into
"""
