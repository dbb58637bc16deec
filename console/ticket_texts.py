"""The ticket page's words (console/routes/ticket.py, templates/ticket.html), in English and French: kept apart from
console/texts.py for their number, and merged into its catalogue, where `say`, `t` and explain() read them."""

from servicedesk.errors import (
    ApprovalStateReserved,
    GroupUnknown,
    IllegalTransition,
    InvalidClosureCode,
    InvalidQualification,
    MissingClosureCodes,
    NoSettingsLoaded,
    NotAProblem,
    ReopenWindowPassed,
    ServiceDeskError,
    TicketNotFound,
)
from servicedesk.language import Language

_FIELDS: dict[str, tuple[str, str]] = {  # name -> (English, French)
    "type": ("Type", "Type"), "origin": ("Qualification", "Qualification"), "status": ("Status", "Statut"),
    "pending_reason": ("Pending on", "En attente de"), "supplier": ("Supplier", "Fournisseur"),
    "priority": ("Priority", "Priorité"), "impact": ("Impact", "Impact"), "urgency": ("Urgency", "Urgence"),
    "service": ("Service", "Service"), "description": ("Description", "Description"),
    "error_message": ("Error message", "Message d'erreur"), "since": ("Since", "Depuis"),
    "steps_to_reproduce": ("Steps to reproduce", "Étapes pour reproduire"),
    "device": ("Device and location", "Poste et lieu"), "requested_for": ("Requested for", "Demandé pour"),
    "justification": ("Justification", "Justification"), "needed_by": ("Needed by", "Pour le"),
    "requester": ("Requester", "Demandeur"), "requester_email": ("Requester's e-mail", "E-mail du demandeur"),
    "channel": ("Channel", "Canal"), "conversation_id": ("Conversation", "Conversation"),
    "language": ("Language", "Langue"), "group_name": ("Group", "Groupe"), "level": ("Level", "Niveau"),
    "assignee_name": ("Agent", "Agent"), "escalated": ("Escalated", "Escaladé"), "major": ("Major", "Majeur"),
    "reopen_count": ("Reopened", "Réouvertures"), "reminder_count": ("Reminders from the requester", "Relances"),
    "closure_reminders": ("Closure reminders", "Rappels de clôture"), "category": ("Category", "Catégorie"),
    "cause_code": ("Cause", "Cause"), "resolution_code": ("Resolution", "Résolution"),
    "solution": ("Solution", "Solution"), "closed_by": ("Closed by", "Clôturé par"),
    "satisfaction_rating": ("Satisfaction", "Satisfaction"),
    "satisfaction_comment": ("Satisfaction comment", "Commentaire de satisfaction"),
    "external_ref": ("Previous tool's reference", "Référence de l'ancien outil"),
    "external_system": ("Previous tool", "Ancien outil"), "created_at": ("Opened", "Ouvert le"),
    "updated_at": ("Updated", "Mis à jour le"), "owned_at": ("Owned", "Pris en charge le"),
    "resolved_at": ("Resolved", "Résolu le"), "closed_at": ("Closed", "Clôturé le"),
    "anonymised_at": ("Anonymised", "Anonymisé le"),
}

_WORDS: dict[str, tuple[str, str]] = {
    "status.new": ("New", "Nouveau"), "status.assigned": ("Assigned", "Affecté"),
    "status.in_progress": ("In progress", "En cours"), "status.pending": ("Pending", "En attente"),
    "status.resolved": ("Resolved", "Résolu"), "status.closed": ("Closed", "Clôturé"),
    "status.cancelled": ("Cancelled", "Annulé"),
    "yes": ("yes", "oui"), "no": ("no", "non"),
    "major": ("Major incident", "Incident majeur"), "escalated": ("Escalated", "Escaladé"),
    "group_is": ("Group {group} (level {level})", "Groupe {group} (niveau {level})"),
    "assignee_is": ("With {name}", "Chez {name}"), "nobody": ("Nobody has it in hand", "Personne ne l'a en main"),
    "read_only": ("This ticket is outside your groups: you can read it, not change it.",
                  "Ce ticket est hors de vos groupes : vous pouvez le lire, pas le modifier."),
    "no_rules": ("This client has no settings loaded yet: its tickets cannot be worked.",
                 "Ce client n'a pas encore de paramètres : ses tickets ne peuvent pas être traités."),
    "clocks": ("Clocks", "Délais"), "clock": ("Clock", "Délai"), "agreement": ("Agreement", "Engagement"),
    "clock_state": ("State", "État"), "left": ("Time left (business)", "Reste (ouvré)"),
    "deadline": ("Due", "Échéance"), "metric.tto": ("time to own", "prise en charge"),
    "metric.ttr": ("time to resolve", "résolution"), "metric.keep_in_loop": ("keep informed", "tenir informé"),
    "run.running": ("running", "en cours"), "run.paused": ("paused", "en pause"), "run.stopped": ("stopped", "arrêté"),
    "breached": ("missed", "dépassé"), "warning": ("nearly due", "bientôt échu"),
    "no_clocks": ("No clock runs on this ticket.", "Aucun délai ne court sur ce ticket."),
    "fields": ("The ticket", "Le ticket"), "problem": ("Problem", "Problème"), "linked_to": ("Linked to", "Lié à"),
    "known_errors": ("Known errors offered", "Erreurs connues proposées"),
    "incidents": ("Incidents under this problem", "Incidents liés à ce problème"),
    "kb_tried": ("Knowledge base fixes already tried", "Solutions de la base de connaissances déjà essayées"),
    "article": ("Article:", "Article :"), "kb_none": ("None tried yet.", "Aucune essayée pour l'instant."),
    "conversation": ("Conversation and log", "Conversation et journal"),
    "kind.message": ("message", "message"), "kind.created": ("opened", "ouverture"),
    "kind.followup": ("follow-up", "relance"), "kind.comment": ("internal note", "note interne"),
    "kind.reply": ("public reply", "réponse publique"), "kind.takeover": ("takeover", "prise de main"),
    "history": ("History", "Historique"), "when": ("When", "Quand"), "who": ("Who", "Qui"),
    "what": ("Field", "Champ"), "from": ("From", "De"), "to": ("To", "À"), "why": ("Why", "Pourquoi"),
    "attachments": ("Attachments", "Pièces jointes"), "no_attachments": ("None.", "Aucune."),
    "approvals": ("Approvals", "Approbations"), "approval.step": ("Step", "Étape"),
    "approval.by": ("Approver", "Approbateur"), "approval.asked": ("Asked of", "Demandée à"),
    "approval.state": ("State", "État"), "approval.decided": ("Decided", "Décidée"),
    "approval.reason": ("Reason", "Motif"), "approval.escalated": ("escalated to {who}", "escaladée à {who}"),
    "approval.reminded": ("reminded {when}", "relancée le {when}"), "approval.manager": ("manager", "responsable"),
    "approval.status.pending": ("Waiting", "En attente"), "approval.status.approved": ("Approved", "Approuvée"),
    "approval.status.rejected": ("Rejected", "Refusée"), "approval.status.withdrawn": ("Withdrawn", "Retirée"),
    "approval.nobody": ("nobody known", "personne de connu"),
    "actions": ("Actions", "Actions"), "take": ("Take it (assign to me)", "Le prendre (me l'affecter)"),
    "reply": ("Public reply to the requester", "Réponse publique au demandeur"),
    "reply_help": ("Sent to the requester in their own channel ({channel}).",
                   "Envoyée au demandeur dans son propre canal ({channel})."),
    "send_reply": ("Send the reply", "Envoyer la réponse"), "note": ("Internal note", "Note interne"),
    "note_help": ("Only the desk reads it: never shown to the requester.",
                  "Seul le centre de services la lit : jamais montrée au demandeur."),
    "add_note": ("Add the note", "Ajouter la note"), "assign_group": ("Give to the group", "Confier au groupe"),
    "level": ("level {level}", "niveau {level}"), "assign": ("Give", "Confier"),
    "assign_agent": ("Give to the agent", "Confier à l'agent"), "pending_on": ("Pending on", "En attente de"),
    "pending.requester": ("the requester", "le demandeur"), "pending.third_party": ("a supplier", "un fournisseur"),
    "pending.change": ("a change", "un changement"), "pending.approval": ("an approval", "une approbation"),
    "set_pending": ("Set pending", "Mettre en attente"),
    "impact.1": ("1 — a site or department", "1 — un site ou un service"),
    "impact.2": ("2 — a team", "2 — une équipe"), "impact.3": ("3 — one person", "3 — une personne"),
    "urgency.1": ("1 — blocking", "1 — bloquante"), "urgency.2": ("2 — high", "2 — haute"),
    "urgency.3": ("3 — medium", "3 — moyenne"), "urgency.4": ("4 — low", "4 — basse"),
    "change_priority": ("Change the priority", "Changer la priorité"),
    "escalate_to": ("Escalate to the group", "Escalader vers le groupe"), "escalate": ("Escalate", "Escalader"),
    "manager_reason": ("Why the group's manager should know", "Pourquoi le responsable du groupe doit savoir"),
    "tell_manager": ("Escalate to the manager", "Escalader au responsable"),
    "link_problem": ("Link to the problem", "Lier au problème"), "resolve": ("Resolve", "Résoudre"),
    "resolve_submit": ("Resolve the ticket", "Résoudre le ticket"), "reopen": ("Reopen", "Rouvrir"),
    "form.reason": ("Reason", "Motif"), "form.supplier": ("Supplier (when pending on one)",
                                                          "Fournisseur (si l'attente est chez lui)"),
    "form.impact": ("Impact", "Impact"), "form.urgency": ("Urgency", "Urgence"),
    "form.problem": ("Problem ticket number", "Numéro du ticket de problème"),
    "form.category": ("Category", "Catégorie"), "form.cause_code": ("Cause", "Cause"),
    "form.resolution_code": ("Resolution", "Résolution"), "form.solution": ("Solution", "Solution"),
    "form.group": ("Group", "Groupe"), "form.login": ("Agent", "Agent"), "form.text": ("Text", "Texte"),
    "form.on": ("Pending on", "En attente de"),
    "unfilled": ("Fill in “{field}” first.", "Renseignez d'abord « {field} »."),
    "done.take": ("{number} is yours.", "{number} est à vous."),
    "done.assign_group": ("{number} is given to the group.", "{number} est confié au groupe."),
    "done.assign_agent": ("{number} is given to the agent.", "{number} est confié à l'agent."),
    "done.reply": ("Reply sent to the requester of {number}.", "Réponse envoyée au demandeur de {number}."),
    "done.note": ("Note added to {number}.", "Note ajoutée à {number}."),
    "done.pending": ("{number} is pending.", "{number} est en attente."),
    "done.priority": ("Priority of {number} changed: its clocks follow.",
                      "Priorité de {number} changée : ses délais suivent."),
    "done.escalate": ("{number} is escalated.", "{number} est escaladé."),
    "done.manager": ("The manager is told about {number}.", "Le responsable est prévenu pour {number}."),
    "done.problem": ("{number} is linked to the problem.", "{number} est lié au problème."),
    "done.resolve": ("{number} is resolved: the requester is asked to confirm.",
                     "{number} est résolu : le demandeur est invité à confirmer."),
    "done.reopen": ("{number} is reopened.", "{number} est rouvert."),
}

_REFUSALS: dict[str, tuple[str, str]] = {
    "no_ticket": ("No ticket {number} at this client.", "Aucun ticket {number} chez ce client."),
    "transition": ("A ticket {current} cannot become {target}.", "Un ticket {current} ne peut pas devenir {target}."),
    "approval_reserved": ("Only an approval request puts a ticket pending on approval: its approvers are asked then.",
                          "Seule une demande d'approbation met un ticket en attente d'approbation : elle interroge "
                          "ses approbateurs."),
    "missing_closure": ("Resolving needs: {fields}.", "Pour résoudre, il faut : {fields}."),
    "closure_code": ("{value!r} is not one of the client's codes for “{field}”.",
                     "{value!r} n'est pas un code du client pour « {field} »."),
    "reopen_window": ("{number} was closed too long ago to reopen: open a new ticket linked to it.",
                      "{number} a été clôturé il y a trop longtemps pour être rouvert : ouvrez un nouveau ticket lié."),
    "no_such_group": ("This client has no support group {group!r}.",
                      "Ce client n'a pas de groupe de support {group!r}."),
    "not_a_problem": ("{number} is not a problem ticket.", "{number} n'est pas un ticket de problème."),
    "qualification": ("Impact or urgency outside the scales.", "Impact ou urgence hors des échelles."),
    "no_settings": ("This client has no settings loaded yet.", "Ce client n'a pas encore de paramètres chargés."),
}


def _catalogue(prefix: str, words: dict[str, tuple[str, str]]) -> dict[str, dict[Language, str]]:
    return {f"{prefix}{key}": {"en": en, "fr": fr} for key, (en, fr) in words.items()}


TICKET_TEXTS: dict[str, dict[Language, str]] = {
    **_catalogue("ticket.field.", _FIELDS), **_catalogue("ticket.", _WORDS), **_catalogue("refusal.", _REFUSALS),
}


def explain_ticket(error: ServiceDeskError, language: Language) -> str | None:
    """A refusal of the ticket's use cases as a sentence (None for another kind of error): console/texts.py's
    explain() asks here first."""
    def say(key: str, **values: object) -> str:
        return TICKET_TEXTS[key][language].format(**values)

    def status(value: str) -> str:
        return say(f"ticket.status.{value}") if f"ticket.status.{value}" in TICKET_TEXTS else value

    def field(name: str) -> str:
        return say(f"ticket.form.{name}") if f"ticket.form.{name}" in TICKET_TEXTS else name

    if isinstance(error, TicketNotFound):
        return say("refusal.no_ticket", number=error.number)
    if isinstance(error, ApprovalStateReserved):
        return say("refusal.approval_reserved")
    if isinstance(error, IllegalTransition):
        return say("refusal.transition", current=status(error.current).lower(), target=status(error.target).lower())
    if isinstance(error, MissingClosureCodes):
        return say("refusal.missing_closure", fields=", ".join(field(name) for name in error.missing))
    if isinstance(error, InvalidClosureCode):
        return say("refusal.closure_code", value=error.value, field=field(error.field))
    if isinstance(error, ReopenWindowPassed):
        return say("refusal.reopen_window", number=error.number)
    if isinstance(error, GroupUnknown):
        return say("refusal.no_such_group", group=error.group)
    if isinstance(error, NotAProblem):
        return say("refusal.not_a_problem", number=error.number)
    if isinstance(error, InvalidQualification):
        return say("refusal.qualification")
    if isinstance(error, NoSettingsLoaded):
        return say("refusal.no_settings")
    return None
