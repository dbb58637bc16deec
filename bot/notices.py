"""The outbox's events as sentences a person reads, in French or English: requesters (a ticket's status,
a closure to confirm, an SLA promise), the agents' channel (assignments, SLA warnings and breaches, announcement
offers) and the announcement channel (major incidents, planned changes, their updates and end). The sentences
are in the bot's catalogue (bot/texts/notices.py); this module picks and fills them.

Pure: the notification's event, payload and language in, text (and a question's answer buttons) out, so that
every event is unit-tested without a channel. Times are the desk's local time when the caller gives its zone, else
UTC (said so). An event nobody wrote a sentence for still reads as a clear, generic notice rather than being lost.
"""

import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any, Protocol

from bot.approvals import notices as approval_notices
from bot.messages import Button
from bot.texts import TEXTS, say
from servicedesk.language import Language, language_of
from servicedesk.tickets import lifecycle


class Notice(Protocol):
    """What rendering reads of a notification (servicedesk.notifications.models.Notification has it)."""

    event: str
    recipient: str
    language: str
    payload: dict[str, Any]


_METRICS = ("tto", "ttr", "keep_in_loop")  # the SLA metrics with a name in the catalogue
_KINDS = ("major_incident", "planned_change")  # the announcements' kinds: any other reads as a major incident


_STATUSES = frozenset(lifecycle.Status)  # the statuses with a word in the catalogue
# A decided approval moves the ticket; its approval_decided notice says it, with who and why.
_SAID_BY_THE_APPROVAL = frozenset({"approval_approved", "approval_rejected"})


def status_label(status: str | None, language: Language) -> str:
    """How a ticket's status reads: an unknown one as it is, none as "?"."""
    if not status:
        return "?"
    return say(f"notice.status_label_{status}", language) if status in _STATUSES else status


def render(notice: Notice, *, language: str | None = None, zone: tzinfo | None = None) -> str | None:
    """The notice's text, in `language` (else the notification's). None when there is nothing to tell: a
    ticket moving to resolved or closed is said by the closure or satisfaction notice queued with it."""
    lang = language_of(language or notice.language)
    payload = dict(notice.payload or {})
    if notice.event in approval_notices.EVENTS:
        return approval_notices.render(notice.event, payload, lang, notice.recipient)
    writer = _WRITERS.get(notice.event)
    if writer is None:
        return _unknown(notice.event, payload, lang)
    return writer(_Words(lang, zone, notice.recipient), payload)


def buttons(notice: Notice, *, language: str | None = None) -> tuple[Button, ...]:
    """The answers a notice offers as buttons: "is it fixed?" and the satisfaction question are answered by a
    click as well as in words. Each payload is the Rasa intent the words would be, with the ticket's number, so
    that a click in Slack, Teams or the web chat reaches the dialogue as the user's message."""
    number = (notice.payload or {}).get("number")
    if not number:
        return ()
    entity = json.dumps({"ticket_number": str(number)}, ensure_ascii=False)
    if notice.event == "closure_request":
        lang = language_of(language or notice.language)
        yes, no = say("notice.answer_yes", lang), say("notice.answer_no", lang)
        return Button(yes, f"/affirm{entity}"), Button(no, f"/deny{entity}")
    if notice.event == "satisfaction_request":
        return tuple(Button(str(n), "/inform" + json.dumps({"rating": str(n), "ticket_number": str(number)},
                                                            ensure_ascii=False)) for n in range(1, 6))
    return ()


class _Words:
    """The language, the zone and the recipient, with the formatting every sentence shares."""

    def __init__(self, lang: Language, zone: tzinfo | None, recipient: str) -> None:
        self.lang, self.zone, self.recipient = lang, zone, recipient

    def say(self, key: str, **values: Any) -> str:
        """The notice sentence `key` (bot/texts/notices.py)."""
        return say(f"notice.{key}", self.lang, **values)

    def reason(self, code: Any) -> str | None:
        """A reason the desk gave by its code (reason_<code>), in the reader's language; None for none or an
        unknown one, when the notice says the reason's own words."""
        return self.say(f"reason_{code}") if code and f"notice.reason_{code}" in TEXTS else None

    def clause(self, text: Any) -> str:
        """": reason" to end a sentence with (French puts a space before the colon), or nothing."""
        text = str(text or "").strip().rstrip(".")
        return self.say("clause", text=text) if text else ""

    def when(self, value: Any) -> str:
        """An ISO moment from a payload as the desk's local time (UTC, said so, without a zone)."""
        if not value:
            return self.say("no_deadline")
        try:
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        local = moment.astimezone(self.zone or UTC).strftime(self.say("at"))
        return local if self.zone is not None else f"{local} UTC"


def _number(payload: Mapping[str, Any]) -> str:
    return str(payload.get("number") or "?")


def _status_changed(w: _Words, p: dict[str, Any]) -> str | None:
    old, new, number = p.get("from"), p.get("to"), _number(p)
    reason = w.clause(w.reason(p.get("reason_code")) or p.get("reason"))
    if new in ("resolved", "closed") or p.get("reason_code") in _SAID_BY_THE_APPROVAL:
        return None
    if new == "assigned":
        return w.say("status_assigned", number=number)
    if new == "in_progress":
        key = "status_reopened" if old in ("pending", "resolved", "closed") else "status_taken"
        return w.say(key, number=number)
    if new == "pending":
        return w.say("status_pending", number=number, reason=reason)
    if new == "cancelled":
        return w.say("status_cancelled", number=number, reason=reason)
    return w.say("status_other", number=number, old=status_label(old, w.lang), new=status_label(new, w.lang))


def _keep_in_loop(w: _Words, p: dict[str, Any]) -> str:
    group = p.get("group")
    where = w.say("with_group", group=group) if group else ""
    return w.say("keep_in_loop", number=_number(p), status=status_label(p.get("status"), w.lang), group=where)


def _takeover_delayed(w: _Words, p: dict[str, Any]) -> str:
    deadline = p.get("deadline")
    when = w.say("takeover_delayed_by", deadline=w.when(deadline)) if deadline else w.say("takeover_delayed_asap")
    return w.say("takeover_delayed", number=_number(p), when=when)


def _assigned(w: _Words, p: dict[str, Any]) -> str:
    reason = w.reason(p.get("reason_code")) or p.get("reason")
    return w.say("assigned", group=w.recipient, number=_number(p), level=p.get("level", "?"),
                 escalation=w.say("assigned_escalation") if p.get("escalation") else "",
                 reason=(" — " + str(reason)) if reason else "")


def _sla(event: str) -> Callable[[_Words, dict[str, Any]], str]:
    def write(w: _Words, p: dict[str, Any]) -> str:
        metric = str(p.get("metric") or "?")
        metric = w.say(f"metric_{metric}") if metric in _METRICS else metric
        return w.say(event, group=w.recipient, number=_number(p), metric=metric, kind=p.get("kind") or "SLA",
                     agreement=p.get("agreement") or "?", deadline=w.when(p.get("deadline")))
    return write


def _in_readers_words(write: Callable[[_Words, dict[str, Any]], str]) -> Callable[[_Words, dict[str, Any]], str]:
    """An announcement written in several languages reads in its reader's, when it was written in it."""
    def written(w: _Words, p: dict[str, Any]) -> str:
        words = (p.get("translations") or {}).get(w.lang) or {}
        return write(w, {**p, **{key: words[key] for key in ("title", "body") if words.get(key)}})
    return written


def _announcement(w: _Words, p: dict[str, Any]) -> str:
    services = ", ".join(str(s) for s in p.get("services") or [])
    starts, ends = p.get("starts_at"), p.get("ends_at")
    if p.get("kind") == "planned_change" and starts:
        window = (w.say("window_between", starts=w.when(starts), ends=w.when(ends)) if ends
                  else w.say("window_from", starts=w.when(starts)))
    else:
        window = ""
    kind = p.get("kind") if p.get("kind") in _KINDS else "major_incident"
    return w.say("announcement", kind=w.say(f"kind_{kind}"), title=p.get("title") or "", body=p.get("body") or "",
                 services=w.say("services", services=services) if services else "", window=window)


def _announcement_offer(w: _Words, p: dict[str, Any]) -> str:
    return w.say("announcement_offer", group=w.recipient, number=_number(p), service=p.get("service") or "?",
                 title=p.get("title") or "", problem=p.get("problem") or "?")


def _simple(key: str, *fields: str) -> Callable[[_Words, dict[str, Any]], str]:
    """A sentence of the number and payload fields as they are."""
    def write(w: _Words, p: dict[str, Any]) -> str:
        return w.say(key, number=_number(p), **{name: p.get(name, "") for name in fields})
    return write


def _closure_notice(w: _Words, p: dict[str, Any]) -> str:
    return w.say("closure_notice", number=_number(p), days=p.get("in_business_days", 1))


def _remote(key: str) -> Callable[[_Words, dict[str, Any]], str]:
    """A remote session's notice (bot/texts/remote.py): its page's link, the tool's invitation, its end date."""
    def write(w: _Words, p: dict[str, Any]) -> str:
        return say(f"remote.{key}", w.lang, number=_number(p), tool=p.get("tool") or "", link=p.get("link") or "",
                   url=p.get("url") or "", expires=w.when(p.get("expires_at")))
    return write


def _upload_offer(w: _Words, p: dict[str, Any]) -> str:
    """The one-time upload link an agent sent (servicedesk.uploads): the sentence the bot says in the chat too."""
    return say("upload.offer", w.lang, number=_number(p), url=p.get("url") or "", expires=w.when(p.get("expires_at")))


def _unknown(event: str, payload: Mapping[str, Any], lang: Language) -> str:
    name = event.replace("_", " ")
    if payload.get("number"):
        return say("notice.unknown_ticket", lang, number=payload["number"], event=name)
    return say("notice.unknown", lang, event=name)


_WRITERS: dict[str, Callable[[_Words, dict[str, Any]], str | None]] = {
    "status_changed": _status_changed,
    "closure_request": _simple("closure_request", "solution"),
    "closure_reminder": _simple("closure_reminder", "reminder", "of"),
    "closure_notice": _closure_notice,
    "satisfaction_request": _simple("satisfaction_request"),
    "keep_in_loop": _keep_in_loop,
    "known_error": _simple("known_error", "problem", "workaround"),
    "agent_reply": _simple("agent_reply", "agent", "text"),
    "upload_offer": _upload_offer,
    "takeover_delayed": _takeover_delayed,
    "assigned": _assigned,
    "sla_warning": _sla("sla_warning"),
    "sla_breach": _sla("sla_breach"),
    "escalated": _simple("escalated", "priority", "reason"),
    "takeover_requested": _simple("takeover_requested", "reason"),
    "announcement_offer": _announcement_offer,
    "announcement": _in_readers_words(_announcement),
    "announcement_update": _in_readers_words(_simple("announcement_update", "title", "body")),
    "announcement_end": _in_readers_words(_simple("announcement_end", "title", "body")),
    "remote_consent": _remote("consent"),
    "remote_invitation": _remote("invitation"),
    "remote_code_steps": _remote("code_steps"),
    "remote_device_joined": _simple("remote_device_joined", "tool", "device", "url"),
}
