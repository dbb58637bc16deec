"""approval.*: approvals of service requests, for the approver (the question, its reminder and escalation, the
buttons, the Slack modal, the Teams card, the e-mail's links and confirmation page), the requester (the outcome)
and the agents' channel (a step nobody can decide)."""

from servicedesk.language import Language

TEXTS: dict[str, dict[Language, str]] = {
    "request": {
        "fr": "{requester} demande votre approbation pour « {item} » ({number}).{details}",
        "en": "{requester} asks for your approval of \"{item}\" ({number}).{details}",
    },
    "reminder": {
        "fr": "Rappel : {requester} attend toujours votre approbation pour « {item} » ({number}).{details}",
        "en": "Reminder: {requester} is still waiting for your approval of \"{item}\" ({number}).{details}",
    },
    "escalated": {
        "fr": "Sans réponse de son approbateur, la demande « {item} » de {requester} ({number}) vous est "
              "transmise pour approbation.{details}",
        "en": "Its approver has not answered: {requester}'s request for \"{item}\" ({number}) is passed to you "
              "for approval.{details}",
    },
    "detail_justification": {"fr": "\nMotif : {value}", "en": "\nReason given: {value}"},
    "detail_requested_for": {"fr": "\nPour : {value}", "en": "\nFor: {value}"},
    "detail_needed_by": {"fr": "\nPour le : {value}", "en": "\nNeeded by: {value}"},
    "detail_description": {"fr": "\nDemande : {value}", "en": "\nRequest: {value}"},
    "approve": {"fr": "Approuver", "en": "Approve"},
    "reject": {"fr": "Refuser", "en": "Reject"},
    "reason": {"fr": "Motif (obligatoire pour un refus)", "en": "Reason (required to reject)"},
    "reason_needed": {"fr": "Dites pourquoi vous refusez : le demandeur le lira.",
                      "en": "Say why you reject it: the requester will read it."},
    "modal_title": {"fr": "Refuser la demande", "en": "Reject the request"},
    "modal_submit": {"fr": "Refuser", "en": "Reject"},
    "modal_cancel": {"fr": "Annuler", "en": "Cancel"},
    "done_approved": {"fr": "✅ Vous avez approuvé la demande {number}.", "en": "✅ You approved request {number}."},
    "done_rejected": {"fr": "❌ Vous avez refusé la demande {number}.", "en": "❌ You rejected request {number}."},
    "already_decided": {
        "fr": "La demande {number} a déjà été décidée ({status}, par {by}) : rien n'a été changé.",
        "en": "Request {number} was already decided ({status}, by {by}): nothing was changed.",
    },
    "status_approved": {"fr": "approuvée", "en": "approved"},
    "status_rejected": {"fr": "refusée", "en": "rejected"},
    "status_withdrawn": {"fr": "retirée", "en": "withdrawn"},
    "not_yours": {
        "fr": "Cette approbation ne vous a pas été demandée : seule la personne sollicitée peut décider.",
        "en": "This approval was not asked of you: only the person asked may decide it.",
    },
    "self": {"fr": "Vous ne pouvez pas approuver votre propre demande ({number}).",
             "en": "You cannot approve your own request ({number})."},
    "invalid": {
        "fr": "Ce lien d'approbation n'est pas valide ou a expiré. Le centre de services peut vous en renvoyer un.",
        "en": "This approval link is not valid or has expired. The service desk can send you a new one.",
    },
    "mail_links": {
        "fr": "Pour décider, ouvrez l'un de ces liens (une page vous demandera de confirmer) :",
        "en": "To decide, open one of these links (a page asks you to confirm):",
    },
    "mail_reply": {
        "fr": "Vous pouvez aussi répondre à ce message par « oui » ou « non », suivi de votre motif.",
        "en": "You may also reply to this e-mail with \"approve\" or \"reject\", followed by your reason.",
    },
    "page_title": {"fr": "Approbation de la demande {number}", "en": "Approval of request {number}"},
    "page_confirm": {"fr": "Confirmez votre décision.", "en": "Confirm your decision."},
    "label_item": {"fr": "Demande", "en": "Request"},
    "label_requester": {"fr": "Demandeur", "en": "Requester"},
    "label_justification": {"fr": "Motif donné", "en": "Reason given"},
    "submit": {"fr": "Envoyer ma décision", "en": "Send my decision"},
    "page_done": {"fr": "Votre décision est enregistrée : le demandeur est prévenu.",
                  "en": "Your decision is recorded: the requester is told."},
    # to the requester
    "outcome_approved": {
        "fr": "Votre demande {number} est approuvée par {by}. Elle part chez {group} pour être traitée.{reason}",
        "en": "Your request {number} was approved by {by}. It goes to {group} to be fulfilled.{reason}",
    },
    "outcome_approved_next": {
        "fr": "Votre demande {number} est approuvée par {by} ; elle attend maintenant une autre approbation.{reason}",
        "en": "Your request {number} was approved by {by}; it now waits for one more approval.{reason}",
    },
    "outcome_rejected": {
        "fr": "Votre demande {number} est refusée par {by} ; elle est annulée.{reason}",
        "en": "Your request {number} was rejected by {by}; it is cancelled.{reason}",
    },
    "outcome_reason": {"fr": "\nMotif : {reason}", "en": "\nReason: {reason}"},
    "the_desk": {"fr": "le centre de services", "en": "the service desk"},
    # the agents' channel
    "unrouted": {
        "fr": "{group} : personne ne peut approuver la demande {number} (étape {step}) — responsable inconnu "
              "dans l'annuaire ou groupe vide. Elle reste en attente.",
        "en": "{group}: nobody can approve request {number} (step {step}) — no manager in the directory or an "
              "empty group. It keeps waiting.",
    },
}
