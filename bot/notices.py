"""The outbox's events as sentences a person reads, in French or English: requesters (a ticket's status,
a closure to confirm, an SLA promise), the agents' channel (assignments, SLA warnings and breaches, announcement
offers) and the announcement channel (major incidents, planned changes, their updates and end).

Pure: the notification's event, payload and language in, text (and a question's answer buttons) out, so that
every event is unit-tested without a channel. Times are the desk's local time when the caller gives its zone, else
UTC (said so). An event nobody wrote a sentence for still reads as a clear, generic notice rather than being lost.
"""

import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any, Protocol

from bot.messages import Button
from servicedesk.language import language_of
from servicedesk.tickets import lifecycle


class Notice(Protocol):
    """What rendering reads of a notification (servicedesk.notifications.models.Notification has it)."""

    event: str
    recipient: str
    language: str
    payload: dict[str, Any]


_METRIC = {"fr": {"tto": "prise en charge", "ttr": "résolution", "keep_in_loop": "suivi"},
           "en": {"tto": "ownership", "ttr": "resolution", "keep_in_loop": "keep-in-loop"}}
_KIND = {"fr": {"major_incident": "🚨 Incident majeur", "planned_change": "🗓️ Intervention planifiée"},
         "en": {"major_incident": "🚨 Major incident", "planned_change": "🗓️ Planned change"}}

_TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "status_assigned": "Votre ticket {number} a été confié à une équipe du support.",
        "status_taken": "Un technicien travaille maintenant sur votre ticket {number}.",
        "status_reopened": "Votre ticket {number} est de nouveau en cours de traitement.",
        "status_pending": "Votre ticket {number} est en attente{reason}.",
        "status_cancelled": "Votre ticket {number} a été annulé{reason}.",
        "status_other": "Votre ticket {number} est passé de « {old} » à « {new} ».",
        "closure_request": "Votre ticket {number} est résolu : {solution}\nEst-ce réglé pour vous ? Répondez avec "
                           "un bouton ou avec vos mots (« oui ça marche », « non, toujours pareil… »). Sans "
                           "nouvelle de votre part, il sera clos automatiquement.",
        "closure_reminder": "Rappel ({reminder}/{of}) : votre ticket {number} est résolu et attend votre "
                            "confirmation. Le problème persiste ? Dites-le-moi en citant ce numéro.",
        "closure_notice": "Sans nouvelle de votre part, votre ticket {number} sera clos automatiquement dans "
                          "{days} jour(s) ouvré(s).",
        "satisfaction_request": "Votre ticket {number} est maintenant clos. Merci de votre patience !\nÊtes-vous "
                                "satisfait de son traitement ? Notez-le de 1 (pas du tout) à 5 (très satisfait), "
                                "avec un bouton ou avec vos mots, et ajoutez un commentaire si vous le souhaitez. "
                                "Si le problème revient, écrivez-moi en citant ce numéro.",
        "with_group": ", chez l'équipe {group}",
        "keep_in_loop": "Point sur votre ticket {number} : il est {status}{group}. Nous ne l'oublions pas ; vous "
                        "aurez des nouvelles dès qu'il avance.",
        "known_error": "Votre ticket {number} est lié à un problème connu ({problem}). En attendant sa "
                       "correction, voici un contournement : {workaround}",
        "takeover_delayed": "Aucun technicien n'a encore pu prendre votre demande (ticket {number}) : elle a été "
                            "remontée en priorité. {when}",
        "takeover_delayed_by": "Vous aurez une réponse au plus tard le {deadline}.",
        "takeover_delayed_asap": "Vous aurez une réponse dès que possible.",
        "assigned": "[{group}] Ticket {number} confié à votre groupe (niveau {level}){escalation}{reason}.",
        "assigned_escalation": ", par escalade",
        "sla_warning": "⚠️ [{group}] Ticket {number} : 75 % du délai de {metric} écoulés ({kind} « {agreement} »,"
                       " échéance le {deadline}).",
        "sla_breach": "🔥 [{group}] Ticket {number} : délai de {metric} dépassé ({kind} « {agreement} », "
                      "échéance le {deadline}).",
        "escalated": "Ticket {number} ({priority}) escaladé : {reason}.",
        "takeover_requested": "Ticket {number} : l'utilisateur attend un technicien ({reason}).",
        "announcement_offer": "📣 [{group}] Incident majeur {number} ({service}) : {title}\nProblème {problem} "
                              "ouvert. Faut-il prévenir les utilisateurs ? Une annonce attend votre décision.",
        "announcement": "{kind} : {title}\n{body}{services}{window}",
        "announcement_update": "Mise à jour — {title}\n{body}",
        "announcement_end": "✅ Terminé — {title}\n{body}",
        "services": "\nServices concernés : {services}",
        "window_from": "\nÀ partir du {starts}.",
        "window_between": "\nDu {starts} au {ends}.",
        "unknown_ticket": "Le centre de services a une information sur votre ticket {number} ({event}).",
        "unknown": "Le centre de services a une information pour vous ({event}).",
        "no_deadline": "non fixée",
        "at": "%d/%m/%Y à %H:%M",
    },
    "en": {
        "status_assigned": "Your ticket {number} has been handed to a support team.",
        "status_taken": "A technician is now working on your ticket {number}.",
        "status_reopened": "Your ticket {number} is being worked on again.",
        "status_pending": "Your ticket {number} is on hold{reason}.",
        "status_cancelled": "Your ticket {number} has been cancelled{reason}.",
        "status_other": "Your ticket {number} went from “{old}” to “{new}”.",
        "closure_request": "Your ticket {number} is resolved: {solution}\nIs it fixed for you? Answer with a "
                           "button or in your own words (“yes it works”, “no, still the same…”). Without news from "
                           "you, it will be closed automatically.",
        "closure_reminder": "Reminder ({reminder}/{of}): your ticket {number} is resolved and awaits your "
                            "confirmation. Still a problem? Tell me, quoting this number.",
        "closure_notice": "Without news from you, your ticket {number} will be closed automatically in {days} "
                          "business day(s).",
        "satisfaction_request": "Your ticket {number} is now closed. Thank you for your patience!\nHow satisfied "
                                "are you with how it was handled? Rate it from 1 (not at all) to 5 (very "
                                "satisfied), with a button or in your own words, and add a comment if you like. "
                                "If the problem comes back, write to me quoting this number.",
        "with_group": ", with the {group} team",
        "keep_in_loop": "An update on your ticket {number}: it is {status}{group}. We haven't forgotten it; you "
                        "will hear from us as soon as it moves.",
        "known_error": "Your ticket {number} is linked to a known problem ({problem}). Until it is fixed, here is "
                       "a workaround: {workaround}",
        "takeover_delayed": "No technician has been able to take your request yet (ticket {number}): it has been "
                            "raised in priority. {when}",
        "takeover_delayed_by": "You will get an answer by {deadline} at the latest.",
        "takeover_delayed_asap": "You will get an answer as soon as possible.",
        "assigned": "[{group}] Ticket {number} assigned to your group (level {level}){escalation}{reason}.",
        "assigned_escalation": ", escalated",
        "sla_warning": "⚠️ [{group}] Ticket {number}: 75% of the {metric} time used ({kind} “{agreement}”, "
                       "due {deadline}).",
        "sla_breach": "🔥 [{group}] Ticket {number}: {metric} time exceeded ({kind} “{agreement}”, "
                      "due {deadline}).",
        "escalated": "Ticket {number} ({priority}) escalated: {reason}.",
        "takeover_requested": "Ticket {number}: the user is waiting for a technician ({reason}).",
        "announcement_offer": "📣 [{group}] Major incident {number} ({service}): {title}\nProblem {problem} "
                              "opened. Should users be told? An announcement awaits your decision.",
        "announcement": "{kind}: {title}\n{body}{services}{window}",
        "announcement_update": "Update — {title}\n{body}",
        "announcement_end": "✅ Over — {title}\n{body}",
        "services": "\nAffected services: {services}",
        "window_from": "\nFrom {starts}.",
        "window_between": "\nFrom {starts} to {ends}.",
        "unknown_ticket": "The service desk has news about your ticket {number} ({event}).",
        "unknown": "The service desk has news for you ({event}).",
        "no_deadline": "not set",
        "at": "%Y-%m-%d at %H:%M",
    },
}


def status_label(status: str | None, language: str | None) -> str:
    return lifecycle.status_label(status, language_of(language)) if status else "?"


def render(notice: Notice, *, language: str | None = None, zone: tzinfo | None = None) -> str | None:
    """The notice's text, in `language` (else the notification's). None when there is nothing to tell: a
    ticket moving to resolved or closed is said by the closure or satisfaction notice queued with it."""
    lang = language_of(language or notice.language)
    payload = dict(notice.payload or {})
    writer = _WRITERS.get(notice.event)
    if writer is None:
        return _unknown(notice.event, payload, lang)
    return writer(_Words(lang, zone, notice.recipient), payload)


_ANSWERS = {"fr": ("✅ Oui, c'est réglé", "❌ Non, toujours pas"), "en": ("✅ Yes, it's fixed", "❌ No, still broken")}


def buttons(notice: Notice, *, language: str | None = None) -> tuple[Button, ...]:
    """The answers a notice offers as buttons: "is it fixed?" and the satisfaction question are answered by a
    click as well as in words. Each payload is the Rasa intent the words would be, with the ticket's number, so
    that a click in Slack, Teams or the web chat reaches the dialogue as the user's message."""
    number = (notice.payload or {}).get("number")
    if not number:
        return ()
    entity = json.dumps({"ticket_number": str(number)}, ensure_ascii=False)
    if notice.event == "closure_request":
        yes, no = _ANSWERS[language_of(language or notice.language)]
        return Button(yes, f"/affirm{entity}"), Button(no, f"/deny{entity}")
    if notice.event == "satisfaction_request":
        return tuple(Button(str(n), "/inform" + json.dumps({"rating": str(n), "ticket_number": str(number)},
                                                            ensure_ascii=False)) for n in range(1, 6))
    return ()


class _Words:
    """The language, the zone and the recipient, with the formatting every sentence shares."""

    def __init__(self, lang: str, zone: tzinfo | None, recipient: str) -> None:
        self.lang, self.zone, self.recipient = lang, zone, recipient

    def say(self, key: str, **values: Any) -> str:
        return _TEXTS[self.lang][key].format(**values)

    def clause(self, text: Any) -> str:
        """": reason" to end a sentence with (French puts a space before the colon), or nothing."""
        text = str(text or "").strip().rstrip(".")
        return "" if not text else (f" : {text}" if self.lang == "fr" else f": {text}")

    def when(self, value: Any) -> str:
        """An ISO moment from a payload as the desk's local time (UTC, said so, without a zone)."""
        if not value:
            return _TEXTS[self.lang]["no_deadline"]
        try:
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        local = moment.astimezone(self.zone or UTC).strftime(_TEXTS[self.lang]["at"])
        return local if self.zone is not None else f"{local} UTC"


def _number(payload: Mapping[str, Any]) -> str:
    return str(payload.get("number") or "?")


def _status_changed(w: _Words, p: dict[str, Any]) -> str | None:
    old, new, number = p.get("from"), p.get("to"), _number(p)
    reason = w.clause(p.get("reason"))
    if new in ("resolved", "closed"):
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
    reason = p.get("reason")
    return w.say("assigned", group=w.recipient, number=_number(p), level=p.get("level", "?"),
                 escalation=w.say("assigned_escalation") if p.get("escalation") else "",
                 reason=(" — " + str(reason)) if reason else "")


def _sla(event: str) -> Callable[[_Words, dict[str, Any]], str]:
    def write(w: _Words, p: dict[str, Any]) -> str:
        metric = _METRIC[w.lang].get(str(p.get("metric")), str(p.get("metric") or "?"))
        return w.say(event, group=w.recipient, number=_number(p), metric=metric, kind=p.get("kind") or "SLA",
                     agreement=p.get("agreement") or "?", deadline=w.when(p.get("deadline")))
    return write


def _announcement(w: _Words, p: dict[str, Any]) -> str:
    services = ", ".join(str(s) for s in p.get("services") or [])
    starts, ends = p.get("starts_at"), p.get("ends_at")
    if p.get("kind") == "planned_change" and starts:
        window = (w.say("window_between", starts=w.when(starts), ends=w.when(ends)) if ends
                  else w.say("window_from", starts=w.when(starts)))
    else:
        window = ""
    kind = _KIND[w.lang].get(str(p.get("kind")), _KIND[w.lang]["major_incident"])
    return w.say("announcement", kind=kind, title=p.get("title") or "", body=p.get("body") or "",
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


def _unknown(event: str, payload: Mapping[str, Any], lang: str) -> str:
    name = event.replace("_", " ")
    if payload.get("number"):
        return _TEXTS[lang]["unknown_ticket"].format(number=payload["number"], event=name)
    return _TEXTS[lang]["unknown"].format(event=name)


_WRITERS: dict[str, Callable[[_Words, dict[str, Any]], str | None]] = {
    "status_changed": _status_changed,
    "closure_request": _simple("closure_request", "solution"),
    "closure_reminder": _simple("closure_reminder", "reminder", "of"),
    "closure_notice": _closure_notice,
    "satisfaction_request": _simple("satisfaction_request"),
    "keep_in_loop": _keep_in_loop,
    "known_error": _simple("known_error", "problem", "workaround"),
    "takeover_delayed": _takeover_delayed,
    "assigned": _assigned,
    "sla_warning": _sla("sla_warning"),
    "sla_breach": _sla("sla_breach"),
    "escalated": _simple("escalated", "priority", "reason"),
    "takeover_requested": _simple("takeover_requested", "reason"),
    "announcement_offer": _announcement_offer,
    "announcement": _announcement,
    "announcement_update": _simple("announcement_update", "title", "body"),
    "announcement_end": _simple("announcement_end", "title", "body"),
}
