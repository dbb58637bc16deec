"""The confirmation page an approval e-mail's links open, on the doors' public address:

    GET  /approvals/{token}?decision=approve|reject   the request and a form, the link's choice ticked
    POST /approvals/{token}                           decision and reason: decided once, the outcome shown

Opening a link decides nothing: mail scanners and link previews open every link they see, and a GET that
approved would let them decide for the approver. The token is the whole authority (bot/approvals/tokens.py):
signed, bound to one approval's nonce and to the address it was sent to, in whose name the decision is
recorded; a decided approval refuses any further decision politely, and a forged or expired token opens
nothing, told in every language (its reader's is unknown).
"""

from pathlib import Path

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.approvals.decisions import Decisions, Request
from bot.approvals.notices import PAGE_PATH
from bot.approvals.tokens import TokenInvalid
from bot.approvals.tokens import read as read_token
from bot.texts import say, say_each
from bot.webchat import refusal_page
from servicedesk.approvals.rules import APPROVE, REJECT
from servicedesk.language import Language

_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
            "Content-Security-Policy": "default-src 'none'; style-src 'self'; form-action 'self'; "
                                       "frame-ancestors 'none'"}
_TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                         autoescape=select_autoescape(["html"]))
_LABELS = ("item", "requester", "justification", "confirm", "approve", "reject", "reason", "submit")
_LABEL_KEYS = {"item": "label_item", "requester": "label_requester", "justification": "label_justification",
               "confirm": "page_confirm"}


class ApprovalPage:
    def __init__(self, decisions: Decisions) -> None:
        self.decisions = decisions
        self.router = APIRouter()
        self.router.add_api_route(PAGE_PATH + "{token}", self.show, methods=["GET"], include_in_schema=False)
        self.router.add_api_route(PAGE_PATH + "{token}", self.submit, methods=["POST"], include_in_schema=False)

    async def show(self, token: str, decision: str = APPROVE) -> HTMLResponse:
        try:
            request = await self.decisions.request(token)
        except TokenInvalid:
            return self._invalid()
        if request.status != "pending":
            return self._page(request, message=request.already_decided, form=False)
        return self._page(request, decision=decision if decision in (APPROVE, REJECT) else APPROVE)

    async def submit(self, token: str, decision: str = Form(""), reason: str = Form("")) -> HTMLResponse:
        try:
            request = await self.decisions.request(token)
            approver = read_token(token, self.decisions.secret).approver
        except TokenInvalid:
            return self._invalid()
        if decision not in (APPROVE, REJECT):
            return self._page(request, decision=APPROVE, reason=reason, status=422)
        if decision == REJECT and not reason.strip():
            return self._page(request, decision=REJECT, message=say("approval.reason_needed", request.language),
                              status=422)
        outcome = await self.decisions.decide(token, decision=decision, via="email", reason=reason, email=approver,
                                              language=request.language)
        message = f"{outcome.text} {say('approval.page_done', request.language)}" if outcome.decided \
            else outcome.text
        return self._page(request, message=message, form=False, done=outcome.decided,
                          status=200 if outcome.decided else 409)

    def _page(self, request: Request, *, decision: str = APPROVE, reason: str = "", message: str = "",
              form: bool = True, done: bool = False, status: int = 200) -> HTMLResponse:
        lang = request.language
        html = _TEMPLATES.get_template("approval.html").render(
            lang=lang, title=say("approval.page_title", lang, number=request.number), request=request,
            labels=_labels(lang), decision=decision, reason=reason, message=message, form=form, done=done)
        return HTMLResponse(html, status_code=status, headers=_HEADERS)

    @staticmethod
    def _invalid() -> HTMLResponse:
        return HTMLResponse(refusal_page.render(say_each("approval.invalid")), status_code=404, headers=_HEADERS)


def _labels(lang: Language) -> dict[str, str]:
    return {name: say(f"approval.{_LABEL_KEYS.get(name, name)}", lang) for name in _LABELS}
