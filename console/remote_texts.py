"""The ticket page's remote-assistance panel (templates/_remote_panel.html, issue 17), in English and French:
merged into console/texts.py's catalogue, with the wording of a refused remote session."""

from servicedesk.errors import RemoteAssistanceRefused, ServiceDeskError
from servicedesk.language import Language

REMOTE_TEXTS: dict[str, dict[Language, str]] = {
    "ticket.kind.remote": {"en": "remote assistance", "fr": "assistance à distance"},
    "ticket.done.remote": {"en": "{number}: the requester is asked for their consent; nothing reaches their "
                                 "machine before they agree.",
                           "fr": "{number} : l'accord du demandeur lui est demandé ; rien n'atteint son poste "
                                 "avant qu'il accepte."},
    "ticket.done.remote_end": {"en": "{number}: remote session ended.",
                               "fr": "{number} : session à distance terminée."},
    "remote.title": {"en": "Remote assistance", "fr": "Assistance à distance"},
    "remote.none": {"en": "This client's settings name no remote-assistance tool (settings: remote).",
                    "fr": "Les réglages de ce client ne nomment aucun outil d'assistance à distance "
                          "(réglages : remote)."},
    "remote.no_session": {"en": "No remote session asked on this ticket.",
                          "fr": "Aucune session à distance demandée sur ce ticket."},
    "remote.ask": {"en": "Ask for hands on the machine ({tool})", "fr": "Demander la main sur le poste ({tool})"},
    "remote.ask_help": {"en": "The requester gets the question in their channel, and the steps once they agree.",
                        "fr": "Le demandeur reçoit la question dans son canal, et les étapes une fois d'accord."},
    "remote.end": {"en": "End the remote session", "fr": "Terminer la session à distance"},
    "remote.state.asked": {"en": "waiting for the requester's consent", "fr": "en attente de l'accord du demandeur"},
    "remote.state.refused": {"en": "declined by the requester", "fr": "refusée par le demandeur"},
    "remote.state.consented": {"en": "agreed; invitation being made", "fr": "acceptée ; invitation en préparation"},
    "remote.state.invited": {"en": "invitation sent; waiting for the device", "fr": "invitation envoyée ; en attente "
                                                                                   "du poste"},
    "remote.state.joined": {"en": "device connected", "fr": "poste connecté"},
    "remote.state.ended": {"en": "ended", "fr": "terminée"},
    "remote.state.expired": {"en": "expired", "fr": "expirée"},
    "remote.asked_by": {"en": "Asked by {actor}", "fr": "Demandée par {actor}"},
    "remote.answered_by": {"en": "Answered by {who}", "fr": "Réponse de {who}"},
    "remote.invitation_until": {"en": "Invitation valid until", "fr": "Invitation valable jusqu'au"},
    "remote.device": {"en": "Device", "fr": "Poste"},
    "remote.open_device": {"en": "Open {name} in {tool}", "fr": "Ouvrir {name} dans {tool}"},
    "remote.code": {"en": "Session code", "fr": "Code de session"},
    "remote.error": {"en": "The tool did not answer: {error} (tried again shortly)",
                     "fr": "L'outil n'a pas répondu : {error} (nouvel essai sous peu)"},
    "refusal.remote.no_provider": {"en": "This client's settings name no remote-assistance tool.",
                                   "fr": "Les réglages de ce client ne nomment aucun outil d'assistance à distance."},
    "refusal.remote.ticket_closed": {"en": "{number} is no longer open: no remote session on it.",
                                     "fr": "{number} n'est plus ouvert : pas de session à distance."},
    "refusal.remote.in_progress": {"en": "{number} already has a remote session under way.",
                                   "fr": "{number} a déjà une session à distance en cours."},
    "refusal.remote.unknown": {"en": "No remote session under way on this ticket.",
                               "fr": "Aucune session à distance en cours sur ce ticket."},
    "refusal.remote.answered": {"en": "The requester has already answered.", "fr": "Le demandeur a déjà répondu."},
    "refusal.remote.bad_code": {"en": "That session code is empty or too long.",
                                "fr": "Ce code de session est vide ou trop long."},
    "refusal.remote.unreachable": {"en": "The remote-assistance tool did not answer.",
                                   "fr": "L'outil d'assistance à distance n'a pas répondu."},
}


def explain_remote(error: ServiceDeskError, language: Language) -> str | None:
    """A refused remote-session step as a sentence; None for another kind of error."""
    if not isinstance(error, RemoteAssistanceRefused):
        return None
    return REMOTE_TEXTS[f"refusal.remote.{error.reason}"][language].format(number=error.number or "?")
