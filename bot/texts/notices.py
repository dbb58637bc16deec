"""The outbox's events as sentences (bot/notices.py writes them): to requesters (a ticket's status, a closure to
confirm, an SLA promise), to the agents' channel (assignments, SLA warnings and breaches, announcement offers)
and to the announcement channel (major incidents, planned changes). `at` is a date's strftime pattern."""

from servicedesk.language import Language

TEXTS: dict[str, dict[Language, str]] = {
    "status_assigned": {
        "fr": "Votre ticket {number} a été confié à une équipe du support.",
        "en": "Your ticket {number} has been handed to a support team.",
    },
    "status_taken": {
        "fr": "Un technicien travaille maintenant sur votre ticket {number}.",
        "en": "A technician is now working on your ticket {number}.",
    },
    "status_reopened": {
        "fr": "Votre ticket {number} est de nouveau en cours de traitement.",
        "en": "Your ticket {number} is being worked on again.",
    },
    "status_pending": {
        "fr": "Votre ticket {number} est en attente{reason}.",
        "en": "Your ticket {number} is on hold{reason}.",
    },
    "status_cancelled": {
        "fr": "Votre ticket {number} a été annulé{reason}.",
        "en": "Your ticket {number} has been cancelled{reason}.",
    },
    "reason_redirected": {"fr": "ce n'est pas une demande de support informatique",
                          "en": "this is not an IT support request"},
    # Why level 1 hands a ticket to a group, for the group's notice (servicedesk.level1's reason codes).
    "reason_kb_fixes_failed": {"fr": "les solutions connues n'ont pas marché",
                               "en": "the known fixes did not work"},
    "reason_no_known_fix": {"fr": "aucune solution connue dans la base de connaissances",
                            "en": "no known fix in the knowledge base"},
    "reason_awaiting_approval": {"fr": "il attend une approbation avant d'être traité",
                                 "en": "it awaits approval before it is fulfilled"},
    "reason_security_incident": {"fr": "incident de sécurité", "en": "security incident"},
    "reason_major_incident": {"fr": "incident majeur", "en": "major incident"},
    "reason_kb_fix_relapsed": {"fr": "la solution connue n'a pas tenu", "en": "the known fix did not hold"},
    "reason_major_incident_known": {"fr": "incident majeur déjà en cours", "en": "major incident already known"},
    "status_other": {
        "fr": "Votre ticket {number} est passé de « {old} » à « {new} ».",
        "en": "Your ticket {number} went from “{old}” to “{new}”.",
    },
    "closure_request": {
        "fr": "Votre ticket {number} est résolu : {solution}\nEst-ce réglé pour vous ? Répondez avec un bouton ou "
              "avec vos mots (« oui ça marche », « non, toujours pareil… »). Sans nouvelle de votre part, il sera "
              "clos automatiquement.",
        "en": "Your ticket {number} is resolved: {solution}\nIs it fixed for you? Answer with a button or in your own "
              "words (“yes it works”, “no, still the same…”). Without news from you, it will be closed automatically.",
    },
    "closure_reminder": {
        "fr": "Rappel ({reminder}/{of}) : votre ticket {number} est résolu et attend votre confirmation. Le problème "
              "persiste ? Dites-le-moi en citant ce numéro.",
        "en": "Reminder ({reminder}/{of}): your ticket {number} is resolved and awaits your confirmation. Still a "
              "problem? Tell me, quoting this number.",
    },
    "closure_notice": {
        "fr": "Sans nouvelle de votre part, votre ticket {number} sera clos automatiquement dans {days} jour(s) "
              "ouvré(s).",
        "en": "Without news from you, your ticket {number} will be closed automatically in {days} business day(s).",
    },
    "satisfaction_request": {
        "fr": "Votre ticket {number} est maintenant clos. Merci de votre patience !\nÊtes-vous satisfait de son "
              "traitement ? Notez-le de 1 (pas du tout) à 5 (très satisfait), avec un bouton ou avec vos mots, et "
              "ajoutez un commentaire si vous le souhaitez. Si le problème revient, écrivez-moi en citant ce numéro.",
        "en": "Your ticket {number} is now closed. Thank you for your patience!\nHow satisfied are you with how it "
              "was handled? Rate it from 1 (not at all) to 5 (very satisfied), with a button or in your own words, "
              "and add a comment if you like. If the problem comes back, write to me quoting this number.",
    },
    "with_group": {"fr": ", chez l'équipe {group}", "en": ", with the {group} team"},
    "keep_in_loop": {
        "fr": "Point sur votre ticket {number} : il est {status}{group}. Nous ne l'oublions pas ; vous aurez des "
              "nouvelles dès qu'il avance.",
        "en": "An update on your ticket {number}: it is {status}{group}. We haven't forgotten it; you will hear from "
              "us as soon as it moves.",
    },
    "known_error": {
        "fr": "Votre ticket {number} est lié à un problème connu ({problem}). En attendant sa correction, voici un "
              "contournement : {workaround}",
        "en": "Your ticket {number} is linked to a known problem ({problem}). Until it is fixed, here is a "
              "workaround: {workaround}",
    },
    "agent_reply": {
        "fr": "{agent}, à propos de votre ticket {number} :\n{text}",
        "en": "{agent}, about your ticket {number}:\n{text}",
    },
    "takeover_delayed": {
        "fr": "Aucun technicien n'a encore pu prendre votre demande (ticket {number}) : elle a été remontée en "
              "priorité. {when}",
        "en": "No technician has been able to take your request yet (ticket {number}): it has been raised in "
              "priority. {when}",
    },
    "takeover_delayed_by": {
        "fr": "Vous aurez une réponse au plus tard le {deadline}.",
        "en": "You will get an answer by {deadline} at the latest.",
    },
    "takeover_delayed_asap": {
        "fr": "Vous aurez une réponse dès que possible.",
        "en": "You will get an answer as soon as possible.",
    },
    "assigned": {
        "fr": "[{group}] Ticket {number} confié à votre groupe (niveau {level}){escalation}{reason}.",
        "en": "[{group}] Ticket {number} assigned to your group (level {level}){escalation}{reason}.",
    },
    "assigned_escalation": {"fr": ", par escalade", "en": ", escalated"},
    "sla_warning": {
        "fr": "⚠️ [{group}] Ticket {number} : 75 % du délai de {metric} écoulés ({kind} « {agreement} », échéance le "
              "{deadline}).",
        "en": "⚠️ [{group}] Ticket {number}: 75% of the {metric} time used ({kind} “{agreement}”, due {deadline}).",
    },
    "sla_breach": {
        "fr": "🔥 [{group}] Ticket {number} : délai de {metric} dépassé ({kind} « {agreement} », échéance le "
              "{deadline}).",
        "en": "🔥 [{group}] Ticket {number}: {metric} time exceeded ({kind} “{agreement}”, due {deadline}).",
    },
    "escalated": {
        "fr": "Ticket {number} ({priority}) escaladé : {reason}.",
        "en": "Ticket {number} ({priority}) escalated: {reason}.",
    },
    "takeover_requested": {
        "fr": "Ticket {number} : l'utilisateur attend un technicien ({reason}).",
        "en": "Ticket {number}: the user is waiting for a technician ({reason}).",
    },
    "announcement_offer": {
        "fr": "📣 [{group}] Incident majeur {number} ({service}) : {title}\nProblème {problem} ouvert. Faut-il "
              "prévenir les utilisateurs ? Une annonce attend votre décision.",
        "en": "📣 [{group}] Major incident {number} ({service}): {title}\nProblem {problem} opened. Should users be "
              "told? An announcement awaits your decision.",
    },
    "announcement": {
        "fr": "{kind} : {title}\n{body}{services}{window}",
        "en": "{kind}: {title}\n{body}{services}{window}",
    },
    "announcement_update": {"fr": "Mise à jour — {title}\n{body}", "en": "Update — {title}\n{body}"},
    "announcement_end": {"fr": "✅ Terminé — {title}\n{body}", "en": "✅ Over — {title}\n{body}"},
    "services": {"fr": "\nServices concernés : {services}", "en": "\nAffected services: {services}"},
    "window_from": {"fr": "\nÀ partir du {starts}.", "en": "\nFrom {starts}."},
    "window_between": {"fr": "\nDu {starts} au {ends}.", "en": "\nFrom {starts} to {ends}."},
    "remote_device_joined": {
        "fr": "🖥️ Ticket {number} : le poste {device} de l'utilisateur est connecté à {tool} : {url}",
        "en": "🖥️ Ticket {number}: the user's device {device} is connected to {tool}: {url}",
    },
    "unknown_ticket": {
        "fr": "Le centre de services a une information sur votre ticket {number} ({event}).",
        "en": "The service desk has news about your ticket {number} ({event}).",
    },
    "unknown": {
        "fr": "Le centre de services a une information pour vous ({event}).",
        "en": "The service desk has news for you ({event}).",
    },
    "clause": {"fr": " : {text}", "en": ": {text}"},
    "no_deadline": {"fr": "non fixée", "en": "not set"},
    "at": {"fr": "%d/%m/%Y à %H:%M", "en": "%Y-%m-%d at %H:%M"},
    "metric_tto": {"fr": "prise en charge", "en": "ownership"},
    "metric_ttr": {"fr": "résolution", "en": "resolution"},
    "metric_keep_in_loop": {"fr": "suivi", "en": "keep-in-loop"},
    "kind_major_incident": {"fr": "🚨 Incident majeur", "en": "🚨 Major incident"},
    "kind_planned_change": {"fr": "🗓️ Intervention planifiée", "en": "🗓️ Planned change"},
    "answer_yes": {"fr": "✅ Oui, c'est réglé", "en": "✅ Yes, it's fixed"},
    "answer_no": {"fr": "❌ Non, toujours pas", "en": "❌ No, still broken"},
    "status_label_new": {"fr": "nouveau", "en": "new"},
    "status_label_assigned": {"fr": "assigné", "en": "assigned"},
    "status_label_in_progress": {"fr": "en cours", "en": "in progress"},
    "status_label_pending": {"fr": "en attente", "en": "pending"},
    "status_label_resolved": {"fr": "résolu", "en": "resolved"},
    "status_label_closed": {"fr": "clos", "en": "closed"},
    "status_label_cancelled": {"fr": "annulé", "en": "cancelled"},
}
