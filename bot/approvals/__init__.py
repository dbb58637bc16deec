"""Approvals at the doors (issue 16): the approver's question where they work — Slack (Approve / Reject, a reason
in a modal), Teams (an Adaptive Card with a reason), e-mail (signed links to a confirmation page, or a reply
"approve" / "reject", "oui" / "non") — and their decision, through servicedesk.approvals' one use case.

    tokens.py     what a button or a link carries: the approval, its nonce and its approver, signed
    decisions.py  a token and a verified person in, the domain's decision out (every door calls it)
    notices.py    what approvers and requesters read, and the message or mail that carries the choice
    page.py       the e-mail links' confirmation page (GET shows, POST decides)
    replies.py    an e-mail reply's decision
"""
