"""What an approval's button or link carries: the client, the approval, its nonce and the approver it was sent
to, signed with itsdangerous (HMAC-SHA256, URL-safe), salted with its purpose so that no other token signed
with the same secret (a web-chat page token, a door claim) passes for one.

A token decides only the approval row whose nonce it names, and only for the person it names: a button or link
forwarded to someone else, or clicked by another user, names an approver who is not them (bot.approvals.
decisions checks the clicking person against it). Single use comes from the row itself: once decided, every
other token of it finds a decided approval and is refused politely. Tokens expire after MAX_AGE.
"""

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

MAX_AGE = 30 * 24 * 3600  # seconds: an approval waits days at most before it is escalated, never a month
_SALT = "relais.approval.v1"


@dataclass(frozen=True)
class ApprovalToken:
    client: str
    approval_id: int
    nonce: str
    approver: str  # the address the question was sent to, lowercase


class TokenInvalid(Exception):
    """A token whose signature, age or contents do not hold: forged, altered, expired."""


def sign(token: ApprovalToken, secret: str) -> str:
    return str(URLSafeTimedSerializer(secret, salt=_SALT).dumps(
        [token.client, token.approval_id, token.nonce, token.approver]))


def read(value: str, secret: str, *, max_age: int = MAX_AGE) -> ApprovalToken:
    """The token's contents; TokenInvalid for anything but a token we signed, unaltered, younger than max_age."""
    try:
        client, approval_id, nonce, approver = URLSafeTimedSerializer(secret, salt=_SALT).loads(
            value, max_age=max_age)
    except (BadSignature, ValueError, TypeError) as error:
        raise TokenInvalid(str(error)) from error
    if not (isinstance(client, str) and isinstance(approval_id, int) and isinstance(nonce, str)
            and isinstance(approver, str)):
        raise TokenInvalid("malformed approval token")
    return ApprovalToken(client, approval_id, nonce, approver)
